package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.files.BytesContent;
import org.phoneflasher.files.ContentSource;
import org.phoneflasher.files.RequestPath;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;

/** Generated names go through the one resolver, before the stick, in any case. */
class GeneratedConfigsTest {
    /** The phone that asks. */
    static final InetAddress FROM = InetAddress.getLoopbackAddress();

    /** Stands for the stick: serves whatever it is asked, and remembers what reached it. */
    static final class Stick implements ContentSource {
        final List<String> asked = new ArrayList<>();

        @Override
        public Resolution find(RequestPath path, InetAddress from) {
            asked.add(path.relative());
            return new Resolution.Found(new BytesContent(path.fileName(), "from the stick".getBytes()));
        }
    }

    static Profiles profiles() {
        return Profiles.parse(FlasherConf.parse("sip.server = 192.168.1.1\nprofile.lab.sip.port = 5070\n"), "flasher.conf",
                "001E7A2B3C4D,Desk,201,,pw201\n001E7A2B3C4E,Lab,202,,\"pw\"\"202\",,lab\n", "phones.csv");
    }

    static byte[] read(Resolution r) throws IOException {
        assertInstanceOf(Resolution.Found.class, r, String.valueOf(r));
        try (InputStream in = Channels.newInputStream(((Resolution.Found) r).content().open())) {
            return in.readAllBytes();
        }
    }

    @Test
    void anyCaseOfTheNameIsAnsweredInCiscosSpelling() throws IOException {
        Stick stick = new Stick();
        Resolver resolver = new Resolver(List.of(new GeneratedConfigs(TestContext.of(profiles(), Map.of("001E7A2B3C4D", "7965"))), stick));
        for (String name : List.of("sep001e7a2b3c4d.CNF.XML", "SEP001E7A2B3C4D.cnf.xml", "/SEP001E7A2B3C4D.cnf.xml")) {
            Resolution r = resolver.resolve(name, FROM);
            assertInstanceOf(Resolution.Found.class, r, name);
            assertEquals("SEP001E7A2B3C4D.cnf.xml", ((Resolution.Found) r).content().name());
            byte[] xml = read(r);
            assertEquals("SIP45.9-4-2SR3-1S", XmlFiles.text(xml, "loadInformation"));
            assertEquals("pw201", XmlFiles.text(xml, "authPassword"));
        }
        assertEquals("XMLDefault.cnf.xml", ((Resolution.Found) resolver.resolve("xmldefault.CNF.xml", FROM)).content().name());
        assertEquals("SIPDefault.cnf", ((Resolution.Found) resolver.resolve("sipdefault.cnf", FROM)).content().name());
        assertEquals("SIP001E7A2B3C4D.cnf", ((Resolution.Found) resolver.resolve("sip001e7a2b3c4d.cnf", FROM)).content().name());
        assertEquals("OS79XX.TXT", ((Resolution.Found) resolver.resolve("os79xx.txt", FROM)).content().name());
        assertEquals("dialplan.xml", ((Resolution.Found) resolver.resolve("DialPlan.xml", FROM)).content().name());
        assertEquals("dialplan-lab.xml", ((Resolution.Found) resolver.resolve("dialplan-lab.xml", FROM)).content().name());
        assertEquals(List.of(), stick.asked, "generated names never reach the stick");
    }

    @Test
    void everythingElseIsLeftToTheStick() {
        Stick stick = new Stick();
        Resolver resolver = new Resolver(List.of(new GeneratedConfigs(TestContext.of(profiles(), Map.of())), stick));
        for (String name : List.of("CTLSEP001E7A2B3C4D.tlv", "SIP45.9-4-2SR3-1S.loads", "SEP001E7A2B3C4.cnf.xml",
                "SEP001E7A2B3C4DX.cnf.xml", "English_United_States/SEP001E7A2B3C4D.cnf.xml", "dialplan-nosuch.xml", "RINGLIST.DAT")) {
            assertEquals("from the stick", new String(assertDoesNotThrow(() -> read(resolver.resolve(name, FROM)))), name);
        }
        assertEquals(7, stick.asked.size());
    }

    @Test
    void withoutA7940LoadOs79xxTxtIsTheSticks() throws IOException {
        Stick stick = new Stick();
        TestContext none = new TestContext(profiles(), Map.of("7965", "SIP45.9-4-2SR3-1S"), Map.of(), TestContext.address("10.99.0.1"), 80);
        Resolver resolver = new Resolver(List.of(new GeneratedConfigs(none), stick));
        assertEquals("from the stick", new String(read(resolver.resolve("OS79XX.TXT", FROM))));
        assertFalse(new String(read(resolver.resolve("SIPDefault.cnf", FROM))).contains("image_version"));
    }

    @Test
    void aValueThe7940FormatCannotCarryIsRefusedWithItsReason() {
        Resolution r = new Resolver(List.of(new GeneratedConfigs(TestContext.of(profiles(), Map.of())))).resolve("SIP001E7A2B3C4E.cnf", FROM);
        Resolution.Refused refused = assertInstanceOf(Resolution.Refused.class, r);
        assertEquals("line1_password: the value holds a quote, which the 7940/7960 text format cannot carry", refused.reason());
        assertFalse(refused.toString().contains("202"), "the reason names the key, not the password");
    }

    @Test
    void theLoadIsWhatTheContextSaysForThisPhone() throws IOException {
        // A planner stepping a phone through an intermediate load answers loadFor with it.
        TestContext base = new TestContext(profiles(), TestContext.TARGETS, Map.of("001E7A2B3C4D", "7965"),
                TestContext.address("10.99.0.1"), 8080);
        ProvisioningContext planner = new Delegating(base) {
            @Override
            public Optional<String> loadFor(Mac mac, String model) {
                return Optional.of("SIP45.8-5-4S");
            }

            @Override
            public Optional<String> runningLoad(Mac mac) {
                return Optional.of("SCCP45.8-3-2S");
            }
        };
        byte[] xml = read(new GeneratedConfigs(planner).find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("SIP45.8-5-4S", XmlFiles.text(xml, "loadInformation"));
        assertEquals("http://10.99.0.1:8080/phone/001E7A2B3C4D", XmlFiles.text(xml, "idleURL"), "a phone that will come back");
        byte[] unknownModel = read(new GeneratedConfigs(planner).find(path("SEP001E7A2B3C4E.cnf.xml"), FROM));
        assertNull(XmlFiles.text(unknownModel, "loadInformation"));
        assertEquals("5070", XmlFiles.text(unknownModel, "sipPort"), "the lab profile");
    }

    @Test
    void xmlDefaultNamesEachModelsLoadAsPhonesLookItUp() throws IOException {
        byte[] xml = read(new GeneratedConfigs(TestContext.of(profiles(), Map.of())).find(path("XMLDefault.cnf.xml"), FROM));
        org.w3c.dom.Element e = (org.w3c.dom.Element) XmlFiles.parse(xml).getElementsByTagName("loadInformation436").item(0);
        assertEquals("Cisco 7965", e.getAttribute("model"));
        assertEquals("SIP45.9-4-2SR3-1S", e.getTextContent());
        assertEquals("192.168.1.1", XmlFiles.text(xml, "processNodeName"));
        assertEquals("P0S3-8-12-00", XmlFiles.text(xml, "loadInformation8"));
        assertEquals("SIP41.9-4-2SR3-1S", XmlFiles.text(xml, "loadInformation309"), "the 7941G-GE runs the 7941's load");
    }

    @Test
    void eachRequestSeesTheCurrentProfiles() throws IOException {
        Profiles[] current = {Profiles.none()};
        ProvisioningContext live = new Delegating(TestContext.of(Profiles.none(), Map.of("001E7A2B3C4D", "7965"))) {
            @Override
            public Profiles profiles() {
                return current[0];
            }
        };
        GeneratedConfigs configs = new GeneratedConfigs(live);
        assertEquals("10.99.0.1", XmlFiles.text(read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM)), "processNodeName"));
        current[0] = profiles();
        assertEquals("192.168.1.1", XmlFiles.text(read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM)), "processNodeName"));
    }

    @Test
    void aConfigThePhoneWillComeBackFromShowsTheBoxAndTheOneItKeepsDoesNot() throws IOException {
        String[] running = {"SIP45.8-5-2S"};
        ProvisioningContext flashing = new Delegating(TestContext.of(profiles(), Map.of("001E7A2B3C4D", "7965"))) {
            @Override
            public Optional<String> stateLabel(Mac mac) {
                return Optional.of("To-flash");
            }

            @Override
            public Optional<String> runningLoad(Mac mac) {
                return Optional.ofNullable(running[0]);
            }
        };
        GeneratedConfigs configs = new GeneratedConfigs(flashing);
        byte[] onTheWay = read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("SIP45.9-4-2SR3-1S", XmlFiles.text(onTheWay, "loadInformation"), "it runs another load: it will flash and ask again");
        assertEquals("To-flash", XmlFiles.text(onTheWay, "phoneLabel"));
        assertEquals("http://10.99.0.1/phone/001E7A2B3C4D", XmlFiles.text(onTheWay, "servicesURL"));

        for (String known : new String[] {"SIP45.9-4-2SR3-1S", null}) {
            running[0] = known; // on its target (or the box does not know what it runs): this may be the config it keeps
            byte[] home = read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
            assertEquals("", XmlFiles.text(home, "phoneLabel"), "the profile's label (none set), not the box's state");
            assertEquals("", XmlFiles.text(home, "idleURL"));
            assertEquals("", XmlFiles.text(home, "servicesURL"));
        }
    }

    /** A box with the bench step on: the phone runs its target; {@code home[0]} says whether it registered yet. */
    static ProvisioningContext bench(Profiles profiles, Map<String, String> models, java.time.Instant[] home, String running) {
        return new Delegating(TestContext.of(profiles, models)) {
            @Override
            public Optional<String> runningLoad(Mac mac) {
                return Optional.ofNullable(running);
            }

            @Override
            public Optional<SepConfig.Bench> benchRegistrar() {
                return Optional.of(new SepConfig.Bench("10.99.0.1", 5060));
            }

            @Override
            public Optional<java.time.Instant> homeSince(Mac mac) {
                return Optional.ofNullable(home[0]);
            }

            @Override
            public Optional<Mac> macAt(InetAddress address) {
                return Optional.of(new Mac("001E7A2B3C4D"));
            }
        };
    }

    @Test
    void onTheBenchThePhoneRegistersWithTheBoxThenTakesItsHomeConfig() throws IOException {
        Profiles profiles = Profiles.parse(FlasherConf.parse("sip.server = pbx.example\nsip.port = 5070\nsip.transport = tcp\n"
                + "sip.outbound_proxy = sbc.example\nnat.enabled = true\nnat.address = 203.0.113.9\nphone.label = Office\n"),
                "flasher.conf", "001E7A2B3C4D,Desk,201,,pw201\n", "phones.csv");
        java.time.Instant[] home = {null};
        GeneratedConfigs configs = new GeneratedConfigs(bench(profiles, Map.of("001E7A2B3C4D", "7965"), home, "SIP45.9-4-2SR3-1S"));
        byte[] onBench = read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("10.99.0.1", XmlFiles.text(onBench, "processNodeName"), "the box's registrar");
        assertEquals("5060", XmlFiles.text(onBench, "sipPort"));
        assertEquals("5060", XmlFiles.text(onBench, "port"), "the line's proxy port");
        assertEquals("1", XmlFiles.text(onBench, "transportLayerProtocol"), "the profile's transport (TCP) kept");
        assertEquals("", XmlFiles.text(onBench, "outboundProxy"));
        assertEquals("false", XmlFiles.text(onBench, "natEnabled"));
        assertEquals("true", XmlFiles.text(onBench, "registerWithProxy"));
        assertEquals(SepConfig.BENCH_LABEL, XmlFiles.text(onBench, "phoneLabel"));
        assertTrue(Values.isPhoneLabel(SepConfig.BENCH_LABEL));
        assertEquals("201", XmlFiles.text(onBench, "name"));
        assertEquals("pw201", XmlFiles.text(onBench, "authPassword"), "it registers with its own line");
        assertEquals("http://10.99.0.1/phone/001E7A2B3C4D", XmlFiles.text(onBench, "idleURL"));

        home[0] = java.time.Instant.parse("2026-12-01T10:00:00Z"); // it registered
        byte[] atHome = read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("pbx.example", XmlFiles.text(atHome, "processNodeName"));
        assertEquals("5070", XmlFiles.text(atHome, "sipPort"));
        assertEquals("sbc.example", XmlFiles.text(atHome, "outboundProxy"));
        assertEquals("true", XmlFiles.text(atHome, "natEnabled"));
        assertEquals("Office", XmlFiles.text(atHome, "phoneLabel"));
        assertEquals("", XmlFiles.text(atHome, "idleURL"));
        assertEquals("", XmlFiles.text(atHome, "servicesURL"));
        assertFalse(new String(atHome, java.nio.charset.StandardCharsets.UTF_8).contains("10.99.0.1"), "nothing of the box");
    }

    @Test
    void aPhoneStillToFlashOrWithoutATargetGetsNoBenchConfig() throws IOException {
        java.time.Instant[] home = {null};
        byte[] flashing = read(new GeneratedConfigs(bench(profiles(), Map.of("001E7A2B3C4D", "7965"), home, "SIP45.8-5-2S"))
                .find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("192.168.1.1", XmlFiles.text(flashing, "processNodeName"), "it flashes first: its PBX, the box's page");
        byte[] unknownModel = read(new GeneratedConfigs(bench(profiles(), Map.of(), home, null)).find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertEquals("192.168.1.1", XmlFiles.text(unknownModel, "processNodeName"), "no load named: nothing to be on");
    }

    @Test
    void aSeventyNineFortyOnTheBenchRegistersWithTheBoxAndSyncInfoChangesOnceItRegistered() throws IOException {
        java.time.Instant[] home = {null};
        GeneratedConfigs configs = new GeneratedConfigs(bench(profiles(), Map.of("001E7A2B3C4D", "7940"), home, "P0S3-8-12-00"));
        String onBench = new String(read(configs.find(path("SIP001E7A2B3C4D.cnf"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(onBench.contains("proxy1_address: \"10.99.0.1\"") && onBench.contains("proxy1_port: \"5060\""), onBench);
        assertTrue(onBench.contains("phone_label: \"" + SepConfig.BENCH_LABEL + "\""), onBench);
        String benchSync = new String(read(configs.find(path("syncinfo.xml"), FROM)), java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(benchSync.contains("<IMAGE VERSION=\"*\" SYNC=\"1\"/>"), benchSync);
        home[0] = java.time.Instant.parse("2026-12-01T10:00:00Z");
        String homeSync = new String(read(configs.find(path("SYNCINFO.XML"), FROM)), java.nio.charset.StandardCharsets.US_ASCII);
        assertFalse(homeSync.contains("SYNC=\"1\""), "a new value makes it reboot at check-sync: " + homeSync);
        assertTrue(homeSync.matches("(?s)<SYNCINFO>\\n<IMAGE VERSION=\"\\*\" SYNC=\"[A-Za-z0-9._-]{1,32}\"/>\\n</SYNCINFO>\\n"), homeSync);
        String atHome = new String(read(configs.find(path("SIP001E7A2B3C4D.cnf"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(atHome.contains("proxy1_address: \"192.168.1.1\""), atHome);
    }

    @Test
    void aPhoneTheBoxKnowsNothingAboutIsSentToXmlDefault() {
        // No model from DHCP and no row in phones.csv: "not found" makes the phone read XMLDefault.cnf.xml, whose
        // per-model loadInformation it can pick itself.
        GeneratedConfigs configs = new GeneratedConfigs(TestContext.of(Profiles.none(), Map.of()));
        assertInstanceOf(Resolution.NotFound.class, configs.find(path("SEP001E7A2B3C4D.cnf.xml"), FROM));
        assertInstanceOf(Resolution.Found.class, configs.find(path("XMLDefault.cnf.xml"), FROM));
    }

    @Test
    void aConfigHoldingAPasswordGoesOnlyWhereTheContextAllowsAndOthersAreToldWhy() throws IOException {
        InetAddress phone = TestContext.address("10.99.0.150");
        InetAddress stranger = TestContext.address("10.99.0.151");
        ProvisioningContext leased = new Delegating(TestContext.of(profiles(), Map.of("001E7A2B3C4D", "7965", "001E7A000009", "7965"))) {
            @Override
            public boolean maySendSecrets(Mac mac, InetAddress requester) {
                return requester.equals(phone);
            }
        };
        GeneratedConfigs configs = new GeneratedConfigs(leased);
        assertEquals("pw201", XmlFiles.text(read(configs.find(path("SEP001E7A2B3C4D.cnf.xml"), phone)), "authPassword"));
        for (String name : List.of("SEP001E7A2B3C4D.cnf.xml", "SIP001E7A2B3C4D.cnf")) {
            Resolution r = configs.find(path(name), stranger);
            Resolution.Refused refused = assertInstanceOf(Resolution.Refused.class, r, name);
            assertTrue(refused.reason().contains("leased to that phone") && refused.reason().contains("10.99.0.151"), refused.reason());
            assertFalse(refused.reason().contains("pw201"));
        }
        // A phone phones.csv does not list has no secret: its placeholder config goes to anyone, as do the defaults.
        assertEquals("", XmlFiles.text(read(configs.find(path("SEP001E7A000009.cnf.xml"), stranger)), "authPassword"));
        assertInstanceOf(Resolution.Found.class, configs.find(path("XMLDefault.cnf.xml"), stranger));
        assertInstanceOf(Resolution.Found.class, configs.find(path("SIPDefault.cnf"), stranger));
    }

    /** A context that answers as another one does, for tests that change one answer. */
    static class Delegating implements ProvisioningContext {
        private final ProvisioningContext inner;

        Delegating(ProvisioningContext inner) {
            this.inner = inner;
        }

        public Profiles profiles() {
            return inner.profiles();
        }

        public Map<String, String> targetLoads() {
            return inner.targetLoads();
        }

        public Optional<String> modelOf(Mac mac) {
            return inner.modelOf(mac);
        }

        public Optional<String> loadFor(Mac mac, String model) {
            return inner.loadFor(mac, model);
        }

        public java.net.Inet4Address boxAddress() {
            return inner.boxAddress();
        }

        public int httpPort() {
            return inner.httpPort();
        }

        public boolean maySendSecrets(Mac mac, InetAddress requester) {
            return inner.maySendSecrets(mac, requester);
        }

        public Optional<String> stateLabel(Mac mac) {
            return inner.stateLabel(mac);
        }
    }

    @Test
    void theModelDhcpReportedDecidesTheLinesAndG722() throws IOException {
        Profiles profiles = Profiles.parse(FlasherConf.parse("codec = g722\n"), "flasher.conf",
                "001E7A2B3C4D,Desk,201,,pw201\n001E7A2B3C4D,Fax,202,,pw202,,,,4\n", "phones.csv");
        String big = new String(read(new GeneratedConfigs(TestContext.of(profiles, Map.of("001E7A2B3C4D", "7965")))
                .find(path("SEP001E7A2B3C4D.cnf.xml"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(big.contains("<line button=\"4\">") && big.contains("<advertiseG722Codec>1</advertiseG722Codec>"), big);
        String small = new String(read(new GeneratedConfigs(TestContext.of(profiles, Map.of("001E7A2B3C4D", "7941")))
                .find(path("SEP001E7A2B3C4D.cnf.xml"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(small.contains("<line button=\"4\">") || small.contains("G722"), small);
        String sip7940 = new String(read(new GeneratedConfigs(TestContext.of(profiles, Map.of("001E7A2B3C4D", "7940")))
                .find(path("SIP001E7A2B3C4D.cnf"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(sip7940.contains("line4_"), sip7940);
        String sip7960 = new String(read(new GeneratedConfigs(TestContext.of(profiles, Map.of("001E7A2B3C4D", "7960")))
                .find(path("SIP001E7A2B3C4D.cnf"), FROM)), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(sip7960.contains("line4_password: \"pw202\""), sip7960);
    }

    static RequestPath path(String name) {
        try {
            return RequestPath.parse(name);
        } catch (RequestPath.RefusedName e) {
            throw new AssertionError(e);
        }
    }
}
