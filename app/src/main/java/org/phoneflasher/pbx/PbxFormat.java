package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The PBX-side files the box writes from phones.csv and the profiles: one writer per format. */
public enum PbxFormat {
    PJSIP("pjsip.conf", "text/plain"),
    SIPCONF("sip.conf", "text/plain"),
    FREEPBX("freepbx-extensions.csv", "text/csv"),
    FRITZBOX("fritzbox-checklist.txt", "text/plain");

    private final String fileName;
    private final String mediaType;

    PbxFormat(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    public String fileName() {
        return fileName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The name `check --export` and the download URL use: pjsip, sipconf, freepbx, fritzbox. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PbxFormat> ofKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key().equals(key.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String keys() {
        return String.join("|", Arrays.stream(values()).map(PbxFormat::key).toList());
    }

    public void write(List<PbxLine> lines, Writer out) throws IOException {
        switch (this) {
            case PJSIP -> PjsipConf.write(lines, out);
            case SIPCONF -> SipConf.write(lines, out);
            case FREEPBX -> FreePbxCsv.write(lines, out);
            case FRITZBOX -> FritzBoxChecklist.write(lines, out);
        }
    }
}
