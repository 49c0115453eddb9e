package org.phoneflasher.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The process's file descriptors: its limit (RLIMIT_NOFILE, soft, as /proc/self/limits shows it; the JVM raises the
 * soft limit to the hard one at start) and how many are open. Every socket and open file takes one; when none is
 * left, TFTP cannot open the file a phone asked for and the DHCP guard cannot open its probe socket.
 *
 * @param limit descriptors the process may hold
 * @param open  descriptors open when it was read
 */
public record FdBudget(long limit, int open) {
    /** Assumed when /proc cannot be read: Linux's usual soft limit. */
    static final long USUAL_LIMIT = 1024;

    public FdBudget {
        if (limit < 1 || open < 0) {
            throw new IllegalArgumentException("limit " + limit + ", open " + open);
        }
    }

    public static FdBudget ofThisProcess() {
        long limit;
        try {
            limit = parseLimit(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException | IllegalArgumentException e) {
            limit = USUAL_LIMIT;
        }
        int open;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            open = (int) fds.count();
        } catch (IOException e) {
            open = 0;
        }
        return new FdBudget(limit, open);
    }

    /** The soft value of the "Max open files" line; "unlimited" counts as no limit worth sizing by. */
    static long parseLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalArgumentException("no \"Max open files\" line in /proc/self/limits");
    }

    /** What is left after {@code reserved} more are kept back. */
    long spare(int reserved) {
        return Math.max(0, limit - open - reserved);
    }
}
