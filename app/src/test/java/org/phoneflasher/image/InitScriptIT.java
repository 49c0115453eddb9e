package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.phoneflasher.e2e.Exec;
import org.phoneflasher.e2e.Rig;

/**
 * The box's init script, S99phoneflasher from the overlay, run by busybox sh against the real jar in a namespace whose
 * eth0 has the address overlay/etc/network/interfaces gives it, with the overlay's phoneflasher.conf (its JVM flags,
 * port 80, an unprivileged user) and only the paths moved into a temp dir.
 */
class InitScriptIT {
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final long CAP_NET_BIND_SERVICE = 1L << 10;

    @Test
    void theBoxStartsServesAsItsOwnUserComesBackAfterAKillAndStopsWithNothingLeft() throws Exception {
        Path dir = BoxUserland.tempDir("init");
        try (Rig rig = new Rig()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // nobody runs the jar
            BoxUserland userland = new BoxUserland(dir);
            Path script = Repo.file("image/package/phoneflasher/S99phoneflasher");
            Path conf = testConf(dir);
            Path run = dir.resolve("run");

            String address = eth0Address();
            assertEquals("10.10.10.1/24", address, "the box's address, as README tells");
            Rig.Switch link = rig.newSwitch("sw");
            Rig.Host box = rig.host("box");
            Rig.Host phone = rig.host("phone");
            rig.plug(box, "eth0", link, address);
            rig.plug(phone, "eth0", link, null);

            Exec.Result start = initScript(rig, box, userland, conf, script, "start");
            assertEquals(0, start.exit(), start.all());
            assertTrue(start.out().contains("Starting phoneflasher: OK"), start.all());
            awaitStatus(rig, box, userland);
            long app = pid(run.resolve("app.pid"));
            String proc = Files.readString(Path.of("/proc", String.valueOf(app), "status"));
            String nobody = Exec.run(SHORT, List.of("id", "-u", "nobody")).ok().out().trim();
            assertTrue(proc.matches("(?s).*\\nUid:\\s+" + nobody + "\\s.*"), "the app runs as nobody (PF_USER):\n" + proc);
            assertTrue((capEff(proc) & CAP_NET_BIND_SERVICE) != 0, "and keeps CAP_NET_BIND_SERVICE:\n" + proc);
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(app), "cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains("-XX:+UseSerialGC") && cmdline.contains("-Xmx") && cmdline.contains("-XX:+ExitOnOutOfMemoryError"), "the conf's JVM flags: " + cmdline);
            assertTrue(cmdline.contains("-XX:SharedArchiveFile=" + dir.resolve("data/jdk.jsa")), "its CDS archive: " + cmdline);
            assertTrue(cmdline.contains("serve --interface eth0 --usb " + dir.resolve("stick")), cmdline);

            // as an unprivileged user it still answers DHCP on port 67, on eth0
            Exec.Result lease = rig.run(phone, SHORT, "busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "8", "-T", "1",
                    "-s", "/bin/true");
            assertEquals(0, lease.exit(), lease.all());
            assertTrue(lease.all().contains("obtained from 10.10.10.1"), lease.all());

            Exec.Result again = initScript(rig, box, userland, conf, script, "start");
            assertTrue(again.out().contains("running already"), again.all());

            ProcessHandle.of(app).orElseThrow().destroyForcibly();
            awaitTrue(() -> pidOrZero(run.resolve("app.pid")) != 0 && pidOrZero(run.resolve("app.pid")) != app,
                    "the supervisor starts the app again after kill -9", userland);
            awaitStatus(rig, box, userland);
            assertTrue(userland.syslog().contains("phoneflasher: the app exited (137)"), userland.syslog());

            long supervisor = pid(run.resolve("supervisor.pid"));
            Exec.Result restart = initScript(rig, box, userland, conf, script, "restart");
            assertEquals(0, restart.exit(), restart.all());
            assertNotEquals(supervisor, pid(run.resolve("supervisor.pid")), "restart: a new supervisor");
            awaitStatus(rig, box, userland);
            assertTrue(initScript(rig, box, userland, conf, script, "status").out().contains("phoneflasher is running"));

            Exec.Result stop = initScript(rig, box, userland, conf, script, "stop");
            assertEquals(0, stop.exit(), stop.all());
            assertTrue(stop.out().contains("Stopping phoneflasher: OK"), stop.all());
            awaitTrue(() -> Exec.run(SHORT, List.of("ip", "netns", "pids", box.ns())).ok().out().isBlank(),
                    "nothing left running in the box's namespace after stop", userland);
            assertEquals(3, initScript(rig, box, userland, conf, script, "status").exit());
            assertFalse(Files.exists(run.resolve("app.pid")) || Files.exists(run.resolve("supervisor.pid")), "pid files removed");
            String syslog = userland.syslog();
            assertTrue(syslog.contains("phoneflasher: ") && syslog.contains("serving "), "the app's log reaches syslog:\n" + syslog);
            assertTrue(syslog.contains("phoneflasher: stopped"), syslog);
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    @Test
    void anAppThatKeepsDyingAtOnceIsStartedLessAndLessOften() throws Exception {
        Path dir = BoxUserland.tempDir("init-backoff");
        try (Rig rig = new Rig()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            BoxUserland userland = new BoxUserland(dir);
            Path script = Repo.file("image/package/phoneflasher/S99phoneflasher");
            // A JVM that cannot start (as one that runs out of memory at once would, -XX:+ExitOnOutOfMemoryError: 3).
            Path dying = dir.resolve("dying-java");
            Files.writeString(dying, "#!/bin/sh\necho 'Terminating due to java.lang.OutOfMemoryError: Java heap space'\nexit 3\n");
            Files.setPosixFilePermissions(dying, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path conf = testConf(dir);
            Files.writeString(conf, String.join("\n", "PF_JAVA=" + dying, "PF_CDS=", "PF_RESTART_DELAY=1",
                    "PF_RESTART_MAX_DELAY=4", "PF_RESTART_QUICK=30", ""), java.nio.file.StandardOpenOption.APPEND);
            Rig.Host box = rig.host("box");

            Exec.Result start = initScript(rig, box, userland, conf, script, "start");
            assertEquals(0, start.exit(), start.all());
            awaitTrue(() -> syslogOf(userland).split("starting it again in 4 s", -1).length > 2,
                    "the back-off doubled up to its cap, and stays there", userland);
            String syslog = userland.syslog();
            List<String> delays = Pattern.compile("the app exited \\(3\\) after \\d+ s; starting it again in (\\d+) s")
                    .matcher(syslog).results().map(r -> r.group(1)).toList();
            assertEquals(List.of("1", "2", "4", "4"), delays.subList(0, 4), syslog);
            assertTrue(syslog.contains("OutOfMemoryError"), "what the dying JVM said reaches syslog:\n" + syslog);
            Exec.Result stop = initScript(rig, box, userland, conf, script, "stop");
            assertTrue(stop.out().contains("Stopping phoneflasher: OK"), "a stop during the back-off's wait: " + stop.all());
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    /** The overlay's conf with the paths, the user and the waits moved for a test. */
    private static Path testConf(Path dir) throws IOException {
        Path jar = dir.resolve("phoneflasher.jar");
        Files.copy(Path.of(System.getProperty("phoneflasher.jar", "target/phoneflasher.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Files.setPosixFilePermissions(stick, PosixFilePermissions.fromString("rwxr-xr-x"));
        String group = Exec.run(SHORT, List.of("id", "-gn", "nobody")).ok().out().trim();
        Path conf = dir.resolve("phoneflasher.conf");
        Files.writeString(conf, String.join("\n",
                ". " + Repo.file("overlay/etc/phoneflasher.conf"),
                "PF_JAVA=" + Path.of(System.getProperty("java.home"), "bin", "java"),
                "PF_JAR=" + jar,
                "PF_USB=" + stick,
                "PF_DATA=" + dir.resolve("data"),
                "PF_CDS=" + dir.resolve("data/jdk.jsa"),
                "PF_APP_CDS=", // its first-start run (the app started and stopped once) is VmBootIT's
                "PF_RUN=" + dir.resolve("run"),
                "PF_USER=nobody",
                "PF_GROUP=" + group,
                "PF_ARGS=\"--guard-wait 1\"",
                "PF_RESTART_DELAY=1",
                ""));
        return conf;
    }

    /** eth0's address in overlay/etc/network/interfaces, as address/prefix. */
    static String eth0Address() {
        String interfaces = Repo.read(Repo.file("overlay/etc/network/interfaces"));
        Matcher stanza = Pattern.compile("(?m)^iface eth0 inet static\\n((?:[ \\t]+\\S.*\\n?)+)").matcher(interfaces);
        assertTrue(stanza.find(), "eth0 is static in overlay/etc/network/interfaces:\n" + interfaces);
        Matcher address = Pattern.compile("address\\s+(\\S+)").matcher(stanza.group(1));
        Matcher netmask = Pattern.compile("netmask\\s+(\\S+)").matcher(stanza.group(1));
        assertTrue(address.find() && netmask.find(), stanza.group(1));
        int prefix = 0;
        for (String octet : netmask.group(1).split("\\.")) {
            prefix += Integer.bitCount(Integer.parseInt(octet));
        }
        return address.group(1) + "/" + prefix;
    }

    private static Exec.Result initScript(Rig rig, Rig.Host box, BoxUserland userland, Path conf, Path script, String action) {
        return rig.run(box, Duration.ofSeconds(60), userland.script(conf, script, action).toArray(String[]::new));
    }

    private static void awaitStatus(Rig rig, Rig.Host box, BoxUserland userland) throws Exception {
        awaitTrue(() -> {
            Exec.Result status = rig.run(box, SHORT, "curl", "-sS", "--max-time", "2", "http://10.10.10.1:80/api/status");
            return status.exit() == 0 && status.out().contains("\"interface\":\"eth0\"");
        }, "the box answers http://10.10.10.1/api/status", userland);
    }

    private static void awaitTrue(BooleanSupplier condition, String what, BoxUserland userland) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 60 s: " + what + "\nsyslog:\n" + userland.syslog());
    }

    private static String syslogOf(BoxUserland userland) {
        try {
            return userland.syslog();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static long pidOrZero(Path file) {
        try {
            return pid(file);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long capEff(String procStatus) {
        Matcher m = Pattern.compile("(?m)^CapEff:\\s+([0-9a-f]+)").matcher(procStatus);
        assertTrue(m.find(), procStatus);
        return Long.parseUnsignedLong(m.group(1), 16);
    }
}
