package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneState;
import org.phoneflasher.phones.PhoneText;
import org.w3c.dom.Document;

/** The phone's own screen: CiscoIPPhoneText that an XML parser reads and that fits the phones' limits. */
class PhoneXmlTest {
    static final Mac MAC = new Mac("001E7A2B3C4D");
    static final String LOAD = "SIP45.9-4-2SR3-1S";
    static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");

    static Phone phone(PhoneState state, String current, Phone.Progress progress, String failure, String advice) {
        return new Phone(MAC, "7965", null, null, Ipv4.parse("10.99.0.100"), NOW.minusSeconds(60), NOW, state, current, "config", LOAD, LOAD, null, progress,
                false, failure, advice, List.of());
    }

    static List<Phone> everyState() {
        Phone.Progress progress = new Phone.Progress(LOAD, "apps45.9-4-2ES26.sbn", 1000, 4000, 5000, 10000, NOW.minusSeconds(75));
        List<Phone> phones = new ArrayList<>();
        for (PhoneState state : PhoneState.values()) {
            phones.add(phone(state, state.onTarget() ? LOAD : "SCCP45.9-2-1S", progress, "came back without " + LOAD,
                    "try an older load → like 9.3(1)SR4 — now"));
        }
        return phones;
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static void assertFits(Document doc) {
        assertEquals("CiscoIPPhoneText", doc.getDocumentElement().getTagName());
        String title = doc.getElementsByTagName("Title").item(0).getTextContent();
        String prompt = doc.getElementsByTagName("Prompt").item(0).getTextContent();
        String text = doc.getElementsByTagName("Text").item(0).getTextContent();
        assertTrue(title.length() <= 32, title);
        assertTrue(prompt.length() <= 32, prompt);
        assertTrue(text.length() <= 4000, "text of " + text.length());
        assertTrue((title + prompt + text).chars().allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f), "ASCII only: " + text);
    }

    @Test
    void everyStateParsesAndFitsThePhonesLimits() throws Exception {
        for (Phone p : everyState()) {
            assertFits(parse(PhoneXml.of(PhoneText.screen(MAC, p, NOW))));
        }
        assertFits(parse(PhoneXml.of(PhoneText.screen(MAC, null, NOW))));
    }

    @Test
    void aDonePhoneIsToldItCanBeUnpluggedAndOneOnTheBenchToWait() throws Exception {
        Document doc = parse(PhoneXml.of(PhoneText.screen(MAC, phone(PhoneState.DONE, LOAD, null, null, null), NOW)));
        assertTrue(doc.getElementsByTagName("Text").item(0).getTextContent().startsWith("Done: flashed to " + LOAD), 
                doc.getElementsByTagName("Text").item(0).getTextContent());
        assertTrue(doc.getElementsByTagName("Text").item(0).getTextContent().contains("you can unplug me"));
        assertEquals("Done - you can unplug me", doc.getElementsByTagName("Prompt").item(0).getTextContent());
        for (PhoneState bench : List.of(PhoneState.ON_TARGET, PhoneState.REGISTERED)) {
            Document waiting = parse(PhoneXml.of(PhoneText.screen(MAC, phone(bench, LOAD, null, null, null), NOW)));
            assertEquals("Wait for DONE", waiting.getElementsByTagName("Prompt").item(0).getTextContent(), bench.name());
            assertTrue(waiting.getElementsByTagName("Text").item(0).getTextContent().contains("wait for DONE"), bench.name());
        }
    }

    @Test
    void aDownloadShowsHowFarAndForHowLong() {
        Phone p = everyState().get(PhoneState.DOWNLOADING.ordinal());
        String text = PhoneText.screen(MAC, p, NOW).text();
        assertTrue(text.contains("Downloading " + LOAD + ": 50%"), text);
        assertTrue(text.contains("File apps45.9-4-2ES26.sbn: 25%"), text);
        assertTrue(text.contains("Time so far: 1:15"), text);
    }

    @Test
    void markupAndHugeTextsFromTheNetworkAreEscapedAndClipped() throws Exception {
        String nasty = "<Text>&amp;</Text>\"'" + "x".repeat(10_000);
        Phone p = phone(PhoneState.FAILED, null, null, nasty, nasty);
        Document doc = parse(PhoneXml.of(PhoneText.screen(MAC, p, NOW)));
        assertFits(doc);
        assertTrue(doc.getElementsByTagName("Text").item(0).getTextContent().contains("Flash failed: <Text>&amp;</Text>\"'"));
        assertEquals(1, doc.getElementsByTagName("Text").getLength());
    }

    @Test
    void theShortLabelFitsPhoneLabelInEveryState() {
        for (Phone p : everyState()) {
            String label = PhoneText.shortState(p);
            assertTrue(org.phoneflasher.provisioning.Values.isPhoneLabel(label) && label.chars().allMatch(c -> c > 0x20 && c < 0x7f), label);
        }
        assertEquals("New", PhoneText.shortState(null));
        assertEquals("Flash-50%", PhoneText.shortState(everyState().get(PhoneState.DOWNLOADING.ordinal())));
        assertEquals("Wait-DONE", PhoneText.shortState(everyState().get(PhoneState.ON_TARGET.ordinal())));
        assertEquals("Wait-DONE", PhoneText.shortState(everyState().get(PhoneState.REGISTERED.ordinal())));
        assertEquals("Done-unplug", PhoneText.shortState(everyState().get(PhoneState.DONE.ordinal())));
        assertEquals("FAILED", PhoneText.shortState(everyState().get(PhoneState.FAILED.ordinal())));
    }

    @Test
    void theHandlerAnswersTextXmlWithARefreshHeaderForAnyFormOfTheMac() throws Exception {
        Map<Mac, Phone> phones = Map.of(MAC, phone(PhoneState.DOWNLOADING, null, null, null, null));
        PhoneScreenHandler handler = new PhoneScreenHandler(mac -> Optional.ofNullable(phones.get(mac)), Clock.fixed(NOW, ZoneOffset.UTC));
        try (LocalServer server = new LocalServer(handler)) {
            for (String form : List.of(MAC.hex(), "SEP" + MAC, "00:1e:7a:2b:3c:4d", "sep001e7a2b3c4d")) {
                HttpResponse<String> r = server.get("/phone/" + form);
                assertEquals(200, r.statusCode(), form);
                assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/xml"));
                assertEquals("5; url=" + server.base() + "/phone/" + MAC, r.headers().firstValue("Refresh").orElseThrow());
                Document doc = parse(r.body());
                assertFits(doc);
                assertEquals("Flashing - keep me plugged in", doc.getElementsByTagName("Prompt").item(0).getTextContent());
            }
            HttpResponse<String> unknown = server.get("/phone/00AABBCCDDEE");
            assertEquals(200, unknown.statusCode());
            assertTrue(unknown.body().contains("Not seen yet"), unknown.body());
            assertNotEquals(200, server.get("/phone/%2e%2e/etc/passwd").statusCode());
            assertEquals(404, server.get("/phone/not-a-mac").statusCode());
            assertEquals(405, server.post("/phone/" + MAC, "", null).statusCode());
        }
    }
}
