package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.phoneflasher.provisioning.Line;

/**
 * FreePBX Bulk Handler's extensions CSV (Admin > Bulk Handler > Import > Extensions): its column names, of which
 * extension, name and tech are required; secret is the device's SIP password. The auth user of a FreePBX extension
 * is the extension itself, so the phone's auth name must equal its extension there (see README).
 */
final class FreePbxCsv {
    static final List<String> HEADER = List.of("extension", "name", "description", "tech", "secret", "callerid", "outboundcid");

    private FreePbxCsv() {}

    static void write(List<PbxLine> lines, Writer out) throws IOException {
        out.write(String.join(",", HEADER) + "\r\n");
        for (PbxLine l : lines) {
            Line line = l.line();
            String tech = "pjsip";
            out.write(Stream.of(line.name(), line.displayName(), l.mac().hex() + " " + line.label(), tech,
                            line.password().reveal(), AsteriskConf.callerId(line.displayName(), line.name()), "")
                    .map(FreePbxCsv::field).collect(Collectors.joining(",")) + "\r\n");
        }
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
