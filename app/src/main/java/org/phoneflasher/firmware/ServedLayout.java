package org.phoneflasher.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where unpacked files are served from, so a phone asking for "SIP45.9-4-2SR3-1S.loads" or
 * "English_United_States/…" finds them: a .cop's files under usr/local/cm/tftp/ lose that prefix (and its install
 * scripts are dropped); a bundle wrapped in one top folder that holds the .loads loses the folder; anything else keeps
 * its paths. Names are compared case-insensitively, as phones ask in any case.
 */
final class ServedLayout {
    static final String TFTP = "usr/local/cm/tftp/";

    private enum Mode { TFTP_PREFIX, DROP_TOP_FOLDER, AS_IS }

    private final Mode mode;

    private ServedLayout(Mode mode) {
        this.mode = mode;
    }

    static ServedLayout of(Collection<String> paths) {
        if (paths.stream().anyMatch(p -> tftpStart(p) >= 0)) {
            return new ServedLayout(Mode.TFTP_PREFIX);
        }
        if (!paths.isEmpty() && singleTopFolderWithLoads(paths)) {
            return new ServedLayout(Mode.DROP_TOP_FOLDER);
        }
        return new ServedLayout(Mode.AS_IS);
    }

    /** The served path for an archive path, or empty when the file is not served. */
    Optional<String> served(String path) {
        return switch (mode) {
            case TFTP_PREFIX -> {
                int start = tftpStart(path);
                yield start < 0 || start == path.length() ? Optional.empty() : Optional.of(path.substring(start));
            }
            case DROP_TOP_FOLDER -> Optional.of(path.substring(path.indexOf('/') + 1));
            case AS_IS -> Optional.of(path);
        };
    }

    /**
     * Moves staged files to their served paths under {@code root}. Of two files with one served name (in any case)
     * the first stays; a different second one is reported in {@code warnings}. Folder names keep the first spelling
     * seen, so "english_united_states/b" joins "English_United_States/a". Returns the served paths, sorted.
     */
    static List<String> place(List<UnpackRun.Staged> staged, Path folder, List<String> warnings) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        ServedLayout layout = of(staged.stream().map(UnpackRun.Staged::path).toList());
        Map<String, UnpackRun.Staged> files = new HashMap<>(); // lower-case served path → first file
        Map<String, String> placedAs = new HashMap<>(); // lower-case served path → path as placed
        Map<String, String> folders = new HashMap<>(); // lower-case folder → spelling in use
        List<String> served = new ArrayList<>();
        for (UnpackRun.Staged file : staged) {
            Optional<String> path = layout.served(file.path());
            if (path.isEmpty()) {
                Files.delete(file.file());
                continue;
            }
            String[] segments = path.get().split("/");
            StringBuilder lower = new StringBuilder();
            StringBuilder spelled = new StringBuilder();
            List<String[]> newFolders = new ArrayList<>();
            String clash = null;
            for (int i = 0; i < segments.length - 1 && clash == null; i++) {
                lower.append(segments[i].toLowerCase(Locale.ROOT));
                String known = folders.get(lower.toString());
                if (files.containsKey(lower.toString())) {
                    clash = "a file already has the name of its folder " + spelled + segments[i];
                } else if (known != null) {
                    spelled.setLength(0);
                    spelled.append(known);
                } else {
                    spelled.append(segments[i]);
                    newFolders.add(new String[] {lower.toString(), spelled.toString()});
                }
                lower.append('/');
                spelled.append('/');
            }
            String key = lower + segments[segments.length - 1].toLowerCase(Locale.ROOT);
            String target = spelled + segments[segments.length - 1];
            if (clash == null && folders.containsKey(key)) {
                clash = "a folder has the same name";
            }
            UnpackRun.Staged first = files.get(key);
            if (first != null) {
                if (Files.mismatch(root.resolve(placedAs.get(key)), file.file()) != -1) {
                    warnings.add("two different files for " + placedAs.get(key) + ": kept " + first.origin()
                            + ", ignored " + file.origin());
                }
                Files.delete(file.file());
                continue;
            }
            if (clash != null) {
                warnings.add("ignored " + file.origin() + ": " + clash);
                Files.delete(file.file());
                continue;
            }
            newFolders.forEach(f -> folders.put(f[0], f[1]));
            files.put(key, file);
            placedAs.put(key, target);
            Path destination = root.resolve(target).normalize();
            if (!destination.startsWith(root)) {
                throw new IllegalStateException("served path leaves the folder: " + target); // EntryPath forbids it
            }
            Files.createDirectories(destination.getParent());
            Files.move(file.file(), destination);
            served.add(target);
        }
        served.sort(null);
        return served;
    }

    /** Where the part after usr/local/cm/tftp/ starts (matched case-insensitively, at a segment start), or -1. */
    private static int tftpStart(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (int at = lower.indexOf(TFTP); at >= 0; at = lower.indexOf(TFTP, at + 1)) {
            if (at == 0 || lower.charAt(at - 1) == '/') {
                return at + TFTP.length();
            }
        }
        return -1;
    }

    private static boolean singleTopFolderWithLoads(Collection<String> paths) {
        String top = null;
        boolean loads = false;
        for (String path : paths) {
            int slash = path.indexOf('/');
            if (slash < 0 || (top != null && !top.equals(path.substring(0, slash)))) {
                return false;
            }
            top = path.substring(0, slash);
            String rest = path.substring(slash + 1);
            loads |= rest.indexOf('/') < 0 && rest.toLowerCase(Locale.ROOT).endsWith(".loads");
        }
        return loads;
    }
}
