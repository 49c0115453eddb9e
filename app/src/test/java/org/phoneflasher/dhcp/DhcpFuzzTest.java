package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dhcp4java.DHCPPacket;
import org.junit.jupiter.api.Test;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/**
 * A seeded mutator over real DHCP packets (a phone's DISCOVER, REQUEST, INFORM, RELEASE): 120,000 mutants through
 * the servlet. It must never throw, and must still answer a real phone afterwards.
 */
public class DhcpFuzzTest {
    static final int MUTANTS = 120_000;

    @Test
    void mutatedPacketsNeverBreakTheServer() {
        EventBus events = new EventBus(100);
        DhcpSettings settings = new DhcpSettings(LeaseServletTest.PORT, PoolRange.wholeSubnet(LeaseServletTest.PORT), 3600, null,
                false, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ZERO);
        LeaseServlet servlet = new LeaseServlet(settings,
                new LeasePool(new MemoryLeases(), settings.pool(), LeaseServletTest.PORT.address(), Clock.systemUTC()), events,
                foreign -> { });
        List<String> unprintable = new ArrayList<>();
        events.subscribe(e -> {
            if (e.describe().chars().anyMatch(Character::isISOControl)) {
                unprintable.add(e.describe());
            }
        });
        List<byte[]> seeds = seeds();
        Random random = new Random(0x79655);
        int answered = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
            DatagramPacket reply = servlet.serviceDatagram(
                    new DatagramPacket(mutant, mutant.length, new InetSocketAddress("0.0.0.0", 68)));
            if (reply != null) {
                answered++;
            }
        }
        assertTrue(answered > 0, "some mutants are still valid packets and get answers");
        assertEquals(0, unprintable.size(), "mutated option 60 bytes reach no event text raw, e.g. "
                + unprintable.stream().limit(3).map(Event::printable).toList());
        byte[] real = LeaseServletTest.packet("001E7A000001", DHCPDISCOVER).serialize();
        DatagramPacket offer = servlet.serviceDatagram(new DatagramPacket(real, real.length, new InetSocketAddress("0.0.0.0", 68)));
        assertNotNull(offer, "a real phone is still answered");
        assertEquals(DHCPOFFER, DHCPPacket.getPacket(offer).getDHCPMessageType());
    }

    static List<byte[]> seeds() {
        DHCPPacket discover = LeaseServletTest.packet("001E7A2B3C4D", DHCPDISCOVER);
        discover.setOptionRaw(DHO_DHCP_PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 15, 66, (byte) 150});
        DHCPPacket request = LeaseServletTest.packet("001E7A2B3C4D", DHCPREQUEST);
        request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, LeaseServletTest.PORT.address());
        request.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, LeaseServletTest.PORT.address());
        DHCPPacket inform = LeaseServletTest.packet("001E7A2B3C4D", DHCPINFORM);
        DHCPPacket release = LeaseServletTest.packet("001E7A2B3C4D", DHCPRELEASE);
        return List.of(discover.serialize(), request.serialize(), inform.serialize(), release.serialize());
    }

    /** Bit flips, byte overwrites, truncation, extension and option-length lies, a few at a time. */
    public static byte[] mutate(byte[] seed, Random random) {
        byte[] out = Arrays.copyOf(seed, seed.length);
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(5)) {
                case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 3 -> {
                    byte[] longer = Arrays.copyOf(out, out.length + random.nextInt(64));
                    for (int i = out.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    out = longer;
                }
                default -> {
                    // Options start after the 240-byte header and magic cookie: lie about one length.
                    if (out.length > 243) {
                        out[241 + random.nextInt(out.length - 242)] = (byte) random.nextInt(256);
                    }
                }
            }
            if (out.length == 0) {
                return out;
            }
        }
        return out;
    }
}
