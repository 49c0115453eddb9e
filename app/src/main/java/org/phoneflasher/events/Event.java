package org.phoneflasher.events;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import org.phoneflasher.net.Mac;

/**
 * Everything the box does that a user or a later stage cares about. Every fact about a phone comes from these. The
 * strings an event carries may come from the network (file names, option 60, a client's error text, a phone's own
 * page): each record makes them {@link #printable} when it is made, so the log, the page, the database and the
 * history never see a raw control character.
 */
public sealed interface Event {

    Instant at();

    /** One line for the log and the event list. */
    String describe();

    /** A short machine-readable kind, e.g. "dhcp.ack", for filtering. */
    String kind();

    /** The phone's MAC when the event concerns one, else null. */
    default Mac mac() {
        return null;
    }

    /** Frequent events (progress) are handed to listeners but neither logged nor kept in the event list. */
    default boolean routine() {
        return false;
    }

    /** @param model the phone model option 60 names ("7965"), null when it names none */
    record DhcpOffered(Instant at, Mac mac, Inet4Address address, String vendorClass, String model) implements Event {
        public DhcpOffered { vendorClass = printable(vendorClass); model = printable(model); }
        public String describe() { return "DHCP offer " + address.getHostAddress() + " to " + mac + vendor(vendorClass); }
        public String kind() { return "dhcp.offer"; }
    }

    /** @param model the phone model option 60 names ("7965"), null when it names none */
    record DhcpLeased(Instant at, Mac mac, Inet4Address address, String vendorClass, String model, long leaseSeconds)
            implements Event {
        public DhcpLeased { vendorClass = printable(vendorClass); model = printable(model); }
        public String describe() {
            return "DHCP lease " + address.getHostAddress() + " to " + mac + " for " + leaseSeconds + " s" + vendor(vendorClass);
        }
        public String kind() { return "dhcp.ack"; }
    }

    record DhcpRefusedRequest(Instant at, Mac mac, Inet4Address requested, String reason) implements Event {
        public DhcpRefusedRequest { reason = printable(reason); }
        public String describe() {
            return "DHCP NAK to " + mac + " for " + (requested == null ? "?" : requested.getHostAddress()) + ": " + reason;
        }
        public String kind() { return "dhcp.nak"; }
    }

    record DhcpReleased(Instant at, Mac mac, Inet4Address address, String how) implements Event {
        public String describe() { return "DHCP " + how + " of " + address.getHostAddress() + " by " + mac; }
        public String kind() { return "dhcp." + how; }
    }

    /** The box decided whether it may serve DHCP on its port. */
    record DhcpServing(Instant at, boolean serving, String reason) implements Event {
        public DhcpServing { reason = printable(reason); }
        public String describe() { return (serving ? "DHCP serving: " : "DHCP not served: ") + reason; }
        public String kind() { return serving ? "dhcp.serving" : "dhcp.refused"; }
    }

    record FileRequested(Instant at, String protocol, InetAddress client, String name, String options) implements Event {
        public FileRequested {
            name = printable(name);
            options = printable(options);
        }
        public String describe() {
            return protocol + " request " + name + " from " + client.getHostAddress() + (options.isEmpty() ? "" : " [" + options + "]");
        }
        public String kind() { return "file.request"; }
    }

    record FileNotFound(Instant at, String protocol, InetAddress client, String name) implements Event {
        public FileNotFound { name = printable(name); }
        public String describe() { return protocol + " not found: " + name + " (" + client.getHostAddress() + ")"; }
        public String kind() { return "file.notfound"; }
    }

    record FileRefused(Instant at, String protocol, InetAddress client, String name, String reason) implements Event {
        public FileRefused {
            name = printable(name);
            reason = printable(reason);
        }
        public String describe() { return protocol + " refused " + name + " from " + client.getHostAddress() + ": " + reason; }
        public String kind() { return "file.refused"; }
    }

    /** How far a download has come; published a few times a second at most, for progress bars. */
    record FileProgress(Instant at, String protocol, InetAddress client, String name, long bytes, long total) implements Event {
        public FileProgress { name = printable(name); }
        public String describe() { return protocol + " " + name + " to " + client.getHostAddress() + ": " + bytes + "/" + total; }
        public String kind() { return "file.progress"; }
        public boolean routine() { return true; }
    }

    record FileSent(Instant at, String protocol, InetAddress client, String name, long bytes, long millis, int blockSize)
            implements Event {
        public FileSent { name = printable(name); }
        public String describe() {
            return protocol + " sent " + name + " to " + client.getHostAddress() + ": " + bytes + " bytes in " + millis + " ms"
                    + (blockSize > 0 ? " (blksize " + blockSize + ")" : "");
        }
        public String kind() { return "file.sent"; }
    }

    record FileFailed(Instant at, String protocol, InetAddress client, String name, long bytes, String reason) implements Event {
        public FileFailed {
            name = printable(name);
            reason = printable(reason);
        }
        public String describe() {
            return protocol + " transfer of " + name + " to " + client.getHostAddress() + " failed after " + bytes + " bytes: " + reason;
        }
        public String kind() { return "file.failed"; }
    }

    /** A phone moved to another state of its flash. */
    record PhoneChanged(Instant at, Mac mac, String state, String text) implements Event {
        public PhoneChanged { text = printable(text); }
        public String describe() { return text; }
        public String kind() { return "phone"; }
    }

    /**
     * A phone registered with the box's bench registrar: it runs SIP and took the config the box made for it.
     * @param user the line's SIP user (the REGISTER's To), {@code transport} "UDP" or "TCP"
     */
    record SipRegistered(Instant at, Mac mac, String user, String transport, InetAddress source, long expires) implements Event {
        public SipRegistered { user = printable(user); }
        public String describe() {
            return "SIP " + (expires == 0 ? "unregistered " : "registered ") + user + " (" + mac + ") from " + source.getHostAddress()
                    + " over " + transport + (expires == 0 ? "" : " for " + expires + " s");
        }
        public String kind() { return "sip.registered"; }
    }

    /** The bench registrar turned a request down (wrong password, unknown line, a replayed nonce…); nothing changed. */
    record SipRefused(Instant at, InetAddress source, String method, String user, int status, String reason) implements Event {
        public SipRefused {
            method = printable(method);
            user = printable(user);
            reason = printable(reason);
        }
        public String describe() {
            return "SIP " + status + " to " + method + (user == null ? "" : " for " + user) + " from " + source.getHostAddress() + ": " + reason;
        }
        public String kind() { return "sip.refused"; }
    }

    /** The box told a registered phone to fetch its config again (NOTIFY check-sync), and how the phone answered. */
    record SipNotified(Instant at, Mac mac, InetAddress target, String answer) implements Event {
        public SipNotified { answer = printable(answer); }
        public String describe() { return "SIP NOTIFY check-sync to " + mac + " at " + target.getHostAddress() + ": " + answer; }
        public String kind() { return "sip.notify"; }
    }

    /** The stick was indexed (at start, or after it was inserted, pulled or changed). */
    record StickIndexed(Instant at, boolean present, int bundles, int loads, java.util.List<String> problems) implements Event {
        public StickIndexed {
            problems = problems.stream().map(Event::printable).toList();
        }

        public String describe() {
            if (!present) {
                return "stick: none (nothing to serve from it until one is inserted)";
            }
            return "stick indexed: " + bundles + " bundle(s), " + loads + " load(s)"
                    + (problems.isEmpty() ? ", no problems" : ", " + problems.size() + " problem(s): " + String.join("; ", problems));
        }

        public String kind() { return "stick"; }
    }

    /** Someone with the admin password changed the box from the status page (rescan, target, history). */
    record AdminAction(Instant at, String action, String detail) implements Event {
        public AdminAction { detail = printable(detail); }
        public String describe() { return "admin: " + action + (detail.isEmpty() ? "" : ": " + detail); }
        public String kind() { return "admin"; }
    }

    private static String vendor(String vendorClass) {
        return vendorClass == null ? "" : " (" + vendorClass + ")";
    }

    /**
     * The text with every control character (C0, DEL, C1), line or paragraph separator and invisible format character
     * (bidi overrides) written as <code>\xNN</code> or <code>&#92;uNNNN</code>: no line break, terminal escape or reordering from the
     * network reaches a log line. Other text, backslashes included, is kept as it is, so applying it twice changes
     * nothing; null stays null.
     */
    static String printable(String text) {
        if (text == null || text.chars().noneMatch(Event::unprintable)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> out.append(!unprintable(c) ? String.valueOf((char) c)
                : c < 0x100 ? String.format("\\x%02x", c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** An event from before the box last started, as it was logged: read back so the event list survives a restart. */
    record Earlier(Instant at, String kind, Mac mac, String text) implements Event {
        @Override
        public String describe() {
            return text;
        }
    }
}
