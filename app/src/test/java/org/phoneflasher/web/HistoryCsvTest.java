package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.phoneflasher.store.PhoneStore.Flash;

/** /api/history.csv read back by a real CSV parser: every row whole, every cell as stored, none a formula. */
class HistoryCsvTest {
    static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    static final List<String> NASTY = List.of("=HYPERLINK(\"http://evil.example\",\"x\")\n=1+1", "a,b\r\nc\r\n\r\nd",
            "\"quoted\"\"", "\t@SUM(A1)", "-2+3", "+1", "@cmd", "\r=1", "\n=2", "ok\n=cmd|' /C calc'!A0", "7965", "\"=1\"", ",");

    @Test
    void nastyFieldsComeBackWholeQuotedAndDisarmed() throws IOException {
        List<Flash> flashes = new ArrayList<>();
        for (String nasty : NASTY) {
            flashes.add(new Flash("001E7A000001", nasty, nasty, nasty, nasty, nasty, START, START.plusSeconds(42), nasty, nasty));
        }
        List<CSVRecord> rows = parse(HistoryCsv.of(flashes).body());
        assertEquals(NASTY.size() + 1, rows.size(), "a header and one row per flash, however many line breaks");
        assertEquals(List.of("mac", "model", "from_load", "to_load", "started", "finished", "result", "duration_s",
                "serial_number", "hardware_revision"), rows.get(0).toList());
        for (int i = 0; i < NASTY.size(); i++) {
            String nasty = NASTY.get(i);
            String shown = "=+-@\t\r\n".indexOf(nasty.charAt(0)) >= 0 ? "'" + nasty : nasty;
            String result = nasty + ": " + nasty;
            assertEquals(List.of("001E7A000001", shown, shown, shown, START.toString(), START.plusSeconds(42).toString(),
                    "=+-@\t\r\n".indexOf(result.charAt(0)) >= 0 ? "'" + result : result, "42", shown, shown), rows.get(i + 1).toList(),
                    "row for " + nasty.replace("\n", "\\n").replace("\r", "\\r"));
        }
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r\n".indexOf(cell.charAt(0)) >= 0, "a cell a spreadsheet would run: " + cell);
            }
        }
    }

    @Test
    void aNegativeDurationIsNotAFormulaEither() throws IOException {
        Flash back = new Flash("001E7A000001", "7965", null, null, null, "SCCP45.9-4-2SR3-1S", START, START.minusSeconds(5), "done", null);
        List<CSVRecord> rows = parse(HistoryCsv.of(List.of(back)).body());
        assertEquals(List.of("001E7A000001", "7965", "", "SCCP45.9-4-2SR3-1S", START.toString(), START.minusSeconds(5).toString(),
                "done", "'-5", "", ""), rows.get(1).toList());
    }

    @Test
    void plainFieldsStayUnquoted() {
        assertEquals("SCCP45.8-3-2S", HistoryCsv.field("SCCP45.8-3-2S"));
        assertEquals("", HistoryCsv.field(null));
        assertEquals("\"a\nb\nc\"", HistoryCsv.field("a\nb\nc"), "two line breaks: still one quoted field");
        assertEquals("\"'=1\n=2\"", HistoryCsv.field("=1\n=2"));
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180)) {
            return parser.getRecords();
        }
    }

    @Test
    void eachRowCarriesWhatThePhoneIsAfterTheColumnsEarlierSheetsRead() throws IOException {
        Flash flashed = new Flash("0003E369A125", "7940", "INM0726B7PM", "1.0", "P00308010200", "P0S3-8-12-00", START,
                START.plusSeconds(610), "done", null);
        Flash unknown = new Flash("001E7A2B3C4D", "7965", null, null, null, "SIP45.9-4-2SR3-1S", START, START.plusSeconds(300),
                "failed", "trust list");
        List<CSVRecord> rows = parse(HistoryCsv.of(List.of(flashed, unknown)).body());
        assertEquals(List.of("mac", "model", "from_load", "to_load", "started", "finished", "result", "duration_s"),
                rows.get(0).toList().subList(0, 8), "the earlier columns stay where they were");
        assertEquals(List.of("0003E369A125", "7940", "P00308010200", "P0S3-8-12-00", START.toString(),
                START.plusSeconds(610).toString(), "done", "610", "INM0726B7PM", "1.0"), rows.get(1).toList());
        assertEquals(List.of("", ""), rows.get(2).toList().subList(8, 10), "a phone whose page never answered: empty, not null");
    }
}
