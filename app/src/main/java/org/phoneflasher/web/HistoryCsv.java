package org.phoneflasher.web;

import java.util.List;
import org.phoneflasher.store.PhoneStore.Flash;

/** /api/history.csv: one row per finished flash, for shops refurbishing phones in bulk. */
public final class HistoryCsv {
    private HistoryCsv() {}

    public static ApiHandler.Text of(List<Flash> flashes) {
        StringBuilder csv = new StringBuilder("mac,model,from_load,to_load,started,finished,result,duration_s\r\n");
        for (Flash f : flashes) {
            csv.append(String.join(",", field(f.mac()), field(f.model()), field(f.fromLoad()), field(f.toLoad()),
                    field(f.started().toString()), field(f.finished().toString()),
                    field(f.reason() == null ? f.result() : f.result() + ": " + f.reason()),
                    String.valueOf(f.duration().toSeconds()))).append("\r\n");
        }
        return new ApiHandler.Text("text/csv; charset=utf-8", csv.toString());
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a cell as a formula. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String v = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return v.matches(".*[\",\r\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
