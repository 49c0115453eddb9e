package org.phoneflasher.sim;

import org.phoneflasher.catalogue.Family;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The simulated phone's own web page: DeviceInformationX with the load it runs and what it is, in its family's shape.
 * A 7940/7960 answers as a real 7940 on SCCP 8.1(2) does (IvanSanchez/node-cuipp's fakePhone.js reproduces one):
 * ISO-8859-1, the load in appLoadID (P00308010200), a dotted version in versionID (8.1(2.0)),
 * {@code <hardwareRevision>1.0</hardwareRevision>}, an INM… serial number, modelNumber CP-7940. The 79x1 and later name
 * the load in versionID (cisco-notes); the rest of their page is a look-alike with the same element
 * names (no capture of a 79x1/79x5 page was found to copy): an FCH… serial number, modelNumber CP-7965G. Serial
 * numbers are made from the MAC, so each simulated phone of a stack has its own.
 */
final class DeviceInfoPage implements AutoCloseable {
    private final HttpServer server;

    private DeviceInfoPage(HttpServer server) {
        this.server = server;
    }

    static DeviceInfoPage start(int port, String mac, String model, Supplier<Optional<String>> load) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 8);
        boolean old = Family.of(model).equals(Optional.of(Family.F7940_7960));
        server.createContext("/DeviceInformationX", exchange -> {
            String running = load.get().orElse("");
            byte[] body = old ? seventyNinetyPage(mac, model, running).getBytes(StandardCharsets.ISO_8859_1)
                    : newerPage(mac, model, running).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new DeviceInfoPage(server);
    }

    /** The serial number a simulated phone reports: the family's factory prefix and the MAC's last eight digits. */
    static String serialNumber(String mac, String model) {
        boolean old = Family.of(model).equals(Optional.of(Family.F7940_7960));
        return (old ? "INM" : "FCH") + mac.substring(4);
    }

    static String hardwareRevision(String model) {
        return Family.of(model).equals(Optional.of(Family.F7940_7960)) ? "1.0" : "2";
    }

    private static String seventyNinetyPage(String mac, String model, String running) {
        return """
                <?xml version="1.0" encoding="iso-8859-1"?>
                <DeviceInformation>
                   <MACAddress>%s</MACAddress>
                   <HostName>SEP%s</HostName>
                   <phoneDN></phoneDN>
                   <appLoadID>%s</appLoadID>
                   <bootLoadID>PC03A300</bootLoadID>
                   <versionID>%s</versionID>
                   <DSPLoadID>4.0(5.0)[A0]</DSPLoadID>
                   <addonModule1></addonModule1>
                   <addonModule2></addonModule2>
                   <hardwareRevision>%s</hardwareRevision>
                   <serialNumber>%s</serialNumber>
                   <modelNumber>CP-%s</modelNumber>
                   <Codec>ADLCodec</Codec>
                   <Amps>3V Amp</Amps>
                   <C3PORevision>2</C3PORevision>
                   <MessageWaiting>no</MessageWaiting>
                </DeviceInformation>
                """.formatted(mac, mac, running, dotted(running), hardwareRevision(model), serialNumber(mac, model), model);
    }

    private static String newerPage(String mac, String model, String running) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <DeviceInformation>
                  <MACAddress>%s</MACAddress>
                  <HostName>SEP%s</HostName>
                  <phoneDN></phoneDN>
                  <appLoadID></appLoadID>
                  <versionID>%s</versionID>
                  <addonModule1></addonModule1>
                  <addonModule2></addonModule2>
                  <hardwareRevision>%s</hardwareRevision>
                  <serialNumber>%s</serialNumber>
                  <modelNumber>CP-%sG</modelNumber>
                  <MessageWaiting>No</MessageWaiting>
                </DeviceInformation>
                """.formatted(mac, mac, running, hardwareRevision(model), serialNumber(mac, model), model);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** "8.1(2.0)" for P00308010200, as a 7940's versionID reads; the load name's version in that form. */
    static String dotted(String load) {
        return org.phoneflasher.firmware.LoadName.parse(load).version()
                .map(v -> v.major() + "." + v.minor() + "(" + v.maintenance() + "." + v.build() + ")").orElse(load);
    }
}
