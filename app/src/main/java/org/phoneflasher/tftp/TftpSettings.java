package org.phoneflasher.tftp;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the TFTP server.
 *
 * @param maxTransfers          transfers running at once; a request beyond this gets "server busy"
 * @param maxTransfersPerClient transfers running at once for one client address, so one device cannot take every slot
 *                              (a phone asks for one file at a time)
 * @param retransmitTimeout     wait for an ACK before sending the block again; a client's "timeout" option (granted up
 *                              to {@link TransferOptions#MAX_GRANTED_TIMEOUT} s) stretches the waits, never the give-up
 * @param maxTries              sends of one block (first send included) before the transfer is given up; with the waits
 *                              doubling up to 8 times, also fixes how long a silent client is waited for ({@link #giveUpAfter})
 * @param maxBlockSize          largest blksize granted (8..65464); larger requests are answered with this
 */
public record TftpSettings(int maxTransfers, int maxTransfersPerClient, Duration retransmitTimeout, int maxTries,
                           int maxBlockSize) {

    public TftpSettings {
        Objects.requireNonNull(retransmitTimeout, "retransmitTimeout");
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be at least 1: " + maxTransfers);
        }
        if (maxTransfersPerClient < 1) {
            throw new IllegalArgumentException("maxTransfersPerClient must be at least 1: " + maxTransfersPerClient);
        }
        if (retransmitTimeout.isNegative() || retransmitTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("retransmitTimeout must be at least 1 ms: " + retransmitTimeout);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
        if (maxBlockSize < TransferOptions.MIN_BLOCK_SIZE || maxBlockSize > TransferOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize must be within " + TransferOptions.MIN_BLOCK_SIZE + ".."
                    + TransferOptions.MAX_BLOCK_SIZE + ": " + maxBlockSize);
        }
    }

    public static TftpSettings defaults() {
        // 6 sends waiting 1, 2, 4, 8, 8, 8 s: a block is given up after 31 s of silence, longer than clients wait.
        return new TftpSettings(64, 4, Duration.ofSeconds(1), 6, TransferOptions.MAX_BLOCK_SIZE);
    }

    /**
     * Silence after a block's first send before the transfer is given up: the box's own schedule (31 s by default),
     * whatever timeout the client asked for, so no client can hold a slot longer.
     */
    public Duration giveUpAfter() {
        long total = 0;
        for (int send = 1; send <= maxTries; send++) {
            total += Transfer.waitNanos(retransmitTimeout.toNanos(), send);
        }
        return Duration.ofNanos(total);
    }
}
