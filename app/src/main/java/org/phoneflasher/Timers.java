package org.phoneflasher;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The box's background timers: one named daemon thread each, so a stuck timer never keeps the JVM from exiting. */
public final class Timers {
    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private Timers() {}

    public static ScheduledExecutorService daemon(String name) {
        return new Timer(name);
    }

    /**
     * A scheduled task that throws is kept in its future, where no one looks, and a periodic one silently stops. An
     * Error is thrown again here, so it ends the timer's thread and reaches {@link Fatal}; an exception is logged (not
     * a restart: a device on the link that can make a probe throw must not be able to restart the box at will).
     */
    private static final class Timer extends ScheduledThreadPoolExecutor {
        private final String name;

        Timer(String name) {
            super(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            this.name = name;
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            if (thrown == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    thrown = e.getCause();
                } catch (CancellationException | InterruptedException e) {
                    // cancelled or shut down: nothing went wrong
                }
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            if (thrown != null) {
                LOG.error("a task of timer {} failed; it does not run again", name, thrown);
            }
        }
    }
}
