package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.dhcp4java.DHCPConstants;
import org.dhcp4java.DHCPPacket;
import org.junit.jupiter.api.Test;
import org.phoneflasher.dhcp.ClientExchange;

/** Text a device on the link sends (option 60, file names) reaches the box's log escaped: no forged line, no terminal escape. */
class LogInjectionIT {
    static final Duration T = Duration.ofSeconds(30);
    /** How slf4j-simple starts every line the box logs. */
    static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[[^\\]]+\\] [A-Z]+ .*");
    static final String VENDOR = "Cisco Systems, Inc. IP Phone CP-7965G\n12:00:00.000 [dhcp] INFO events - DHCP lease FAKE"
            + "\u001b[2J\u001b]0;owned\u0007\r";
    static final String NAME = "a\u001b[31m\nFAKE LINE";

    @Test
    void option60AndFileNamesWithControlBytesAreLoggedEscaped() throws Exception {
        Path work = Rig.tempDir("inject");
        Path stick = Files.createDirectories(work.resolve("stick"));
        Files.writeString(stick.resolve("RINGLIST.DAT"), "ring list");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.join(link, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host laptop = rig.join(link, "laptop", "10.99.0.66/24");
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
            server.awaitLog("DHCP serving: no other DHCP server answered on vbox");

            DHCPPacket discover = ClientExchange.request(0x1e7a, new byte[] {0x00, 0x1e, 0x7a, 0x00, 0x00, 0x66},
                    DHCPConstants.DHCPDISCOVER);
            discover.setOptionRaw(DHCPConstants.DHO_VENDOR_CLASS_IDENTIFIER, VENDOR.getBytes(StandardCharsets.US_ASCII));
            RawUdp.dhcp(rig, laptop, work, discover);
            server.awaitLog("DHCP offer");
            RawUdp.send(rig, laptop, work, rrq(NAME), 69);
            server.awaitLog("TFTP refused a");
            // The same over HTTP on 6970: Jetty answers 400 to a path with a control character before the box sees it;
            // were it let through, the box would have to log it escaped.
            String esc = rig.run(laptop, T, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                    "http://" + BoxProcess.ADDRESS + ":6970/b%1b%5b31mRED").ok().out();
            String lf = rig.run(laptop, T, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                    "http://" + BoxProcess.ADDRESS + ":6970/b%1b%5b31m%0aFAKE%20HTTP").ok().out();
            for (String code : new String[] {esc, lf}) {
                if (!code.equals("400")) {
                    server.awaitLog("HTTP refused /b\\x1b[31m");
                }
            }

            String log = server.log();
            assertTrue(log.contains("Cisco Systems, Inc. IP Phone CP-7965G\\x0a12:00:00.000 [dhcp] INFO events - DHCP lease FAKE"
                    + "\\x1b[2J\\x1b]0;owned\\x07"), log);
            assertTrue(log.contains("TFTP request a\\x1b[31m\\x0aFAKE LINE from 10.99.0.66"), log);
            for (String line : log.split("\n")) {
                assertTrue(LOG_LINE.matcher(line).matches(), "a line the box did not write: " + line);
                assertTrue(line.chars().noneMatch(Character::isISOControl), "a raw control byte in: " + line.replace("\u001b", "ESC"));
            }

            // Still serving: a real file to a real client.
            Path got = work.resolve("got");
            rig.run(laptop, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "RINGLIST.DAT", got.toString()).ok();
            assertEquals("ring list", Files.readString(got));
        }
    }

    /** A TFTP read request, opcode 1, name and mode NUL-terminated, as RFC 1350 frames it. */
    static byte[] rrq(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1});
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }
}
