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
 * The simulated phone's own web page: DeviceInformationX with the load it runs, in its family's shape: a 7940/7960
 * names the load in appLoadID and a dotted version in versionID (a real 7940 on SCCP 8.1(2): P00308010200 and
 * 8.1(2.0)); the 79x1 and later name the load in versionID.
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
            String xml = """
                    <?xml version="1.0" encoding="utf-8"?>
                    <DeviceInformation>
                      <MACAddress>%s</MACAddress>
                      <HostName>SEP%s</HostName>
                      <phoneDN></phoneDN>
                      <appLoadID>%s</appLoadID>
                      <versionID>%s</versionID>
                      <serialNumber>SIM%s</serialNumber>
                      <modelNumber>%s</modelNumber>
                    </DeviceInformation>
                    """.formatted(mac, mac, old ? running : "", old ? dotted(running) : running, mac.substring(6),
                    old ? "CP-" + model : "CP-" + model + "G");
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new DeviceInfoPage(server);
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
