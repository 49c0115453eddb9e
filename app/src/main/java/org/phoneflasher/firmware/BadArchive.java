package org.phoneflasher.firmware;

import java.nio.file.Path;

/** An archive on the stick that the box refuses as a whole; the message names the archive and why. */
public final class BadArchive extends Exception {
    private final Path archive;
    private final String reason;

    public BadArchive(Path archive, String reason) {
        super(archive.getFileName() + ": " + reason);
        this.archive = archive;
        this.reason = reason;
    }

    public Path archive() {
        return archive;
    }

    public String reason() {
        return reason;
    }
}
