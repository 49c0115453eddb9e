package org.phoneflasher.firmware;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Targets chosen on the status page, per model, overriding the stick's choice (flasher.conf or the newest load).
 * Kept in the data dir, so a choice outlives a restart; a chosen load that later leaves the stick shows as
 * incomplete instead of silently falling back.
 */
public final class TargetChoices {
    static final String WHY = "chosen on the status page";
    private static final Pattern MODEL = Pattern.compile("79[0-9]{2}");

    private final Path file;
    private final Map<String, String> chosen = new TreeMap<>();
    /** The last index handed out and what it was made from: the tracker asks many times a second. */
    private StickIndex lastIn;
    private StickIndex lastOut;

    /** Thrown when a choice cannot be made; the message says why, for the page. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    public TargetChoices(Path file) throws IOException {
        this.file = file;
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            saved.load(in);
        } catch (NoSuchFileException e) {
            // nothing chosen yet
        }
        saved.stringPropertyNames().stream().filter(m -> MODEL.matcher(m).matches())
                .forEach(m -> chosen.put(m, saved.getProperty(m)));
    }

    /** The stick's index with the chosen targets in place of its own. */
    public synchronized StickIndex apply(StickIndex index) {
        if (chosen.isEmpty()) {
            return index;
        }
        if (index != lastIn) {
            Map<String, Target> targets = new TreeMap<>(index.targets());
            chosen.forEach((model, name) -> targets.put(model, target(model, name, index)));
            lastOut = index.withTargets(targets);
            lastIn = index;
        }
        return lastOut;
    }

    private static Target target(String model, String name, StickIndex index) {
        Optional<Load> load = find(name, index);
        if (load.isEmpty()) {
            return new Target(model, name, false, WHY + ", but " + name + " is not on the stick");
        }
        return load.get().complete() ? new Target(model, load.get().name(), true, WHY)
                : new Target(model, load.get().name(), false, WHY + ", but incomplete: " + String.join("; ", load.get().problems()));
    }

    /**
     * Chooses {@code load} for {@code model}; an empty load gives the choice back to the stick. Only a complete load
     * for that model that is on the stick now can be chosen: a typo must not stop every phone of a model.
     */
    public synchronized String choose(String model, String load, StickIndex index) throws Refused, IOException {
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new Refused("model must be a Cisco 79xx model number such as 7965");
        }
        if (load == null || load.isBlank()) {
            chosen.remove(model);
            save();
            lastIn = null;
            return "target of the " + model + " back to the stick's choice";
        }
        Load found = find(load.strip(), index).orElseThrow(() -> new Refused(load.strip() + " is not on the stick"));
        if (found.isDefault() || !found.models().contains(model)) {
            throw new Refused(found.name() + " is not a load for the " + model);
        }
        if (!found.complete()) {
            throw new Refused(found.name() + " is incomplete: " + String.join("; ", found.problems()));
        }
        chosen.put(model, found.name());
        save();
        lastIn = null;
        return "target of the " + model + " is " + found.name();
    }

    public synchronized Map<String, String> chosen() {
        return Map.copyOf(chosen);
    }

    private static Optional<Load> find(String name, StickIndex index) {
        return index.load(name);
    }

    /** Written aside and moved into place: a power cut mid-write leaves the old choices, never half a file. */
    private void save() throws IOException {
        Properties out = new Properties();
        out.putAll(chosen);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.store(w, "targets chosen on the status page, by model");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
