package org.phoneflasher.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.phoneflasher.net.Mac;

/**
 * phones.csv: one row per phone, columns MAC, label, extension, auth name, password, display name, profile,
 * contact (the last four optional; a header row whose first field starts with "MAC" is skipped). A row with a bad MAC,
 * no extension, no password or a line break in a field is reported and left out, so that phone gets the default
 * profile; every other row still counts. Messages name the file, row and field, never a field's value (it may be
 * a password) except the MAC and the profile name.
 */
public record PhoneBook(Map<Mac, PhoneEntry> entries, List<String> problems) {
    public static final String FILE_NAME = "phones.csv";
    static final int MAX_FIELDS = 8;
    private static final String[] FIELD_NAMES = {"MAC", "label", "extension", "auth name", "password", "display name",
        "profile", "contact"};

    public PhoneBook {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        problems = List.copyOf(problems);
    }

    public static PhoneBook empty() {
        return new PhoneBook(Map.of(), List.of());
    }

    public Optional<PhoneEntry> entry(Mac mac) {
        return Optional.ofNullable(entries.get(mac));
    }

    /**
     * @param label         how messages name the file ("phones.csv", or its path when it is not on the stick)
     * @param profileExists whether a profile name (lower case) is defined in flasher.conf
     */
    static PhoneBook parse(String text, String label, Predicate<String> profileExists) {
        Csv.Parsed parsed = Csv.parse(text);
        Map<Mac, PhoneEntry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        parsed.problems().forEach(p -> problems.add(label + " row " + p.line() + ": " + p.what() + "; row ignored"));
        boolean first = true;
        for (Csv.Row row : parsed.rows()) {
            if (row.fields().stream().allMatch(String::isBlank)) {
                continue; // ",,,,," — the empty rows spreadsheets leave at the end
            }
            boolean header = first && isHeader(row);
            first = false;
            if (header) {
                continue;
            }
            entry(row, label, profileExists, problems).ifPresent(entry -> {
                PhoneEntry earlier = entries.get(entry.mac());
                if (earlier != null) {
                    problems.add(label + " row " + entry.row() + ", MAC: " + entry.mac() + " is already on row " + earlier.row()
                            + "; row " + entry.row() + " ignored, row " + earlier.row() + " counts");
                } else {
                    entries.put(entry.mac(), entry);
                }
            });
        }
        return new PhoneBook(entries, problems);
    }

    private static Optional<PhoneEntry> entry(Csv.Row row, String label, Predicate<String> profileExists, List<String> problems) {
        String where = label + " row " + row.line();
        List<String> f = row.fields();
        if (f.size() > MAX_FIELDS) {
            problems.add(where + ": " + f.size() + " fields, at most " + MAX_FIELDS
                    + " expected (MAC, label, extension, auth name, password, display name, profile, contact); row ignored");
            return Optional.empty();
        }
        for (int i = 0; i < f.size(); i++) {
            Optional<String> bad = Values.text(f.get(i));
            if (bad.isPresent()) {
                problems.add(where + ", " + FIELD_NAMES[i] + ": " + bad.get() + "; row ignored");
                return Optional.empty();
            }
        }
        String macText = field(f, 0);
        Optional<Mac> mac = Mac.parse(macText);
        if (mac.isEmpty()) {
            problems.add(where + ", MAC: '" + macText + "' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and "
                    + "001E7A2B3C4D are fine); row ignored");
            return Optional.empty();
        }
        String extension = field(f, 2);
        if (extension.isEmpty()) {
            problems.add(where + ", extension: missing; row ignored, " + mac.get() + " gets the default profile");
            return Optional.empty();
        }
        String password = field(f, 4);
        if (password.isEmpty()) {
            problems.add(where + ", password: missing; row ignored, " + mac.get() + " gets the default profile");
            return Optional.empty();
        }
        String profile = field(f, 6).toLowerCase(Locale.ROOT);
        if (!profile.isEmpty() && !profile.equals(Profile.DEFAULT_NAME) && !profileExists.test(profile)) {
            problems.add(where + ", profile: flasher.conf defines no profile '" + profile + "'; the default profile is used");
            profile = "";
        }
        if (profile.equals(Profile.DEFAULT_NAME)) {
            profile = "";
        }
        for (int i = 1; i < Math.min(f.size(), MAX_FIELDS); i++) {
            if (i != 6 && !Values.fitsSipText(f.get(i))) {
                problems.add(where + ", " + FIELD_NAMES[i] + ": contains '\"', which the 7940/7960 text format cannot carry;"
                        + " a 7940/7960 with this MAC has its SIP" + mac.get() + ".cnf refused");
            }
        }
        return Optional.of(new PhoneEntry(mac.get(), row.line(), or(field(f, 1), extension), extension, or(field(f, 3), extension),
                Secret.of(password), or(field(f, 5), extension), profile, or(field(f, 7), extension)));
    }

    /** "MAC", "mac address", "MAC-Adresse": a first row whose first field names the column rather than holding one. */
    private static boolean isHeader(Csv.Row row) {
        String firstField = row.fields().get(0).strip();
        return Mac.parse(firstField).isEmpty() && firstField.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : "";
    }

    private static String or(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }
}
