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
 * The box's init scripts, S99phoneflasher and S03settings from the package, run by busybox sh against the real jar in a
 * namespace whose eth0 has the address the network file gives it (overlay/etc/network/interfaces.default, or what
 * S03settings made of it with a phoneflasher.txt), with the overlay's phoneflasher.conf (its JVM flags, port 80, an
 * unprivileged user) and only the paths moved into a temp dir. The boot partition is an ext4 image file (this kernel
 * has no vfat; the box's is PF_BOOT_FSTYPE=vfat), mounted by the script as the card's would be.
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

    @Test
    void withoutPhoneflasherTxtTheBoxKeepsItsBuiltInSettings() throws Exception {
        Path dir = BoxUserland.tempDir("settings-none");
        try {
            BoxUserland userland = new BoxUserland(dir);
            Path conf = settingsConf(dir);
            Exec.Result noPartition = settings(userland, conf);
            assertEquals(0, noPartition.exit(), noPartition.all());
            assertTrue(noPartition.out().contains("no boot partition"), noPartition.all());
            assertBuiltIn(dir, userland);

            bootPartition(dir, null); // a boot partition without the file
            Exec.Result noFile = settings(userland, conf);
            assertEquals(0, noFile.exit(), noFile.all());
            assertTrue(noFile.out().contains("no phoneflasher.txt on"), noFile.all());
            assertBuiltIn(dir, userland);
            assertFalse(Files.exists(dir.resolve("run/boot")), "the boot partition is let go");
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    @Test
    void phoneflasherTxtOnTheBootPartitionGivesTheBoxItsAddressStatusPortAndServeOptions() throws Exception {
        Path dir = BoxUserland.tempDir("settings");
        try (Rig rig = new Rig()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            BoxUserland userland = new BoxUserland(dir);
            Path conf = settingsConf(dir);
            // as a Windows editor saves it: CRLF, spaces around the =
            bootPartition(dir, "# my box\r\naddress = 10.20.30.1/16   # the lab\r\n status_port=8080\r\nserve_options=--lease-time 600\r\n");
            Exec.Result result = settings(userland, conf);
            assertEquals(0, result.exit(), result.all());

            String network = Files.readString(network(dir));
            assertEquals("10.20.30.1/16", eth0Address(network), network);
            String builtIn = Repo.read(Repo.file("overlay/etc/network/interfaces.default"));
            assertEquals(withoutAddress(builtIn), withoutAddress(network), "the rest of the network file is the built-in one");
            assertTrue(userland.syslog().contains("settings: phoneflasher.txt: eth0 is 10.20.30.1/16"), userland.syslog());

            Rig.Switch link = rig.newSwitch("sw");
            Rig.Host box = rig.host("box");
            Rig.Host phone = rig.host("phone");
            rig.plug(box, "eth0", link, eth0Address(network));
            rig.plug(phone, "eth0", link, null);
            Path script = Repo.file("image/package/phoneflasher/S99phoneflasher");
            Exec.Result start = initScript(rig, box, userland, conf, script, "start");
            assertEquals(0, start.exit(), start.all());
            awaitTrue(() -> rig.run(box, SHORT, "curl", "-sS", "--max-time", "2", "http://10.20.30.1:8080/api/status").out()
                    .contains("\"interface\":\"eth0\""), "the status page on phoneflasher.txt's address and port", userland);
            long app = pid(dir.resolve("run/app.pid"));
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(app), "cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains("--http-port 8080 --guard-wait 1 --lease-time 600"), "phoneflasher.txt's port and options after the conf's: " + cmdline);
            Exec.Result lease = rig.run(phone, SHORT, "busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "8", "-T", "1",
                    "-s", "/bin/true");
            assertTrue(lease.all().contains("obtained from 10.20.30.1"), "the phone is leased in the new subnet: " + lease.all());
            assertEquals(0, initScript(rig, box, userland, conf, script, "stop").exit());
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    @Test
    void aBadValueInPhoneflasherTxtIsLoggedAndTheBuiltInOneKept() throws Exception {
        Path dir = BoxUserland.tempDir("settings-bad");
        try {
            BoxUserland userland = new BoxUserland(dir);
            Path conf = settingsConf(dir);
            bootPartition(dir, "address=10.10.10.300/24\nstatus_port=99999\nserve_options=--pool $(reboot)\ncolour=blue\njust words\n");
            Exec.Result result = settings(userland, conf);
            assertEquals(0, result.exit(), result.all());
            assertBuiltIn(dir, userland);
            String syslog = userland.syslog();
            for (String logged : List.of("address=10.10.10.300/24 is not an address/prefix", "status_port=99999 is not a port",
                    "serve_options=--pool $(reboot) has characters", "unknown setting colour", "ignored (not key=value): just words")) {
                assertTrue(syslog.contains("settings: phoneflasher.txt: " + logged), logged + ":\n" + syslog);
            }
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    @Test
    void theExampleOnTheCardUncommentedIsTakenAsIs() throws Exception {
        Path dir = BoxUserland.tempDir("settings-example");
        try {
            BoxUserland userland = new BoxUserland(dir);
            Path conf = settingsConf(dir);
            String example = Repo.read(Repo.file("image/board/raspberrypi4-64/phoneflasher.txt"));
            String uncommented = example.replaceAll("(?m)^#(\\w+=)", "$1");
            assertEquals(3, uncommented.lines().filter(l -> l.matches("\\w+=.*")).count(), uncommented);
            bootPartition(dir, uncommented);
            assertEquals(0, settings(userland, conf).exit());
            assertEquals(eth0Address(), eth0Address(Files.readString(network(dir))));
            String written = Files.readString(dir.resolve("run/settings"));
            assertTrue(written.contains("PF_SETTINGS_HTTP_PORT=80\n") && written.contains("PF_SETTINGS_ARGS='--force-dhcp'\n"), written);
            assertFalse(userland.syslog().matches("(?s).*(is not|has characters|unknown setting|ignored).*"), userland.syslog());
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    @Test
    void optionsTheAppRefusesAreDroppedAndTheBoxServesWithItsOwn() throws Exception {
        Path dir = BoxUserland.tempDir("settings-refused");
        try (Rig rig = new Rig()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            BoxUserland userland = new BoxUserland(dir);
            Path conf = settingsConf(dir);
            bootPartition(dir, "status_port=8080\nserve_options=--no-such-option\n");
            assertEquals(0, settings(userland, conf).exit());
            Rig.Switch link = rig.newSwitch("sw");
            Rig.Host box = rig.host("box");
            rig.plug(box, "eth0", link, eth0Address(Files.readString(network(dir))));
            Path script = Repo.file("image/package/phoneflasher/S99phoneflasher");
            assertEquals(0, initScript(rig, box, userland, conf, script, "start").exit());
            awaitStatus(rig, box, userland);
            assertTrue(userland.syslog().contains("the app exited (2) with phoneflasher.txt's settings (port 8080, options '--no-such-option'): using the built-in ones"),
                    userland.syslog());
            assertEquals(0, initScript(rig, box, userland, conf, script, "stop").exit());
        } finally {
            BoxUserland.deleteTree(dir);
        }
    }

    /** The test conf, with phoneflasher.txt's partition an image file in dir and the network file written into dir. */
    private static Path settingsConf(Path dir) throws IOException {
        Path conf = testConf(dir);
        Files.writeString(conf, String.join("\n", "PF_BOOT_DEVICE=" + dir.resolve("boot.img"), "PF_BOOT_FSTYPE=ext4",
                "PF_NETWORK_DEFAULT=" + Repo.file("overlay/etc/network/interfaces.default"), "PF_NETWORK=" + network(dir), ""),
                java.nio.file.StandardOpenOption.APPEND);
        return conf;
    }

    private static Path network(Path dir) {
        return dir.resolve("run-network/interfaces");
    }

    /** The boot partition: an ext4 image holding phoneflasher.txt with this text (none if null). */
    private static void bootPartition(Path dir, String text) throws IOException {
        Path files = Files.createDirectories(dir.resolve("boot-files"));
        if (text != null) {
            Files.writeString(files.resolve("phoneflasher.txt"), text);
        }
        Exec.run(SHORT, List.of("mkfs.ext4", "-q", "-F", "-d", files.toString(), dir.resolve("boot.img").toString(), "4M")).ok();
    }

    private static Exec.Result settings(BoxUserland userland, Path conf) {
        return Exec.run(SHORT, userland.script(conf, Repo.file("image/package/phoneflasher/S03settings"), "start"));
    }

    /** As built: the network file is the built-in one and S99phoneflasher is given no port or options. */
    private static void assertBuiltIn(Path dir, BoxUserland userland) throws IOException {
        assertEquals(Repo.read(Repo.file("overlay/etc/network/interfaces.default")), Files.readString(network(dir)), userland.syslog());
        Path written = dir.resolve("run/settings");
        assertFalse(Files.exists(written) && Files.readString(written).contains("PF_SETTINGS_"),
                Files.exists(written) ? Files.readString(written) : "");
    }

    private static String withoutAddress(String interfaces) {
        return interfaces.replaceAll("(?m)^\\s+(address|netmask)\\s.*\\n", "");
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

    /** eth0's address in the overlay's built-in network file, as address/prefix. */
    static String eth0Address() {
        return eth0Address(Repo.read(Repo.file("overlay/etc/network/interfaces.default")));
    }

    /** eth0's address in a network file, as address/prefix. */
    static String eth0Address(String interfaces) {
        Matcher stanza = Pattern.compile("(?m)^iface eth0 inet static\\n((?:[ \\t]+\\S.*\\n?)+)").matcher(interfaces);
        assertTrue(stanza.find(), "eth0 is static:\n" + interfaces);
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
