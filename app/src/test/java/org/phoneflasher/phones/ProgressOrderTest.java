package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.net.Mac;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** The page's bars only move forward, whatever order the TFTP threads publish in. */
class ProgressOrderTest {
    static final Mac MAC = new Mac("001E7A2B3C4D");
    static final String LOAD = "SIP45.9-4-2SR3-1S";

    @TempDir
    Path tmp;

    @Test
    void aFileSentAfterTheNextFileWasAskedForDoesNotMoveTheBarBack() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        new LookAlike(5).writeLoad(stick, LOAD, "9-4-2SR3-1S", List.of(new Component("jar45sip.9-4-2ES26.sbn", 3000),
                new Component("apps45.9-4-2ES26.sbn", 2000)), "\r\n");
        StickIndex index = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
        EventBus bus = new EventBus(100);
        PhoneTracker tracker = new PhoneTracker(bus, () -> index, new PhoneTrackerTest.Memory(), Clock.systemUTC());
        Inet4Address ip = (Inet4Address) InetAddress.getByName("10.99.0.100");
        Instant now = Instant.now();
        bus.publish(new Event.DhcpLeased(now, MAC, ip, "Cisco Systems, Inc. IP Phone CP-7965G", "7965", 3600));
        bus.publish(new Event.FileRequested(now, "TFTP", ip, "SEP" + MAC + ".cnf.xml", ""));
        tracker.configNamed(MAC, tracker.loadFor(MAC)); // as the config generator does
        bus.publish(new Event.FileRequested(now, "TFTP", ip, LOAD + ".loads", ""));
        String jar = "jar45sip.9-4-2ES26.sbn";
        String apps = "apps45.9-4-2ES26.sbn";
        long jarSize = index.file(jar).orElseThrow().size();
        bus.publish(new Event.FileRequested(now, "TFTP", ip, jar, ""));
        bus.publish(new Event.FileProgress(now, "TFTP", ip, jar, jarSize, jarSize));
        long before = tracker.phone(MAC).orElseThrow().progress().loadBytes();
        // The phone ACKs jar's last block and asks for apps before the box has published jar as sent.
        bus.publish(new Event.FileRequested(now, "TFTP", ip, apps, ""));
        bus.publish(new Event.FileSent(now, "TFTP", ip, jar, jarSize, 10, 512));
        Phone.Progress p = tracker.phone(MAC).orElseThrow().progress();
        assertEquals(apps, p.file());
        assertEquals(0, p.fileBytes(), "apps has not started: jar's bytes are not apps' bytes");
        assertEquals(jarSize, p.loadBytes());
        assertTrue(p.loadBytes() >= before);
    }
}
