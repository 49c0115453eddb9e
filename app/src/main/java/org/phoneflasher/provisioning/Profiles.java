package org.phoneflasher.provisioning;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.phoneflasher.config.BoxSettings;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.net.Mac;

/**
 * The profiles (flasher.conf) and the phones (phones.csv), read together: phones.csv names profiles, so it can
 * only be checked against the profiles flasher.conf defines. Immutable; the box reads a new one when the stick
 * changes. {@link #problems()} lists everything wrong in both files, each naming the file, line or row, and key
 * or field, and never a password.
 *
 * <p>flasher.conf's plain keys ({@code sip.server = …}) make the default profile; {@code profile.<name>.<key>}
 * keys make a named profile that starts as a copy of the default one. Keys of other parts of the box
 * ({@code target.<model>}, {@code bench.register}) are left alone.
 */
public record Profiles(Profile defaultProfile, Map<String, Profile> named, PhoneBook phones, Map<Mac, LineSource> sources,
        List<String> problems) {
    static final String PROFILE_PREFIX = "profile.";
    /** Keys flasher.conf holds for other parts of the box. */
    static final List<String> FOREIGN_PREFIXES = List.of("target.", "bench.");
    static final long MAX_CSV_SIZE = 1024 * 1024;
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public Profiles {
        named = Collections.unmodifiableMap(new TreeMap<>(named));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        problems = List.copyOf(problems);
    }

    /** No flasher.conf, no phones.csv: every phone gets the built-in default profile. */
    public static Profiles none() {
        return parse(FlasherConf.empty(), FlasherConf.FILE_NAME, "", PhoneBook.FILE_NAME);
    }

    /**
     * The profiles of flasher.conf as the stick index read it ({@link BoxSettings}), and the phones of two phones.csv
     * files: the stick's root's and the data folder's (the lines assigned on the status page, {@link PageLines}). A
     * MAC the data folder's file names takes all its lines from there; the stick's rows for it are left out (see
     * {@link #source}). Missing files are no problem; unreadable ones are. Messages call the stick's files by their
     * names and the data folder's by their paths. The problems include flasher.conf's own, which StickIndex.problems()
     * also lists.
     *
     * @param dataDirOrNull the box's data folder, or null (as `check` passes: the stick alone)
     */
    public static Profiles read(Path stickDir, Path dataDirOrNull) {
        return read(BoxSettings.read(stickDir, dataDirOrNull), stickDir, dataDirOrNull);
    }

    /** As {@link #read(Path, Path)}, with flasher.conf already read (the stick index holds it). */
    public static Profiles read(BoxSettings settings, Path stickDir, Path dataDirOrNull) {
        List<String> readProblems = new ArrayList<>();
        CsvFile stick = csvIn(stickDir, PhoneBook.FILE_NAME, readProblems);
        CsvFile page = dataDirOrNull == null ? CsvFile.NONE
                : csvIn(dataDirOrNull, dataDirOrNull.resolve(PhoneBook.FILE_NAME).toString(), readProblems);
        Profiles parsed = parse(settings.conf(), settings.label(), stick, page);
        if (readProblems.isEmpty()) {
            return parsed;
        }
        List<String> all = new ArrayList<>(parsed.problems());
        all.addAll(readProblems);
        return new Profiles(parsed.defaultProfile(), parsed.named(), parsed.phones(), parsed.sources(), all);
    }

    /** A phones.csv's text and how messages name it; {@link #NONE} for a folder without one. */
    public record CsvFile(String text, String label) {
        public static final CsvFile NONE = new CsvFile("", "");
    }

    /** The phones.csv in {@code dir} (any case of its name), read whole: it is at most {@link #MAX_CSV_SIZE}. */
    static CsvFile csvIn(Path dir, String label, List<String> problems) {
        if (dir == null || !Files.isDirectory(dir)) {
            return CsvFile.NONE;
        }
        Optional<Path> found = locate(dir, PhoneBook.FILE_NAME);
        if (found.isEmpty()) {
            return CsvFile.NONE;
        }
        try {
            return new CsvFile(csvText(found.get()), label);
        } catch (CsvUnreadable e) {
            problems.add(label + ": " + e.getMessage() + "; ignored");
        } catch (IOException e) {
            problems.add(label + ": cannot read: " + e.getMessage() + "; ignored");
        }
        return CsvFile.NONE;
    }

    /** A phones.csv the box will not read: larger than {@link #MAX_CSV_SIZE}, or not UTF-8; the message says which. */
    static final class CsvUnreadable extends IOException {
        CsvUnreadable(String why) {
            super(why);
        }
    }

    /** A phones.csv's text, read whole (it is at most {@link #MAX_CSV_SIZE}) and decoded strictly as UTF-8. */
    static String csvText(Path file) throws IOException {
        if (Files.size(file) > MAX_CSV_SIZE) {
            throw new CsvUnreadable("larger than " + MAX_CSV_SIZE / 1024 + " KB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CsvUnreadable("not UTF-8 text (save it as \"CSV UTF-8\")");
        }
    }

    /** flasher.conf and one phones.csv (the stick's), as {@code check} reads a stick; the labels name them in messages. */
    public static Profiles parse(FlasherConf conf, String confLabel, String csvText, String csvLabel) {
        return parse(conf, confLabel, new CsvFile(csvText, csvLabel), CsvFile.NONE);
    }

    /**
     * flasher.conf, the stick's phones.csv and the data folder's (the page's): both files through the one parser, each
     * MAC's lines from the page's file when it names the MAC, else from the stick's.
     */
    public static Profiles parse(FlasherConf conf, String confLabel, CsvFile stickCsv, CsvFile pageCsv) {
        List<String> problems = new ArrayList<>(BoxSettings.relabel(conf.problems(), confLabel));
        // In file order, so a named profile's keys apply in the order they are written.
        List<Map.Entry<String, String>> inOrder = new ArrayList<>(conf.values().entrySet());
        inOrder.sort(java.util.Comparator.comparingInt((Map.Entry<String, String> e) -> conf.lineOf(e.getKey()))
                .thenComparing(Map.Entry::getKey));
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Map<String, String>> byProfile = new TreeMap<>();
        List<LineProblem> keyProblems = new ArrayList<>();
        for (Map.Entry<String, String> e : inOrder) {
            String key = e.getKey();
            if (FOREIGN_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            if (!key.startsWith(PROFILE_PREFIX)) {
                plain.put(key, e.getValue());
                continue;
            }
            String rest = key.substring(PROFILE_PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String where = confLabel + " line " + conf.lineOf(key) + ": " + key + ": ";
            if (dot < 0 || dot == rest.length() - 1) {
                keyProblems.add(new LineProblem(conf.lineOf(key), where + "expected profile.<name>.<key>; ignored"));
            } else if (!PROFILE_NAME.matcher(name).matches()) {
                keyProblems.add(new LineProblem(conf.lineOf(key),
                        where + "a profile name is 1 to 32 letters, digits, '-' or '_'; ignored"));
            } else if (name.equals(Profile.DEFAULT_NAME)) {
                keyProblems.add(new LineProblem(conf.lineOf(key),
                        where + "'default' is the profile of the plain keys; write " + rest.substring(dot + 1)
                                + " = … instead; ignored"));
            } else {
                byProfile.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            }
        }
        ProfileBuilder defaults = new ProfileBuilder(ProfileBuilder.builtIn(), true);
        apply(defaults, plain, k -> k, conf, confLabel, keyProblems);
        Profile defaultProfile = defaults.build(Profile.DEFAULT_NAME);
        Map<String, Profile> named = new LinkedHashMap<>();
        byProfile.forEach((name, keys) -> {
            ProfileBuilder builder = new ProfileBuilder(defaultProfile, defaults.outboundPortFollowsSipPort());
            apply(builder, keys, k -> PROFILE_PREFIX + name + "." + k, conf, confLabel, keyProblems);
            named.put(name, builder.build(name));
        });
        keyProblems.sort(java.util.Comparator.comparingInt(LineProblem::line));
        keyProblems.forEach(p -> problems.add(p.text()));
        PhoneBook stick = book(stickCsv, named::containsKey);
        PhoneBook page = book(pageCsv, named::containsKey);
        PhoneBook phones = PhoneBook.merge(stick, page);
        Map<Mac, LineSource> sources = new LinkedHashMap<>();
        stick.entries().keySet().forEach(mac -> sources.put(mac, new LineSource(stickCsv.label(), false, false)));
        page.entries().keySet().forEach(mac -> sources.put(mac, new LineSource(pageCsv.label(), true, sources.containsKey(mac))));
        problems.addAll(phones.problems());
        Profiles profiles = new Profiles(defaultProfile, named, phones, sources, problems);
        List<String> clashes = profiles.buttonClashes();
        if (clashes.isEmpty()) {
            return profiles;
        }
        problems.addAll(clashes);
        return new Profiles(defaultProfile, named, phones, sources, problems);
    }

    private static PhoneBook book(CsvFile csv, java.util.function.Predicate<String> profileExists) {
        return csv.text().isEmpty() ? PhoneBook.empty() : PhoneBook.parse(csv.text(), csv.label(), profileExists);
    }

    /**
     * Which phones.csv gives a phone its lines.
     *
     * @param file           how messages name that file
     * @param page           the data folder's file (the lines assigned on the status page), not the stick's
     * @param stickAlsoNames the stick's phones.csv names the phone too; its rows for it are left out
     */
    public record LineSource(String file, boolean page, boolean stickAlsoNames) {}

    /** The file this phone's lines come from; empty for a phone neither phones.csv lists. */
    public Optional<LineSource> source(Mac mac) {
        return Optional.ofNullable(sources.get(mac));
    }

    /** A line phones.csv puts on a button the phone's profile gives a speed dial: the line wins, the dial is left out. */
    private List<String> buttonClashes() {
        List<String> out = new ArrayList<>();
        for (PhoneEntry row : phones.allRows()) {
            String csvLabel = sources.get(row.mac()).file();
            speedDialUnder(row.profile(), row.button()).ifPresent(clash -> out.add(csvLabel + " row " + row.row() + ", line: "
                    + row.mac() + " line " + row.button() + " " + clash));
        }
        return out;
    }

    /**
     * What a line on this button of this profile's phone takes the place of: the profile's speed dial there, worded
     * for a message ("is on the button …; the line is written, the speed dial left out on this phone"); empty when none.
     */
    public Optional<String> speedDialUnder(String profileName, int button) {
        Profile p = profile(profileName);
        return p.speedDials().stream().filter(d -> d.button() == button).findFirst().map(d -> "is on the button profile " + p.name()
                + " gives speeddial." + d.button() + "; the line is written, the speed dial left out on this phone");
    }

    /**
     * The locales the profiles name whose folder the stick lacks: the phone asks for its files there and, not finding
     * them, stays in English with US tones.
     *
     * @param folderServed whether the stick serves files under this folder name (any case)
     */
    public List<String> missingLocales(java.util.function.Predicate<String> folderServed) {
        List<String> out = new ArrayList<>();
        for (Profile p : all()) {
            for (String locale : List.of(p.userLocale(), p.networkLocale())) {
                if (!locale.isEmpty() && !folderServed.test(locale)) {
                    String key = locale.equals(p.userLocale()) ? "locale.user" : "locale.network";
                    out.add("flasher.conf: " + key + " = " + locale + " (profile " + p.name() + "): the stick has no folder "
                            + locale + "/ (copy the locale package's " + locale + " folder, or put its .cop on the stick);"
                            + " the phones stay in English with US tones");
                }
            }
        }
        return out.stream().distinct().toList();
    }

    /** A problem and the flasher.conf line it is about, so problems come in the order a person reads the file. */
    private record LineProblem(int line, String text) {}

    private static void apply(ProfileBuilder builder, Map<String, String> keys, java.util.function.UnaryOperator<String> fullKey,
            FlasherConf conf, String confLabel, List<LineProblem> problems) {
        keys.forEach((key, value) -> {
            String full = fullKey.apply(key);
            int line = conf.lineOf(full);
            String where = confLabel + " line " + line + ": " + full + ": ";
            if (!ProfileBuilder.known(key)) {
                problems.add(new LineProblem(line, where + "unknown key; ignored (the README lists the keys)"));
                return;
            }
            builder.set(key, value).ifPresent(problem -> problems.add(new LineProblem(line, where + problem)));
        });
    }

    /** The profile a phones.csv row names; the default one for an empty name. */
    public Profile profile(String name) {
        return name == null || name.isEmpty() ? defaultProfile : named.getOrDefault(name.toLowerCase(Locale.ROOT), defaultProfile);
    }

    /** Every profile, the default one first: each has a dial plan file of its own. */
    public List<Profile> all() {
        List<Profile> out = new ArrayList<>();
        out.add(defaultProfile);
        out.addAll(named.values());
        return out;
    }

    /** What the phone with this MAC is given: its row's profile and line, or the default profile and a placeholder. */
    public PhoneSetup forMac(Mac mac) {
        List<PhoneEntry> rows = phones.rows(mac);
        return new PhoneSetup(mac, rows.isEmpty() ? defaultProfile : profile(rows.get(0).profile()), rows);
    }

    /** A file in {@code dir} in any case of its name: sticks come from Windows as often as not. */
    static Optional<Path> locate(Path dir, String fileName) {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().equalsIgnoreCase(fileName) && Files.isRegularFile(p)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
