package org.phoneflasher.events;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phoneflasher.net.Mac;

/** Text from the network never reaches a log line, the page or the database with a control character in it. */
class EventTest {
    static final String NASTY = "a\u001b[31m\nFAKE LINE\r\u0000\u007f\u009b2J\u2028\u202egnp.\t\\x1b";

    static boolean clean(String text) {
        return text.chars().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202e);
    }

    @Test
    void printableEscapesControlsSeparatorsAndBidiAndNothingElse() {
        assertEquals("a\\x1b[31m\\x0aFAKE LINE\\x0d\\x00\\x7f\\x9b2J\\u2028\\u202egnp.\\x09\\x1b", Event.printable(NASTY));
        assertEquals("SEP001E7A2B3C4D.cnf.xml", Event.printable("SEP001E7A2B3C4D.cnf.xml"));
        assertSame("Cisco Systems, Inc. IP Phone CP-7965G", Event.printable("Cisco Systems, Inc. IP Phone CP-7965G"));
        assertEquals("Grüße, 電話", Event.printable("Grüße, 電話"));
        assertNull(Event.printable(null));
        assertEquals(Event.printable(NASTY), Event.printable(Event.printable(NASTY)), "twice is once");
    }

    @Test
    void everyEventMadeFromNetworkTextIsPrintable() throws Exception {
        Instant now = Instant.now();
        Inet4Address client = (Inet4Address) InetAddress.getByName("10.99.0.51");
        List<Event> events = List.of(
                new Event.DhcpOffered(now, new Mac("001E7A2B3C4D"), client, NASTY, NASTY),
                new Event.DhcpLeased(now, new Mac("001E7A2B3C4D"), client, NASTY, NASTY, 3600),
                new Event.DhcpRefusedRequest(now, new Mac("001E7A2B3C4D"), client, NASTY),
                new Event.DhcpServing(now, false, NASTY),
                new Event.FileRequested(now, "TFTP", client, NASTY, NASTY),
                new Event.FileNotFound(now, "HTTP", client, NASTY),
                new Event.FileRefused(now, "TFTP", client, NASTY, NASTY),
                new Event.FileProgress(now, "TFTP", client, NASTY, 1, 2),
                new Event.FileSent(now, "TFTP", client, NASTY, 1, 2, 512),
                new Event.FileFailed(now, "TFTP", client, NASTY, 1, NASTY),
                new Event.PhoneChanged(now, new Mac("001E7A2B3C4D"), "NEW", NASTY),
                new Event.StickIndexed(now, true, 1, 1, List.of(NASTY)),
                new Event.AdminAction(now, "target", NASTY),
                new Event.SipRegistered(now, new Mac("001E7A2B3C4D"), NASTY, "UDP", client, 120),
                new Event.SipRefused(now, client, "REGISTER", NASTY, 403, NASTY),
                new Event.SipNotified(now, new Mac("001E7A2B3C4D"), client, NASTY));
        for (Event event : events) {
            assertTrue(clean(event.describe()), event.getClass().getSimpleName() + ": " + event.describe());
            assertTrue(clean(event.toString()), "the fields too: " + event);
            assertTrue(event.describe().contains("FAKE LINE"), "escaped, not dropped: " + event.describe());
        }
    }
}
