package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;

/** Asterisk's .conf syntax, shared by pjsip.conf and sip.conf: ";" starts a comment unless escaped as "\;". */
final class AsteriskConf {
    private final Writer out;

    AsteriskConf(Writer out) {
        this.out = out;
    }

    void comment(String text) throws IOException {
        out.write("; " + text + "\n");
    }

    void section(String name) throws IOException {
        out.write("\n[" + name.replace("]", "").replace(";", "") + "]\n");
    }

    void key(String key, String value) throws IOException {
        out.write(key + "=" + value.replace("\\", "\\\\").replace(";", "\\;") + "\n");
    }

    static String callerId(String displayName, String number) {
        return "\"" + displayName.replace("\"", "") + "\" <" + number + ">";
    }
}
