package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhcp4java.DHCPPacket;

/**
 * One datagram, built here, sent to a port of the box from a host in the rig (bash's /dev/udp, from an address of
 * that host): what a broken or hostile device would send, with no client program in between to tidy it up.
 */
final class RawUdp {
    private RawUdp() {}

    static void send(Rig rig, Rig.Host from, Path work, byte[] datagram, int port) throws IOException {
        Path bytes = Files.createTempFile(work, "udp", ".bin");
        Files.write(bytes, datagram);
        rig.run(from, Duration.ofSeconds(10), "bash", "-c", "cat \"$1\" > /dev/udp/" + BoxProcess.ADDRESS + "/" + port, "raw",
                bytes.toString()).ok();
    }

    static void dhcp(Rig rig, Rig.Host from, Path work, DHCPPacket packet) throws IOException {
        send(rig, from, work, packet.serialize(), 67);
    }

    /** Many DHCP packets, in order, one datagram each, from one shell (a flood, as fast as a shell sends them). */
    static void dhcp(Rig rig, Rig.Host from, Path work, List<DHCPPacket> packets) throws IOException {
        Path dir = Files.createTempDirectory(work, "flood");
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "for f in \"$@\"; do cat \"$f\" > /dev/udp/" + BoxProcess.ADDRESS + "/67 || exit 1; done", "flood"));
        for (int i = 0; i < packets.size(); i++) {
            Path file = dir.resolve(String.format("%05d.bin", i));
            Files.write(file, packets.get(i).serialize());
            command.add(file.toString());
        }
        rig.run(from, Duration.ofSeconds(60), command.toArray(String[]::new)).ok();
    }
}
