package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.e2e.Exec;
import org.phoneflasher.e2e.Rig;

/**
 * The mdev script of the overlay (lib/mdev/usb-stick), run by busybox sh as mdev runs it: ACTION and MDEV set, in a
 * mount namespace of its own. This kernel cannot mount vfat, so the "devices" are folders under a dev dir of the
 * test's and the conf mounts them with "bind"; the rest is the overlay's conf.
 */
class StickMountIT {
    private static final Duration SHORT = Duration.ofSeconds(20);

    private Path dir;
    private Path mountPoint;
    private Path conf;
    private BoxUserland userland;
    private Process mounts;

    @BeforeEach
    void setUp() throws Exception {
        Rig.requireRoot();
        dir = BoxUserland.tempDir("stick");
        userland = new BoxUserland(dir);
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.writeString(Files.createDirectories(dev.resolve("sdz1")).resolve("SIP45.9-4-2SR3-1S.loads"), "first stick");
        Files.writeString(Files.createDirectories(dev.resolve("sdy1")).resolve("P0S3-8-12-00.loads"), "second stick");
        Files.writeString(dev.resolve("sdz"), "a whole disk: its partitions hold the file system");
        mountPoint = dir.resolve("media/usb");
        conf = dir.resolve("phoneflasher.conf");
        Files.writeString(conf, String.join("\n",
                ". " + Repo.file("overlay/etc/phoneflasher.conf"),
                "PF_USB=" + mountPoint,
                "PF_RUN=" + dir.resolve("run"),
                "PF_DEV_DIR=" + dev,
                "PF_USB_FSTYPES=none",
                "PF_USB_MOUNT_OPTS=bind",
                ""));
        // a mount namespace that lives as long as the test: each step of mdev's runs in it
        mounts = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sleep", "600").start();
        Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (Files.readSymbolicLink(Path.of("/proc", String.valueOf(mounts.pid()), "ns/mnt")).equals(own)) {
            if (System.nanoTime() > deadline || !mounts.isAlive()) {
                throw new AssertionError("unshare -m gave no mount namespace of its own");
            }
            Thread.sleep(10);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (mounts != null) {
            mounts.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        BoxUserland.deleteTree(dir);
    }

    @Test
    void aStickIsMountedWhenPluggedAndLetGoWhenPulledOneAtATime() throws Exception {
        assertEquals(0, mdev("add", "sdz").exit(), "a whole disk that does not mount is no error");
        assertEquals(List.of(), listed(), "nothing mounted for sdz");

        mdev("add", "sdz1").ok();
        assertEquals(List.of("SIP45.9-4-2SR3-1S.loads"), listed());
        assertTrue(mountsTable().contains(" " + mountPoint + " "), mountsTable());
        assertTrue(userland.syslog().contains("usb-stick: sdz1 (none) mounted on " + mountPoint), userland.syslog());

        mdev("add", "sdy1").ok();
        assertEquals(List.of("SIP45.9-4-2SR3-1S.loads"), listed(), "a second stick leaves the first in place");
        mdev("remove", "sdy1").ok();
        assertEquals(List.of("SIP45.9-4-2SR3-1S.loads"), listed(), "pulling the second one leaves the first in place");

        mdev("remove", "sdz1").ok();
        assertEquals(List.of(), listed(), "pulled: the mount point is empty");
        assertFalse(mountsTable().contains(" " + mountPoint + " "), mountsTable());
        assertTrue(userland.syslog().contains("usb-stick: sdz1 pulled: " + mountPoint + " unmounted"), userland.syslog());

        mdev(null, "sdy1").ok(); // mdev's first scan at boot sets no ACTION
        assertEquals(List.of("P0S3-8-12-00.loads"), listed(), "the next stick mounts");
        mdev("remove", "sdy1").ok();
        assertEquals(List.of(), listed());
        assertFalse(mountsTable().contains(" " + mountPoint + " "), mountsTable());
        try (var outside = Files.list(mountPoint)) {
            assertEquals(0, outside.count(), "nothing of it leaks out of the namespace");
        }
    }

    private Exec.Result mdev(String action, String device) {
        List<String> command = new ArrayList<>(inMounts("env", "MDEV=" + device));
        if (action != null) {
            command.add("ACTION=" + action);
        }
        command.addAll(userland.script(conf, Repo.file("overlay/lib/mdev/usb-stick")));
        return Exec.run(SHORT, command);
    }

    private List<String> listed() {
        String out = Exec.run(SHORT, inMounts("ls", "-A", mountPoint.toString())).ok().out();
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    private String mountsTable() {
        return Exec.run(SHORT, inMounts("cat", "/proc/self/mounts")).ok().out();
    }

    private List<String> inMounts(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(mounts.pid()), "-m"));
        full.addAll(List.of(command));
        return full;
    }
}
