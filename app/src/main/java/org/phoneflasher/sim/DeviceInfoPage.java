package org.phoneflasher.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/** The simulated phone's own web page: DeviceInformationX with the load it runs, as a real 79xx answers it. */
final class DeviceInfoPage implements AutoCloseable {
    private final HttpServer server;

    private DeviceInfoPage(HttpServer server) {
        this.server = server;
    }

    static DeviceInfoPage start(int port, String mac, String model, Supplier<Optional<String>> load) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 8);
        server.createContext("/DeviceInformationX", exchange -> {
            String xml = """
                    <?xml version="1.0" encoding="utf-8"?>
                    <DeviceInformation>
                      <MACAddress>%s</MACAddress>
                      <HostName>SEP%s</HostName>
                      <phoneDN></phoneDN>
                      <appLoadID></appLoadID>
                      <versionID>%s</versionID>
                      <serialNumber>SIM%s</serialNumber>
                      <modelNumber>CP-%sG</modelNumber>
                    </DeviceInformation>
                    """.formatted(mac, mac, load.get().orElse(""), mac.substring(6), model);
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

    @Override
    public void close() {
        server.stop(0);
    }
}
