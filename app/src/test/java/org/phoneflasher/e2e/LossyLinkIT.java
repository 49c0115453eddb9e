package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Phones on a bad link: 5 % loss, duplication and reordering (netem where the kernel has it, else nftables and an
 * htb class) on each phone's side; every bundle arrives byte-exact and no transfer is given up. The longer version is
 * scripts/soak.sh.
 */
class LossyLinkIT {
    static final int PHONES = Integer.getInteger("lossy.phones", 20);
    /** 3 % of real sizes: ~280 KB, ~550 blocks at 512; at 5 % loss each way and a 1 s retransmit timeout, ~1 min. */
    static final int PERCENT = Integer.getInteger("lossy.percent", 3);
    static final Duration T = Duration.ofSeconds(20);

    /** Impairs {@code dev} in {@code host} with scripts/impair-link (shared with soak.sh); skips the test if it cannot. */
    static String impair(Rig rig, Rig.Host host, String dev) {
        Exec.Result r = rig.run(host, T, Path.of(System.getProperty("phoneflasher.scripts"), "impair-link").toString(), dev);
        Assumptions.assumeTrue(r.exit() == 0, r.err().strip() + ": skipping the lossy-link test");
        return r.out().strip();
    }

    /** Packets an htb class sent, from {@code tc -s class show}: "Sent 336 bytes 4 pkt …". */
    static long heldBack(String tcStats) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sent \\d+ bytes (\\d+) pkt").matcher(tcStats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void everyBundleArrivesByteExactOverALossyLink() throws Exception {
        Path work = Rig.tempDir("lossy");
        Path stick = work.resolve("stick");
        Exec.run(T, List.of("java", "-jar", System.getProperty("phoneflasher.jar"), "sample-stick", "--out", stick.toString(),
                "--percent", String.valueOf(PERCENT))).ok();
        List<String> files = new ArrayList<>(List.of("SIP45.9-4-2SR3-1S.loads"));
        for (String line : Files.readString(stick.resolve("SIP45.9-4-2SR3-1S.loads"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .split("\n")) {
            if (line.strip().endsWith(".sbn")) {
                files.add(line.strip());
            }
        }
        assertEquals(6, files.size(), files.toString());
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.boxOn(link);
            List<Rig.Host> phones = new ArrayList<>();
            String how = null;
            for (int i = 0; i < PHONES; i++) {
                Rig.Host phone = rig.host("p" + i);
                rig.plug(phone, "vph", link, "10.99.0." + (10 + i) + "/24");
                how = impair(rig, phone, "vph");
                phones.add(phone);
            }
            System.out.println("LossyLinkIT: " + PHONES + " phones, " + how);
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data")).start();

            ExecutorService pool = Executors.newFixedThreadPool(PHONES);
            List<Future<Exec.Result>> runs = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < PHONES; i++) {
                Path dir = Files.createDirectories(work.resolve("phone" + i));
                StringBuilder script = new StringBuilder("cd " + dir + " && for f in");
                files.forEach(f -> script.append(' ').append(f));
                // tftp-hpa as a phone: plain 512-byte blocks, no options; each file timed, failures loud.
                script.append("; do s=$(date +%s%N); tftp -m binary ").append(BoxProcess.ADDRESS)
                        .append(" -c get $f || exit 1; echo \"$f $(( ($(date +%s%N) - s) / 1000000 ))\"; done");
                Rig.Host phone = phones.get(i);
                runs.add(pool.submit(() -> rig.run(phone, Duration.ofMinutes(6), "sh", "-c", script.toString())));
            }
            long slowestFileMs = 0;
            for (Future<Exec.Result> run : runs) {
                Exec.Result r = run.get().ok();
                assertFalse(r.all().contains("timed out"), "a client gave up: " + r.all());
                for (String line : r.out().split("\n")) {
                    if (line.matches("\\S+ \\d+")) {
                        slowestFileMs = Math.max(slowestFileMs, Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
                    }
                }
            }
            pool.shutdown();
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            for (int i = 0; i < PHONES; i++) {
                for (String f : files) {
                    assertEquals(sha256(stick.resolve(f)), sha256(work.resolve("phone" + i).resolve(f)), "phone " + i + " " + f);
                }
            }
            String log = server.log();
            // Every client finished byte-exact within its own bound (tftp-hpa gives up after 25 s without a packet).
            // The box may still log transfers it gave up: a duplicated RRQ arriving after its transfer ended starts a
            // second one to the same client port, which the client never answers; counted, not failed on. (A lost
            // final ACK is not one of them: silence after the last block is taken as delivered.)
            long givenUp = log.lines().filter(l -> l.contains(" failed after ")).count();
            long held = 0;
            if (how.contains("held ~1.3 s")) {
                for (Rig.Host phone : phones) {
                    held += heldBack(rig.run(phone, T, "tc", "-s", "class", "show", "dev", "vph", "classid", "1:20").ok().out());
                }
                assertTrue(held > 0, "the reordering class held no packet back: the test would not test reordering");
            }
            System.out.printf("LossyLinkIT: %d bundles (%d files each) byte-exact in %d s; slowest file %d ms; %d packets arrived"
                    + " late, out of order; %d transfers given up by the box (second transfers started by duplicated RRQs)%n", PHONES, files.size(), seconds,
                    slowestFileMs, held, givenUp);
        }
    }
}
