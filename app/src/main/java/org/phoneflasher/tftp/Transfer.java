package org.phoneflasher.tftp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import org.apache.commons.net.tftp.TFTPAckPacket;
import org.apache.commons.net.tftp.TFTPDataPacket;
import org.apache.commons.net.tftp.TFTPErrorPacket;
import org.apache.commons.net.tftp.TFTPPacket;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read transfer in lockstep: send a block, wait for its ACK, and only a timeout sends it again. Runs on its own
 * socket, whose port is the server's TID for this client (RFC 1350).
 */
final class Transfer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);
    private static final String PROTOCOL = "TFTP";
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final DatagramSocket socket;
    private final InetSocketAddress client;
    private final Content content;
    private final TransferOptions options;
    private final int maxTries;
    private final long timeoutNanos;
    private final DatagramPacket incoming = new DatagramPacket(new byte[1024], 1024);
    private final EventBus events;
    private volatile boolean aborted;
    /** Bytes the client has acknowledged; written by the transfer thread only. */
    private long bytesAcked;
    private long progressAt = System.nanoTime();

    /** Opens the transfer's socket on the server's address with a fresh ephemeral port. */
    Transfer(InetAddress localAddress, InetSocketAddress client, Content content, TransferOptions options,
             TftpSettings settings, EventBus events) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
        this.client = client;
        this.content = content;
        this.options = options;
        this.maxTries = settings.maxTries();
        this.timeoutNanos = options.retransmitTimeout(settings.retransmitTimeout()).toNanos();
        this.events = events;
    }

    /** Stops the transfer from another thread: tells the client, then closes the socket so a blocked receive ends. */
    void abort(String message) {
        aborted = true;
        trySend(Packets.error(client, TFTPErrorPacket.UNDEFINED, message));
        socket.close();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        ReadableByteChannel in = null;
        try {
            try {
                in = content.open();
            } catch (IOException e) {
                throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "cannot read " + content.name(), "cannot open: " + e.getMessage());
            }
            if (options.hasAny()) {
                exchange(Oack.datagram(options.acknowledged(), client), 0, true);
            }
            sendBlocks(in);
            long millis = (System.nanoTime() - started) / 1_000_000;
            events.publish(new Event.FileSent(Instant.now(), PROTOCOL, client.getAddress(), content.name(), bytesAcked,
                    millis, options.blockSize()));
        } catch (Stop stop) {
            if (aborted) {
                failed("server stopped");
                return;
            }
            if (stop.errorCode >= 0) {
                trySend(Packets.error(client, stop.errorCode, stop.clientMessage));
            }
            if (stop.quiet) {
                LOG.info("TFTP {} to {}: {}", content.name(), client, stop.reason);
            } else {
                failed(stop.reason);
            }
        } catch (IOException e) {
            // A socket failure; after abort() this is the closed socket.
            failed(aborted ? "server stopped" : "network error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("TFTP transfer of {} to {} crashed", content.name(), client, e);
            trySend(Packets.error(client, TFTPErrorPacket.UNDEFINED, "internal server error"));
            failed("internal error: " + e);
        } finally {
            closeQuietly(in);
            socket.close();
        }
    }

    private void sendBlocks(ReadableByteChannel in) throws IOException, Stop {
        int blockSize = options.blockSize();
        // One block-sized buffer: the file is streamed, never held whole.
        ByteBuffer block = ByteBuffer.allocate(blockSize);
        int number = 1;
        while (true) {
            int length = fill(in, block);
            DatagramPacket data = new TFTPDataPacket(client.getAddress(), client.getPort(), number, block.array(), 0, length)
                    .newDatagram();
            exchange(data, number, false);
            bytesAcked += length;
            progress();
            if (length < blockSize) {
                return; // a short (possibly empty) block ends the transfer
            }
            number = nextBlock(number);
        }
    }

    /** A few progress events a second at most: 18,000 blocks of a 9 MB load must not become 18,000 events. */
    private void progress() {
        long now = System.nanoTime();
        if (now - progressAt >= PROGRESS_EVERY_NANOS) {
            progressAt = now;
            events.publish(new Event.FileProgress(Instant.now(), PROTOCOL, client.getAddress(), content.name(), bytesAcked,
                    content.size()));
        }
    }

    /** Block numbers are 16 bits and wrap 65535 to 0, so files over 32 MB at 512-byte blocks still go through. */
    static int nextBlock(int block) {
        return (block + 1) & 0xffff;
    }

    private int fill(ReadableByteChannel in, ByteBuffer block) throws Stop {
        block.clear();
        try {
            while (block.hasRemaining()) {
                if (in.read(block) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // Typically the stick was pulled mid-transfer: tell the phone instead of letting it time out.
            throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "read error on server (storage removed?)",
                    "read error: " + e.getMessage());
        }
        return block.position();
    }

    /**
     * Sends a packet and waits for ACK {@code block}, resending only on timeout, at most maxTries sends in all. The
     * wait doubles after each silent try (up to 8 times the first): a client that lost our block retransmits its
     * ACK on its own, slower timer (tftp-hpa's is 5 s), and the box must still be listening when it does.
     */
    private void exchange(DatagramPacket packet, int block, boolean optionAck) throws IOException, Stop {
        for (int tries = 1; ; tries++) {
            if (tries > 1) {
                LOG.debug("TFTP {} to {}: resending block {} (send {})", content.name(), client, block, tries);
            }
            socket.send(packet);
            long wait = timeoutNanos << Math.min(tries - 1, 3);
            if (awaitAck(block, System.nanoTime() + wait, optionAck)) {
                return;
            }
            if (tries >= maxTries) {
                throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "timed out",
                        "no ACK for block " + block + " after " + tries + " sends");
            }
        }
    }

    /** True when the wanted ACK arrived before the deadline, false on timeout. */
    private boolean awaitAck(int block, long deadline, boolean optionAck) throws IOException, Stop {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
            incoming.setLength(incoming.getData().length);
            try {
                socket.receive(incoming);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (!client.getAddress().equals(incoming.getAddress()) || client.getPort() != incoming.getPort()) {
                trySend(Packets.error((InetSocketAddress) incoming.getSocketAddress(), TFTPErrorPacket.UNKNOWN_TID,
                        "unknown transfer ID"));
                continue;
            }
            if (Packets.opcode(incoming) == TFTPPacket.ERROR) {
                TFTPPacket parsed = Packets.parse(incoming);
                String message = parsed instanceof TFTPErrorPacket error
                        ? "error " + error.getError() + " " + Event.printable(error.getMessage()) : "error";
                // A client may decline the OACK and retry without options: that is not a failure.
                throw optionAck ? Stop.quiet("client declined the options: " + message)
                        : Stop.silent("client aborted: " + message);
            }
            TFTPPacket parsed = Packets.parse(incoming);
            if (parsed instanceof TFTPAckPacket ack) {
                if (ack.getBlockNumber() == block) {
                    return true;
                }
                continue; // a duplicate or old ACK: resending on it would double every later block (Sorcerer's Apprentice)
            }
            throw Stop.tellClient(TFTPErrorPacket.ILLEGAL_OPERATION, "illegal operation", "unexpected packet from client");
        }
    }

    private void failed(String reason) {
        events.publish(new Event.FileFailed(Instant.now(), PROTOCOL, client.getAddress(), content.name(), bytesAcked, reason));
    }

    private void trySend(DatagramPacket packet) {
        try {
            socket.send(packet);
        } catch (IOException e) {
            LOG.debug("TFTP send to {} failed: {}", packet.getSocketAddress(), e.toString());
        }
    }

    private static void closeQuietly(ReadableByteChannel in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing content failed: {}", e.toString());
            }
        }
    }

    /** Ends a transfer early; says whether the client is told (an ERROR code) and whether a FileFailed event is due. */
    private static final class Stop extends Exception {
        final String reason;
        final int errorCode;
        final String clientMessage;
        final boolean quiet;

        private Stop(String reason, int errorCode, String clientMessage, boolean quiet) {
            super(reason, null, false, false);
            this.reason = reason;
            this.errorCode = errorCode;
            this.clientMessage = clientMessage;
            this.quiet = quiet;
        }

        static Stop tellClient(int errorCode, String clientMessage, String reason) {
            return new Stop(reason, errorCode, clientMessage, false);
        }

        /** The client ended it with an ERROR: no answer (errors are never answered), but the transfer failed. */
        static Stop silent(String reason) {
            return new Stop(reason, -1, null, false);
        }

        /** Nothing failed: only logged. */
        static Stop quiet(String reason) {
            return new Stop(reason, -1, null, true);
        }
    }
}
