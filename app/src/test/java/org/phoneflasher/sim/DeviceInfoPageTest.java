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
    }

    @Test
    void aSimulatedSeventySixtyFiveNamesItsLoadInVersionId() throws Exception {
        DeviceInfo info = fetch("7965", "SIP45.9-4-2SR3-1S");
        assertEquals("SIP45.9-4-2SR3-1S", info.versionId());
        assertEquals("SIP45.9-4-2SR3-1S", info.load());
    }
}
