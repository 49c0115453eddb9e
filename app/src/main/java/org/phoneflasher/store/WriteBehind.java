package org.phoneflasher.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes into one transaction a second, so the SD card is not written at every TFTP event. A finished
 * record waits at most that second; on close everything queued is written before the file is closed.
 *
 * <p>The one owner of "can the box write its database now": when the disk refuses a batch (full, read-only, I/O
 * error), the batch is kept and tried again every period, later changes wait behind it (up to {@link #BACKLOG}),
 * and DHCP and TFTP go on from memory; {@link #status()} says so until a batch is written again.
 */
public final class WriteBehind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final int MAX_BATCH = 1000;
    private static final int QUEUED = 100_000;
    /** While the disk refuses writes, changes kept in memory for it: a few minutes of a busy box, a few MB of heap. */
    static final int BACKLOG = 10_000;

    /** What {@code /api/status} says about the database. */
    public record StorageStatus(boolean writable, String reason, Instant since, int waiting, long dropped, String setAside) {}

    private record Failure(String reason, Instant since) {}

    /** A write asked for at once that had to wait behind: later writes at once wait behind it too, in order. */
    private record Deferred(Database.SqlWork<?> work) implements Database.SqlWork<Object> {
        @Override
        public Object run(java.sql.Connection connection) throws java.sql.SQLException {
            return work.run(connection);
        }
    }

    private final Database db;
    private final long everyMillis;
    private final Clock clock;
    private final BlockingQueue<Database.SqlWork<?>> queue = new LinkedBlockingQueue<>(QUEUED);
    private final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile Failure failing;
    private volatile boolean closing;

    public WriteBehind(Database db, long everyMillis) {
        this(db, everyMillis, Clock.systemUTC());
    }

    public WriteBehind(Database db, long everyMillis, Clock clock) {
        this.db = db;
        this.everyMillis = everyMillis;
        this.clock = clock;
        this.writer = new Thread(this::run, "db-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public void submit(Database.SqlWork<?> work) {
        boolean full = failing != null && queue.size() + inFlight.get() >= BACKLOG;
        if (full || !queue.offer(work)) {
            if (dropped.getAndIncrement() == 0 || full && dropped.get() % BACKLOG == 0) {
                LOG.warn("database writes are falling behind: {} change(s) dropped so far", dropped.get());
            }
        }
    }

    /**
     * Written and synced to the card before this returns when the disk takes it (a power cut a moment later does not
     * lose it); otherwise kept, in order, and written once it does.
     */
    public void now(Database.SqlWork<?> work) {
        if (failing == null && deferred.get() == 0) {
            try {
                db.transaction(work);
                return;
            } catch (Database.StoreException e) {
                if (!e.storageFailure()) {
                    throw e;
                }
                failed(e.getMessage(), 1);
            }
        }
        deferred.incrementAndGet();
        if (!queue.offer(new Deferred(work))) {
            deferred.decrementAndGet();
            dropped.incrementAndGet();
            LOG.warn("database writes are falling behind: one written at once dropped");
        }
    }

    public StorageStatus status() {
        String setAside = db.setAside().map(Object::toString).orElse(null);
        int waiting = queue.size() + inFlight.get();
        if (db.notKept().isPresent()) {
            return new StorageStatus(false, db.notKept().get() + "; nothing is kept across a restart", null, 0, dropped.get(),
                    setAside);
        }
        Failure failure = failing;
        return failure == null
                ? new StorageStatus(true, null, null, waiting, dropped.get(), setAside)
                : new StorageStatus(false, failure.reason(), failure.since(), waiting, dropped.get(), setAside);
    }

    private void run() {
        List<Database.SqlWork<?>> batch = new ArrayList<>();
        // A batch taken but not yet written when close() interrupts the wait is written too, not dropped.
        while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Database.SqlWork<?> first = queue.poll(everyMillis, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                if (!closing) {
                    Thread.sleep(everyMillis);
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                inFlight.set(batch.size());
                if (write(batch)) {
                    batch.clear();
                    inFlight.set(0);
                } else if (closing) {
                    LOG.warn("stopping with {} change(s) the database could not take", batch.size() + queue.size());
                    return;
                }
            } catch (InterruptedException e) {
                closing = true;
            }
        }
    }

    /** False when the storage refused the batch: it is kept to be tried again. */
    private boolean write(List<Database.SqlWork<?>> batch) {
        try {
            db.transaction(c -> {
                for (Database.SqlWork<?> work : batch) {
                    work.run(c);
                }
                return null;
            });
        } catch (Database.StoreException e) {
            if (e.storageFailure()) {
                failed(e.getMessage(), batch.size());
                return false;
            }
            LOG.warn("could not write {} change(s) to the database: {}", batch.size(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("could not write {} change(s) to the database: {}", batch.size(), e.getMessage());
        }
        int written = (int) batch.stream().filter(Deferred.class::isInstance).count();
        deferred.addAndGet(-written);
        Failure was = failing;
        if (was != null) {
            failing = null;
            LOG.info("the database is written again ({} s after it refused): {} change(s) kept meanwhile, {} dropped so far",
                    java.time.Duration.between(was.since(), clock.instant()).toSeconds(), batch.size() + queue.size(),
                    dropped.get());
        }
        return true;
    }

    private void failed(String reason, int kept) {
        if (failing == null) {
            failing = new Failure(reason, clock.instant());
            LOG.error("the database cannot be written ({}): DHCP and TFTP go on from memory; {} change(s) kept to write once "
                    + "it can", reason, kept);
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
