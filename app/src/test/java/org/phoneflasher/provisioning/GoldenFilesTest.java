package org.phoneflasher.provisioning;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;

/**
 * Every generated file, byte for byte, per model family and for the 7940/7960 text format. The golden files were
 * generated, then read line by line against seeds 001, 003 and 004. After a deliberate change, regenerate them with
 * {@code mvn -o test -Dtest=GoldenFilesTest -Dgolden.update=true} (run from app/ or with -pl app) and review the diff.
 */
class GoldenFilesTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static final String CONF = """
            # The office: a FritzBox, as in seed 001
            sip.server = 192.168.178.1
            timezone = W. Europe Standard/Daylight Time
            date.format = D.M.YY
            ntp.server = 192.168.178.1
            ssh.user = admin
            ssh.password = s3cret!
            phone.label = Office
            messages.number = **600
            speeddial.6 = 112, Emergency
            dialplan.1 = 0.. 0
            dialplan.1 = 0.......... 0
            dialplan.2 = 112 0
            dialplan.3 = * 4

            # The lab: another PBX, over TCP, no speed dial, its own dial plan
            profile.lab.sip.server = pbx.lab.example
            profile.lab.sip.port = 5070
            profile.lab.sip.transport = tcp
            profile.lab.sip.outbound_proxy = proxy.lab.example
            profile.lab.sip.outbound_proxy_port = 5080
            profile.lab.timezone = pacific standard/daylight time
            profile.lab.date.format = M/D/Y
            profile.lab.codec = g729a
            profile.lab.speeddial.6 =
            profile.lab.speeddial.2 = 4711, Lab desk
            profile.lab.dialplan.1 = 9.......... 0 ..........
            profile.lab.idle.timeout = 0

            # At home in Germany: German menus and tones, G.722 where the phone has it
            profile.home.locale.user = German_Germany
            profile.home.locale.network = Germany
            profile.home.codec = g722
            target.7965 = SIP45.9-4-2SR3-1S
            """;

    static final String CSV = """
            MAC,label,extension,auth name,password,display name,profile,contact,line
            00:1E:7A:00:00:41,Line 1,office41,office41,pw-41,Reception,,620
            00:1e:7a:00:00:42,Lab,lab42,,pw-42,"Lab, bench 2",lab
            001E.7A00.0045,Line 1,office45,office45,"p&ss<w>rd",Müller & Söhne,,621
            001E7A000070,Boss,700,700,pw-70,The Boss,LAB
            001E7A000060,Line 1,office60,office60,pw-60,Front Desk,,622
            001E7A000065,Anna,31,,pw-31,Anna,home,,1
            001E7A000065,Büro,32,,pw-32,Büro,,,2
            001E7A000065,Fax,33,,pw-33,Fax,,,3
            """;

    record Case(String request, String golden, Map<String, String> models) {
        @Override
        public String toString() {
            return request;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("SEP001E7A000041.cnf.xml", "SEP-7961-family41.cnf.xml", Map.of("001E7A000041", "7961")),
                new Case("SEP001E7A000042.cnf.xml", "SEP-7962-family42-lab.cnf.xml", Map.of("001E7A000042", "7962")),
                new Case("SEP001E7A000045.cnf.xml", "SEP-7965-family45.cnf.xml", Map.of("001E7A000045", "7965")),
                new Case("SEP001E7A000070.cnf.xml", "SEP-7970-family70-lab.cnf.xml", Map.of("001E7A000070", "7970")),
                new Case("SEP001E7A000075.cnf.xml", "SEP-7975-unlisted-phone.cnf.xml", Map.of("001E7A000075", "7975")),
                new Case("SEP001E7A000041.cnf.xml", "SEP-unknown-model.cnf.xml", Map.of()),
                new Case("XMLDefault.cnf.xml", "XMLDefault.cnf.xml", Map.of()),
                new Case("dialplan.xml", "dialplan.xml", Map.of()),
                new Case("dialplan-lab.xml", "dialplan-lab.xml", Map.of()),
                new Case("OS79XX.TXT", "OS79XX.TXT", Map.of()),
                new Case("SIPDefault.cnf", "SIPDefault.cnf", Map.of()),
                new Case("SIP001E7A000060.cnf", "SIP-7960.cnf", Map.of("001E7A000060", "7960")),
                new Case("SIP001E7A000070.cnf", "SIP-7960-lab.cnf", Map.of()),
                // The European profile and three lines: all of it on a 7965; two lines and no G.722 on a 7941.
                new Case("SEP001E7A000065.cnf.xml", "SEP-7965-home-three-lines.cnf.xml", Map.of("001E7A000065", "7965")),
                new Case("SEP001E7A000065.cnf.xml", "SEP-7941-home-two-buttons.cnf.xml", Map.of("001E7A000065", "7941")),
                new Case("SIP001E7A000065.cnf", "SIP-7960-home-three-lines.cnf", Map.of("001E7A000065", "7960")),
                new Case("SIP001E7A000065.cnf", "SIP-7940-home-two-lines.cnf", Map.of("001E7A000065", "7940")));
    }

    static Profiles profiles() {
        Profiles profiles = Profiles.parse(FlasherConf.parse(CONF), "flasher.conf", CSV, "phones.csv");
        assertEquals(List.of("flasher.conf line 12: dialplan.1 set again; the last value counts"), profiles.problems());
        return profiles;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void generatedFilesMatchTheirGoldenFiles(Case c) throws IOException {
        Resolver resolver = new Resolver(List.of(new GeneratedConfigs(TestContext.of(profiles(), c.models()))));
        Resolution r = resolver.resolve(c.request(), java.net.InetAddress.getLoopbackAddress());
        assertInstanceOf(Resolution.Found.class, r, c.request() + " → " + r);
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(((Resolution.Found) r).content().open())) {
            bytes = in.readAllBytes();
        }
        assertEquals(bytes.length, ((Resolution.Found) r).content().size());
        if (c.golden().endsWith(".xml")) {
            XmlFiles.parse(bytes);
        }
        Path golden = GOLDEN.resolve(c.golden());
        if (Boolean.getBoolean("golden.update")) {
            Files.write(golden, bytes);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + " (run with -Dgolden.update=true once)");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.UTF_8), c.golden());
    }
}
