package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.phoneflasher.provisioning.Line;
import org.phoneflasher.provisioning.Transport;

/**
 * Asterisk PJSIP: a transport per transport and port the profiles use, then per line an endpoint, an auth and an aor.
 * The aor is named as the user the phone registers (Asterisk matches a REGISTER's To user against aor names); the
 * endpoint shares that name, as Asterisk's own pjsip.conf sample does. Option names: Asterisk's res_pjsip docs.
 */
final class PjsipConf {
    private PjsipConf() {}

    static void write(List<PbxLine> lines, Writer writer) throws IOException {
        AsteriskConf conf = new AsteriskConf(writer);
        conf.comment("pjsip.conf for the phones in phones.csv, written by Phone Flasher; include it or paste it in.");
        Set<String> transports = new LinkedHashSet<>();
        for (PbxLine l : lines) {
            String name = transportName(l);
            if (transports.add(name)) {
                conf.section(name);
                conf.key("type", "transport");
                conf.key("protocol", l.profile().transport().name().toLowerCase(Locale.ROOT));
                conf.key("bind", "0.0.0.0:" + l.profile().sipPort());
            }
        }
        for (PbxLine l : lines) {
            Line line = l.line();
            conf.comment("");
            conf.comment(l.mac().hex() + " (" + line.label() + "), profile " + l.profile().name());
            conf.section(line.name());
            conf.key("type", "endpoint");
            conf.key("transport", transportName(l));
            conf.key("context", "from-internal");
            conf.key("disallow", "all");
            conf.key("allow", String.join(",", Codecs.asterisk(l.profile())));
            conf.key("auth", authName(line));
            conf.key("aors", line.name());
            conf.key("callerid", AsteriskConf.callerId(line.displayName(), line.name()));
            conf.section(authName(line));
            conf.key("type", "auth");
            conf.key("auth_type", "userpass");
            conf.key("username", line.authName());
            conf.key("password", line.password().reveal());
            conf.section(line.name());
            conf.key("type", "aor");
            conf.key("max_contacts", "1");
            conf.key("remove_existing", "yes");
        }
    }

    static String authName(Line line) {
        return line.name() + "-auth";
    }

    private static String transportName(PbxLine l) {
        Transport t = l.profile().transport();
        return "transport-" + t.name().toLowerCase(Locale.ROOT) + "-" + l.profile().sipPort();
    }
}
