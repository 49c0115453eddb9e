package org.phoneflasher.firmware;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Unpacks firmware archives from the stick (cmterm-*.zip, .cop, .cop.sgn, .cop.sha512, .tar, .tar.gz/.tgz, and archives inside
 * them) into a cache folder laid out as phones request the files.
 *
 * <p>Each archive gets a folder under the cache root named for its file name, size and modification time, so an
 * unchanged archive is unpacked once and reused after a restart. An unpack happens in a temporary folder that is
 * renamed into place only when complete; a refused or failed unpack leaves nothing behind and writes nothing outside
 * the cache root. The cache root belongs to this class: {@link #prune} deletes what it no longer needs.
 *
 * <p>Cache folder: {@code <key>/files/} holds the served files, {@code <key>/warnings.txt} the warnings.
 */
public final class ArchiveUnpacker {
    private static final String TEMP_PREFIX = ".unpacking-";
    private static final String FILES = "files";
    private static final String WARNINGS = "warnings.txt";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+-[0-9a-f]{16}");

    private final Path cacheRoot;
    private final ArchiveLimits limits;

    public ArchiveUnpacker(Path cacheRoot, ArchiveLimits limits) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.limits = limits;
    }

    /** By name, case-insensitively: .zip, .cop, .cop.sgn, .cop.sha512, .tar, .tar.gz, .tgz. */
    public static boolean isArchive(Path path) {
        Path name = path.getFileName();
        return name != null && UnpackRun.Kind.of(name.toString()).isPresent();
    }

    /**
     * The archive's cache folder, unpacking it first unless an unpack of this very file (same name, size and
     * modification time) is already there; in that case the archive is not read at all.
     *
     * @throws BadArchive  the archive is unsafe, over a limit, corrupt or truncated; nothing of it is kept
     * @throws IOException the archive could not be read from the stick, or the cache could not be written
     */
    public synchronized Unpacked unpack(Path archive) throws BadArchive, IOException {
        UnpackRun.Kind kind = UnpackRun.Kind.of(String.valueOf(archive.getFileName()))
                .orElseThrow(() -> new IllegalArgumentException("not an archive: " + archive));
        Path folder = cacheRoot.resolve(key(archive));
        if (Files.isDirectory(folder.resolve(FILES))) {
            return cached(archive, folder);
        }
        Files.createDirectories(cacheRoot);
        Path work = Files.createTempDirectory(cacheRoot, TEMP_PREFIX);
        try {
            UnpackRun run = new UnpackRun(work.resolve("staging"), limits);
            try {
                run.unpack(archive, kind);
            } catch (IOException | RuntimeException e) {
                throw classify(archive, e);
            }
            List<String> warnings = new ArrayList<>(run.warnings());
            List<String> files = ServedLayout.place(run.staged(), Files.createDirectory(work.resolve(FILES)), warnings);
            if (files.isEmpty()) {
                warnings.add("holds no files to serve");
            }
            Files.write(work.resolve(WARNINGS), warnings, StandardCharsets.UTF_8);
            deleteTree(work.resolve("staging"));
            publish(work, folder);
            return new Unpacked(archive, folder.resolve(FILES), files, warnings);
        } finally {
            deleteTree(work); // gone already when published
        }
    }

    /**
     * Deletes the cache folders of archives not in {@code keep} (the archives still on the stick), and temporary
     * folders an interrupted unpack left. Other names under the cache root are left alone. Returns how many folders
     * were deleted. Not to be called while another process unpacks into the same cache root.
     */
    public synchronized int prune(Collection<Path> keep) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (Path archive : keep) {
            try {
                wanted.add(key(archive));
            } catch (IOException gone) {
                // Not on the stick any more: its folder goes.
            }
        }
        if (!Files.isDirectory(cacheRoot)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(cacheRoot)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                boolean ours = name.startsWith(TEMP_PREFIX) || KEY.matcher(name).matches();
                if (ours && !wanted.contains(name)) {
                    deleteTree(child);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Sanitized file name + a hash of name, size and modification time: what "unchanged" means on a stick. */
    static String key(Path archive) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(archive, BasicFileAttributes.class);
        String name = archive.getFileName().toString();
        String identity = name + "\n" + attributes.size() + "\n" + attributes.lastModifiedTime().toMillis();
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        String readable = name.replaceAll("[^A-Za-z0-9_.-]", "_").replaceFirst("^\\.", "_");
        if (readable.length() > 64) {
            readable = readable.substring(0, 64);
        }
        return readable + "-" + HexFormat.of().formatHex(hash, 0, 8);
    }

    private static Unpacked cached(Path archive, Path folder) throws IOException {
        Path files = folder.resolve(FILES);
        List<String> served;
        try (Stream<Path> walk = Files.walk(files)) {
            served = walk.filter(Files::isRegularFile)
                    .map(p -> files.relativize(p).toString().replace(files.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
        Path warnings = folder.resolve(WARNINGS);
        List<String> lines = Files.exists(warnings) ? Files.readAllLines(warnings, StandardCharsets.UTF_8) : List.of();
        return new Unpacked(archive, files, served, lines);
    }

    /** Makes the unpack visible under its final name in one step; if another unpacker got there first, use its. */
    private static void publish(Path work, Path folder) throws IOException {
        try {
            Files.move(work, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // Same archive, same content: theirs is as good as ours, which the caller's finally deletes.
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache folder " + folder.getParent() + " does not support atomic renames", e);
        }
    }

    /** Refusals name their reason; whatever else went wrong while reading is corruption, unless the stick went away. */
    private static IOException classify(Path archive, Exception e) throws BadArchive {
        Optional<UnpackRun.Refused> refused = cause(e, UnpackRun.Refused.class);
        if (refused.isPresent()) {
            throw new BadArchive(archive, refused.get().getMessage());
        }
        Optional<UnpackRun.CacheFailure> cache = cause(e, UnpackRun.CacheFailure.class);
        if (cache.isPresent()) {
            return (IOException) cache.get().getCause();
        }
        if (!Files.isReadable(archive)) {
            return e instanceof IOException io ? io : new IOException(e);
        }
        boolean blank = e.getMessage() == null || e.getMessage().isBlank();
        String detail = !blank ? e.getMessage()
                : e instanceof EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
        throw new BadArchive(archive, "truncated or corrupt (" + detail + ")");
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** Deletes a folder and everything in it; links are deleted, never followed. A missing folder is fine. */
    static void deleteTree(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // nothing to delete
        }
    }
}
