package org.phoneflasher.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phoneflasher.phones.DeviceInfo;

/** The simulated phone's page in its family's real shape, read by the box's own parser, as the box will read it. */
class DeviceInfoPageTest {

    static DeviceInfo fetch(String model, String load) throws Exception {
        try (DeviceInfoPage page = DeviceInfoPage.start(0, "001E7A2B3C4D", model, () -> Optional.of(load))) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/DeviceInformationX")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return DeviceInfo.parse(r.body()).orElseThrow();
        }
    }

    @Test
    void aSimulatedSeventyFortyAnswersAsARealOne() throws Exception {
        DeviceInfo info = fetch("7940", "P00308010200");
        assertEquals("8.1(2.0)", info.versionId(), "a dotted version, as a real 7940 on SCCP 8.1(2)");
        assertEquals("P00308010200", info.appLoadId());
        assertEquals("CP-7940", info.modelNumber());
        assertEquals("P00308010200", info.load());
        assertEquals("1.0", info.hardwareRevision(), "as a real 7940 says");
        assertEquals("INM7A2B3C4D", info.serialNumber(), "an INM… serial number, made from the MAC");
        assertEquals("001E7A2B3C4D", info.macAddress());
    }

    @Test
    void aSimulatedSeventyFortysPageIsLatinOneAsARealOnesIs() throws Exception {
        try (DeviceInfoPage page = DeviceInfoPage.start(0, "001E7A2B3C4D", "7960", () -> Optional.of("P00308010200"))) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page.port() + "/DeviceInformationX")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"), text);
            assertTrue(text.contains("<modelNumber>CP-7960</modelNumber>"), text);
        }
    }

    @Test
    void aSimulatedSeventySixtyFiveNamesItsLoadInVersionId() throws Exception {
        DeviceInfo info = fetch("7965", "SIP45.9-4-2SR3-1S");
        assertEquals("SIP45.9-4-2SR3-1S", info.versionId());
        assertEquals("SIP45.9-4-2SR3-1S", info.load());
        assertEquals("CP-7965G", info.modelNumber());
        assertEquals("FCH7A2B3C4D", info.serialNumber());
        assertEquals("2", info.hardwareRevision());
    }
}
