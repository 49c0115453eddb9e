package org.phoneflasher.web;

import java.time.Duration;

/**
 * How much of the box one HTTP client, and HTTP in all, may hold: connections on each port, in all and per client
 * address, and the status page's live streams. Sized from the file descriptors left once the protocol sockets have
 * theirs, so no flood of connections can take the descriptor a TFTP transfer or the DHCP guard's probe needs.
 *
 * @param files             connections on the file port (6970) at once; beyond it the port stops accepting
 * @param filesPerAddress   of those, from one client address (a phone fetches one file at a time)
 * @param status            connections on the status port at once
 * @param statusPerAddress  of those, from one address (a browser opens up to 6 per host)
 * @param streams           live pages (/api/stream) at once, each holding a status connection
 * @param streamsPerAddress of those, from one address
 * @param reserved          descriptors kept for everything but HTTP
 * @param budget            the descriptors as they were when the limits were sized
 */
public record HttpLimits(int files, int filesPerAddress, int status, int statusPerAddress, int streams,
                         int streamsPerAddress, int reserved, FdBudget budget) {
    /** Idle connections on the file port are closed after this, and after {@link #BUSY_IDLE} while the port is full. */
    public static final Duration FILES_IDLE = Duration.ofSeconds(10);
    /** On the status port; the live stream writes at least every {@link StreamClient#HEARTBEAT_MILLIS}, so it is never idle. */
    public static final Duration STATUS_IDLE = Duration.ofSeconds(15);
    /** While a port holds all it may, its idle connections are given this long, so a flood of silent ones drains. */
    public static final Duration BUSY_IDLE = Duration.ofSeconds(2);

    /** Descriptors per TFTP transfer: its socket and the file it reads. */
    static final int PER_TRANSFER = 2;
    /** Everything else: DHCP and the guard's probe, the database and its journal, the poller's HTTP client, the stick's index, logs, Jetty's own. */
    static final int OTHERS = 48;
    static final int MIN_CONNECTIONS = 16;
    static final int MAX_FILES = 512;
    static final int MAX_STATUS = 256;
    static final int FILES_PER_ADDRESS = 8;
    static final int STATUS_PER_ADDRESS = 16;
    static final int MAX_STREAMS = 16;
    static final int STREAMS_PER_ADDRESS = 6;

    /** Two thirds of what is spare for the phones' port, the rest for people; bounded either way. */
    public static HttpLimits within(FdBudget budget, int tftpTransfers) {
        int reserved = PER_TRANSFER * tftpTransfers + OTHERS;
        long spare = budget.spare(reserved);
        int files = (int) clamp(spare * 2 / 3, MIN_CONNECTIONS, MAX_FILES);
        int status = (int) clamp(spare - spare * 2 / 3, MIN_CONNECTIONS, MAX_STATUS);
        int streams = Math.min(MAX_STREAMS, status / 2);
        return new HttpLimits(files, Math.min(FILES_PER_ADDRESS, files / 2), status, Math.min(STATUS_PER_ADDRESS, status / 2),
                streams, Math.min(STREAMS_PER_ADDRESS, streams), reserved, budget);
    }

    /** The descriptor limit is too low for the minimums: HTTP may then take some of what the protocols need. */
    public boolean tight() {
        return budget.spare(reserved) < 2L * MIN_CONNECTIONS;
    }

    /** A limit that is not {@link #tight()}. */
    public long advisedLimit() {
        return budget.open() + reserved + 2L * MIN_CONNECTIONS;
    }

    public String describe() {
        return String.format("file descriptors: limit %d, %d open, %d kept for TFTP, DHCP and the box's files; HTTP files"
                        + " %d connections (%d per address), status %d (%d per address), live pages %d (%d per address);"
                        + " idle connections closed after %d s on files, %d s on status (%d s while a port is full)",
                budget.limit(), budget.open(), reserved, files, filesPerAddress, status, statusPerAddress, streams,
                streamsPerAddress, FILES_IDLE.toSeconds(), STATUS_IDLE.toSeconds(), BUSY_IDLE.toSeconds());
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
