package org.phoneflasher.firmware;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/** The USB stick as the box sees it now: watched, indexed again on every change, swapped in whole. */
public final class Stick implements AutoCloseable {
    private final Path mount;
    private final StickIndexer indexer;
    private final EventBus events;
    private final StickWatcher watcher;
    private final AtomicReference<StickIndex> current;

    /** @param data the box's data folder: the archive cache under it, and flasher.conf when the stick has none */
    public Stick(Path mount, Path data, Duration pollEvery, EventBus events) {
        this.mount = mount;
        this.indexer = new StickIndexer(new ArchiveUnpacker(data.resolve("cache"), ArchiveLimits.defaults()), data);
        this.events = events;
        this.current = new AtomicReference<>(StickIndex.absent(mount));
        this.watcher = new StickWatcher(mount, pollEvery, this::reindex);
    }

    /** Indexes the stick once before returning, then keeps watching it. */
    public void start() {
        watcher.start();
    }

    public StickIndex current() {
        return current.get();
    }

    public IndexedFiles files() {
        return new IndexedFiles(current::get);
    }

    /** Indexes the stick again now (the status page's "rescan"), as the watcher does after a change. */
    public StickIndex rescan() {
        reindex();
        return current();
    }

    /** Synchronized: the watcher and a rescan must not unpack into the same cache at once. */
    private synchronized void reindex() {
        StickIndex index = indexer.index(mount);
        current.set(index);
        events.publish(new Event.StickIndexed(Instant.now(), index.present(), index.bundles().size(),
                (int) index.loads().stream().filter(l -> !l.isDefault()).count(), index.problems()));
    }

    @Override
    public void close() {
        watcher.close();
    }
}
