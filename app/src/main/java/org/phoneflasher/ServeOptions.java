package org.phoneflasher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.phoneflasher.phones.PhoneTracker;

/** What `serve` was asked to do. */
record ServeOptions(String iface, Path usb, Path data, int httpPort, int tftpPort, int filePort, boolean forceDhcp,
        Optional<String> pool, long leaseSeconds, Optional<String> router, Duration guardQuick, Duration guardWait, Duration guardEvery,
        Duration watchEvery, Duration noFilesAfter) {

    static final String USAGE = """
            serve --interface IF --usb DIR --data DIR [--http-port N] [--force-dhcp]
                  [--pool FIRST-LAST] [--lease-time SECONDS] [--router IP]
                  [--tftp-port N] [--file-port N] [--guard-quick-ms N] [--guard-wait SECONDS]
                  [--guard-every SECONDS] [--watch-ms N] [--no-files-after SECONDS]""";

    static ServeOptions parse(List<String> argv) throws Args.UsageError {
        Args args = new Args(argv,
                Set.of("interface", "usb", "data", "http-port", "tftp-port", "file-port", "pool", "lease-time", "router",
                        "guard-quick-ms", "guard-wait", "guard-every", "watch-ms", "no-files-after"),
                Set.of("force-dhcp"));
        return new ServeOptions(
                args.required("interface"),
                Path.of(args.required("usb")),
                Path.of(args.required("data")),
                args.integer("http-port", 80),
                args.integer("tftp-port", 69),
                // Cisco phones look for HTTP on 6970 before TFTP.
                args.integer("file-port", 6970),
                args.flag("force-dhcp"),
                args.optional("pool"),
                args.integer("lease-time", 3600),
                args.optional("router"),
                // Servers answer the guard's INFORM in milliseconds; half a second leaves room for a busy router.
                Duration.ofMillis(args.integer("guard-quick-ms", 500)),
                // dnsmasq pings an address before it offers it, so its OFFER can take seconds.
                Duration.ofSeconds(args.integer("guard-wait", 5)),
                Duration.ofSeconds(args.integer("guard-every", 30)),
                Duration.ofMillis(Math.max(100, args.integer("watch-ms", 1000))),
                Duration.ofSeconds(Math.max(1, args.integer("no-files-after", (int) PhoneTracker.NO_FILES.toSeconds()))));
    }
}
