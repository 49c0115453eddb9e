package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dhcp4java.DHCPPacket;

/**
 * One DHCP packet, built here, sent to the box's port 67 from a host in the rig (bash's /dev/udp, from an address of
 * that host): what a broken or hostile device would send, with no DHCP client in between to tidy it up.
 */
final class RawDhcp {
    private RawDhcp() {}

    static void send(Rig rig, Rig.Host from, Path work, DHCPPacket packet) throws IOException {
        Path bytes = Files.createTempFile(work, "dhcp", ".bin");
        Files.write(bytes, packet.serialize());
        rig.run(from, Duration.ofSeconds(10), "bash", "-c", "cat \"$1\" > /dev/udp/" + BoxProcess.ADDRESS + "/67", "raw",
                bytes.toString()).ok();
    }
}
