package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StickWatcherTest {
    @TempDir
    Path tmp;

    @Test
    void indexesAtStartThenOnceForEachSettledChange() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        AtomicInteger indexed = new AtomicInteger();
        // Polled by the test, one look at a time: what it asserts does not depend on how fast the machine is.
        try (StickWatcher watcher = new StickWatcher(stick, Duration.ofMillis(30), indexed::incrementAndGet)) {
            watcher.begin();
            assertEquals(1, indexed.get(), "the first index is done at start");
            watcher.poll();
            watcher.poll();
            assertEquals(1, indexed.get(), "an unchanged stick is not indexed again");
            Files.writeString(stick.resolve("SIP45.9-4-2SR3-1S.loads"), "x");
            watcher.poll();
            assertEquals(1, indexed.get(), "a change is acted on once it has held still for a poll");
            watcher.poll();
            assertEquals(2, indexed.get());
            Files.delete(stick.resolve("SIP45.9-4-2SR3-1S.loads"));
            Files.delete(stick);
            watcher.poll();
            watcher.poll();
            assertEquals(3, indexed.get(), "a pulled stick is a change too");
            watcher.poll();
            watcher.poll();
            assertEquals(3, indexed.get());
        }
    }

    @Test
    void aFileStillGrowingIsNotIndexedUntilItSettles() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        AtomicInteger indexed = new AtomicInteger();
        try (StickWatcher watcher = new StickWatcher(stick, Duration.ofMillis(200), indexed::incrementAndGet)) {
            watcher.begin();
            Path zip = stick.resolve("cmterm.zip");
            // A copy that changes the file between every two polls: nothing is indexed while it runs.
            for (int i = 0; i < 40; i++) {
                Files.write(zip, new byte[1000 * (i + 1)]);
                watcher.poll();
            }
            assertEquals(1, indexed.get(), "indexed while the copy was still running");
            watcher.poll();
            assertEquals(2, indexed.get(), "indexed once the copy held still");
        }
    }

    @Test
    void theTimerPollsOnItsOwn() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        AtomicInteger indexed = new AtomicInteger();
        try (StickWatcher watcher = new StickWatcher(stick, Duration.ofMillis(20), indexed::incrementAndGet)) {
            watcher.start();
            Files.writeString(stick.resolve("SIP45.9-4-2SR3-1S.loads"), "x");
            org.phoneflasher.e2e.Await.until("the change indexed by the watcher's own timer", Duration.ofSeconds(10),
                    () -> indexed.get() == 2, () -> indexed.get() + " index(es)");
        }
    }
}
