package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.TestClock;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;
import org.phoneflasher.net.Mac;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** A phone's flash told through the events the servers publish, and what the tracker makes of them. */
class PhoneTrackerTest {
    static final Mac MAC = new Mac("001E7A2B3C4D");
    static final String TARGET = "SIP45.9-4-2SR3-1S";
    static final String STEP = "SIP45.8-5-2S";
    static final String VENDOR = "Cisco Systems, Inc. IP Phone CP-7965G";

    @TempDir
    Path tmp;
    EventBus bus = new EventBus(1000);
    StickIndex index;
    Memory history = new Memory();
    TestClock clock = new TestClock(Instant.parse("2026-11-24T08:00:00Z"));
    PhoneTracker tracker;
    Inet4Address ip;
    List<String> states = new ArrayList<>();

    static final class Memory implements PhoneHistory {
        final List<String> flashes = new ArrayList<>();
        final List<String> transfers = new ArrayList<>();
        final List<String> identified = new ArrayList<>();
        Phone last;

        public List<Phone> phones() {
            return last == null ? List.of() : List.of(last);
        }

        public void save(Phone phone) {
            last = phone;
        }

        public void flash(Mac mac, String model, String serial, String revision, String from, String to, Instant started,
                Instant finished, String result, String reason) {
            flashes.add(mac + " " + model + (serial == null ? "" : " " + serial + " rev " + revision) + " " + from + " -> " + to
                    + " " + result + (reason == null ? "" : ": " + reason));
        }

        @Override
        public void identified(Mac mac, String model, String serial, String revision) {
            identified.add(mac + " " + model + " " + serial + " rev " + revision);
        }

        public void transfer(Mac mac, InetAddress ip, String file, long bytes, long millis, String result) {
            transfers.add(file + " " + result);
        }
    }

    @BeforeEach
    void stick() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        LookAlike firmware = new LookAlike(7);
        firmware.writeLoad(stick, TARGET, "9-4-2SR3-1S", List.of(new Component("jar45sip.9-4-2ES26.sbn", 3000),
                new Component("apps45.9-4-2ES26.sbn", 2000)), "\r\n");
        firmware.writeLoad(stick, STEP, "8-5-2S", List.of(new Component("jar45sip.8-5-2TH1-9.sbn", 3000),
                new Component("apps45.8-5-2TH1-9.sbn", 2000)), "\r\n");
        Files.copy(stick.resolve(TARGET + ".loads"), stick.resolve("term65.default.loads"));
        index = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
        ip = (Inet4Address) InetAddress.getByName("10.99.0.100");
        bus.subscribe(e -> {
            if (e instanceof Event.PhoneChanged c) {
                states.add(c.state());
            }
        });
        tracker = new PhoneTracker(bus, () -> index, history, clock);
    }

    /** What a phone's DeviceInformationX says, as the poller hands it over: here only the load. */
    static DeviceInfo page(String load) {
        return new DeviceInfo(null, null, load, null, null, null, null);
    }

    void dhcp() {
        bus.publish(new Event.DhcpOffered(clock.instant(), MAC, ip, VENDOR, "7965"));
        bus.publish(new Event.DhcpLeased(clock.instant(), MAC, ip, VENDOR, "7965", 3600));
    }

    void get(String name) {
        bus.publish(new Event.FileRequested(clock.instant(), "TFTP", ip, name, ""));
        if (name.equals("SEP" + MAC + ".cnf.xml")) {
            // What the config generator does for that request: it names the plan's next load, and says so.
            tracker.configNamed(MAC, tracker.loadFor(MAC));
        }
        clock.advance(Duration.ofSeconds(1));
    }

    void sent(String name) {
        long size = index.file(name).map(f -> f.size()).orElse(100L);
        bus.publish(new Event.FileSent(clock.instant(), "TFTP", ip, name, size, 10, 512));
    }

    /** Boot, config; if the config names a load, fetch it and every component. Returns the load named. */
    String boot() {
        dhcp();
        get("CTLSEP" + MAC + ".tlv");
        get("ITLSEP" + MAC + ".tlv");
        get("SEP" + MAC + ".cnf.xml");
        return tracker.phone(MAC).orElseThrow().nextStep();
    }

    /** The bench registrar accepted its REGISTER. */
    void register() {
        bus.publish(new Event.SipRegistered(clock.instant(), MAC, "office", "UDP", ip, 120));
        clock.advance(Duration.ofSeconds(1));
    }

    /** Told to check-sync, it restarts and fetches its own config, which is delivered whole. */
    void homeConfig() {
        dhcp();
        get("CTLSEP" + MAC + ".tlv");
        get("SEP" + MAC + ".cnf.xml");
        sent("SEP" + MAC + ".cnf.xml");
    }

    void flash(String load) {
        get(load + ".loads");
        sent(load + ".loads");
        for (String component : index.loadOfLoadsFile(load + ".loads").orElseThrow().components()) {
            get(component);
            Phone p = tracker.phone(MAC).orElseThrow();
            assertEquals(PhoneState.DOWNLOADING, p.state());
            assertEquals(component, p.progress().file());
            sent(component);
        }
    }

    @Test
    void aPhoneOnAnOldLoadTakesTheStepThenTheTargetThroughEveryStateInOrder() {
        dhcp(); // a 7965 by its option 60
        tracker.reported(MAC, page("SCCP45.8-3-2S")); // what its web page says before the flash
        assertEquals(STEP, boot(), "below 8.4 a 7965 goes through 8.4–8.5(2) first");
        flash(STEP);
        assertEquals(PhoneState.REBOOTING, tracker.phone(MAC).orElseThrow().state());
        assertEquals(TARGET, boot(), "after the step the target");
        assertEquals(STEP, tracker.phone(MAC).orElseThrow().currentLoad());
        flash(TARGET);
        boot();
        get("dialplan.xml");
        Phone onTarget = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.ON_TARGET, onTarget.state(), onTarget.toString());
        assertEquals(TARGET, onTarget.currentLoad());
        assertEquals(List.of(), history.flashes, "on the bench the flash has not ended yet");
        register();
        assertEquals(PhoneState.REGISTERED, tracker.phone(MAC).orElseThrow().state());
        assertTrue(tracker.homeSince(MAC).isPresent(), "its next config is its home one");
        homeConfig();
        Phone done = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.DONE, done.state(), done.toString());
        assertEquals(List.of("DISCOVERED", "LEASED", "CONFIG_FETCHED", "DOWNLOADING", "REBOOTING", "CONFIG_FETCHED",
                "DOWNLOADING", "REBOOTING", "CONFIG_FETCHED", "ON_TARGET", "REGISTERED", "DONE"), states);
        assertEquals(List.of(MAC + " 7965 SCCP45.8-3-2S -> " + TARGET + " done"), history.flashes);
        assertEquals(List.of("flashed " + STEP, "flashed " + TARGET), done.steps());
    }

    @Test
    void aPhoneReportingTheNewLoadBeforeItsConfigCountsTheStepOnce() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        flash(TARGET);
        dhcp();
        tracker.reported(MAC, page(TARGET)); // its page answered before it asked for its config
        get("CTLSEP" + MAC + ".tlv");
        get("SEP" + MAC + ".cnf.xml");
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(List.of("flashed " + TARGET), p.steps());
        assertEquals(PhoneState.ON_TARGET, p.state());
    }

    @Test
    void progressCountsTheFileAndTheWholeLoad() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get(TARGET + ".loads");
        get("jar45sip.9-4-2ES26.sbn");
        bus.publish(new Event.FileProgress(clock.instant(), "TFTP", ip, "jar45sip.9-4-2ES26.sbn", 1024, 3313));
        Phone.Progress p = tracker.phone(MAC).orElseThrow().progress();
        assertEquals(1024, p.fileBytes());
        assertEquals(1024, p.loadBytes());
        long total = index.file("jar45sip.9-4-2ES26.sbn").orElseThrow().size() + index.file("apps45.9-4-2ES26.sbn").orElseThrow().size();
        assertEquals(total, p.loadTotal());
        sent("jar45sip.9-4-2ES26.sbn");
        get("apps45.9-4-2ES26.sbn");
        assertEquals(index.file("jar45sip.9-4-2ES26.sbn").orElseThrow().size(), tracker.phone(MAC).orElseThrow().progress().loadBytes());
    }

    @Test
    void aPhoneThatTakesNoLoadAfterItsConfigRunsWhatTheConfigNamed() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        clock.advance(PhoneTracker.SETTLE.plusSeconds(1));
        tracker.tick();
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(TARGET, p.currentLoad());
        assertEquals(PhoneState.ON_TARGET, p.state());
    }

    @Test
    void aMissingStepIsNamedInTheStatus() throws Exception {
        Files.delete(tmp.resolve("stick/" + STEP + ".loads"));
        index = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(tmp.resolve("stick"));
        dhcp(); // a 7965 by its option 60
        tracker.reported(MAC, page("SCCP45.8-3-2S"));
        assertNull(boot(), "the target is withheld: it would loop");
        String missing = tracker.phone(MAC).orElseThrow().missing();
        assertTrue(missing.contains("8.4(0)") && missing.contains("7965"), missing);
    }

    @Test
    void aPhoneAskingForItsDefaultLoadOverAndOverIsFailedWithAdvice() {
        for (int i = 0; i < 3; i++) {
            dhcp();
            get("term65.default.loads");
        }
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.FAILED, p.state());
        assertTrue(p.failure().contains("term65.default.loads"), p.failure());
        assertTrue(p.advice().contains("try SIP45.8-5-2S"), "an older complete load on the stick is suggested: " + p.advice());
        assertTrue(history.flashes.get(0).contains("failed"), history.flashes.toString());
    }

    @Test
    void aTrustListIsRecognisedByRebootsAfterTheConfig() {
        for (int i = 0; i < 5; i++) {
            dhcp();
            get("CTLSEP" + MAC + ".tlv");
            get("ITLSEP" + MAC + ".tlv");
            get("ITLFile.tlv");
            get("SEP" + MAC + ".cnf.xml");
            tracker.reported(MAC, page("SCCP45.9-2-1S")); // it never takes the config
        }
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.CONFIG_IGNORED, p.state(), p.toString());
        assertTrue(p.advice().contains("Settings > Security Configuration > Trust List > erase"), p.advice());
    }

    /** One boot of a phone that ignores its config: trust lists, the config, then nothing until the box's settle time. */
    void bootIgnoringTheConfig() {
        dhcp();
        get("CTLSEP" + MAC + ".tlv");
        get("ITLSEP" + MAC + ".tlv");
        get("SEP" + MAC + ".cnf.xml");
        clock.advance(PhoneTracker.SETTLE.plusSeconds(1));
        tracker.tick();
    }

    @Test
    void aPhoneThatFetchesOnlyItsConfigAtEveryBootIgnoresItAndIsNotDone() {
        bootIgnoringTheConfig();
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state(), "one quiet boot: it runs what its config named");
        bootIgnoringTheConfig();
        bootIgnoringTheConfig();
        dhcp();
        get("CTLSEP" + MAC + ".tlv"); // the fourth boot: three in a row fetched only the config
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.CONFIG_IGNORED, p.state(), p.toString());
        assertNull(p.currentLoad(), "the load guessed from the config is dropped");
        assertTrue(p.failure().contains(TARGET), p.failure());
        assertTrue(p.advice().contains("Settings > Security Configuration > Trust List > erase"), p.advice());
        assertTrue(history.flashes.stream().anyMatch(f -> f.contains("failed")), history.flashes.toString());
        get("SEP" + MAC + ".cnf.xml");
        clock.advance(PhoneTracker.SETTLE.plusSeconds(1));
        tracker.tick();
        assertEquals(PhoneState.CONFIG_IGNORED, tracker.phone(MAC).orElseThrow().state(), "another config fetch is no way out");
        get(TARGET + ".loads");
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(MAC).orElseThrow().state(), "asking for the load is");
    }

    @Test
    void aPhoneThatSaysItRunsTheTargetMayFetchOnlyItsConfig() {
        for (int i = 0; i < 5; i++) {
            bootIgnoringTheConfig();
            tracker.reported(MAC, page(TARGET));
        }
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state());
    }

    @Test
    void aLeasedPhoneThatAsksForNoFileIsNoFilesWithTheMenuPath() {
        dhcp();
        clock.advance(PhoneTracker.NO_FILES.minusSeconds(1));
        tracker.tick();
        assertEquals(PhoneState.LEASED, tracker.phone(MAC).orElseThrow().state(), "within the window");
        clock.advance(Duration.ofSeconds(2));
        tracker.tick();
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.NO_FILES, p.state(), p.toString());
        assertTrue(p.advice().contains("Settings > Network Configuration > IPv4 Configuration > Alternate TFTP: No"), p.advice());
        assertEquals("No-files", PhoneText.shortState(p));
        get("SEP" + MAC + ".cnf.xml"); // Alternate TFTP turned off: it asks the box
        p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.CONFIG_FETCHED, p.state());
        assertNull(p.advice(), "the advice goes with the state");
    }

    @Test
    void aPhoneThatAskedForAFileIsNotNoFiles() {
        dhcp();
        get("CTLSEP" + MAC + ".tlv");
        clock.advance(PhoneTracker.NO_FILES.plusSeconds(1));
        tracker.tick();
        assertEquals(PhoneState.LEASED, tracker.phone(MAC).orElseThrow().state());
    }

    @Test
    void aLaptopThatAsksForNoFileIsNotAStuckPhone() {
        bus.publish(new Event.DhcpLeased(clock.instant(), MAC, ip, "MSFT 5.0", null, 3600));
        clock.advance(PhoneTracker.NO_FILES.plusSeconds(1));
        tracker.tick();
        assertEquals(PhoneState.LEASED, tracker.phone(MAC).orElseThrow().state());
    }

    @Test
    void a7940GetsItsOwnMenuPath() {
        bus.publish(new Event.DhcpLeased(clock.instant(), MAC, ip, "Cisco Systems, Inc. IP Phone CP-7940G", "7940", 3600));
        clock.advance(PhoneTracker.NO_FILES.plusSeconds(1));
        tracker.tick();
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.NO_FILES, p.state());
        assertTrue(p.advice().contains("Settings > Network Configuration (unlock with **#) > Alternate TFTP: No"), p.advice());
        assertFalse(p.advice().contains("IPv4"), p.advice());
    }

    @Test
    void aComponentRestartedAgainAndAgainIsFailed() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get(TARGET + ".loads");
        for (int i = 0; i < 4; i++) {
            get("jar45sip.9-4-2ES26.sbn");
        }
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.FAILED, p.state());
        assertTrue(p.advice().contains("PoE"), p.advice());
    }

    @Test
    void theModelComesFromOption60AndTheIpTiesTftpRequestsToTheMac() {
        dhcp();
        get("apps45.9-4-2ES26.sbn");
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals("7965", p.model());
        assertEquals("10.99.0.100", p.ip().getHostAddress());
        assertEquals(TARGET, p.targetLoad());
    }

    @Test
    void thePhonesOwnReportDecidesDone() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get("dialplan.xml");
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state());
        tracker.reported(MAC, page("SIP45.9-3-1SR4-1S"));
        Phone p = tracker.phone(MAC).orElseThrow();
        assertNotEquals(PhoneState.ON_TARGET, p.state(), "the phone says it runs another load");
        assertTrue(p.verified());
        tracker.reported(MAC, page(TARGET));
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state());
    }

    @Test
    void aRestartedBoxRemembersItsPhones() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get("dialplan.xml");
        PhoneTracker again = new PhoneTracker(new EventBus(10), () -> index, history, clock);
        Phone p = again.phone(MAC).orElseThrow();
        assertEquals(PhoneState.ON_TARGET, p.state());
        assertEquals("7965", p.model());
        assertEquals(Duration.ZERO, Duration.between(history.last.firstSeen(), p.firstSeen()));
    }

    @Test
    void requestsNamingMadeUpMacsMakeNoRecordsAndTheRecordsAreBounded() throws Exception {
        InetAddress stranger = InetAddress.getByName("10.99.0.3");
        java.util.Random random = new java.util.Random(15);
        for (int i = 0; i < 5000; i++) {
            String mac = String.format("%012X", random.nextLong() & 0xFFFFFFFFFFFFL);
            bus.publish(new Event.FileRequested(clock.instant(), "TFTP", stranger, "CTLSEP" + mac + ".tlv", ""));
            bus.publish(new Event.FileNotFound(clock.instant(), "TFTP", stranger, "CTLSEP" + mac + ".tlv"));
        }
        assertEquals(List.of(), tracker.phones(), "no lease and no file served: no phone");

        boot(); // a real phone, mid-flash
        get(TARGET + ".loads");
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(MAC).orElseThrow().state());
        for (int i = 0; i < PhoneTracker.MAX_PHONES + 50; i++) {
            clock.advance(Duration.ofSeconds(1));
            Mac mac = new Mac(String.format("0000%08X", i));
            bus.publish(new Event.DhcpOffered(clock.instant(), mac, (Inet4Address) InetAddress.getByName("10.99.1." + (i % 250 + 1)), "", null));
        }
        assertEquals(PhoneTracker.MAX_PHONES, tracker.phones().size(), "bounded");
        assertTrue(tracker.phone(MAC).isPresent(), "the phone mid-flash is kept");
        assertTrue(tracker.phone(new Mac("000000000000")).isEmpty(), "the one seen longest ago made room");

        // A phone that got its address elsewhere and was served its own config is known from then on.
        Mac other = new Mac("001E7A0000EE");
        InetAddress itsIp = InetAddress.getByName("192.168.5.20");
        bus.publish(new Event.FileRequested(clock.instant(), "TFTP", itsIp, "SEP" + other + ".cnf.xml", ""));
        assertTrue(tracker.phone(other).isEmpty());
        bus.publish(new Event.FileSent(clock.instant(), "TFTP", itsIp, "SEP" + other + ".cnf.xml", 900, 5, 512));
        Phone known = tracker.phone(other).orElseThrow();
        assertEquals(PhoneState.CONFIG_FETCHED, known.state());
        bus.publish(new Event.FileRequested(clock.instant(), "TFTP", itsIp, TARGET + ".loads", ""));
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(other).orElseThrow().state(), "its later requests, by address, are its own");
    }

    @Test
    void aPhoneThatRegistersBeforeItSettlesIsOnItsTargetAndRegistered() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        assertEquals(PhoneState.CONFIG_FETCHED, tracker.phone(MAC).orElseThrow().state());
        register();
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.REGISTERED, p.state(), p.toString());
        assertEquals(TARGET, p.currentLoad());
        assertEquals(List.of("DISCOVERED", "LEASED", "CONFIG_FETCHED", "ON_TARGET", "REGISTERED"), states);
        assertTrue(tracker.awaitingHome(MAC));
    }

    @Test
    void onlyItsOwnConfigAfterItRegisteredMakesItDone() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get("dialplan.xml");
        register();
        get("XMLDefault.cnf.xml");
        sent("XMLDefault.cnf.xml");
        get("dialplan.xml");
        sent("dialplan.xml");
        assertEquals(PhoneState.REGISTERED, tracker.phone(MAC).orElseThrow().state(), "not its own config");
        homeConfig();
        assertEquals(PhoneState.DONE, tracker.phone(MAC).orElseThrow().state());
        assertFalse(tracker.awaitingHome(MAC));
        // Restarted again at home-config time (a 7940/7960 reboots after check-sync): still done, still home.
        homeConfig();
        get("dialplan.xml");
        clock.advance(PhoneTracker.SETTLE.plusSeconds(1));
        tracker.tick();
        assertEquals(PhoneState.DONE, tracker.phone(MAC).orElseThrow().state());
        assertTrue(tracker.homeSince(MAC).isPresent());
    }

    @Test
    void aRegistrationMidFlashOrAnUnregisterChangesNothing() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        get(TARGET + ".loads");
        register();
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(MAC).orElseThrow().state());
        bus.publish(new Event.SipRegistered(clock.instant(), MAC, "office", "UDP", ip, 0));
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(MAC).orElseThrow().state());
    }

    @Test
    void withoutTheBenchStepAPhoneOnItsTargetIsDoneAtOnce() {
        tracker = new PhoneTracker(bus, () -> index, history, clock, PhoneTracker.NO_FILES, () -> false);
        states.clear();
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        flash(TARGET);
        boot();
        get("dialplan.xml");
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.DONE, p.state(), p.toString());
        assertFalse(states.contains("ON_TARGET"), states.toString());
        assertEquals(1, history.flashes.size(), history.flashes.toString());
        assertTrue(history.flashes.get(0).endsWith(TARGET + " done"), history.flashes.toString());
    }

    @Test
    void aPhoneThatNeverRegistersIsFailedWithAdviceAndMayStillFinish() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        flash(TARGET);
        boot();
        get("dialplan.xml");
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state());
        clock.advance(PhoneTracker.BENCH_WAIT.minusSeconds(10));
        tracker.tick();
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state(), "not yet");
        clock.advance(Duration.ofSeconds(20));
        tracker.tick();
        Phone failed = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.FAILED, failed.state());
        assertTrue(failed.failure().contains("has not registered"), failed.failure());
        assertTrue(failed.advice().contains("Trust List") && failed.advice().contains("bench config"), failed.advice());
        assertTrue(history.flashes.get(0).endsWith("failed: " + failed.failure()), history.flashes.toString());
        // Plugged in again and restarted: it registers after all, takes its home config, and the flash ends well.
        boot();
        register();
        assertEquals(PhoneState.REGISTERED, tracker.phone(MAC).orElseThrow().state());
        homeConfig();
        assertEquals(PhoneState.DONE, tracker.phone(MAC).orElseThrow().state());
        assertEquals(2, history.flashes.size(), history.flashes.toString());
        assertTrue(history.flashes.get(1).endsWith(TARGET + " done"), history.flashes.toString());
    }

    @Test
    void aRegisteredPhoneThatNeverFetchesItsHomeConfigIsFailed() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        register();
        clock.advance(PhoneTracker.BENCH_WAIT.plusSeconds(1));
        tracker.tick();
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals(PhoneState.FAILED, p.state());
        assertTrue(p.failure().contains("home config"), p.failure());
        assertTrue(p.advice().contains("restart the phone"), p.advice());
    }

    // --- what a phone is: its model without option 60, its serial number and hardware revision from its page

    /** An old 7940/7960 load's option 60: Cisco's prefix, no model (cisco-notes' checked facts). */
    static final String OLD_VENDOR = "Cisco Systems, Inc. IP Phone";

    void oldPhoneLeased() {
        bus.publish(new Event.DhcpOffered(clock.instant(), MAC, ip, OLD_VENDOR, null));
        bus.publish(new Event.DhcpLeased(clock.instant(), MAC, ip, OLD_VENDOR, null, 3600));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"OS79XX.TXT", "os79xx.txt", "SIPDefault.cnf", "SEPDefault.cnf",
            "SIP001E7A2B3C4D.cnf", "P0S3-8-12-00.loads", "P003-8-12-00.sbn", "P0S3-8-12-00.sb2", "P00308010200.bin",
            "/P0030801SR02.loads"})
    void anOldSeventyNinetyWithoutAModelInOption60IsKnownByTheFilesItAsksFor(String name) {
        oldPhoneLeased();
        assertNull(tracker.phone(MAC).orElseThrow().model(), "option 60 named none");
        get(name);
        assertEquals(FileKind.STANDS_FOR_7940_7960, tracker.phone(MAC).orElseThrow().model(),
                name + " is asked for by a 7940 or 7960 only; the 7960 stands for the pair");
    }

    @Test
    void aFactoryResetPhoneIsKnownByItsTermFileAndTheNewerFamiliesLoadsImplyNothing() {
        oldPhoneLeased();
        get("dialplan.xml");
        get(TARGET + ".loads");
        get("jar45sip.9-4-2ES26.sbn");
        assertNull(tracker.phone(MAC).orElseThrow().model(), "a 7945 and a 7965 ask for these alike: nothing guessed");
        get("term65.default.loads");
        assertEquals("7965", tracker.phone(MAC).orElseThrow().model(), "term65 is the 7965's");
    }

    @Test
    void thePagesModelCorrectsTheImpliedOneAndOption60DoesNotUndoIt() {
        oldPhoneLeased();
        get("OS79XX.TXT");
        tracker.reported(MAC, new DeviceInfo("001E7A2B3C4D", "SEP001E7A2B3C4D", "8.1(2.0)", "P00308010200", "INM0726B7PM",
                "1.0", "CP-7940"));
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals("7940", p.model(), "the page names the phone itself");
        assertEquals("P00308010200", p.currentLoad());
        oldPhoneLeased();
        get("SIPDefault.cnf");
        assertEquals("7940", tracker.phone(MAC).orElseThrow().model(), "no model in option 60 and a file both ask for: kept");
    }

    @Test
    void theSerialNumberAndRevisionReachThePhoneAndEveryHistoryRowItsPageAnsweredFor() {
        dhcp();
        get("SEP" + MAC + ".cnf.xml");
        flash(TARGET);
        boot();
        get("dialplan.xml");
        assertEquals(PhoneState.ON_TARGET, tracker.phone(MAC).orElseThrow().state());
        register();
        homeConfig();
        assertEquals(PhoneState.DONE, tracker.phone(MAC).orElseThrow().state());
        assertEquals(List.of(MAC + " 7965 null -> " + TARGET + " done"), history.flashes,
                "done before its page answered: the row has no serial number yet");

        DeviceInfo itsPage = new DeviceInfo(MAC.hex(), "SEP" + MAC, TARGET, null, "FCH1234ABCD", "2", "CP-7965G");
        tracker.reported(MAC, itsPage);
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals("FCH1234ABCD", p.serialNumber());
        assertEquals("2", p.hardwareRevision());
        assertEquals(List.of(MAC + " 7965 FCH1234ABCD rev 2"), history.identified, "the rows written before it take it");
        tracker.reported(MAC, itsPage);
        assertEquals(1, history.identified.size(), "nothing new the second time: nothing written");
        assertEquals("FCH1234ABCD", history.last.serialNumber(), "saved with the phone, for after a restart");

        // Flashed again (the target moved back): the row is written with what its page said.
        tracker.reported(MAC, new DeviceInfo(MAC.hex(), null, STEP, null, "FCH1234ABCD", "2", "CP-7965G"));
        flash(TARGET);
        boot();
        get("dialplan.xml");
        register();
        homeConfig();
        assertEquals(MAC + " 7965 FCH1234ABCD rev 2 " + STEP + " -> " + TARGET + " done", history.flashes.get(1));
    }

    @Test
    void aPhoneLeasedElsewhereIsKnownByItsPageAtTheAddressThatAskedForItsConfig() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("10.99.0.55");
        String config = "SEP" + MAC + ".cnf.xml";
        bus.publish(new Event.FileRequested(clock.instant(), "TFTP", elsewhere, config, ""));
        assertTrue(tracker.phone(MAC).isEmpty(), "a request alone vouches for nothing");

        tracker.reportedAt(MAC, elsewhere, config, new DeviceInfo("001E7A999999", null, "SCCP45.8-3-2S", null, "FCH0000XXXX", "2", "CP-7942G"));
        assertTrue(tracker.phone(MAC).isEmpty(), "a page answering for another MAC makes no record");
        DeviceInfo itsPage = new DeviceInfo(MAC.hex(), "SEP" + MAC, "SCCP45.8-3-2S", null, "FCH1234ABCD", "2", "CP-7965G");
        tracker.reportedAt(MAC, elsewhere, "SEP001E7A999999.cnf.xml", itsPage);
        assertTrue(tracker.phone(MAC).isEmpty(), "nor one for a config that is not its own");

        tracker.reportedAt(MAC, elsewhere, config, itsPage);
        Phone p = tracker.phone(MAC).orElseThrow();
        assertEquals("7965", p.model(), "from its page");
        assertEquals("SCCP45.8-3-2S", p.currentLoad());
        assertEquals(elsewhere, p.ip());
        assertEquals(PhoneState.CONFIG_FETCHED, p.state(), "its config request counts now");
        assertEquals(Optional.of(STEP), tracker.loadFor(MAC), "its plan: the step first, as for a phone the box leased");
        tracker.configNamed(MAC, tracker.loadFor(MAC));
        bus.publish(new Event.FileSent(clock.instant(), "TFTP", elsewhere, config, 900, 5, 512));
        bus.publish(new Event.FileRequested(clock.instant(), "TFTP", elsewhere, STEP + ".loads", ""));
        assertEquals(PhoneState.DOWNLOADING, tracker.phone(MAC).orElseThrow().state(), "its later requests, by address, are its own");
    }

    @Test
    void aPageAnsweringForAnotherPhoneAtTheAddressIsIgnored() {
        dhcp();
        tracker.reported(MAC, new DeviceInfo("001E7A999999", null, "SCCP45.9-2-1S", null, "FCH0000XXXX", "2", "CP-7942G"));
        Phone p = tracker.phone(MAC).orElseThrow();
        assertNull(p.serialNumber(), "another phone's serial number must not land on this one");
        assertNull(p.currentLoad());
        assertEquals("7965", p.model());
        tracker.reported(MAC, new DeviceInfo("00:1e:7a:2b:3c:4d", null, "SCCP45.9-2-1S", null, "FCH1234ABCD", "2", "CP-7965G"));
        assertEquals("FCH1234ABCD", tracker.phone(MAC).orElseThrow().serialNumber(), "its own page, however it spells the MAC");
    }

    /** A second phone, by its own MAC and address, for the counts. */
    void other(Mac mac, Inet4Address at, String... names) {
        bus.publish(new Event.DhcpLeased(clock.instant(), mac, at, VENDOR, "7965", 3600));
        for (String name : names) {
            bus.publish(new Event.FileRequested(clock.instant(), "TFTP", at, name, ""));
            if (name.startsWith("SEP")) {
                tracker.configNamed(mac, tracker.loadFor(mac));
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    /** That phone registers on the bench, restarts and takes its home config: done. */
    void otherDone(Mac mac, Inet4Address at) {
        bus.publish(new Event.SipRegistered(clock.instant(), mac, "office", "UDP", at, 120));
        other(mac, at, "SEP" + mac + ".cnf.xml");
        bus.publish(new Event.FileSent(clock.instant(), "TFTP", at, "SEP" + mac + ".cnf.xml", 900, 5, 512));
        assertEquals(PhoneState.DONE, tracker.phone(mac).orElseThrow().state());
    }

    void advanceTo(Instant then) {
        clock.advance(Duration.between(clock.instant(), then));
    }

    @Test
    void todayCountsEachPhoneOnceByWhereItStandsByTheBoxsClock() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        advanceTo(Instant.parse("2026-11-24T22:30:00Z")); // 23:30 in Berlin
        Mac yesterday = new Mac("001E7A000001");
        other(yesterday, (Inet4Address) InetAddress.getByName("10.99.0.101"), "SEP" + yesterday + ".cnf.xml", "dialplan.xml");
        assertEquals(new PhoneTracker.Today(java.time.LocalDate.of(2026, 11, 24), 0, 1, 0), tracker.today(berlin),
                "on its target, on the bench: still being worked on");
        otherDone(yesterday, (Inet4Address) InetAddress.getByName("10.99.0.101"));
        assertEquals(new PhoneTracker.Today(java.time.LocalDate.of(2026, 11, 24), 1, 0, 0), tracker.today(berlin));

        advanceTo(Instant.parse("2026-11-24T23:10:00Z")); // 00:10 the next day in Berlin, still the 24th in UTC
        Mac done = new Mac("001E7A000002");
        Mac working = new Mac("001E7A000003");
        Mac failed = new Mac("001E7A000004");
        Mac waiting = new Mac("001E7A000005");
        other(done, (Inet4Address) InetAddress.getByName("10.99.0.102"), "SEP" + done + ".cnf.xml", "dialplan.xml");
        otherDone(done, (Inet4Address) InetAddress.getByName("10.99.0.102"));
        other(working, (Inet4Address) InetAddress.getByName("10.99.0.103"), "SEP" + working + ".cnf.xml", TARGET + ".loads",
                "jar45sip.9-4-2ES26.sbn");
        for (int i = 0; i < 3; i++) {
            other(failed, (Inet4Address) InetAddress.getByName("10.99.0.104"), "term65.default.loads");
        }
        other(waiting, (Inet4Address) InetAddress.getByName("10.99.0.105"));
        assertEquals(PhoneState.FAILED, tracker.phone(failed).orElseThrow().state());
        assertEquals(new PhoneTracker.Today(java.time.LocalDate.of(2026, 11, 25), 1, 1, 1), tracker.today(berlin),
                "yesterday's phone is not today's; a phone only leased is neither done, working nor failed");
        assertEquals(new PhoneTracker.Today(java.time.LocalDate.of(2026, 11, 24), 2, 1, 1), tracker.today(ZoneOffset.UTC),
                "the day is the box's: in UTC both done phones are the 24th's");
    }
}
