package org.phoneflasher.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.phoneflasher.Timers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a stick inserted, pulled or changed by polling a cheap fingerprint of the mount point: names, sizes and
 * times of its files plus the device the folder lives on. Polling, not inotify, because a mount or an unmount over
 * the folder produces no inotify event on it. A change is acted on once the fingerprint holds still for one poll,
 * so a zip half-way through being copied is not indexed as corrupt.
 */
public final class StickWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StickWatcher.class);
    /** A stick with more files than this is junk; the index judges it, the watcher just stops counting. */
    private static final int MAX_ENTRIES = 20_000;
    private static final int MAX_DEPTH = 6;

    private final Path stick;
    private final Duration every;
    private final Runnable onChange;
    private final ScheduledExecutorService timer = Timers.daemon("stick-watcher");
    private Object indexed;
    private Object pending;

    public StickWatcher(Path stick, Duration every, Runnable onChange) {
        this.stick = stick;
        this.every = every;
        this.onChange = onChange;
    }

    /** Calls onChange once now, then whenever the stick has changed and settled. */
    public void start() {
        begin();
        timer.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first index, without the timer: tests drive {@link #poll} themselves. */
    void begin() {
        indexed = fingerprint(stick);
        pending = indexed;
        onChange.run();
    }

    /** One look at the stick; the timer's thread calls it every period. */
    synchronized void poll() {
        try {
            Object now = fingerprint(stick);
            if (Objects.equals(now, indexed)) {
                pending = now;
                return;
            }
            if (Objects.equals(now, pending)) {
                LOG.info("stick at {} changed: indexing it again", stick);
                indexed = now;
                onChange.run();
            } else {
                pending = now;
            }
        } catch (RuntimeException e) {
            LOG.warn("watching {} failed: {}", stick, e.toString());
        }
    }

    /** Equal fingerprints mean nothing a phone could fetch has changed. */
    static Object fingerprint(Path root) {
        List<Object> parts = new ArrayList<>();
        try {
            BasicFileAttributes rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
            parts.add(rootAttributes.fileKey());
            parts.add(rootAttributes.lastModifiedTime());
        } catch (IOException e) {
            return List.of("absent");
        }
        try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
            files.limit(MAX_ENTRIES).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    parts.add(List.of(root.relativize(p).toString(), a.size(), a.lastModifiedTime(), a.isDirectory()));
                } catch (IOException e) {
                    parts.add(List.of(root.relativize(p).toString(), "unreadable"));
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            parts.add("walk failed: " + e.getMessage());
        }
        return parts;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
