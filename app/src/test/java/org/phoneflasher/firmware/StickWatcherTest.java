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

    static void await(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter.get() < value && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(value, counter.get());
    }

    @Test
    void indexesAtStartThenOnceForEachSettledChange() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        AtomicInteger indexed = new AtomicInteger();
        try (StickWatcher watcher = new StickWatcher(stick, Duration.ofMillis(30), indexed::incrementAndGet)) {
            watcher.start();
            assertEquals(1, indexed.get(), "the first index is done before start returns");
            Thread.sleep(200);
            assertEquals(1, indexed.get(), "an unchanged stick is not indexed again");
            Files.writeString(stick.resolve("SIP45.9-4-2SR3-1S.loads"), "x");
            await(indexed, 2);
            Files.delete(stick.resolve("SIP45.9-4-2SR3-1S.loads"));
            Files.delete(stick);
            await(indexed, 3);
            Thread.sleep(200);
            assertEquals(3, indexed.get());
        }
    }

    @Test
    void aFileStillGrowingIsNotIndexedUntilItSettles() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        AtomicInteger indexed = new AtomicInteger();
        try (StickWatcher watcher = new StickWatcher(stick, Duration.ofMillis(200), indexed::incrementAndGet)) {
            watcher.start();
            Path zip = stick.resolve("cmterm.zip");
            // A copy that changes the file at every poll: nothing is indexed while it runs.
            for (int i = 0; i < 40; i++) {
                Files.write(zip, new byte[1000 * (i + 1)]);
                Thread.sleep(20);
            }
            assertEquals(1, indexed.get(), "indexed while the copy was still running");
            await(indexed, 2);
        }
    }
}
