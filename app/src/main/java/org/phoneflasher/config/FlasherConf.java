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
 * with its number and skipped; the rest of the file still counts.
 */
public record FlasherConf(Map<String, String> values, List<String> problems) {
    public static final String FILE_NAME = "flasher.conf";
    /** A user's config is a few dozen lines; anything larger is not one. */
    static final long MAX_SIZE = 256 * 1024;

    public FlasherConf {
        values = Map.copyOf(values);
        problems = List.copyOf(problems);
    }

    public static FlasherConf empty() {
        return new FlasherConf(Map.of(), List.of());
    }

    /** Reads flasher.conf from {@code dir} (any case of the name); none there is an empty config, not an error. */
    public static FlasherConf read(Path dir) {
        Optional<Path> file = find(dir);
        if (file.isEmpty()) {
            return empty();
        }
        try {
            if (Files.size(file.get()) > MAX_SIZE) {
                return new FlasherConf(Map.of(), List.of(FILE_NAME + ": larger than " + MAX_SIZE / 1024 + " KB, ignored"));
            }
            return parse(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            return new FlasherConf(Map.of(), List.of(FILE_NAME + ": cannot read: " + e.getMessage()));
        }
    }

    static FlasherConf parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(FILE_NAME + " line " + (i + 1) + ": expected 'key = value', got: " + line);
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String previous = values.put(key, line.substring(eq + 1).strip());
            if (previous != null) {
                problems.add(FILE_NAME + " line " + (i + 1) + ": " + key + " set again; the last value counts");
            }
        }
        return new FlasherConf(values, problems);
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

    private static Optional<Path> find(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().equalsIgnoreCase(FILE_NAME) && Files.isRegularFile(p)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
