package org.phoneflasher.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with its own selector, driving a share of the transfers: it reads the ACKs that are waiting, sends the
 * next blocks and fires the resend timers. Under load one wake-up serves many transfers, where a thread per transfer
 * paid a wake-up and a context switch per block.
 */
final class TransferLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferLoop.class);
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Transfer> arriving = new ConcurrentLinkedQueue<>();
    /** Transfers whose client repeated its RRQ; a set, so a flood of repeats queues nothing. */
    private final Set<Transfer> repeated = ConcurrentHashMap.newKeySet();
    /** Transfers handed to this loop and not yet finished, for choosing the least busy loop. */
    private final AtomicInteger load = new AtomicInteger();
    private final Consumer<Transfer> onFinished;
    /** The loop thread's own list; nothing else touches it. */
    private final List<Transfer> transfers = new ArrayList<>();
    private volatile boolean closed;

    /** {@code onFinished} runs on the loop thread after each transfer ends, however it ended. */
    TransferLoop(String name, Consumer<Transfer> onFinished) throws IOException {
        this.selector = Selector.open();
        this.onFinished = onFinished;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    int load() {
        return load.get();
    }

    /** Hands a new transfer to this loop, which starts it on its own thread. */
    void start(Transfer transfer) {
        load.incrementAndGet();
        arriving.add(transfer);
        selector.wakeup();
        if (closed) {
            abortArrivals(); // the loop may have ended before it could take this one
        }
    }

    /** Tells a transfer of this loop, on the loop's thread, that its client sent its RRQ again. */
    void repeated(Transfer transfer) {
        repeated.add(transfer);
        selector.wakeup();
    }

    /** Ends the loop; running transfers are aborted and their clients told. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(CLOSE_WAIT_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("{} still running after close", thread.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        // ACKs and ERRORs are small; 1 KB leaves room for a confused client's longer packet, which is then refused.
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try {
            while (!closed) {
                for (Transfer transfer; (transfer = arriving.poll()) != null; ) {
                    transfers.add(transfer);
                    transfer.start(selector);
                }
                for (Iterator<Transfer> it = repeated.iterator(); it.hasNext(); ) {
                    Transfer transfer = it.next();
                    it.remove();
                    transfer.onRepeatedRequest(System.nanoTime());
                }
                selector.select(millisUntil(timers()));
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.attachment() instanceof Transfer transfer) {
                        transfer.onReadable(buffer);
                    }
                }
                selector.selectedKeys().clear();
                transfers.removeIf(this::finished);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("TFTP transfer loop {} failed", thread.getName(), e);
        } finally {
            transfers.forEach(transfer -> transfer.abort("server shutting down"));
            transfers.removeIf(this::finished);
            abortArrivals();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector: {}", e.toString());
            }
        }
    }

    private void abortArrivals() {
        for (Transfer transfer; (transfer = arriving.poll()) != null; ) {
            transfer.abort("server shutting down");
            finished(transfer);
        }
    }

    /** Fires the due timers; returns the next deadline (System.nanoTime()), or 0 when no transfer waits. */
    private long timers() {
        long now = System.nanoTime();
        long next = 0;
        for (Transfer transfer : transfers) {
            transfer.onTimer(now);
            if (!transfer.done() && (next == 0 || transfer.deadline() - next < 0)) {
                next = transfer.deadline();
            }
        }
        transfers.removeIf(this::finished);
        return next;
    }

    private boolean finished(Transfer transfer) {
        if (!transfer.done()) {
            return false;
        }
        load.decrementAndGet();
        onFinished.accept(transfer);
        return true;
    }

    private static long millisUntil(long deadline) {
        return deadline == 0 ? 0 : Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
    }
}
