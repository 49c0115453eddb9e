package org.phoneflasher;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The box's background timers: one named daemon thread each, so a stuck timer never keeps the JVM from exiting. */
public final class Timers {
    private Timers() {}

    public static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
