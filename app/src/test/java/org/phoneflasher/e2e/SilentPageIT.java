package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phoneflasher.sim.SampleStick;

/**
 * A phone whose web page swallows SYNs (firewalled, or still booting) must not hold up anyone else. Its own config
 * waits for the ask of its page (the config names the load it takes next), bounded; another device's file is
 * answered at once meanwhile.
 */
class SilentPageIT {
    static final Duration T = Duration.ofSeconds(20);
    static final String SILENT = "001E7A00BBBB";

    @Test
    void aPhoneWhosePageSwallowsSynsHoldsUpNoOneElse() throws Exception {
        Path work = Rig.tempDir("silent");
        Path stick = Files.createDirectories(work.resolve("stick"));
        SampleStick.write(stick, 5);
        Files.write(stick.resolve("small.bin"), new byte[2048]);
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.join(link, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host silent = rig.join(link, "silent", null);
            Rig.Host other = rig.join(link, "other", "10.99.0.3/24");
            rig.run(silent, T, "ip", "link", "set", "vsilent", "address", "00:1e:7a:00:bb:bb").ok();
            rig.run(silent, T, "nft", "add table inet f; add chain inet f in { type filter hook input priority 0; };"
                    + " add rule inet f in tcp dport 80 drop").ok();
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
            Path script = work.resolve("udhcpc.sh");
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && ip addr add \"$ip/$mask\" dev \"$interface\"\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            rig.run(silent, T, "busybox", "udhcpc", "-i", "vsilent", "-f", "-q", "-n", "-t", "4", "-T", "1", "-s", script.toString(),
                    "-V", "Cisco Systems, Inc. IP Phone CP-7965G").ok();

            // The same request with no one waiting: what the client and the namespace cost on this machine now.
            Path small = work.resolve("small.bin");
            long baseline = fetch(rig, other, small);

            // The silent phone asks for its config: its load is unknown, so the box asks its page first.
            Path config = work.resolve("silent.cnf.xml");
            Path configLog = work.resolve("silent-tftp.log");
            long asked = System.nanoTime();
            Process silentTftp = new ProcessBuilder(silent.exec("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get",
                    "SEP" + SILENT + ".cnf.xml", config.toString())).redirectErrorStream(true).redirectOutput(configLog.toFile()).start();
            Await.until("the box to take the silent phone's request", T,
                    () -> server.api("/api/events").contains("SEP" + SILENT + ".cnf.xml"), () -> server.api("/api/events"));

            // Meanwhile another device's file is answered at once: within 300 ms of the same request alone (the page's
            // ask waits up to 1.5 s; before, the listener waited with it).
            long millis = fetch(rig, other, small);
            System.out.println("SilentPageIT: another device's 2 KB file took " + millis + " ms while the silent phone's page was"
                    + " asked (" + baseline + " ms alone)");
            assertEquals(2048, Files.size(small));
            assertTrue(millis - baseline < 300, "another device's 2 KB file took " + millis + " ms while the silent phone's page was"
                    + " asked, " + baseline + " ms alone");
            assertTrue(silentTftp.isAlive() || (System.nanoTime() - asked) / 1_000_000 >= 1000,
                    "the silent phone's own config waited for the ask of its page");

            // The silent phone still gets its config, once its page has had its chance.
            assertTrue(silentTftp.waitFor(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "tftp for the config ended");
            assertEquals(0, silentTftp.exitValue(), Files.readString(configLog));
            String xml = Files.readString(config);
            assertTrue(xml.contains("<loadInformation>" + SampleStick.LOAD_7965 + "</loadInformation>"), xml);
            assertFalse(List.of(server.log().split("\n")).stream().anyMatch(l -> l.contains("ERROR")), server.log());
        }
    }

    /** Fetches small.bin from {@code host}; how long it took, in ms. */
    static long fetch(Rig rig, Rig.Host host, Path into) throws Exception {
        Files.deleteIfExists(into);
        long start = System.nanoTime();
        rig.run(host, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "small.bin", into.toString()).ok();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
