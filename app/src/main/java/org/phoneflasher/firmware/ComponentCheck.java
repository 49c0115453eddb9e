package org.phoneflasher.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a phone's loader checks before it writes a component to flash: a sound signed header whose tag 14 names this
 * very file, and something after it. The box checks the stick this way; the simulated phone checks its downloads.
 */
public final class ComponentCheck {
    /** Any signed header fits in this; reading more of a 2 MB .sbn is not needed to judge it. */
    private static final int HEAD = 64 * 1024;

    private ComponentCheck() {}

    /** The problem with {@code file} as the component {@code name}, or empty when it is sound. */
    public static Optional<String> problem(String name, Path file) {
        try {
            long size = Files.size(file);
            SignedHeader header = SignedHeader.read(head(file, HEAD));
            if (header.fileName().filter(name::equalsIgnoreCase).isEmpty()) {
                return Optional.of(name + ": its header names " + header.fileName().orElse("no file") + ", not itself");
            }
            if (size <= header.length()) {
                return Optional.of(name + ": nothing after its header");
            }
            return Optional.empty();
        } catch (SignedHeader.BadHeader e) {
            return Optional.of(name + ": bad header (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Optional.of(name + ": unreadable (" + e.getMessage() + ")");
        }
    }

    /** At most {@code max} bytes from the start of a file. */
    static ByteBuffer head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ByteBuffer.wrap(in.readNBytes(max));
        }
    }
}
