package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.phoneflasher.e2e.Await;
import org.phoneflasher.e2e.Exec;
import org.phoneflasher.e2e.Rig;

/**
 * The box booted: scripts/vm/assemble.sh's image (the overlay, the package's files and user, the qemu board's
 * post-build and post-image scripts, on a stand-in base of Debian's kernel, busybox and this host's JRE) in
 * qemu-system-x86_64 under TCG. Its eth0 is a tap on a bridge in a namespace of the test's; a laptop (busybox udhcpc,
 * curl) and a simulated phone sit in namespaces of their own on that bridge. One boot serves the tests in order; the
 * last one cuts the power and boots again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmBootIT {
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration BOOT = Duration.ofSeconds(240);
    /** How often a wait asks the guest or its page: each ask is a console round trip or a request under TCG. */
    private static final Duration GUEST_POLL = Duration.ofMillis(300);
    /** Power-on to the kernel running init: seconds under TCG; past this the boot is stuck in the emulator. */
    private static final Duration EARLY_BOOT = Duration.ofSeconds(60);
    private static final String BOX = "10.10.10.1";
    private static final String VM_MAC = "52:54:00:7a:00:01";
    private static final String PHONE = "001E7A2B3C4D";
    private static final String CUT_PHONE = "001E7A2B3C4E";
    private static final String TARGET = "SIP45.9-4-2SR3-1S";
    private static final long CAP_NET_BIND_SERVICE = 1L << 10;
    private static final long CAP_NET_RAW = 1L << 13;

    private Path work;
    private Path stickFiles;
    private Rig rig;
    private Rig.Host laptop;
    private Rig.Host phone;
    private Vm vm;
    private Path stick;
    private final List<String> figures = new ArrayList<>();

    @BeforeAll
    void boot() throws Exception {
        Rig.requireRoot();
        for (String tool : List.of("qemu-system-x86_64", "mkfs.vfat", "mcopy", "sfdisk", "busybox", "curl")) {
            if (Exec.run(SHORT, List.of("sh", "-c", "PATH=$PATH:/usr/sbin:/sbin command -v " + tool)).exit() != 0) {
                fail("no " + tool + " on this machine: scripts/install-deps installs it (qemu-system-x86, dosfstools, mtools, "
                        + "fdisk, busybox, curl)");
            }
        }
        Path images = Repo.root().resolve("app/target/vm");
        Exec.Result assemble = Exec.run(Duration.ofMinutes(10), List.of(Repo.file("scripts/vm/assemble.sh").toString(),
                "--out", images.toString()));
        if (assemble.exit() != 0) {
            fail("scripts/vm/assemble.sh failed:\n" + assemble.all());
        }
        work = BoxUserland.tempDir("vm");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path disk = work.resolve("disk.img");
        Exec.run(Duration.ofMinutes(2), List.of("cp", "--sparse=always", images.resolve("disk.img").toString(), disk.toString())).ok();
        stickFiles = work.resolve("stick");
        Exec.run(Duration.ofMinutes(2), List.of("java", "-jar", System.getProperty("phoneflasher.jar"), "sample-stick",
                "--out", stickFiles.toString())).ok();

        rig = new Rig();
        Rig.Switch link = rig.newSwitch("link");
        ip("-n", link.ns(), "tuntap", "add", "dev", "tap0", "mode", "tap");
        ip("-n", link.ns(), "link", "set", "tap0", "master", "br0");
        ip("-n", link.ns(), "link", "set", "tap0", "up");
        laptop = rig.host("laptop");
        phone = rig.host("phone");
        rig.plug(laptop, "vlaptop", link, null);
        rig.plug(phone, "vphone", link, null);
        vm = new Vm(link.ns(), "tap0", VM_MAC, images, disk, work, images.resolve("console.log"));

        // The laptop asks for an address from power-on, a DISCOVER a second, as a person who plugs in would.
        Process dhcp = laptopDhcp();
        vm.startPastEarlyBoot(EARLY_BOOT);
        if (!dhcp.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS)) {
            fail("no DHCP lease from the booted box within " + BOOT.toSeconds() + " s:\n" + vm.tail());
        }
        long offer = vm.sinceStart();
        assertEquals(0, dhcp.exitValue(), Files.readString(work.resolve("laptop-dhcp.log")));
        figure("first boot → first DHCP lease on eth0 (its OFFER at most 1 s before): %.1f s", offer / 1e9);
        awaitStatusPage();
        figure("first boot → status page answering: %.1f s (this boot writes the JDK's CDS archive first)", vm.sinceStart() / 1e9);
        vm.login(SHORT);
        long clock = guestSeconds();
        assertTrue(clock < 86_400 * 3, "the board starts in 1970 (no clock, no saved time yet): " + clock);
        assertTrue(vm.console().contains("clock: no saved time in /data/clock"), vm.tail());
        // The first start also writes the app's CDS archive: the app serves once, is stopped, and starts for good.
        awaitGuest("cat /run/phoneflasher/app.pid 2>/dev/null", out -> !out.isBlank(), "the app started after its CDS run");
        awaitStatusPage();
        figure("first boot → status page answering again after the app's CDS run: %.1f s", vm.sinceStart() / 1e9);
    }

    @AfterAll
    void shutDown() throws Exception {
        System.out.println("VmBootIT figures (qemu TCG, 2 vCPUs, 1 GB):");
        figures.forEach(f -> System.out.println("  " + f));
        if (vm != null) {
            vm.close();
        }
        if (rig != null) {
            rig.close();
        }
        if (work != null) {
            BoxUserland.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void initBringsEth0UpWithItsStaticAddressAndStartsTheBoxAsItsUserWithOnlyTwoCapabilities() throws Exception {
        String address = InitScriptIT.eth0Address();
        assertEquals(BOX + "/24", address);
        String eth0 = vm.run("ip -4 addr show dev eth0", SHORT).ok().out();
        assertTrue(eth0.contains("inet " + address + " "), "eth0 as overlay/etc/network/interfaces.default says:\n" + eth0);

        String uid = vm.run("id -u phoneflasher", SHORT).ok().out().strip();
        assertNotEquals("0", uid);
        String status = appStatus();
        assertTrue(status.matches("(?s).*\\nUid:\\s+" + uid + "\\s+" + uid + "\\s+" + uid + "\\s+" + uid + "\\n.*"),
                "the app runs as phoneflasher (uid " + uid + "):\n" + status);
        long both = CAP_NET_BIND_SERVICE | CAP_NET_RAW;
        for (String set : List.of("CapEff", "CapPrm", "CapAmb")) {
            assertEquals(both, caps(status, set), set + ": CAP_NET_BIND_SERVICE and CAP_NET_RAW, nothing else:\n" + status);
        }
        String cmdline = vm.run("tr '\\0' ' ' < /proc/$(cat /run/phoneflasher/app.pid)/cmdline", SHORT).ok().out();
        assertTrue(cmdline.startsWith("/usr/bin/java ") && cmdline.contains("-jar /usr/share/phoneflasher/phoneflasher.jar serve"
                + " --interface eth0 --usb /media/usb --data /data/phoneflasher --http-port 80"), cmdline);
        assertTrue(cmdline.contains("-XX:SharedArchiveFile=/data/phoneflasher/jdk.jsa:/data/phoneflasher/app.jsa"),
                "the JDK's and the app's CDS archives made at first start: " + cmdline);
        String archives = vm.run("grep -i 'class-data-sharing' /var/log/messages", SHORT).ok().out();
        assertTrue(archives.contains("writing the app's class-data-sharing archive") && !archives.contains("no app class-data"),
                archives);

        String page = curl("/");
        assertTrue(page.contains("<html") || page.contains("<!DOCTYPE"), "the status page:\n" + page);
        assertTrue(curl("/api/status").contains("\"interface\":\"eth0\""));
        String syslog = vm.run("cat /var/log/messages", SHORT).ok().out();
        assertTrue(syslog.contains("phoneflasher: ") && syslog.contains("serving /media/usb on eth0"),
                "the app's log reaches syslog:\n" + syslog);
    }

    @Test
    @Order(2)
    void theRootFileSystemIsReadOnlyAndOnlyDataIsWritten() throws Exception {
        String mounts = vm.run("cat /proc/mounts", SHORT).ok().out();
        Map<String, String[]> byPoint = new java.util.HashMap<>();
        for (String line : mounts.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4) {
                byPoint.put(f[1], f);
            }
        }
        assertTrue(byPoint.containsKey("/") && byPoint.get("/")[3].startsWith("ro,"), "/ read-only:\n" + mounts);
        Vm.Result touch = vm.run("touch /etc/written", SHORT);
        assertNotEquals(0, touch.exit(), "writing to / fails: " + touch.out());
        assertTrue(touch.out().contains("Read-only file system"), touch.out());
        List<String> writableDisks = new ArrayList<>();
        for (String[] f : byPoint.values()) {
            if (f[0].startsWith("/dev/") && f[3].startsWith("rw")) {
                writableDisks.add(f[1] + " (" + f[0] + ")");
            }
        }
        assertEquals(List.of("/data (/dev/vda2)"), writableDisks, "the one disk written to:\n" + mounts);
        assertEquals("ext4", byPoint.get("/data")[2]);
        String data = vm.run("ls /data/phoneflasher", SHORT).ok().out();
        assertTrue(data.contains("phoneflasher.db") && data.contains("jdk.jsa") && data.contains("app.jsa"), "the box's files on /data:\n" + data);
    }

    @Test
    @Order(3)
    void aStickHotPluggedIsMountedReadOnlyByMdevAndIndexed() throws Exception {
        assertTrue(curl("/api/bundles").contains("\"present\":false"), "no stick yet: " + curl("/api/bundles"));
        stick = stickImage();
        Path image = stick;
        plug(image, "stick0");
        String mount = awaitGuest("grep ' /media/usb ' /proc/mounts", out -> out.contains(" /media/usb "), "the stick mounted");
        assertTrue(mount.startsWith("/dev/sda1 /media/usb vfat ro,"), "sda1, vfat, read-only: " + mount);
        for (String option : List.of("nosuid", "nodev", "noexec")) {
            assertTrue(mount.contains(option), option + ": " + mount);
        }
        awaitTrue("the stick indexed", () -> curl("/api/bundles").contains(TARGET));
        String syslog = vm.run("grep usb-stick /var/log/messages", SHORT).ok().out();
        assertTrue(syslog.contains("sda1 (vfat) mounted on /media/usb"), syslog);
    }

    @Test
    @Order(4)
    void aPhonePluggedInIsLeasedAndFlashedEndToEnd() throws Exception {
        Path saved = work.resolve("phone");
        long started = System.nanoTime();
        Exec.Result sim = rig.run(phone, Duration.ofMinutes(4), phoneSim(PHONE, saved, "--linger", "12", "--timeout", "60")
                .toArray(String[]::new));
        sim.ok();
        figure("a phone flashed (config, .loads, 5 components, 9.9 MB) end to end: %.1f s", (System.nanoTime() - started) / 1e9);
        String out = sim.out();
        assertTrue(out.contains("DHCP ACK 10.10.10.") && out.contains("option 150 " + BOX), out);
        assertTrue(out.contains("flashed " + TARGET) && out.contains("running " + TARGET), out);
        int compared = 0;
        try (var files = Files.list(saved)) {
            for (Path got : files.toList()) {
                Path original = stickFiles.resolve(got.getFileName().toString());
                if (Files.isRegularFile(original)) {
                    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(got), got.getFileName() + " byte-exact");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 6, "the .loads and its components came from the stick, byte-exact: " + compared + " files\n" + out);
        // On its target, registered with the box's bench registrar in the guest, then its home config taken.
        assertTrue(out.contains("NOTIFY check-sync from the box"), out);
        awaitTrue("DONE on /api/phones/" + PHONE, () -> curl("/api/phones/" + PHONE).contains("\"state\":\"DONE\""));
        String status = appStatus();
        figure("the JVM in the guest after a flash: VmRSS %d MB, VmHWM %d MB", kb(status, "VmRSS") / 1024, kb(status, "VmHWM") / 1024);
    }

    @Test
    @Order(5)
    void theAppKilledIsStartedAgainByTheSupervisor() throws Exception {
        String before = vm.run("cat /run/phoneflasher/app.pid", SHORT).ok().out().strip();
        long killed = System.nanoTime();
        vm.run("kill -9 " + before, SHORT).ok();
        String after = awaitGuest("cat /run/phoneflasher/app.pid 2>/dev/null",
                out -> !out.isBlank() && !out.strip().equals(before), "a new app pid").strip();
        assertNotEquals(before, after);
        awaitStatusPage();
        figure("kill -9 of the app → status page answering again: %.1f s (the supervisor waits 3 s)", (System.nanoTime() - killed) / 1e9);
        String syslog = vm.run("grep 'the app exited' /var/log/messages", SHORT).ok().out();
        assertTrue(syslog.contains("the app exited (137)"), syslog);
        assertTrue(curl("/api/phones/" + PHONE).contains("\"state\":\"DONE\""), "the phone's record kept");
    }

    @Test
    @Order(6)
    void aStickPulledMidTransferEndsItWithATftpErrorAnExfatStickMountsAndASecondStickSwapsTheSet() throws Exception {
        Path flag = work.resolve("pulled");
        Path log = work.resolve("pulled-tftp.log");
        Process tftp = new ProcessBuilder(laptop.exec("python3", slowTftp().toString(), BOX, "cvm45sip.9-4-2ES26.sbn",
                flag.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitTrue("the laptop's TFTP read under way", () -> read(log).contains("paused at"));
            unplug("stick0");
            awaitGuest("grep -c ' /media/usb ' /proc/mounts", out -> out.strip().equals("0"), "the pulled stick unmounted");
            Files.writeString(flag, "go");
            assertTrue(tftp.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS), "the transfer ended:\n" + read(log));
        } finally {
            tftp.destroyForcibly();
        }
        String out = read(log);
        assertEquals(3, tftp.exitValue(), "a TFTP ERROR, not the whole file nor a timeout:\n" + out);
        assertTrue(out.contains("ERROR 0 read error on server (storage removed?)"), out);
        String syslog = vm.run("grep usb-stick /var/log/messages", SHORT).ok().out();
        assertTrue(syslog.contains("sda1 pulled: /media/usb unmounted"), syslog);
        awaitStatusPage();
        awaitTrue("no stick after the pull", () -> curl("/api/bundles").contains("\"present\":false"));

        // An exFAT stick (formatted, empty): mounted read-only as exfat by the same rule.
        plug(stickImage("stick-exfat", "exfat", List.of()), "stick1");
        String mount = awaitGuest("grep ' /media/usb ' /proc/mounts", m -> m.contains(" /media/usb "), "the exFAT stick mounted");
        assertTrue(mount.matches("/dev/sd[a-z]1 /media/usb exfat ro,.*\\n?"), "exFAT, read-only: " + mount);
        assertTrue(vm.run("grep usb-stick /var/log/messages", SHORT).ok().out().contains("(exfat) mounted on /media/usb"));
        awaitStatusPage();
        unplug("stick1");
        awaitGuest("grep -c ' /media/usb ' /proc/mounts", o -> o.strip().equals("0"), "the exFAT stick unmounted");

        // A second set: a stick with only the 7940/7960 loads is served instead.
        List<Path> set7960 = new ArrayList<>();
        for (String f : List.of("P0S3-8-12-00.loads", "P0S3-8-12-00.sb2", "P003-8-12-00.sbn", "OS79XX.TXT")) {
            set7960.add(stickFiles.resolve(f));
        }
        plug(stickImage("stick-7960", "vfat", set7960), "stick2");
        awaitTrue("the second stick's set indexed", () -> {
            String bundles = curl("/api/bundles");
            return bundles.contains("P0S3-8-12-00") && !bundles.contains(TARGET);
        });
        unplug("stick2");
        awaitGuest("grep -c ' /media/usb ' /proc/mounts", o -> o.strip().equals("0"), "the 7960 stick unmounted");

        // And the first one back, for the power cut that follows.
        plug(stick, "stick3");
        awaitTrue("the first stick's set indexed again", () -> curl("/api/bundles").contains(TARGET));
    }

    @Test
    @Order(7)
    void aPowerCutMidFlashThenBootAgainChecksDataAndThePhoneFinishes() throws Exception {
        Path log = work.resolve("cut-phone.log");
        List<String> command = phone.exec(phoneSim(CUT_PHONE, work.resolve("cut-phone"), "--linger", "12", "--timeout", "200",
                "--max-boots", "8").toArray(String[]::new));
        Process sim = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitTrue("the phone's first component fetched", () -> read(log).contains("RRQ jar45sip"));
            // Committed (another reader sees them) before the cut: what the cut may not take is what was committed.
            String db = "/data/phoneflasher/phoneflasher.db";
            String mac = "replace(upper(mac), ':', '') = '" + CUT_PHONE + "'";
            String rows = "sqlite3 -readonly " + db + " \"SELECT 'lease', ip FROM lease WHERE " + mac
                    + "; SELECT 'phone', state FROM phone WHERE " + mac + "\"";
            awaitGuest(rows, out -> out.contains("lease|10.10.10.") && out.contains("phone|"), "the cut phone's rows committed");
            long before = guestSeconds();
            vm.powerCut();
            vm.plugAtBoot(stick); // the stick stays in when the power goes
            vm.startPastEarlyBoot(EARLY_BOOT);
            awaitStatusPage();
            figure("power cut, boot again → status page answering: %.1f s (both CDS archives kept on /data)", vm.sinceStart() / 1e9);
            vm.login(BOOT);
            String boot = vm.console();
            assertTrue(boot.contains("data: checking /dev/vda2"), "fsck of /data at boot:\n" + vm.tail());
            String mounts = vm.run("grep ' /data ' /proc/mounts", SHORT).ok().out();
            assertTrue(mounts.startsWith("/dev/vda2 /data ext4 rw"), mounts);
            long after = guestSeconds();
            assertTrue(after > before, "the clock goes on from the saved time, not from the RTC's 1970 again: "
                    + before + " before the cut, " + after + " after");
            assertTrue(vm.console().contains("clock: set forward to the saved time"), vm.tail());
            assertEquals("ok", vm.run("sqlite3 -readonly " + db + " 'PRAGMA integrity_check'", SHORT).ok().out().strip(),
                    "SQLite's integrity_check in the guest after the power cut");
            String kept = vm.run(rows, SHORT).ok().out();
            assertTrue(kept.contains("lease|10.10.10.") && kept.contains("phone|"),
                    "the cut flash's phone and lease rows, committed before it, survived the cut (every commit synced):\n" + kept);
            assertTrue(sim.waitFor(4, TimeUnit.MINUTES), "the phone finished:\n" + read(log));
            assertEquals(0, sim.exitValue(), read(log));
        } finally {
            sim.descendants().forEach(ProcessHandle::destroyForcibly);
            sim.destroyForcibly();
        }
        String out = read(log);
        assertTrue(out.contains("flashed " + TARGET), out);
        Matcher acks = Pattern.compile("DHCP ACK (\\S+) ").matcher(out);
        List<String> addresses = new ArrayList<>();
        while (acks.find()) {
            addresses.add(acks.group(1));
        }
        assertTrue(addresses.size() >= 2 && addresses.stream().distinct().count() == 1,
                "the phone got its address back after the power cut: " + addresses);
        awaitTrue("DONE after the power cut", () -> curl("/api/phones/" + CUT_PHONE).contains("\"state\":\"DONE\""));
        awaitTrue("the cut flash in the history", () -> curl("/api/history.csv").contains(CUT_PHONE));
        String csv = curl("/api/history.csv");
        assertTrue(csv.contains(PHONE) && csv.contains(CUT_PHONE), "both flashes in the history:\n" + csv);
        // Each flash finished after the one before it: the history never goes back, across the cut and the 1970 RTC.
        String order = vm.run("sqlite3 -readonly /data/phoneflasher/phoneflasher.db \"SELECT count(*), "
                + "(SELECT count(*) FROM flash a JOIN flash b ON b.id > a.id AND b.finished < a.finished), "
                + "(SELECT max(finished) FROM flash) <= CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM flash\"", SHORT)
                .ok().out().strip();
        String[] f = order.split("\\|");
        assertTrue(f.length == 3 && Integer.parseInt(f[0]) >= 2 && f[1].equals("0") && f[2].equals("1"),
                "the flashes in order, none later than the box's clock now (count|backwards|not ahead): " + order);
    }

    @Test
    @Order(8)
    void aWatchdogThatIsNoLongerFedResetsTheBox() throws Exception {
        String syslog = vm.run("grep 'watchdog' /var/log/messages", SHORT).ok().out();
        assertTrue(syslog.contains("feeding /dev/watchdog every 5 s"), "S15watchdog armed the i6300esb:\n" + syslog);
        String feeder = vm.run("pidof watchdog", SHORT).ok().out().strip();
        assertEquals("running", vm.runState());
        long stopped = System.nanoTime();
        // kill -9: no magic close, the timer stays armed, as when the box hangs
        vm.run("kill -9 " + feeder, SHORT).ok();
        Await.until("the watchdog fires", Duration.ofSeconds(150), Duration.ofSeconds(1),
                () -> holds(() -> vm.runState()).equals("watchdog"), vm::tail);
        figure("the watchdog's feeder killed → the i6300esb fires: %.1f s (its timeout: 15 s)", (System.nanoTime() - stopped) / 1e9);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private long guestSeconds() throws Exception {
        return Long.parseLong(vm.run("date +%s", SHORT).ok().out().strip());
    }

    private List<String> phoneSim(String mac, Path save, String... extra) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                "--interface", "vphone", "--mac", mac, "--model", "7965", "--save", save.toString()));
        command.addAll(List.of(extra));
        return command;
    }

    /** busybox udhcpc on the laptop: a DISCOVER a second until it is leased, then the address on vlaptop. */
    private Process laptopDhcp() throws IOException {
        Path script = work.resolve("udhcpc.script");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && ip addr add \"$ip/$mask\" dev \"$interface\"\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The first boot stops the app once (its CDS run): an exchange the first instance offered may go unanswered.
        // A person's DHCP client starts over then, and so does this one, until it has a lease (bounded by BOOT).
        String udhcpc = "busybox udhcpc -i vlaptop -f -q -n -t " + BOOT.toSeconds() + " -T 1 -s " + script;
        return new ProcessBuilder(laptop.exec("sh", "-c", "until " + udhcpc + "; do :; done"))
                .redirectErrorStream(true).redirectOutput(work.resolve("laptop-dhcp.log").toFile()).start();
    }

    /** GET on the status port from the laptop, with the box's address as Host (the port answers only to that). */
    private String curl(String path) {
        return rig.run(laptop, SHORT, "curl", "-sS", "--max-time", "10", "http://" + BOX + path).ok().out();
    }

    private void awaitStatusPage() throws Exception {
        awaitTrue("the status page answers", () -> rig.run(laptop, SHORT, "curl", "-sS", "--max-time", "3",
                "http://" + BOX + "/api/status").out().contains("\"interface\":\"eth0\""));
    }

    private String appStatus() throws Exception {
        return vm.run("cat /proc/$(cat /run/phoneflasher/app.pid)/status", SHORT).ok().out();
    }

    private String awaitGuest(String command, java.util.function.Predicate<String> done, String what) {
        String[] out = {""};
        Await.until(what, Duration.ofSeconds(90), GUEST_POLL, () -> done.test(out[0] = holds(() -> vm.run(command, SHORT).out())),
                () -> command + " said: " + out[0] + "\n" + vm.tail());
        return out[0];
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(String what, Check check) {
        Await.until(what, BOOT, GUEST_POLL, () -> holds(check::holds), vm::tail);
    }

    /** A guest or link call inside a wait: its checked failure ends the wait as a test failure. */
    private static <T> T holds(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A stick plugged into the VM's USB port (QMP): a read-only block node and a usb-storage device, both named {@code id}. */
    private void plug(Path image, String id) throws IOException {
        vm.qmp("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"" + id + "\",\"read-only\":true,"
                        + "\"file\":{\"driver\":\"file\",\"filename\":\"" + image + "\",\"read-only\":true}}}",
                "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"usb-storage\",\"id\":\"" + id + "\",\"bus\":\"xhci.0\","
                        + "\"drive\":\"" + id + "\",\"removable\":true}}");
    }

    /** The stick pulled out of the USB port (its block node stays behind in qemu, unused). */
    private void unplug(String id) throws IOException {
        vm.qmp("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"" + id + "\"}}");
    }

    /**
     * A TFTP client on the laptop that reads a file, stops acknowledging after 100 kB ("paused at" on its output)
     * until {@code flag} exists, then goes on: exit 0 with the whole file, 3 on a TFTP ERROR (printed), 4 on silence.
     */
    private Path slowTftp() throws IOException {
        Path script = work.resolve("slow-tftp.py");
        Files.writeString(script, """
                import os, socket, struct, sys, time
                box, name, flag = sys.argv[1:4]
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.settimeout(60)
                s.sendto(b"\\0\\1" + name.encode() + b"\\0octet\\0", (box, 69))
                got, expect, paused = 0, 1, False
                while True:
                    try:
                        data, peer = s.recvfrom(65536)
                    except socket.timeout:
                        print("no answer after", got, "bytes", flush=True); sys.exit(4)
                    op, arg = struct.unpack("!HH", data[:4])
                    if op == 5:
                        print("ERROR", arg, data[4:].split(b"\\0")[0].decode(errors="replace"), "after", got, "bytes", flush=True)
                        sys.exit(3)
                    if arg == expect & 0xFFFF:
                        got += len(data) - 4
                        expect += 1
                    if got >= 100000 and not paused:
                        paused = True
                        print("paused at", got, flush=True)
                        while not os.path.exists(flag):
                            time.sleep(0.05)
                    s.sendto(struct.pack("!HH", 4, arg), peer)
                    if len(data) - 4 < 512 and arg == (expect - 1) & 0xFFFF:
                        print("whole file", got, flush=True); sys.exit(0)
                """);
        return script;
    }

    /** A stick as sticks come: an MBR with one FAT partition holding the sample stick's files (mkfs.vfat, mtools). */
    private Path stickImage() throws IOException {
        try (var files = Files.list(stickFiles)) {
            return stickImage("stick", "vfat", files.toList());
        }
    }

    /**
     * A stick image {@code name}.img: an MBR with one partition of file system {@code fs} (vfat or exfat) holding
     * {@code files}. mtools writes FAT without mounting; nothing here writes exFAT without a mount (the test's kernel
     * may have no exfat, FUSE needs a block device), so an exFAT stick is formatted and left empty.
     */
    private Path stickImage(String name, String fs, List<Path> files) throws IOException {
        Path part = work.resolve(name + ".part");
        Path image = work.resolve(name + ".img");
        Duration t = Duration.ofMinutes(1);
        if (fs.equals("vfat")) {
            Exec.run(t, List.of("sh", "-c", "PATH=$PATH:/usr/sbin:/sbin; mkfs.vfat -C -n PHONES " + part + " 63488")).ok();
            List<String> mcopy = new ArrayList<>(List.of("mcopy", "-s", "-i", part.toString()));
            files.forEach(f -> mcopy.add(f.toString()));
            mcopy.add("::");
            Exec.run(t, mcopy).ok();
        } else {
            assertTrue(files.isEmpty(), "an exFAT stick is made empty");
            try (var f = new java.io.RandomAccessFile(part.toFile(), "rw")) {
                f.setLength(62L << 20);
            }
            Exec.run(t, List.of("sh", "-c", "PATH=$PATH:/usr/sbin:/sbin; mkfs.exfat -L PHONES " + part + " >/dev/null")).ok();
        }
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        String type = fs.equals("vfat") ? "c" : "7";
        Exec.run(t, List.of("sh", "-c", "echo 'start=2048, type=" + type + "' | PATH=$PATH:/usr/sbin:/sbin sfdisk -q " + image)).ok();
        Exec.run(t, List.of("dd", "if=" + part, "of=" + image, "bs=512", "seek=2048", "conv=notrunc,sparse", "status=none")).ok();
        return image;
    }

    private void figure(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        figures.add(line);
        System.out.println("VmBootIT: " + line);
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Exec.run(SHORT, command).ok();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static long caps(String status, String set) {
        Matcher m = Pattern.compile("(?m)^" + set + ":\\s+([0-9a-f]+)").matcher(status);
        assertTrue(m.find(), status);
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    private static long kb(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
        assertTrue(m.find(), status);
        return Long.parseLong(m.group(1));
    }
}
