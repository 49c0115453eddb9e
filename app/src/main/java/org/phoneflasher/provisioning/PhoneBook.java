package org.phoneflasher.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.phoneflasher.catalogue.PhoneModel;
import org.phoneflasher.net.Mac;

/**
 * phones.csv: one row per phone line, columns MAC, label, extension, auth name, password, display name, profile,
 * contact, line (the last five optional; a header row whose first field starts with "MAC" is skipped). {@code line}
 * is the button the line is on, 1 when empty, so a file written before the column existed still means one line per
 * phone. A row with a bad MAC, no extension, no password, a bad line number or a line break in a field is reported
 * and left out; so is a second row for the same MAC and line. A phone's profile is the one its first row names (a later
 * row may leave it empty).
 * Every other row still counts. Messages name the file, row and field, never a field's value (it may be a password)
 * except the MAC, the line and the profile name.
 */
public record PhoneBook(Map<Mac, List<PhoneEntry>> entries, List<String> problems) {
    public static final String FILE_NAME = "phones.csv";
    static final int MAX_FIELDS = 9;
    /** The header row the box writes (the README's column names). */
    static final List<String> HEADER = List.of("MAC", "Label", "Extension", "Auth name", "Password", "Display name", "Profile",
            "Contact", "Line");
    private static final String[] FIELD_NAMES = {"MAC", "label", "extension", "auth name", "password", "display name",
        "profile", "contact", "line"};

    public PhoneBook {
        Map<Mac, List<PhoneEntry>> copy = new LinkedHashMap<>();
        entries.forEach((mac, rows) -> copy.put(mac, List.copyOf(rows)));
        entries = java.util.Collections.unmodifiableMap(copy);
        problems = List.copyOf(problems);
    }

    public static PhoneBook empty() {
        return new PhoneBook(Map.of(), List.of());
    }

    /** The phone's rows by button; empty for a phone phones.csv does not list. */
    public List<PhoneEntry> rows(Mac mac) {
        return entries.getOrDefault(mac, List.of());
    }

    /** The phone's first row (its lowest line), which names its profile. */
    public Optional<PhoneEntry> entry(Mac mac) {
        return rows(mac).stream().findFirst();
    }

    /** Every line phones.csv gives, phone by phone in file order, each phone's by button. */
    public List<PhoneEntry> allRows() {
        return entries.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Two files as one: every phone of {@code stick} keeps its place, but a phone {@code page} lists takes all its lines
     * from {@code page} (the lines assigned on the status page win over the stick's, line for line and the profile
     * too); phones only {@code page} lists come after. Both files' problems, each already naming its file.
     */
    static PhoneBook merge(PhoneBook stick, PhoneBook page) {
        Map<Mac, List<PhoneEntry>> out = new LinkedHashMap<>();
        stick.entries().forEach((mac, rows) -> out.put(mac, page.entries().getOrDefault(mac, rows)));
        page.entries().forEach(out::putIfAbsent);
        List<String> problems = new ArrayList<>(stick.problems());
        problems.addAll(page.problems());
        return new PhoneBook(out, problems);
    }

    /**
     * @param label         how messages name the file ("phones.csv", or its path when it is not on the stick)
     * @param profileExists whether a profile name (lower case) is defined in flasher.conf
     */
    static PhoneBook parse(String text, String label, Predicate<String> profileExists) {
        Csv.Parsed parsed = Csv.parse(text);
        Map<Mac, Map<Integer, PhoneEntry>> entries = new LinkedHashMap<>();
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
                Map<Integer, PhoneEntry> lines = entries.computeIfAbsent(entry.mac(), m -> new java.util.TreeMap<>());
                PhoneEntry earlier = lines.get(entry.button());
                PhoneEntry firstRow = lines.values().stream().min(java.util.Comparator.comparingInt(PhoneEntry::row)).orElse(null);
                if (earlier != null) {
                    problems.add(label + " row " + entry.row() + ", MAC: " + entry.mac() + " line " + entry.button()
                            + " is already on row " + earlier.row() + "; row " + entry.row() + " ignored, row " + earlier.row() + " counts");
                } else if (firstRow != null && entry.profile().isEmpty()) {
                    lines.put(entry.button(), withProfile(entry, firstRow.profile())); // the phone's profile, said once
                } else if (firstRow != null && !firstRow.profile().equals(entry.profile())) {
                    problems.add(label + " row " + entry.row() + ", profile: " + entry.mac() + " has profile '"
                            + name(firstRow.profile()) + "' on row " + firstRow.row() + "; a phone has one profile, '"
                            + name(firstRow.profile()) + "' is used for line " + entry.button() + " too");
                    lines.put(entry.button(), withProfile(entry, firstRow.profile()));
                } else {
                    lines.put(entry.button(), entry);
                }
            });
        }
        Map<Mac, List<PhoneEntry>> byMac = new LinkedHashMap<>();
        entries.forEach((mac, lines) -> byMac.put(mac, new ArrayList<>(lines.values())));
        return new PhoneBook(byMac, problems);
    }

    private static String name(String profile) {
        return profile.isEmpty() ? Profile.DEFAULT_NAME : profile;
    }

    private static PhoneEntry withProfile(PhoneEntry e, String profile) {
        return new PhoneEntry(e.mac(), e.row(), e.label(), e.extension(), e.authName(), e.password(), e.displayName(),
                profile, e.contact(), e.button());
    }
    private static Optional<PhoneEntry> entry(Csv.Row row, String label, Predicate<String> profileExists, List<String> problems) {
        String where = label + " row " + row.line();
        List<String> f = row.fields();
        if (f.size() > MAX_FIELDS) {
            problems.add(where + ": " + f.size() + " fields, at most " + MAX_FIELDS
                    + " expected (MAC, label, extension, auth name, password, display name, profile, contact, line); row ignored");
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
        String lineText = field(f, 8).strip();
        Optional<Integer> button = lineText.isEmpty() ? Optional.of(1) : Values.integer(lineText, 1, PhoneModel.MAX_BUTTONS);
        if (button.isEmpty()) {
            problems.add(where + ", line: '" + lineText + "' is not a line button from 1 to " + PhoneModel.MAX_BUTTONS
                    + " (no phone here has more); row ignored");
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
            if (i != 6 && i != 8 && !Values.fitsSipText(f.get(i))) {
                problems.add(where + ", " + FIELD_NAMES[i] + ": contains '\"', which the 7940/7960 text format cannot carry;"
                        + " a 7940/7960 with this MAC has its SIP" + mac.get() + ".cnf refused");
            }
        }
        return Optional.of(new PhoneEntry(mac.get(), row.line(), or(field(f, 1), extension), extension, or(field(f, 3), extension),
                Secret.of(password), or(field(f, 5), extension), profile, or(field(f, 7), extension), button.get()));
    }

    /** "MAC", "mac address", "MAC-Adresse": a first row whose first field names the column rather than holding one. */
    static boolean isHeader(Csv.Row row) {
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
