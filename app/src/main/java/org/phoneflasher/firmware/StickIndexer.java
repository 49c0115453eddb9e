package org.phoneflasher.firmware;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.phoneflasher.config.BoxSettings;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.provisioning.PhoneBook;

/**
 * Builds a {@link StickIndex}: finds the bundles on the stick (loose files, folders holding a .loads, archives
 * unpacked into the cache), merges their files into the one namespace phones see, and checks every load.
 */
public final class StickIndexer {
    static final String ROOT = "stick root";
    /** The box's own files at the stick's root, read and never served: the admin password, every line's password. */
    private static final List<String> SETTINGS = List.of(FlasherConf.FILE_NAME, PhoneBook.FILE_NAME);
    private static final int MAX_DEPTH = 6;

    private final ArchiveUnpacker unpacker;
    private final Path dataDir;

    /** An indexer of the stick alone (`check`): flasher.conf only from the stick. */
    public StickIndexer(ArchiveUnpacker unpacker) {
        this(unpacker, null);
    }

    /** @param dataDirOrNull where flasher.conf is read when the stick has none */
    public StickIndexer(ArchiveUnpacker unpacker, Path dataDirOrNull) {
        this.unpacker = unpacker;
        this.dataDir = dataDirOrNull;
    }

    public StickIndex index(Path stick) {
        // The mount point of a pulled stick may vanish or stay as an empty folder: both mean no stick.
        if (!Files.isDirectory(stick) || isEmpty(stick)) {
            return StickIndex.absent(stick, BoxSettings.read(null, dataDir));
        }
        Path real;
        try {
            real = stick.toRealPath();
        } catch (IOException e) {
            return StickIndex.absent(stick, BoxSettings.read(null, dataDir));
        }
        Scan scan = new Scan(real);
        scan.walk();
        List<Bundle> bundles = new ArrayList<>();
        Map<String, ServedFile> files = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, List<String>> warnings = new LinkedHashMap<>();
        // The first bundle to bring a name serves it: the stick root, then folders, then archives, each by name (a
        // directory walk's order is the file system's, not the user's).
        merge(ROOT, scan.bundles.get(ROOT), files, conflicts, warnings);
        for (Map.Entry<String, Map<String, Path>> bundle : new TreeMap<>(scan.bundles).entrySet()) {
            if (!bundle.getKey().equals(ROOT)) {
                merge(bundle.getKey(), bundle.getValue(), files, conflicts, warnings);
            }
        }
        scan.archives.sort(java.util.Comparator.comparing(archive -> real.relativize(archive).toString()));
        for (Path archive : scan.archives) {
            String source = real.relativize(archive).toString();
            try {
                Unpacked unpacked = unpacker.unpack(archive);
                warnings.computeIfAbsent(source, k -> new ArrayList<>()).addAll(unpacked.warnings());
                Map<String, Path> inside = new TreeMap<>();
                for (String name : unpacked.files()) {
                    inside.put(name, unpacked.folder().resolve(name));
                }
                merge(source, inside, files, conflicts, warnings);
            } catch (BadArchive e) {
                bundles.add(new Bundle(source, e.reason(), List.of(), List.of()));
            } catch (IOException e) {
                bundles.add(new Bundle(source, "unreadable: " + e.getMessage(), List.of(), List.of()));
            }
        }
        try {
            unpacker.prune(scan.archives);
        } catch (IOException e) {
            // A stale cache folder only costs space; the index is still right.
        }
        List<Load> loads = new LoadChecker(files).loads();
        Set<String> serving = new java.util.HashSet<>();
        files.values().forEach(f -> serving.add(f.bundle()));
        for (Map.Entry<String, List<String>> entry : warnings.entrySet()) {
            String source = entry.getKey();
            if (!serving.contains(source) && entry.getValue().isEmpty()) {
                continue;
            }
            List<String> held = loads.stream().filter(l -> l.bundle().equals(source)).map(Load::name).toList();
            bundles.add(new Bundle(source, null, held, entry.getValue()));
        }
        bundles.sort(java.util.Comparator.comparing(Bundle::source));
        BoxSettings settings = BoxSettings.read(real, dataDir);
        return new StickIndex(stick, true, bundles, loads, files, scan.refused, conflicts, settings,
                new TargetChooser(settings.conf()).choose(loads));
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** Adds a bundle's files; the first bundle to bring a name keeps it, and a different second copy is reported. */
    private static void merge(String source, Map<String, Path> bundleFiles, Map<String, ServedFile> files, List<String> conflicts,
            Map<String, List<String>> warnings) {
        List<String> notes = warnings.computeIfAbsent(source, k -> new ArrayList<>());
        for (Map.Entry<String, Path> file : bundleFiles.entrySet()) {
            String key = StickIndex.key(file.getKey());
            ServedFile existing = files.get(key);
            if (existing != null) {
                if (!sameContent(existing.path(), file.getValue())) {
                    String message = file.getKey() + " differs between " + existing.bundle() + " and " + source
                            + "; serving the one from " + existing.bundle();
                    conflicts.add(message);
                    notes.add(message);
                }
                continue;
            }
            try {
                files.put(key, new ServedFile(file.getKey(), file.getValue(), Files.size(file.getValue()), source));
            } catch (IOException e) {
                notes.add(file.getKey() + ": unreadable (" + e.getMessage() + ")");
            }
        }
    }

    private static boolean sameContent(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** One walk of the stick: which files belong to which bundle, which archives to unpack, which names to refuse. */
    private static final class Scan {
        final Path root;
        final Map<String, Map<String, Path>> bundles = new LinkedHashMap<>();
        final List<Path> archives = new ArrayList<>();
        final Map<String, String> refused = new TreeMap<>();
        /** The settings files' identities (device and inode), so a hard link to one is known under any name. */
        private final Map<Object, String> settings = new LinkedHashMap<>();

        Scan(Path root) {
            this.root = root;
            bundles.put(ROOT, new TreeMap<>());
            try (var entries = Files.list(root)) {
                entries.filter(Scan::isSettings).forEach(file -> {
                    try {
                        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                        if (key != null) {
                            settings.put(key, file.getFileName().toString());
                        }
                    } catch (IOException e) {
                        // Unreadable settings cannot leak either.
                    }
                });
            } catch (IOException e) {
                // The walk reports an unreadable stick.
            }
        }

        private static boolean isSettings(Path file) {
            String name = file.getFileName().toString();
            return SETTINGS.stream().anyMatch(name::equalsIgnoreCase);
        }

        void walk() {
            try {
                Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isDirectory()) {
                            // A folder at the walk's depth limit: what it holds is not searched, and check says so.
                            refused.put(StickIndex.key(name(root, file)), "more than " + MAX_DEPTH + " folders deep: not searched");
                            return FileVisitResult.CONTINUE;
                        }
                        add(file, attrs);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        refused.put(StickIndex.key(name(root, file)), "unreadable (" + e.getMessage() + ")");
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                refused.put("", "stick unreadable: " + e.getMessage());
            }
        }

        private void add(Path file, BasicFileAttributes attrs) {
            Path target = file;
            if (attrs.isSymbolicLink()) {
                try {
                    target = file.toRealPath();
                } catch (IOException e) {
                    refused.put(StickIndex.key(name(root, file)), "broken link");
                    return;
                }
                if (!target.startsWith(root)) {
                    refused.put(StickIndex.key(name(root, file)), "link leaves the stick");
                    return;
                }
            }
            if (!Files.isRegularFile(target)) {
                return;
            }
            if (file.getParent().equals(root) && isSettings(file)) {
                return;
            }
            Optional<String> settingsFile = settingsFileOf(target);
            if (settingsFile.isPresent()) {
                refused.put(StickIndex.key(name(root, file)), "the same file as the box's own " + settingsFile.get()
                        + " (a link), never served");
                return;
            }
            if (ArchiveUnpacker.isArchive(file)) {
                archives.add(file);
                return;
            }
            Optional<Path> folder = bundleFolderOf(file);
            if (folder.isPresent()) {
                // A folder of unpacked firmware, at any depth: its files are served as if they sat at the stick's root.
                String source = name(root, folder.get()) + "/";
                bundles.computeIfAbsent(source, k -> new TreeMap<>()).put(name(folder.get(), file), target);
            } else {
                bundles.get(ROOT).put(name(root, file), target);
            }
        }

        /** The nearest folder above {@code file} (below the root) that holds a .loads: the bundle it belongs to. */
        private Optional<Path> bundleFolderOf(Path file) {
            for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
                if (holdsLoads(dir)) {
                    return Optional.of(dir);
                }
            }
            return Optional.empty();
        }

        /** Which settings file this is, under whatever name or link: compared by identity, not by name. */
        private Optional<String> settingsFileOf(Path target) {
            if (target.getParent().equals(root) && isSettings(target)) {
                return Optional.of(target.getFileName().toString());
            }
            try {
                return Optional.ofNullable(settings.get(Files.readAttributes(target, BasicFileAttributes.class).fileKey()));
            } catch (IOException e) {
                return Optional.of("settings (unreadable, so not served)");
            }
        }

        private final Map<Path, Boolean> holdsLoads = new LinkedHashMap<>();

        private boolean holdsLoads(Path dir) {
            return holdsLoads.computeIfAbsent(dir, d -> {
                try (var entries = Files.list(d)) {
                    return entries.anyMatch(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".loads"));
                } catch (IOException e) {
                    return false;
                }
            });
        }

        private static String name(Path base, Path file) {
            return base.relativize(file).toString().replace('\\', '/');
        }
    }
}
