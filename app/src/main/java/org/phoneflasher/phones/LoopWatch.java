package org.phoneflasher.phones;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one phone does again and again, counted, and when that is a loop: a phone the box cannot get anywhere is
 * failed with the cause instead of being flashed forever.
 */
final class LoopWatch {
    static final int LIMIT = 3;

    private Instant bootAt;
    private boolean progressSinceBoot = true;
    private int bootsWithoutProgress;
    private int defaultAsks;
    private int sameLoadReturns;
    private final Map<String, Integer> starts = new HashMap<>();

    /**
     * A new boot. True on the {@link #LIMIT}th boot in a row that fetched the config and then nothing, where that
     * counts ({@code counts}: the config named a load and the phone is not known to run the target): a phone that
     * ignores the box's configs, as one with a trust list from a Cisco call manager does.
     */
    boolean booted(Instant now, Instant configAt, boolean counts) {
        if (bootAt != null && configAt != null && configAt.isAfter(bootAt) && !progressSinceBoot && counts) {
            bootsWithoutProgress++;
        } else {
            bootsWithoutProgress = 0;
        }
        bootAt = now;
        progressSinceBoot = false;
        return bootsWithoutProgress >= LIMIT;
    }

    Instant bootAt() {
        return bootAt;
    }

    /** It asked for something past its config this boot. */
    void progressed() {
        progressSinceBoot = true;
    }

    /** It asked again for the load it has just flashed: true when that is once too often (it did not take it). */
    boolean returnedToFlashedLoad() {
        return ++sameLoadReturns >= LIMIT - 1;
    }

    /** It asked for termNN.default.loads: true when it keeps asking and has taken no file. */
    boolean askedDefaultLoads(boolean tookAFile) {
        return ++defaultAsks >= LIMIT && !tookAFile;
    }

    /** It started a component's download: true when it keeps restarting that one. */
    boolean startedComponent(String name) {
        progressSinceBoot = true;
        defaultAsks = 0;
        return starts.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum) > LIMIT;
    }

    /** A new load to download, or none: restarts of the old one no longer count. */
    void forgetStarts() {
        starts.clear();
    }
}
