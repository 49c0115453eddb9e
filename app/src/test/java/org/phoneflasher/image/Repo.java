package org.phoneflasher.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The repository the tests run in: image/ (the br2-external tree), overlay/ and scripts/. */
public final class Repo {
    private static final Set<String> NOT_OURS = Set.of(".git", "target", "build", "node_modules");

    private Repo() {}

    /** The clone's root: the first folder up from here that holds image/external.desc. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("image/external.desc"))) {
                return dir;
            }
        }
        throw new AssertionError("no image/external.desc above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.exists(file)) {
            throw new AssertionError("missing " + relative);
        }
        return file;
    }

    /** Every file of ours: build output and a downloaded Buildroot (build/) are skipped, not walked. */
    static List<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return NOT_OURS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
