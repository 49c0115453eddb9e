package org.phoneflasher.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes into one transaction a second, so the SD card is not written at every TFTP event. A finished
 * record waits at most that second; on close everything queued is written before the file is closed.
 */
public final class WriteBehind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final int MAX_BATCH = 1000;

    private final Database db;
    private final long everyMillis;
    private final BlockingQueue<Database.SqlWork<?>> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean closing;

    public WriteBehind(Database db, long everyMillis) {
        this.db = db;
        this.everyMillis = everyMillis;
        this.writer = new Thread(this::run, "db-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public void submit(Database.SqlWork<?> work) {
        if (!queue.offer(work)) {
            LOG.warn("database writes are falling behind: one dropped");
        }
    }

    private void run() {
        List<Database.SqlWork<?>> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Database.SqlWork<?> first = queue.poll(everyMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (!closing) {
                    Thread.sleep(everyMillis);
                }
                queue.drainTo(batch, MAX_BATCH);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                closing = true;
            }
        }
    }

    private void write(List<Database.SqlWork<?>> batch) {
        try {
            db.transaction(c -> {
                for (Database.SqlWork<?> work : batch) {
                    work.run(c);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not write {} change(s) to the database: {}", batch.size(), e.getMessage());
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
