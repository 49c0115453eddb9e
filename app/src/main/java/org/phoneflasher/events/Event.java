package org.phoneflasher.events;

import java.net.InetAddress;
import java.time.Instant;

/** Everything the box does that a user or a later stage cares about. Every fact about a phone comes from these. */
public sealed interface Event {

    Instant at();

    /** One line for the log and the event list. */
    String describe();

    /** A short machine-readable kind, e.g. "dhcp.ack", for filtering. */
    String kind();

    /** The phone's MAC (12 upper-case hex digits) when the event concerns one, else null. */
    default String mac() {
        return null;
    }

    /** Frequent events (progress) are handed to listeners but neither logged nor kept in the event list. */
    default boolean routine() {
        return false;
    }

    record DhcpOffered(Instant at, String mac, InetAddress address, String vendorClass) implements Event {
        public String describe() { return "DHCP offer " + address.getHostAddress() + " to " + mac + vendor(vendorClass); }
        public String kind() { return "dhcp.offer"; }
    }

    record DhcpLeased(Instant at, String mac, InetAddress address, String vendorClass, long leaseSeconds) implements Event {
        public String describe() {
            return "DHCP lease " + address.getHostAddress() + " to " + mac + " for " + leaseSeconds + " s" + vendor(vendorClass);
        }
        public String kind() { return "dhcp.ack"; }
    }

    record DhcpRefusedRequest(Instant at, String mac, InetAddress requested, String reason) implements Event {
        public String describe() {
            return "DHCP NAK to " + mac + " for " + (requested == null ? "?" : requested.getHostAddress()) + ": " + reason;
        }
        public String kind() { return "dhcp.nak"; }
    }

    record DhcpReleased(Instant at, String mac, InetAddress address, String how) implements Event {
        public String describe() { return "DHCP " + how + " of " + address.getHostAddress() + " by " + mac; }
        public String kind() { return "dhcp." + how; }
    }

    /** The box decided whether it may serve DHCP on its port. */
    record DhcpServing(Instant at, boolean serving, String reason) implements Event {
        public String describe() { return (serving ? "DHCP serving: " : "DHCP not served: ") + reason; }
        public String kind() { return serving ? "dhcp.serving" : "dhcp.refused"; }
    }

    record FileRequested(Instant at, String protocol, InetAddress client, String name, String options) implements Event {
        public String describe() {
            return protocol + " request " + printable(name) + " from " + client.getHostAddress()
                    + (options.isEmpty() ? "" : " [" + printable(options) + "]");
        }
        public String kind() { return "file.request"; }
    }

    record FileNotFound(Instant at, String protocol, InetAddress client, String name) implements Event {
        public String describe() { return protocol + " not found: " + printable(name) + " (" + client.getHostAddress() + ")"; }
        public String kind() { return "file.notfound"; }
    }

    record FileRefused(Instant at, String protocol, InetAddress client, String name, String reason) implements Event {
        public String describe() { return protocol + " refused " + printable(name) + " from " + client.getHostAddress() + ": " + reason; }
        public String kind() { return "file.refused"; }
    }

    /** How far a download has come; published a few times a second at most, for progress bars. */
    record FileProgress(Instant at, String protocol, InetAddress client, String name, long bytes, long total) implements Event {
        public String describe() { return protocol + " " + name + " to " + client.getHostAddress() + ": " + bytes + "/" + total; }
        public String kind() { return "file.progress"; }
        public boolean routine() { return true; }
    }

    record FileSent(Instant at, String protocol, InetAddress client, String name, long bytes, long millis, int blockSize)
            implements Event {
        public String describe() {
            return protocol + " sent " + name + " to " + client.getHostAddress() + ": " + bytes + " bytes in " + millis + " ms"
                    + (blockSize > 0 ? " (blksize " + blockSize + ")" : "");
        }
        public String kind() { return "file.sent"; }
    }

    record FileFailed(Instant at, String protocol, InetAddress client, String name, long bytes, String reason) implements Event {
        public String describe() {
            return protocol + " transfer of " + name + " to " + client.getHostAddress() + " failed after " + bytes + " bytes: " + reason;
        }
        public String kind() { return "file.failed"; }
    }

    /** A phone moved to another state of its flash. */
    record PhoneChanged(Instant at, String mac, String state, String text) implements Event {
        public String describe() { return text; }
        public String kind() { return "phone"; }
    }

    /** The stick was indexed (at start, or after it was inserted, pulled or changed). */
    record StickIndexed(Instant at, boolean present, int bundles, int loads, java.util.List<String> problems) implements Event {
        public StickIndexed {
            problems = java.util.List.copyOf(problems);
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
        public String describe() { return "admin: " + action + (detail.isEmpty() ? "" : ": " + detail); }
        public String kind() { return "admin"; }
    }

    private static String vendor(String vendorClass) {
        return vendorClass == null ? "" : " (" + vendorClass + ")";
    }

    /** Names come from the network: never let control bytes reach a log line. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
        }
        return out.toString();
    }
}
