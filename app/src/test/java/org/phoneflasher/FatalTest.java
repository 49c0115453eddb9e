package org.phoneflasher;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.store.Database;
import org.phoneflasher.store.WriteBehind;

/**
 * A thread dying of an Error ends the process with {@link Fatal#EXIT_CODE} and a line naming the thread and the
 * Error: each case runs in a JVM of its own, with the handler {@code Main} installs, and a real Error on a real thread.
 */
class FatalTest {
    @ParameterizedTest
    @CsvSource({
            "thread, thread worker died of java.lang.StackOverflowError",
            "timer, thread guard died of java.lang.OutOfMemoryError",
            "periodic, thread poller died of java.lang.StackOverflowError",
            "event, died of java.lang.StackOverflowError",
            "writer, thread db-writer died of java.lang.OutOfMemoryError"})
    void aThreadDyingOfAnErrorEndsTheProcessNonZeroSayingWhichAndWhy(String how, String logged, @TempDir Path tmp)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Dying.class.getName(), how).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        boolean ended = child.waitFor(30, TimeUnit.SECONDS);
        System.out.println(how + ": the process ended " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms after it started, exit " + (ended ? child.exitValue() : "none"));
        child.destroyForcibly();
        String all = Files.readString(log, StandardCharsets.UTF_8);
        String out = all.lines().filter(line -> !line.startsWith("\tat ")).collect(Collectors.joining("\n"));
        assertTrue(ended, how + ": the process still runs, half alive:\n" + out);
        assertEquals(Fatal.EXIT_CODE, child.exitValue(), out);
        assertTrue(out.contains(logged), "the log says which thread and why:\n" + out);
        assertFalse(out.contains("still alive"), out);
    }

    /** The child: installs the handler as Main does, makes one thread die, and would say so if it lived on. */
    static final class Dying {
        public static void main(String[] args) throws Exception {
            Fatal.install();
            CountDownLatch never = new CountDownLatch(1);
            switch (args[0]) {
                case "thread" -> new Thread(Dying::recurse, "worker").start();
                case "timer" -> Timers.daemon("guard").execute(() -> {
                    long[] huge = new long[Integer.MAX_VALUE]; // more than any heap: a real OutOfMemoryError
                    huge[0] = 1;
                });
                case "periodic" -> {
                    AtomicInteger runs = new AtomicInteger();
                    ScheduledExecutorService timer = Timers.daemon("poller");
                    timer.scheduleWithFixedDelay(() -> {
                        if (runs.incrementAndGet() == 3) {
                            recurse();
                        }
                    }, 10, 10, TimeUnit.MILLISECONDS);
                }
                case "event" -> {
                    // A pool keeps what its task throws in a Future no one reads, as a web server's pool logs and goes on.
                    EventBus events = new EventBus(10);
                    events.subscribe(event -> recurse());
                    ExecutorService pool = Executors.newSingleThreadExecutor();
                    pool.submit(() -> events.publish(new Event.DhcpServing(Instant.now(), true, "test")));
                }
                case "writer" -> {
                    WriteBehind writes = new WriteBehind(Database.inMemory(), 10);
                    writes.submit(c -> {
                        throw new OutOfMemoryError("Java heap space (thrown by the test)");
                    });
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
            never.await(10, TimeUnit.SECONDS);
            System.out.println("still alive");
            System.exit(0);
        }

        private static void recurse() {
            recurse();
        }
    }
}
