package org.phoneflasher.tftp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 * socket, whose port is the server's TID for this client (RFC 1350). It never blocks on the network: the server's
 * event loop calls it when its socket is readable or its timer is due, so one thread drives every transfer.
 */
final class Transfer {
    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);
    private static final String PROTOCOL = "TFTP";
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final int READ_AHEAD = 16384;
    /**
     * Sends of a packet on the box's own timer until the client has ACKed a DATA block: an RRQ's source address may be
     * forged, so until then at most two packets go out unasked (1 KB for a 31-byte RRQ, not 3 KB; 131 KB, not 393 KB,
     * for a 65464-byte first block); the client's own repeat (its RRQ, or its ACK of the OACK) asks for each further one.
     */
    static final int TRIES_UNPROVEN = 2;

    private final DatagramChannel channel;
    private final String requested;
    private final InetSocketAddress client;
    private final Content content;
    private final TransferOptions options;
    private final int maxTries;
    private final long timeoutNanos;
    private final long giveUpNanos;
    private final EventBus events;
    private final long started = System.nanoTime();
    /** One block-sized buffer: the file is streamed, never held whole. */
    private final ByteBuffer block;
    /** Read ahead by about 16 KB, so a 512-byte transfer makes one read call per 32 blocks, not one per block. */
    private final ByteBuffer readAhead;
    private ReadableByteChannel in;
    /** What was sent last and is resent on timeout: the OACK (block 0) or a DATA packet. */
    private ByteBuffer outgoing;
    private int awaiting;
    private boolean optionAck;
    private boolean lastBlock;
    private int lastLength;
    private int tries;
    private long deadline;
    /** When the current packet was first sent: its give-up time counts from here. */
    private long sentAt;
    private boolean done;
    /** The client has acknowledged something of this transfer: it is talking to this socket. */
    private boolean clientAcked;
    /** The client has acknowledged a DATA block: it is there and takes blocks of this size. */
    private boolean proven;
    /** A packet came from the client since the current one was first sent. */
    private boolean heardSinceSend;
    /** Bytes the client has acknowledged. */
    private long bytesAcked;
    private long progressAt = started;

    /** Opens the transfer's non-blocking socket on the server's address with a fresh ephemeral port. */
    Transfer(InetAddress localAddress, String requested, InetSocketAddress client, Content content, TransferOptions options,
             TftpSettings settings, EventBus events) throws IOException {
        this.channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(localAddress, 0));
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.requested = requested;
        this.client = client;
        this.content = content;
        this.options = options;
        this.maxTries = settings.maxTries();
        this.timeoutNanos = options.retransmitTimeout(settings.retransmitTimeout()).toNanos();
        this.giveUpNanos = settings.giveUpAfter().toNanos();
        this.events = events;
        this.block = ByteBuffer.allocate(options.blockSize());
        this.readAhead = ByteBuffer.allocate(options.blockSize() * Math.max(1, READ_AHEAD / options.blockSize())).flip();
    }

    InetSocketAddress client() {
        return client;
    }

    /** The name the client asked for, to tell its retransmitted RRQ from its next request. */
    String requested() {
        return requested;
    }

    boolean done() {
        return done;
    }

    /** When {@link #onTimer} is next due, in System.nanoTime() terms. */
    long deadline() {
        return deadline;
    }

    /** Registers with the loop's selector and sends the OACK or the first block. */
    void start(Selector selector) {
        step(() -> {
            channel.register(selector, SelectionKey.OP_READ, this);
            try {
                in = content.open();
            } catch (IOException e) {
                throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "cannot read " + content.name(), "cannot open: " + e.getMessage());
            }
            if (options.hasAny()) {
                optionAck = true;
                send(ByteBuffer.wrap(Oack.encode(options.acknowledged())), 0);
            } else {
                sendBlock(1);
            }
        });
    }

    /**
     * Takes every datagram waiting on the socket; {@code buffer} is the loop's scratch space. Draining often finds the
     * ACK of the block just sent already back (the client runs on another core), saving a trip through the selector:
     * 9.8 s against 13.7 s for 50 phones in scripts/bench.sh when taking one datagram per wake-up.
     */
    void onReadable(ByteBuffer buffer) {
        step(() -> {
            while (!done) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    return;
                }
                onDatagram(new DatagramPacket(buffer.array(), buffer.position(), from));
            }
        });
    }

    /**
     * Resends the packet whose ACK is overdue, or gives the transfer up: after maxTries sends, or once the packet has
     * gone unanswered for the give-up time, whichever comes first.
     */
    void onTimer(long now) {
        if (done || now - deadline < 0) {
            return;
        }
        step(() -> {
            boolean giveUp = tries >= timerTries() || now - (sentAt + giveUpNanos) >= 0;
            if (giveUp && lastBlock && clientAcked && !heardSinceSend) {
                // RFC 1350 lets a client leave once it has sent its final ACK; if that ACK is lost, silence is all the
                // box hears. A client still waiting for the block would have repeated its last ACK by now.
                LOG.info("TFTP {} to {}: no final ACK, but the client went quiet after the last block: taken as delivered",
                        content.name(), client);
                delivered();
                return;
            }
            if (giveUp) {
                throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "timed out",
                        "no ACK for block " + awaiting + " after " + tries + " sends");
            }
            LOG.debug("TFTP {} to {}: resending block {} (send {})", content.name(), client, awaiting, tries + 1);
            transmit(now);
        });
    }

    /** The client sent its RRQ again (to the server's port): it got nothing yet, so the first packet is resent. */
    void onRepeatedRequest(long now) {
        if (!done && !clientAcked && outgoing != null) { // null: the loop has not started it yet
            step(() -> resendAsked(now));
        }
    }

    /** Before the client has proven it is there, only its asking sends a packet beyond the first two; never beyond maxTries. */
    private void resendAsked(long now) throws IOException {
        if (!proven && tries < maxTries) {
            LOG.debug("TFTP {} to {}: asked again for block {} (send {})", content.name(), client, awaiting, tries + 1);
            transmit(now);
        }
    }

    /** Sends the box's timer may make of the current packet. */
    private int timerTries() {
        return proven ? maxTries : Math.min(maxTries, TRIES_UNPROVEN);
    }

    /** Something the loop asks of the transfer; it may end the transfer early. */
    private interface Step {
        void run() throws Stop, IOException;
    }

    /** Runs a step; whatever ends the transfer early ends it here, the client told where it is due. */
    private void step(Step step) {
        try {
            step.run();
        } catch (Stop stop) {
            end(stop);
        } catch (IOException e) {
            failed("network error: " + e.getMessage());
            close();
        } catch (RuntimeException e) {
            LOG.error("TFTP transfer of {} to {} crashed", content.name(), client, e);
            trySend(Packets.error(client, TFTPErrorPacket.UNDEFINED, "internal server error"), client);
            failed("internal error: " + e);
            close();
        }
    }

    /** Stops the transfer: tells the client, then closes the socket. */
    void abort(String message) {
        if (!done) {
            trySend(Packets.error(client, TFTPErrorPacket.UNDEFINED, message), client);
            failed("server stopped");
            close();
        }
    }

    private void onDatagram(DatagramPacket incoming) throws Stop, IOException {
        InetSocketAddress from = (InetSocketAddress) incoming.getSocketAddress();
        if (!client.equals(from)) {
            trySend(Packets.error(from, TFTPErrorPacket.UNKNOWN_TID, "unknown transfer ID"), from);
            return;
        }
        heardSinceSend = true;
        if (Packets.opcode(incoming) == TFTPPacket.ERROR) {
            TFTPPacket parsed = Packets.parse(incoming);
            String message = parsed instanceof TFTPErrorPacket error
                    ? "error " + error.getError() + " " + Event.printable(error.getMessage()) : "error";
            // A client may decline the OACK and retry without options: that is not a failure.
            throw optionAck ? Stop.quiet("client declined the options: " + message) : Stop.silent("client aborted: " + message);
        }
        if (!(Packets.parse(incoming) instanceof TFTPAckPacket ack)) {
            throw Stop.tellClient(TFTPErrorPacket.ILLEGAL_OPERATION, "illegal operation", "unexpected packet from client");
        }
        if (ack.getBlockNumber() != awaiting) {
            if (!proven && awaiting == 1 && ack.getBlockNumber() == 0) {
                resendAsked(System.nanoTime()); // its ACK of the OACK again: DATA 1 was lost (the timer sends it twice only)
            }
            return; // a duplicate or old ACK: resending on it would double every later block (Sorcerer's Apprentice)
        }
        proven |= !optionAck;
        optionAck = false;
        clientAcked = true;
        if (lastBlock) {
            delivered();
            return;
        }
        bytesAcked += lastLength; // 0 for the OACK
        progress();
        sendBlock(nextBlock(awaiting));
    }

    private void delivered() {
        bytesAcked += lastLength;
        long millis = (System.nanoTime() - started) / 1_000_000;
        events.publish(new Event.FileSent(Instant.now(), PROTOCOL, client.getAddress(), content.name(), bytesAcked,
                millis, options.blockSize()));
        close();
    }

    private void sendBlock(int number) throws Stop, IOException {
        int length = fill();
        DatagramPacket data = new TFTPDataPacket(client.getAddress(), client.getPort(), number, block.array(), 0, length)
                .newDatagram();
        lastLength = length;
        lastBlock = length < options.blockSize(); // a short (possibly empty) block ends the transfer
        send(ByteBuffer.wrap(data.getData(), data.getOffset(), data.getLength()), number);
    }

    private void send(ByteBuffer packet, int number) throws IOException {
        outgoing = packet;
        awaiting = number;
        tries = 0;
        heardSinceSend = false;
        sentAt = System.nanoTime();
        transmit(sentAt);
    }

    /**
     * Sends the current packet and sets the timer. The wait doubles after each silent try (up to 8 times the first): a
     * client that lost our block retransmits its ACK on its own, slower timer (tftp-hpa's is 5 s), and the box must
     * still be listening when it does, up to the give-up time (also once the timer may send no more before the client
     * proved it is there). A full socket buffer drops the packet like a lossy link would; the timer resends.
     */
    private void transmit(long now) throws IOException {
        channel.send(outgoing.duplicate(), client);
        tries++;
        long giveUpAt = sentAt + giveUpNanos;
        long next = now + waitNanos(timeoutNanos, tries);
        long last = !proven && tries >= timerTries() ? giveUpAt : next;
        deadline = last - giveUpAt < 0 ? last : giveUpAt;
    }

    /** The wait after the {@code send}-th send (from 1) of a packet: the base doubled after each silent try, up to 8 times. */
    static long waitNanos(long baseNanos, int send) {
        return baseNanos << Math.min(send - 1, 3);
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

    private int fill() throws Stop {
        block.clear();
        try {
            while (block.hasRemaining()) {
                if (!readAhead.hasRemaining()) {
                    readAhead.clear();
                    int read = in.read(readAhead);
                    readAhead.flip();
                    if (read < 0) {
                        break;
                    }
                }
                int take = Math.min(block.remaining(), readAhead.remaining());
                block.put(block.position(), readAhead, readAhead.position(), take).position(block.position() + take);
                readAhead.position(readAhead.position() + take);
            }
        } catch (IOException e) {
            // Typically the stick was pulled mid-transfer: tell the phone instead of letting it time out.
            throw Stop.tellClient(TFTPErrorPacket.UNDEFINED, "read error on server (storage removed?)",
                    "read error: " + e.getMessage());
        }
        return block.position();
    }

    private void end(Stop stop) {
        if (stop.errorCode >= 0) {
            trySend(Packets.error(client, stop.errorCode, stop.clientMessage), client);
        }
        if (stop.quiet) {
            LOG.info("TFTP {} to {}: {}", content.name(), client, stop.reason);
        } else {
            failed(stop.reason);
        }
        close();
    }

    private void failed(String reason) {
        events.publish(new Event.FileFailed(Instant.now(), PROTOCOL, client.getAddress(), content.name(), bytesAcked, reason));
    }

    private void trySend(DatagramPacket packet, SocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength()), to);
        } catch (IOException e) {
            LOG.debug("TFTP send to {} failed: {}", to, e.toString());
        }
    }

    private void close() {
        done = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing transfer socket: {}", e.toString());
        }
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
