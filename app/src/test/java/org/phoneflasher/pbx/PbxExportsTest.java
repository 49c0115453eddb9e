package org.phoneflasher.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.phoneflasher.config.FlasherConf;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.provisioning.SepConfig;
import org.w3c.dom.Document;

class PbxExportsTest {
    private static final String CONF = "sip.server = pbx.example\nsip.transport = udp\ncodec = g711alaw\n"
            + "profile.office.sip.transport = tcp\nprofile.office.sip.port = 5080\nprofile.office.codec = g729a\n";
    private static final String CSV = "MAC,label,extension,auth name,password,display name,profile\n"
            + "001E7A000001,Desk,1001,,s3cr;et,\"Doe, Jane\",\n"
            + "001E7A000002,Lab,620,fritz620,pw2,Lab,office\n";

    private static Profiles profiles() {
        return Profiles.parse(FlasherConf.parse(CONF), "flasher.conf", CSV, "phones.csv");
    }

    private static String export(PbxFormat format) throws Exception {
        StringWriter out = new StringWriter();
        format.write(PbxLine.of(profiles()), out);
        return out.toString();
    }

    /** A section of an Asterisk .conf file: its name and keys (sections may share a name, told apart by type). */
    record Section(String name, Map<String, String> keys) {}

    /** Asterisk's .conf format: [name] headers, key=value or key => value, ";" comments unless escaped "\;". */
    static List<Section> parseAsteriskConf(String text) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                assertTrue(line.endsWith("]"), "section header: " + raw);
                current = new Section(line.substring(1, line.length() - 1), new LinkedHashMap<>());
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(eq > 0 && current != null, "key=value inside a section: " + raw);
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).replaceFirst("^>", "").strip().replace("\\;", ";").replace("\\\\", "\\");
            assertFalse(current.keys().containsKey(key), "key given twice in [" + current.name() + "]: " + key);
            current.keys().put(key, value);
        }
        return sections;
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == ';') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static Section typed(List<Section> sections, String name, String type) {
        List<Section> found = sections.stream().filter(s -> s.name().equals(name) && type.equals(s.keys().get("type"))).toList();
        assertEquals(1, found.size(), "one [" + name + "] of type " + type);
        return found.get(0);
    }

    /** The line the phone's own config carries: the exports must agree with it. */
    private static Map<String, String> phoneLine(String mac) throws Exception {
        Profiles profiles = profiles();
        byte[] xml = SepConfig.write(profiles.forMac(Mac.parse(mac).orElseThrow()), Optional.empty(), "10.99.0.1");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Map<String, String> out = new LinkedHashMap<>();
        for (String tag : List.of("name", "authName", "authPassword", "contact")) {
            out.put(tag, ((org.w3c.dom.Element) doc.getElementsByTagName("line").item(0)).getElementsByTagName(tag).item(0)
                    .getTextContent());
        }
        return out;
    }

    @Test
    void pjsipHasEndpointAuthAorPerLineMatchingThePhonesConfig() throws Exception {
        List<Section> conf = parseAsteriskConf(export(PbxFormat.PJSIP));
        for (String mac : List.of("001E7A000001", "001E7A000002")) {
            Map<String, String> phone = phoneLine(mac);
            Section endpoint = typed(conf, phone.get("name"), "endpoint");
            Section auth = typed(conf, endpoint.keys().get("auth"), "auth");
            typed(conf, endpoint.keys().get("aors"), "aor");
            assertEquals(phone.get("name"), endpoint.keys().get("aors"), "aor named as the user the phone registers");
            assertEquals(phone.get("authName"), auth.keys().get("username"));
            assertEquals(phone.get("authPassword"), auth.keys().get("password"));
            assertEquals("userpass", auth.keys().get("auth_type"));
            Section transport = typed(conf, endpoint.keys().get("transport"), "transport");
            assertEquals(mac.endsWith("1") ? "udp" : "tcp", transport.keys().get("protocol"));
            assertEquals(mac.endsWith("1") ? "0.0.0.0:5060" : "0.0.0.0:5080", transport.keys().get("bind"));
            assertEquals(mac.endsWith("1") ? "alaw,ulaw" : "g729,ulaw,alaw", endpoint.keys().get("allow"));
            assertEquals("all", endpoint.keys().get("disallow"));
        }
        assertEquals("s3cr;et", phoneLine("001E7A000001").get("authPassword"), "a ';' in a password survives the escape");
    }

    @Test
    void sipConfHasAPeerPerLineMatchingThePhonesConfig() throws Exception {
        List<Section> conf = parseAsteriskConf(export(PbxFormat.SIPCONF));
        for (String mac : List.of("001E7A000001", "001E7A000002")) {
            Map<String, String> phone = phoneLine(mac);
            Section peer = typed(conf, phone.get("authName"), "friend");
            assertEquals(phone.get("authPassword"), peer.keys().get("secret"));
            assertEquals(phone.get("name"), peer.keys().get("defaultuser"));
            assertEquals("dynamic", peer.keys().get("host"));
        }
    }

    @Test
    void freePbxCsvHasBulkHandlerHeaderAndEveryRow() throws Exception {
        String[] rows = export(PbxFormat.FREEPBX).split("\r\n");
        assertEquals("extension,name,description,tech,secret,callerid,outboundcid", rows[0]);
        assertEquals(3, rows.length);
        Map<String, String> first = phoneLine("001E7A000001");
        assertTrue(rows[1].startsWith(first.get("name") + ",\"Doe, Jane\","), rows[1]);
        assertTrue(rows[1].contains(",pjsip," + first.get("authPassword") + ","), rows[1]);
        Map<String, String> second = phoneLine("001E7A000002");
        assertTrue(rows[2].startsWith(second.get("name") + ",Lab,"), rows[2]);
        assertTrue(rows[2].contains(",pjsip," + second.get("authPassword") + ","), rows[2]);
    }

    @Test
    void fritzBoxChecklistNamesRegistrarUserNameAndPassword() throws Exception {
        String text = export(PbxFormat.FRITZBOX);
        Map<String, String> phone = phoneLine("001E7A000002");
        assertTrue(text.contains("Registrar:                       pbx.example\n"), text);
        assertTrue(text.contains("Benutzername (user name):        " + phone.get("authName") + "\n"), text);
        assertTrue(text.contains("Kennwort (password):             " + phone.get("authPassword") + "\n"), text);
        assertTrue(text.contains("Interne Rufnummer (internal no): " + phone.get("contact") + "\n"), text);
    }

    @Test
    void formatKeysAreTheOnesCheckTakes() {
        assertEquals("pjsip|sipconf|freepbx|fritzbox", PbxFormat.keys());
        assertEquals(Optional.of(PbxFormat.FREEPBX), PbxFormat.ofKey("FreePBX"));
        assertEquals(Optional.empty(), PbxFormat.ofKey("asterisk"));
    }

    @Test
    void theConfigZipHoldsEachPhonesHomeConfigAndTheDialPlans() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        assertEquals(List.of(), ConfigZip.write(profiles(), "10.99.0.1", bytes));
        Map<String, String> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("SEP001E7A000001.cnf.xml", "SIP001E7A000001.cnf", "SEP001E7A000002.cnf.xml", "SIP001E7A000002.cnf",
                "dialplan.xml", "dialplan-office.xml"), List.copyOf(entries.keySet()));
        String sep = entries.get("SEP001E7A000002.cnf.xml");
        assertEquals(new String(SepConfig.write(profiles().forMac(Mac.parse("001E7A000002").orElseThrow()), Optional.empty(),
                "10.99.0.1"), java.nio.charset.StandardCharsets.UTF_8), sep, "the same file the box serves a phone leaving");
        assertFalse(sep.contains("/phone/"), "no page of the box in a home config");
        assertTrue(entries.get("SIP001E7A000002.cnf").contains("line1_password: \"pw2\""), entries.get("SIP001E7A000002.cnf"));
    }

    /** One phone with two lines (the second on button 2) and one with one line, in G.722's profile. */
    private static Profiles twoLines() {
        return Profiles.parse(FlasherConf.parse("sip.server = pbx.example\ncodec = g722\n"), "flasher.conf",
                "001E7A000001,Anna,31,,pw-31\n001E7A000002,Hall,40,,pw-40\n001E7A000001,Fax,32,,pw-32,,,,2\n", "phones.csv");
    }

    private static String export(PbxFormat format, Profiles profiles) throws Exception {
        StringWriter out = new StringWriter();
        format.write(PbxLine.of(profiles), out);
        return out.toString();
    }

    @Test
    void aPhoneWithTwoLinesHasTwoEntriesInEveryExportAndOnePairOfFilesInTheZip() throws Exception {
        Profiles profiles = twoLines();
        assertEquals(List.of(), profiles.problems());
        assertEquals(List.of("31", "32", "40"), PbxLine.of(profiles).stream().map(l -> l.line().name()).toList(),
                "a phone's lines by button, phones in file order");
        List<Section> pjsip = parseAsteriskConf(export(PbxFormat.PJSIP, profiles));
        for (String user : List.of("31", "32", "40")) {
            Section endpoint = typed(pjsip, user, "endpoint");
            assertEquals("g722,alaw,ulaw", endpoint.keys().get("allow"));
            assertEquals("pw-" + user, typed(pjsip, endpoint.keys().get("auth"), "auth").keys().get("password"));
        }
        List<Section> sip = parseAsteriskConf(export(PbxFormat.SIPCONF, profiles));
        assertEquals("pw-32", typed(sip, "32", "friend").keys().get("secret"));
        String[] rows = export(PbxFormat.FREEPBX, profiles).split("\r\n");
        assertEquals(4, rows.length, String.join("\n", rows));
        assertTrue(rows[2].startsWith("32,") && rows[2].contains(",pjsip,pw-32,"), rows[2]);
        String fritz = export(PbxFormat.FRITZBOX, profiles);
        assertTrue(fritz.contains("Kennwort (password):             pw-32\n"), fritz);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        assertEquals(List.of(), ConfigZip.write(profiles, "10.99.0.1", bytes));
        List<String> names = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("SEP001E7A000001.cnf.xml", "SIP001E7A000001.cnf", "SEP001E7A000002.cnf.xml", "SIP001E7A000002.cnf",
                "dialplan.xml"), names);
    }
}
