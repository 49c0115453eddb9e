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
public record Profiles(Profile defaultProfile, Map<String, Profile> named, PhoneBook phones, List<String> problems) {
    static final String PROFILE_PREFIX = "profile.";
    /** Keys flasher.conf holds for other parts of the box. */
    static final List<String> FOREIGN_PREFIXES = List.of("target.", "bench.");
    static final long MAX_CSV_SIZE = 1024 * 1024;
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public Profiles {
        named = Collections.unmodifiableMap(new TreeMap<>(named));
        problems = List.copyOf(problems);
    }

    /** No flasher.conf, no phones.csv: every phone gets the built-in default profile. */
    public static Profiles none() {
        return parse(FlasherConf.empty(), FlasherConf.FILE_NAME, "", PhoneBook.FILE_NAME);
    }

    /**
     * The profiles of flasher.conf as the stick index read it ({@link BoxSettings}), and phones.csv by the same rule:
     * the stick's root, else the data folder (so a box can keep its phones across sticks). Missing files are no
     * problem; unreadable ones are. Messages call the stick's files by their names and the data folder's by their
     * paths. The problems include flasher.conf's own, which StickIndex.problems() also lists.
     *
     * @param dataDirOrNull the box's data folder, or null (as `check` passes)
     */
    public static Profiles read(Path stickDir, Path dataDirOrNull) {
        return read(BoxSettings.read(stickDir, dataDirOrNull), stickDir, dataDirOrNull);
    }

    /** As {@link #read(Path, Path)}, with flasher.conf already read (the stick index holds it). */
    public static Profiles read(BoxSettings settings, Path stickDir, Path dataDirOrNull) {
        FlasherConf conf = settings.conf();
        String confLabel = settings.label();
        Optional<Path> csvDir = firstHaving(stickDir, dataDirOrNull, d -> locate(d, PhoneBook.FILE_NAME).isPresent());
        String csvLabel = labelFor(csvDir, stickDir, PhoneBook.FILE_NAME);
        List<String> readProblems = new ArrayList<>();
        String csv = "";
        if (csvDir.isPresent()) {
            Path file = locate(csvDir.get(), PhoneBook.FILE_NAME).orElseThrow();
            try {
                if (Files.size(file) > MAX_CSV_SIZE) {
                    readProblems.add(csvLabel + ": larger than " + MAX_CSV_SIZE / 1024 + " KB; ignored");
                } else {
                    csv = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
                }
            } catch (CharacterCodingException e) {
                readProblems.add(csvLabel + ": not UTF-8 text (save it as \"CSV UTF-8\"); ignored");
            } catch (IOException e) {
                readProblems.add(csvLabel + ": cannot read: " + e.getMessage() + "; ignored");
            }
        }
        Profiles parsed = parse(conf, confLabel, csv, csvLabel);
        if (readProblems.isEmpty()) {
            return parsed;
        }
        List<String> all = new ArrayList<>(parsed.problems());
        all.addAll(readProblems);
        return new Profiles(parsed.defaultProfile(), parsed.named(), parsed.phones(), all);
    }

    /** The two files' contents, as {@link #read} finds them; {@code confLabel}/{@code csvLabel} name them in messages. */
    public static Profiles parse(FlasherConf conf, String confLabel, String csvText, String csvLabel) {
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
        PhoneBook phones = csvText.isEmpty() ? PhoneBook.empty() : PhoneBook.parse(csvText, csvLabel, named::containsKey);
        problems.addAll(phones.problems());
        Profiles profiles = new Profiles(defaultProfile, named, phones, problems);
        List<String> clashes = profiles.buttonClashes(csvLabel);
        if (clashes.isEmpty()) {
            return profiles;
        }
        problems.addAll(clashes);
        return new Profiles(defaultProfile, named, phones, problems);
    }

    /** A line phones.csv puts on a button the phone's profile gives a speed dial: the line wins, the dial is left out. */
    private List<String> buttonClashes(String csvLabel) {
        List<String> out = new ArrayList<>();
        for (PhoneEntry row : phones.allRows()) {
            Profile p = profile(row.profile());
            p.speedDials().stream().filter(d -> d.button() == row.button()).findFirst().ifPresent(d -> out.add(csvLabel + " row "
                    + row.row() + ", line: " + row.mac() + " line " + row.button() + " is on the button profile " + p.name()
                    + " gives speeddial." + d.button() + "; the line is written, the speed dial left out on this phone"));
        }
        return out;
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

    private static Optional<Path> firstHaving(Path stick, Path data, java.util.function.Predicate<Path> has) {
        if (stick != null && Files.isDirectory(stick) && has.test(stick)) {
            return Optional.of(stick);
        }
        if (data != null && Files.isDirectory(data) && has.test(data)) {
            return Optional.of(data);
        }
        return Optional.empty();
    }

    private static String labelFor(Optional<Path> dir, Path stick, String fileName) {
        return dir.isEmpty() || dir.get().equals(stick) ? fileName : dir.get().resolve(fileName).toString();
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
