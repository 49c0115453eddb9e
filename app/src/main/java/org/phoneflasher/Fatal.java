package org.phoneflasher;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread of the box that dies ends the box: a DHCP listener or database writer gone while the rest runs on is a
 * half-alive box whose page still says serving. The exit is non-zero, so the appliance's supervisor starts it again.
 */
public final class Fatal implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Fatal.class);
    /** EX_SOFTWARE: an internal error. */
    public static final int EXIT_CODE = 70;
    /** How long the shutdown hooks (writing what is queued) may take before the process is halted anyway. */
    private static final long HALT_AFTER_MILLIS = 5000;

    private final IntConsumer exit;

    Fatal(IntConsumer exit) {
        this.exit = exit;
    }

    /** Makes every thread's death end the process: set first thing at start. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new Fatal(Fatal::exit));
    }

    /**
     * For an Error caught where it would not end its thread (a task of a pool that goes on): ends the box as if that
     * thread had died, through the handler {@link #install} set; does nothing where none is set (unit tests).
     */
    public static void died(Throwable e) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (handler != null) {
            handler.uncaughtException(Thread.currentThread(), e);
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        try {
            LOG.error("thread {} died of {}: the box stops (exit {}) to be started again", thread.getName(), e, EXIT_CODE, e);
        } catch (Throwable logging) {
            // out of memory even for the message: the exit matters more
        }
        exit.accept(EXIT_CODE);
    }

    /** Runs the shutdown hooks (what is queued gets written), halting if they hang: a dying JVM may never finish them. */
    private static void exit(int code) {
        try {
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MILLIS);
                } catch (InterruptedException ignored) {
                    // halting now is as good
                }
                Runtime.getRuntime().halt(code);
            }, "halt");
            halt.setDaemon(true);
            halt.start();
        } catch (Throwable e) {
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }
}
