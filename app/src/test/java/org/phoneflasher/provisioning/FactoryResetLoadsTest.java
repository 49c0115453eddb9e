package org.phoneflasher.provisioning;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.ResetStick;
import org.phoneflasher.TestClock;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Content;
import org.phoneflasher.files.RequestPath;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.IndexedFiles;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;
import org.phoneflasher.firmware.Target;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneHistory;
import org.phoneflasher.phones.PhoneTracker;

/** What a factory-reset 7965 is served with an SCCP .cop.sgn and the SIP zip on one stick: the load its plan names. */
class FactoryResetLoadsTest {
    @TempDir
    Path tmp;
    StickIndex index;
    Resolver resolver;
    final InetAddress phone = TestContext.address("10.99.0.100");

    /** The real tracker's plans and the real stick's files behind the generator, as the box wires them. */
    @BeforeEach
    void box() throws IOException {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        ResetStick.write(stick, tmp);
        index = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
        PhoneTracker tracker = new PhoneTracker(new EventBus(100), () -> index, new NoHistory(),
                new TestClock(Instant.parse("2026-12-03T07:00:00Z")));
        IndexedFiles files = new IndexedFiles(() -> index);
        Profiles profiles = Profiles.parse(FlasherConf.parse(""), "flasher.conf", "", "phones.csv");
        ProvisioningContext context = new ProvisioningContext() {
            public Profiles profiles() {
                return profiles;
            }

            public Map<String, String> targetLoads() {
                Map<String, String> out = new TreeMap<>();
                index.targets().values().stream().filter(Target::complete).forEach(t -> out.put(t.model(), t.load()));
                return out;
            }

            public Optional<String> modelOf(Mac mac) {
                return Optional.empty();
            }

            public Optional<String> loadFor(Mac mac, String model) {
                return Optional.empty();
            }

            public Optional<String> defaultLoadFor(String model, InetAddress from) {
                return tracker.defaultLoadFor(model, from);
            }

            public Optional<Content> stickFile(String name, InetAddress from) {
                try {
                    return files.find(RequestPath.parse(name), from) instanceof Resolution.Found f ? Optional.of(f.content())
                            : Optional.empty();
                } catch (RequestPath.RefusedName e) {
                    return Optional.empty();
                }
            }

            public Inet4Address boxAddress() {
                return TestContext.address("10.99.0.1");
            }

            public int httpPort() {
                return 80;
            }

            public boolean maySendSecrets(Mac mac, InetAddress requester) {
                return false;
            }
        };
        resolver = new Resolver(List.of(new GeneratedConfigs(context), files));
    }

    static final class NoHistory implements PhoneHistory {
        public List<Phone> phones() {
            return List.of();
        }

        public void save(Phone phone) {}

        public void flash(Mac mac, String model, String from, String to, Instant started, Instant finished, String result,
                String reason) {}

        public void transfer(Mac mac, InetAddress ip, String file, long bytes, long millis, String result) {}
    }

    private byte[] read(String name) throws IOException {
        Resolution r = resolver.resolve(name, phone);
        assertInstanceOf(Resolution.Found.class, r, name + ": " + r);
        try (InputStream in = Channels.newInputStream(((Resolution.Found) r).content().open())) {
            return in.readAllBytes();
        }
    }

    @Test
    void theStickAloneWouldSendAResetPhoneToSccp() {
        assertEquals(ResetStick.SCCP_BUNDLE, index.file("term65.default.loads").orElseThrow().bundle());
        assertEquals(ResetStick.SIP, index.targets().get("7965").load());
    }

    @Test
    void aReset7965IsServedTheSipLoadItsPlanNames() throws IOException {
        byte[] sipLoads = Files.readAllBytes(index.file(ResetStick.SIP + ".loads").orElseThrow().path());
        assertArrayEquals(sipLoads, read("term65.default.loads"));
        assertArrayEquals(sipLoads, read("TERM65.DEFAULT.LOADS"), "any case");
        Resolution r = resolver.resolve("term65.default.loads", phone);
        assertEquals("term65.default.loads", ((Resolution.Found) r).content().name());
        // The 7945 shares the family and the target.
        assertArrayEquals(sipLoads, read("term45.default.loads"));
    }

    @Test
    void theSignedTermFileIsNeverAnotherBundlesWhenTheChosenLoadHasNone() {
        Resolution r = resolver.resolve("term65.default.loads.sgn", phone);
        assertInstanceOf(Resolution.Refused.class, r, String.valueOf(r));
    }

    @Test
    void xmlDefaultNamesTheSameLoad() throws IOException {
        String xml = new String(read("XMLDefault.cnf.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains(">" + ResetStick.SIP + "<") && !xml.contains(ResetStick.SCCP), xml);
    }
}
