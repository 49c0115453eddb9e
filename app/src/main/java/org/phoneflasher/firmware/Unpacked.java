package org.phoneflasher.firmware;

import java.nio.file.Path;
import java.util.List;

/**
 * An archive unpacked into the cache.
 *
 * @param archive  the archive on the stick
 * @param folder   the folder to serve, laid out as phones will request the files
 * @param files    the served files, '/'-separated and relative to {@code folder}, sorted
 * @param warnings what was skipped or ignored (links, a second copy of a name with other content), for the operator
 */
public record Unpacked(Path archive, Path folder, List<String> files, List<String> warnings) {
    public Unpacked {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
