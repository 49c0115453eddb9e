package org.phoneflasher.firmware;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.phoneflasher.config.BoxSettings;

/**
 * What the stick holds, as the box serves and judges it. Immutable: the watcher builds a new one whenever the
 * stick changes and swaps it in whole, so a phone never sees half of an old stick and half of a new one.
 *
 * @param files   served names, lower-cased, to the file behind them
 * @param refused  names that exist on the stick but must not be served (a link out of the stick), with the reason
 * @param settings flasher.conf as read with this index (the stick's, else the data folder's)
 */
public record StickIndex(Path root, boolean present, List<Bundle> bundles, List<Load> loads, Map<String, ServedFile> files,
        Map<String, String> refused, List<String> conflicts, BoxSettings settings, Map<String, Target> targets) {

    public StickIndex {
        bundles = List.copyOf(bundles);
        loads = List.copyOf(loads);
        files = Map.copyOf(files);
        refused = Map.copyOf(refused);
        conflicts = List.copyOf(conflicts);
        targets = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(targets)); // by model, for people reading it
    }

    public static StickIndex absent(Path root) {
        return absent(root, BoxSettings.none());
    }

    /** No stick; the data folder's settings (its admin password, its profiles) still count. */
    public static StickIndex absent(Path root, BoxSettings settings) {
        return new StickIndex(root, false, List.of(), List.of(), Map.of(), Map.of(), List.of(), settings, Map.of());
    }

    /** The same stick with other targets (chosen on the status page). */
    public StickIndex withTargets(Map<String, Target> chosen) {
        return new StickIndex(root, present, bundles, loads, files, refused, conflicts, settings, chosen);
    }

    /** The load of this name, in any case. */
    public Optional<Load> load(String name) {
        return Load.named(loads, name);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Optional<ServedFile> file(String name) {
        return Optional.ofNullable(files.get(key(name)));
    }

    /** The stick serves some file under this folder (any case): a locale's folder, from the stick or a .cop on it. */
    public boolean hasFolder(String name) {
        String prefix = key(name) + "/";
        return files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    public Optional<String> refusal(String name) {
        return Optional.ofNullable(refused.get(key(name)));
    }

    /** The load whose .loads file this is, if {@code name} is one. */
    public Optional<Load> loadOfLoadsFile(String name) {
        String lower = key(name);
        return loads.stream().filter(l -> key(l.name() + ".loads").equals(lower)).findFirst();
    }

    /** Every bundle loaded, every load complete, nothing refused or in conflict. */
    public boolean allGood() {
        return present && problems().isEmpty();
    }

    /** Every problem, each naming its file, as `check` prints them. */
    public List<String> problems() {
        List<String> out = new ArrayList<>(settings.problems());
        for (Bundle bundle : bundles) {
            if (bundle.refused() != null) {
                out.add(bundle.source() + ": refused: " + bundle.refused());
            }
        }
        for (Load load : loads) {
            load.problems().forEach(p -> out.add(load.name() + ".loads: " + p));
        }
        out.addAll(conflicts);
        refused.forEach((name, why) -> out.add(name + ": " + why));
        return out;
    }
}
