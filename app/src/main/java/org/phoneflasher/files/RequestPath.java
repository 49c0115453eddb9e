package org.phoneflasher.files;

import java.util.List;

/**
 * A requested name split into checked path segments. Every protocol's name goes through {@link #parse} before it
 * touches the file system, so there is one place that decides what a safe name is.
 */
public record RequestPath(String requested, List<String> segments) {

    static final int MAX_LENGTH = 512;

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** The segments joined with '/', without any leading slash. */
    public String relative() {
        return String.join("/", segments);
    }

    public String fileName() {
        return segments.get(segments.size() - 1);
    }

    /** Thrown for a name the box refuses to look up. */
    public static final class RefusedName extends Exception {
        public RefusedName(String reason) {
            super(reason);
        }
    }

    public static RequestPath parse(String requested) throws RefusedName {
        if (requested == null || requested.isEmpty()) {
            throw new RefusedName("empty name");
        }
        if (requested.length() > MAX_LENGTH) {
            throw new RefusedName("name longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            if (c == 0) {
                throw new RefusedName("NUL in name");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new RefusedName("control character in name");
            }
            if (c == '\\') {
                throw new RefusedName("backslash in name");
            }
            if (c == ':') {
                throw new RefusedName("drive or scheme in name");
            }
        }
        // Cisco phones ask for "/mk-sip.jar" when no locale is set: one leading slash means the stick's root.
        String rest = requested.startsWith("/") ? requested.substring(1) : requested;
        if (rest.startsWith("/")) {
            throw new RefusedName("absolute path");
        }
        if (rest.startsWith("~")) {
            throw new RefusedName("home directory path");
        }
        String[] parts = rest.split("/", -1);
        for (String part : parts) {
            if (part.equals("..")) {
                throw new RefusedName("parent directory (..) in name");
            }
            if (part.equals(".")) {
                throw new RefusedName("'.' segment in name");
            }
            if (part.isEmpty()) {
                throw new RefusedName("empty path segment");
            }
        }
        return new RequestPath(requested, List.of(parts));
    }
}
