package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.phoneflasher.config.FlasherConf;
import org.w3c.dom.Document;

/** SEP<MAC>.cnf.xml against the hand-written file of seed 001 and a real XML parser. */
class SepConfigTest {
    static final Mac SEED_MAC = Mac.parse("00:80:41:ae:fd:7e").orElseThrow();

    /** Seed 001's example, as flasher.conf and phones.csv say it. */
    static Profiles seed001() {
        FlasherConf conf = FlasherConf.parse("""
                sip.server = 192.168.1.1
                sip.outbound_proxy = 192.168.1.1
                timezone = Central Europe Standard/Daylight Time
                date.format = D.M.YY
                ntp.server = 192.168.1.1
                ssh.user = admin
                ssh.password = admin
                phone.label = Office
                messages.number = **600
                speeddial.6 = 911, Emergency Call
                """);
        String csv = "MAC,label,extension,auth name,password,display name,profile,contact\n"
                + "00:80:41:ae:fd:7e,Line 1,office,office,SECRET_PASSWORD,620,,620\n";
        Profiles profiles = Profiles.parse(conf, "flasher.conf", csv, "phones.csv");
        assertEquals(java.util.List.of(), profiles.problems());
        return profiles;
    }

    static byte[] generate(Profiles profiles, Mac mac, Optional<String> load) {
        return SepConfig.write(profiles.forMac(mac), load, "10.99.0.1");
    }

    /** Elements the box writes differently from seed 001 on purpose, and why. */
    static final Map<String, String> DELIBERATE = Map.of(
            "device/idleURL", "the seed author's server; the config a phone takes home points nowhere on the box's link",
            "device/servicesURL", "the seed author's server; the config a phone takes home points nowhere on the box's link",
            "device/sipProfile/sipCallFeatures/callForwardURI", "seed 001 has a typo (x--serviceuri-cfwdall); Cisco's is x-cisco-serviceuri-cfwdall");
    /** Elements of seed 001 the box does not write: they point at the seed author's own server. */
    static final Set<String> NOT_WRITTEN = Set.of("device/authenticationURL", "device/directoryURL");

    @Test
    void seed001sValuesGiveSeed001sElements() throws Exception {
        Map<String, String> seed = XmlFiles.leaves(Files.readAllBytes(Path.of(
                getClass().getResource("/seeds/seed001-SEP.cnf.xml").toURI())));
        Map<String, String> ours = XmlFiles.leaves(generate(seed001(), SEED_MAC, Optional.of("SIP41.9-4-2SR3-1S")));
        Map<String, String> differ = new TreeMap<>();
        ours.forEach((path, value) -> {
            if (!DELIBERATE.containsKey(path) && !value.equals(seed.get(path))) {
                differ.put(path, "ours '" + value + "', seed '" + seed.get(path) + "'");
            }
        });
        seed.keySet().stream().filter(path -> !ours.containsKey(path) && !NOT_WRITTEN.contains(path))
                .forEach(path -> differ.put(path, "missing from ours"));
        assertEquals(Map.of(), differ);
        assertEquals("office", ours.get("device/sipProfile/sipLines/line[button=1]/name"));
        assertEquals("Line 1", ours.get("device/sipProfile/sipLines/line[button=1]/featureLabel"));
        assertEquals("911", ours.get("device/sipProfile/sipLines/line[button=6]/speedDialNumber"));
        assertEquals("192.168.1.1",
                ours.get("device/devicePool/callManagerGroup/members/member[priority=0]/callManager/processNodeName"));
        assertEquals("", ours.get("device/idleURL"), "the config the phone keeps holds no address of the box");
        assertEquals("", ours.get("device/servicesURL"));
        assertEquals("Office", ours.get("device/sipProfile/phoneLabel"));
    }

    @Test
    void markupInValuesIsEscapedAndRoundTrips() {
        String csv = "001E7A2B3C4D,\"R&D <Lab>\",\"10'1\",auth&<>,\"p&<\"\"'>w\",\"Bob \"\"The\"\" O'Neil & Co\"\n";
        Profiles profiles = Profiles.parse(FlasherConf.parse("phone.label = <Desk>&'Co'\nspeeddial.2 = 100, A&B <x>\n"),
                "flasher.conf", csv, "phones.csv");
        byte[] xml = generate(profiles, Mac.parse("001E7A2B3C4D").orElseThrow(), Optional.empty());
        Map<String, String> leaves = XmlFiles.leaves(xml);
        String line = "device/sipProfile/sipLines/line[button=1]/";
        assertEquals("R&D <Lab>", leaves.get(line + "featureLabel"));
        assertEquals("10'1", leaves.get(line + "name"));
        assertEquals("auth&<>", leaves.get(line + "authName"));
        assertEquals("p&<\"'>w", leaves.get(line + "authPassword"));
        assertEquals("Bob \"The\" O'Neil & Co", leaves.get(line + "displayName"));
        assertEquals("<Desk>&'Co'", leaves.get("device/sipProfile/phoneLabel"));
        assertEquals("A&B <x>", leaves.get("device/sipProfile/sipLines/line[button=2]/featureLabel"));
        String text = new String(xml, StandardCharsets.UTF_8);
        assertTrue(text.contains("R&amp;D &lt;Lab&gt;"), text);
    }

    @Test
    void anUnknownPhoneGetsTheDefaultProfileAPlaceholderLineAndNoSecret() {
        Profiles profiles = seed001();
        Mac stranger = Mac.parse("001E7A2B3C4D").orElseThrow();
        byte[] xml = generate(profiles, stranger, Optional.of("SIP45.9-4-2SR3-1S"));
        Map<String, String> leaves = XmlFiles.leaves(xml);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertFalse(text.contains("SECRET_PASSWORD"), text);
        assertFalse(text.contains("admin"), "no SSH account for a phone phones.csv does not list");
        assertEquals("", leaves.get("device/sshPassword"));
        assertEquals("1", leaves.get("device/vendorConfig/sshAccess"));
        assertEquals("", leaves.get("device/sipProfile/sipLines/line[button=1]/authPassword"));
        assertEquals("001E7A2B3C4D", leaves.get("device/sipProfile/sipLines/line[button=1]/name"));
        assertEquals("SIP45.9-4-2SR3-1S", leaves.get("device/loadInformation"));
        assertEquals("192.168.1.1", leaves.get("device/devicePool/callManagerGroup/members/member[priority=0]/callManager/processNodeName"));
    }

    @Test
    void withoutAModelThereIsNoLoadInformationButEverythingElse() {
        Map<String, String> with = XmlFiles.leaves(generate(seed001(), SEED_MAC, Optional.of("SIP41.9-4-2SR3-1S")));
        Map<String, String> without = XmlFiles.leaves(generate(seed001(), SEED_MAC, Optional.empty()));
        with.remove("device/loadInformation");
        assertEquals(with, without);
    }

    @Test
    void theSmallestConfigStillHasACallManagerAndALineAndTheWebPageOn() {
        byte[] xml = generate(Profiles.none(), Mac.parse("001E7A2B3C4D").orElseThrow(), Optional.empty());
        Document doc = XmlFiles.parse(xml);
        assertEquals(1, doc.getElementsByTagName("member").getLength());
        assertEquals("10.99.0.1", XmlFiles.text(xml, "processNodeName"), "the box stands in for a SIP server");
        assertEquals(1, doc.getElementsByTagName("line").getLength());
        assertEquals("USECALLMANAGER", XmlFiles.text(xml, "proxy"));
        assertEquals("9", XmlFiles.text(xml, "featureID"));
        assertEquals("0", XmlFiles.text(xml, "webAccess"), "0 is Cisco's 'enabled': a later issue reads DeviceInformationX");
        assertEquals("Pacific Standard/Daylight Time", XmlFiles.text(xml, "timeZone"));
        assertEquals("2", XmlFiles.text(xml, "transportLayerProtocol"), "UDP");
        assertEquals("dialplan.xml", XmlFiles.text(xml, "dialTemplate"));
    }

    @Test
    void aNamedProfileOverridesTheDefaultOne() {
        FlasherConf conf = FlasherConf.parse("""
                sip.server = pbx.example.net
                timezone = W. Europe Standard/Daylight Time
                profile.lab.sip.server = 10.0.0.5
                profile.lab.sip.port = 5070
                profile.lab.sip.transport = tcp
                profile.lab.nat.enabled = yes
                profile.lab.nat.address = 203.0.113.7
                profile.lab.codec = G711ALAW
                profile.lab.dialplan.1 = 9.......... 0
                """);
        Profiles profiles = Profiles.parse(conf, "flasher.conf", "001E7A2B3C4D,Lab,200,200,pw,,LAB\n", "phones.csv");
        assertEquals(java.util.List.of(), profiles.problems());
        byte[] xml = generate(profiles, Mac.parse("001E7A2B3C4D").orElseThrow(), Optional.empty());
        Map<String, String> leaves = XmlFiles.leaves(xml);
        String cm = "device/devicePool/callManagerGroup/members/member[priority=0]/callManager/";
        assertEquals("10.0.0.5", leaves.get(cm + "processNodeName"));
        assertEquals("5070", leaves.get(cm + "ports/sipPort"));
        assertEquals("5070", leaves.get("device/sipProfile/sipLines/line[button=1]/port"));
        assertEquals("5070", leaves.get("device/sipProfile/sipProxies/outboundProxyPort"), "follows sip.port unless set");
        assertEquals("1", leaves.get("device/transportLayerProtocol"));
        assertEquals("true", leaves.get("device/sipProfile/natEnabled"));
        assertEquals("203.0.113.7", leaves.get("device/sipProfile/natAddress"));
        assertEquals("g711alaw", leaves.get("device/sipProfile/preferredCodec"));
        assertEquals("W. Europe Standard/Daylight Time", leaves.get("device/devicePool/dateTimeSetting/timeZone"), "inherited");
        assertEquals("dialplan-lab.xml", leaves.get("device/sipProfile/dialTemplate"));
    }

    /** A German household: German menus and tones, G.722, and three lines on one phone, the third clashing with no dial. */
    static Profiles european() {
        FlasherConf conf = FlasherConf.parse("""
                locale.user = german_germany
                locale.network = GERMANY
                codec = g722
                speeddial.2 = 110, Polizei
                speeddial.5 = 112, Notruf
                """);
        String csv = "001E7A2B3C4D,Anna,31,,pw-31\n001E7A2B3C4D,Fax,33,,pw-33,,,,3\n001E7A2B3C4D,Büro,32,,pw-32,,,,2\n";
        return Profiles.parse(conf, "flasher.conf", csv, "phones.csv");
    }

    static Map<String, String> european(String model) {
        Profiles profiles = european();
        return XmlFiles.leaves(SepConfig.write(profiles.forMac(Mac.parse("001E7A2B3C4D").orElseThrow()), Optional.empty(),
                "10.99.0.1", Optional.empty(), org.phoneflasher.catalogue.PhoneModel.of(model)));
    }

    @Test
    void theLocalesAreWrittenAsCiscoNamesThem() {
        Map<String, String> leaves = european("7965");
        assertEquals("German_Germany", leaves.get("device/userLocale/name"));
        assertEquals("de_DE", leaves.get("device/userLocale/langCode"));
        assertEquals("1.0.0.0-1", leaves.get("device/userLocale/version"));
        assertEquals("Germany", leaves.get("device/networkLocale"));
        assertEquals("Germany", leaves.get("device/networkLocaleInfo/name"));
        Map<String, String> none = XmlFiles.leaves(generate(seed001(), SEED_MAC, Optional.empty()));
        assertFalse(none.keySet().stream().anyMatch(k -> k.contains("Locale")), "no locale unless flasher.conf names one");
    }

    @Test
    void g722IsOfferedOnlyByTheModelsThatHaveIt() {
        for (String model : java.util.List.of("7942", "7962", "7945", "7965", "7975")) {
            Map<String, String> leaves = european(model);
            assertEquals("1", leaves.get("device/advertiseG722Codec"), model);
            assertEquals("2", leaves.get("device/vendorConfig/g722CodecSupport"), model);
            assertEquals("none", leaves.get("device/sipProfile/preferredCodec"), model + ": preferredCodec has no g722");
        }
        for (String model : java.util.List.of("7941", "7961", "7970")) {
            Map<String, String> leaves = european(model);
            assertNull(leaves.get("device/advertiseG722Codec"), model);
            assertNull(leaves.get("device/vendorConfig/g722CodecSupport"), model);
            assertEquals("none", leaves.get("device/sipProfile/preferredCodec"), model);
        }
        assertNull(XmlFiles.leaves(SepConfig.write(european().forMac(Mac.parse("001E7A2B3C4D").orElseThrow()), Optional.empty(),
                "10.99.0.1")).get("device/advertiseG722Codec"), "an unknown model gets no G.722");
    }

    @Test
    void eachLineGoesOnItsButtonUpToTheModelsButtonsAndALineTakesTheButtonFromASpeedDial() {
        String lines = "device/sipProfile/sipLines/line[button=";
        Map<String, String> big = european("7965");
        assertEquals("31", big.get(lines + "1]/name"));
        assertEquals("32", big.get(lines + "2]/name"));
        assertEquals("9", big.get(lines + "2]/featureID"), "line 2, not the speed dial");
        assertNull(big.get(lines + "2]/speedDialNumber"));
        assertEquals("33", big.get(lines + "3]/name"));
        assertEquals("pw-33", big.get(lines + "3]/authPassword"));
        assertEquals("112", big.get(lines + "5]/speedDialNumber"));
        Map<String, String> small = european("7945");
        assertEquals("32", small.get(lines + "2]/name"));
        assertNull(small.get(lines + "3]/name"), "a 7945 has two buttons");
        assertEquals(java.util.List.of("phones.csv row 3, line: 001E7A2B3C4D line 2 is on the button profile default gives"
                + " speeddial.2; the line is written, the speed dial left out on this phone"), european().problems());
    }
}
