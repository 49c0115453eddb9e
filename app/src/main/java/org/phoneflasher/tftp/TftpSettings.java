package org.phoneflasher.tftp;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the TFTP server.
 *
 * @param maxTransfers      transfers running at once; a request beyond this gets "server busy"
 * @param retransmitTimeout wait for an ACK before sending the block again (a client's "timeout" option overrides it)
 * @param maxTries          sends of one block (first send included) before the transfer is given up
 * @param maxBlockSize      largest blksize granted (8..65464); larger requests are answered with this
 */
public record TftpSettings(int maxTransfers, Duration retransmitTimeout, int maxTries, int maxBlockSize) {

    public TftpSettings {
        Objects.requireNonNull(retransmitTimeout, "retransmitTimeout");
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be at least 1: " + maxTransfers);
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
        return new TftpSettings(64, Duration.ofSeconds(1), 6, TransferOptions.MAX_BLOCK_SIZE);
    }
}
