package org.phoneflasher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * flasher.conf at the stick's root: "key = value" lines, '#' comments, keys case-insensitive. A bad line is reported
 * with its number and skipped; the rest of the file still counts. The file can hold passwords (ssh.password), so a
 * bad line is never echoed and {@link #toString()} hides the values of keys naming a password.
 *
 * @param lines the line each key was (last) set on, for messages about its value
 */
public record FlasherConf(Map<String, String> values, Map<String, Integer> lines, List<String> problems) {
    public static final String FILE_NAME = "flasher.conf";
    /** A user's config is a few dozen lines; anything larger is not one. */
    static final long MAX_SIZE = 256 * 1024;

    public FlasherConf {
        values = Map.copyOf(values);
        lines = Map.copyOf(lines);
        problems = List.copyOf(problems);
    }

    public static FlasherConf empty() {
        return new FlasherConf(Map.of(), Map.of(), List.of());
    }

    /** Reads flasher.conf from {@code dir} (any case of the name); none there is an empty config, not an error. */
    public static FlasherConf read(Path dir) {
        Optional<Path> file = locate(dir);
        if (file.isEmpty()) {
            return empty();
        }
        try {
            if (Files.size(file.get()) > MAX_SIZE) {
                return new FlasherConf(Map.of(), Map.of(), List.of(FILE_NAME + ": larger than " + MAX_SIZE / 1024 + " KB, ignored"));
            }
            return parse(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            return new FlasherConf(Map.of(), Map.of(), List.of(FILE_NAME + ": cannot read: " + e.getMessage()));
        }
    }

    public static FlasherConf parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOfKey = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        // Notepad saves UTF-8 with a byte order mark, which would otherwise become part of the first key.
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                // Not echoed: a mistyped "ssh.password: secret" line would print the password.
                problems.add(FILE_NAME + " line " + (i + 1) + (eq == 0 ? ": no key before '='" : ": expected 'key = value'")
                        + "; line ignored");
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String previous = values.put(key, line.substring(eq + 1).strip());
            lineOfKey.put(key, i + 1);
            if (previous != null) {
                problems.add(FILE_NAME + " line " + (i + 1) + ": " + key + " set again; the last value counts");
            }
        }
        return new FlasherConf(values, lineOfKey, problems);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
    }

    /** Every key under {@code prefix} (e.g. "target."), with the prefix removed. */
    public Map<String, String> under(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        String p = prefix.toLowerCase(Locale.ROOT);
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }

    /** A yes/no value as flasher.conf writes it: true/yes/on/1 and false/no/off/0, any case; anything else is none. */
    public static Optional<Boolean> bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Optional.of(true);
            case "false", "no", "off", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** The line {@code key} was set on, 0 when it is not set. */
    public int lineOf(String key) {
        return lines.getOrDefault(key.toLowerCase(Locale.ROOT), 0);
    }

    /** Keys whose values must never be printed: any key naming a password. */
    public static boolean isSecret(String key) {
        return key.toLowerCase(Locale.ROOT).contains("password");
    }

    /** Records print every component; this one hides passwords. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        new java.util.TreeMap<>(values).forEach((k, v) -> shown.put(k, isSecret(k) ? "(secret)" : v));
        return "FlasherConf[values=" + shown + ", problems=" + problems + "]";
    }

    /** flasher.conf in {@code dir}, in any case of the name, if there is one. */
    public static Optional<Path> locate(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().equalsIgnoreCase(FILE_NAME) && Files.isRegularFile(p)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
