package org.phoneflasher.web;

import java.util.List;
import org.phoneflasher.store.PhoneStore.Flash;

/**
 * /api/history.csv: one row per finished flash, for shops refurbishing phones in bulk: with the serial number and
 * hardware revision the phone's page gave, a stack of phones leaves with its inventory. Columns added later go at
 * the end, so a sheet built on the earlier ones still reads them where they were.
 */
public final class HistoryCsv {
    private HistoryCsv() {}

    static final String HEADER = "mac,model,from_load,to_load,started,finished,result,duration_s,serial_number,hardware_revision";

    public static ApiHandler.Text of(List<Flash> flashes) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (Flash f : flashes) {
            csv.append(String.join(",", field(f.mac()), field(f.model()), field(f.fromLoad()), field(f.toLoad()),
                    field(f.started().toString()), field(f.finished().toString()),
                    field(f.reason() == null ? f.result() : f.result() + ": " + f.reason()),
                    field(String.valueOf(f.duration().toSeconds())), field(f.serialNumber()), field(f.hardwareRevision())))
                    .append("\r\n");
        }
        return new ApiHandler.Text("text/csv; charset=utf-8", csv.toString());
    }

    /**
     * One RFC 4180 field. A value starting with = + - @, tab, CR or LF gets a leading ' so a spreadsheet never runs
     * it as a formula (OWASP's CSV injection advice); a value holding a comma, quote, CR or LF is quoted, quotes
     * doubled. Characters are tested one by one: a regex's "." stops at a line break and let "=cmd\n…" through.
     */
    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r\n".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
