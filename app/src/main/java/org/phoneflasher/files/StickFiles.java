package org.phoneflasher.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files under the stick folder, matched case-insensitively segment by segment: phones and Windows-built bundles
 * disagree on case (a 7911 asks for Jar11sip….sbn when the file is jar11sip….sbn). An exact match wins.
 */
public final class StickFiles implements ContentSource {
    private final Path root;

    public StickFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Resolution find(RequestPath path) {
        try {
            if (!Files.isDirectory(root)) {
                return new Resolution.NotFound(path.requested());
            }
            Path current = root;
            for (String segment : path.segments()) {
                Optional<Path> next = child(current, segment);
                if (next.isEmpty()) {
                    return new Resolution.NotFound(path.requested());
                }
                current = next.get();
            }
            Path real = current.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return new Resolution.Refused(path.requested(), "link leaves the stick");
            }
            if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                return new Resolution.NotFound(path.requested());
            }
            // Served under the file's own spelling, so logs and events name what is on the stick.
            String name = root.relativize(current).toString().replace('\\', '/');
            return new Resolution.Found(new FileContent(name, real, Files.size(real)));
        } catch (IOException e) {
            // A stick pulled between the checks above looks like a missing file, which is what the phone should hear.
            return new Resolution.NotFound(path.requested());
        }
    }

    private static Optional<Path> child(Path dir, String segment) throws IOException {
        Path exact = dir.resolve(segment);
        if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(exact);
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equalsIgnoreCase(segment)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }
}
