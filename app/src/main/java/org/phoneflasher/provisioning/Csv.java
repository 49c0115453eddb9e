package org.phoneflasher.provisioning;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as spreadsheets save it: quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a
 * UTF-8 byte order mark, blank lines. European spreadsheets separate with ';': the first line decides. Rows are
 * numbered by the line they start on, which is what a person sees in an editor. A malformed row is reported and
 * skipped; parsing goes on with the next line, so one bad row never costs the others.
 */
final class Csv {
    /** A row and the line it starts on. */
    record Row(int line, List<String> fields) {
        Row {
            fields = List.copyOf(fields);
        }
    }

    /** What went wrong on which row; the text never repeats the row, which may hold a password. */
    record Problem(int line, String what) {}

    record Parsed(List<Row> rows, List<Problem> problems) {}

    private final String text;
    private final char delimiter;
    private int pos;
    private int line = 1;

    private Csv(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.text = t.replace("\r\n", "\n").replace('\r', '\n');
        this.delimiter = delimiterOf(this.text);
    }

    static Parsed parse(String text) {
        return new Csv(text).all();
    }

    /**
     * One record as RFC 4180 writes it, with a CRLF: a field holding a comma, semicolon, quote or line break, blanks at
     * either end (an unquoted field is stripped when read) or a leading '#' (a comment line) is quoted, its quotes
     * doubled; so {@link #parse} gives every field back as it was.
     */
    static String line(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) {
                out.append(',');
            }
            boolean quote = f.chars().anyMatch(c -> c == ',' || c == ';' || c == '"' || c == '\r' || c == '\n')
                    || !f.equals(f.strip()) || f.startsWith("#");
            out.append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return out.append("\r\n").toString();
    }

    private static char delimiterOf(String text) {
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                return l.indexOf(',') < 0 && l.indexOf(';') >= 0 ? ';' : ',';
            }
        }
        return ',';
    }

    private Parsed all() {
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        while (pos < text.length()) {
            int start = pos;
            int startLine = line;
            int endOfFirstLine = text.indexOf('\n', start);
            String first = text.substring(start, endOfFirstLine < 0 ? text.length() : endOfFirstLine);
            if (first.isBlank() || first.strip().startsWith("#")) {
                skipLine(endOfFirstLine, startLine);
                continue;
            }
            try {
                rows.add(new Row(startLine, record()));
            } catch (Malformed e) {
                problems.add(new Problem(startLine, e.getMessage()));
                // Resume on the line after the one the bad row started on: an unclosed quote must not eat the file.
                skipLine(endOfFirstLine, startLine);
            }
        }
        return new Parsed(rows, problems);
    }

    /** Moves to the start of the line after the one numbered {@code lineNumber}, whose break is at {@code newline}. */
    private void skipLine(int newline, int lineNumber) {
        pos = newline < 0 ? text.length() : newline + 1;
        line = lineNumber + 1;
    }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private List<String> record() throws Malformed {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        boolean afterQuote = false;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (inQuotes) {
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        field.append('"');
                        pos++;
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == delimiter || c == '\n') {
                fields.add(quoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                quoted = false;
                afterQuote = false;
                if (c == '\n') {
                    line++;
                    return fields;
                }
                continue;
            }
            if (afterQuote) {
                if (c == ' ' || c == '\t') {
                    continue;
                }
                throw new Malformed("text after a closing quote");
            }
            if (c == '"') {
                if (!field.toString().isBlank()) {
                    throw new Malformed("a quote inside an unquoted field (quote the whole field, doubling inner quotes)");
                }
                field.setLength(0);
                quoted = true;
                inQuotes = true;
                continue;
            }
            field.append(c);
        }
        if (inQuotes) {
            throw new Malformed("a quoted field is never closed");
        }
        fields.add(quoted ? field.toString() : field.toString().strip());
        return fields;
    }
}
