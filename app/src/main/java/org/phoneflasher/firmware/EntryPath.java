package org.phoneflasher.firmware;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * Entry names as archives give them, checked before anything is written. A leading "./" is normal in tars made with
 * {@code tar -C dir .}; everything that could climb out of the unpack folder or means something else on another
 * system (backslashes, drive letters) is refused rather than repaired, since a mangled name would be served wrong.
 */
final class EntryPath {
    private EntryPath() {}

    /** Why {@code raw} is unsafe, or empty when it is fine. */
    static Optional<String> problem(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(c == 0 ? "NUL character" : "control character");
            }
        }
        if (raw.indexOf('\\') >= 0) {
            return Optional.of("backslash");
        }
        if (raw.startsWith("/")) {
            return Optional.of("absolute path");
        }
        if (raw.length() >= 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))) {
            return Optional.of("drive letter");
        }
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("'..' segment");
            }
        }
        if (normalize(raw).isEmpty() && !raw.endsWith("/")) {
            return Optional.of("no file name");
        }
        return Optional.empty();
    }

    /** The name without "." and empty segments or a trailing slash; only for names {@link #problem} accepts. */
    static String normalize(String raw) {
        StringJoiner path = new StringJoiner("/");
        for (String segment : raw.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                path.add(segment);
            }
        }
        return path.toString();
    }

    /** "a/b/x.tar" → "a/b/", "x.tar" → "". */
    static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
