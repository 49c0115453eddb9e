package org.phoneflasher.tftp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.net.tftp.TFTPErrorPacket;
import org.apache.commons.net.tftp.TFTPPacket;
import org.apache.commons.net.tftp.TFTPReadRequestPacket;
import org.apache.commons.net.tftp.TFTPWriteRequestPacket;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only TFTP server (RFC 1350 with RFC 2347/2348/2349 options) for the names the {@link Resolver} knows.
 * One listener thread takes requests; each transfer runs on its own socket, driven by one of a few
 * {@link TransferLoop}s (one per core), so a slow request (a config being generated) never holds up a block. A
 * request whose answer is still being learnt ({@link Resolution.Pending}) is set aside and answered when it is ready.
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);
    private static final String PROTOCOL = "TFTP";
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final InetSocketAddress bind;
    private final Resolver resolver;
    private final EventBus events;
    private final TftpSettings settings;
    /** Running transfers of every loop (and the loop driving each), to bound them and to recognise a retransmitted RRQ. */
    private final Map<Transfer, TransferLoop> transfers = new ConcurrentHashMap<>();
    private final List<TransferLoop> loops = new ArrayList<>();
    /** Requests set aside until their answer is ready; a retransmitted RRQ for one of them is ignored. */
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

    private record Waiting(InetSocketAddress client, String name) {}

    private DatagramSocket socket;
    private Thread listener;
    private volatile boolean closed;

    public TftpServer(InetSocketAddress bind, Resolver resolver, EventBus events, TftpSettings settings) {
        this.bind = Objects.requireNonNull(bind, "bind");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.events = Objects.requireNonNull(events, "events");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Binds the socket (port 0 picks a free port, see {@link #port()}) and starts answering requests. */
    public synchronized void start() throws IOException {
        if (socket != null || closed) {
            throw new IllegalStateException("TFTP server already started or closed");
        }
        socket = new DatagramSocket(bind);
        int port = socket.getLocalPort();
        try {
            int count = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            for (int i = 1; i <= count; i++) {
                loops.add(new TransferLoop("tftp-" + port + "-loop-" + i, transfers::remove));
            }
        } catch (IOException e) {
            loops.forEach(TransferLoop::close);
            socket.close();
            throw e;
        }
        listener = new Thread(this::listen, "tftp-listener-" + port);
        listener.setDaemon(true);
        listener.start();
        LOG.info("TFTP serving on {}", socket.getLocalSocketAddress());
    }

    /** The bound port; the real one when started with port 0. */
    public synchronized int port() {
        if (socket == null) {
            throw new IllegalStateException("TFTP server not started");
        }
        return socket.getLocalPort();
    }

    /** Transfers currently running. */
    public int activeTransfers() {
        return transfers.size();
    }

    /** Stops the listener and every transfer (their clients get an ERROR); waits briefly for the threads to end. */
    @Override
    public void close() {
        Thread listenerThread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (socket == null) {
                return;
            }
            socket.close();
            listenerThread = listener;
        }
        try {
            // The listener is the only thread that starts transfers: once it is gone, no loop gets a new one.
            listenerThread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(TransferLoop::close);
        LOG.info("TFTP stopped");
    }

    private void listen() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            packet.setLength(buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.warn("TFTP receive failed: {}", e.toString());
                continue;
            }
            try {
                handle(packet);
            } catch (RuntimeException e) {
                LOG.error("TFTP request from {} failed", packet.getSocketAddress(), e);
            }
        }
    }

    private void handle(DatagramPacket packet) {
        InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
        int opcode = Packets.opcode(packet);
        if (opcode == TFTPPacket.ERROR && packet.getLength() >= 4) {
            // Never answer an ERROR with an ERROR: two confused peers would bounce them forever.
            LOG.debug("TFTP ignored ERROR packet from {}", from);
            return;
        }
        TFTPPacket parsed = Packets.parse(packet);
        if (parsed instanceof TFTPReadRequestPacket request) {
            onReadRequest(request, from);
        } else if (opcode == TFTPPacket.WRITE_REQUEST) {
            // Checked on the opcode, so that even a malformed WRQ is told the server is read-only.
            String name = parsed instanceof TFTPWriteRequestPacket write ? write.getFilename() : "";
            events.publish(new Event.FileRefused(Instant.now(), PROTOCOL, from.getAddress(), name, "write request (read-only server)"));
            replyFromNewTid(from, TFTPErrorPacket.ACCESS_VIOLATION, "read-only server");
        } else {
            LOG.info("TFTP illegal packet from {} (opcode {}, {} bytes)", from, opcode, packet.getLength());
            send(socket, Packets.error(from, TFTPErrorPacket.ILLEGAL_OPERATION, "illegal TFTP operation"));
        }
    }

    private void onReadRequest(TFTPReadRequestPacket request, InetSocketAddress from) {
        String name = request.getFilename();
        // The same name again is a retransmitted RRQ: the client got nothing, so its first packet is sent again (once per
        // RRQ, and only until the client ACKs). Another name from the same port means the client is done with
        // the last one (its final ACK may still be in flight): clients such as Commons Net reuse one port for all files.
        for (Map.Entry<Transfer, TransferLoop> running : transfers.entrySet()) {
            if (running.getKey().client().equals(from) && running.getKey().requested().equals(name)) {
                LOG.debug("TFTP repeated RRQ from {}", from);
                running.getValue().repeated(running.getKey());
                return;
            }
        }
        if (waiting.contains(new Waiting(from, name))) {
            LOG.debug("TFTP ignored repeated RRQ from {} (its answer is being made)", from);
            return;
        }
        Map<String, String> options = request.getOptions();
        events.publish(new Event.FileRequested(Instant.now(), PROTOCOL, from.getAddress(), name, describe(options)));
        answer(name, options, from);
    }

    /** Resolves and answers a request: on the listener, or where a set-aside request's wait ended. */
    private void answer(String name, Map<String, String> options, InetSocketAddress from) {
        // Mode: netascii and octet are both served as raw bytes; everything served is binary firmware or XML.
        Resolution resolution = resolver.resolve(name, from.getAddress());
        if (resolution instanceof Resolution.Found found) {
            startTransfer(name, found, options, from);
        } else if (resolution instanceof Resolution.Pending pending) {
            Waiting key = new Waiting(from, name);
            waiting.add(key);
            pending.ready().whenComplete((ignored, failure) -> {
                try {
                    if (!closed) {
                        answer(name, options, from);
                    }
                } catch (RuntimeException e) {
                    LOG.error("TFTP request from {} failed", from, e);
                } finally {
                    waiting.remove(key);
                }
            });
        } else if (resolution instanceof Resolution.Refused refused) {
            events.publish(new Event.FileRefused(Instant.now(), PROTOCOL, from.getAddress(), name, refused.reason()));
            replyFromNewTid(from, TFTPErrorPacket.ACCESS_VIOLATION, "access violation: " + refused.reason());
        } else {
            events.publish(new Event.FileNotFound(Instant.now(), PROTOCOL, from.getAddress(), name));
            replyFromNewTid(from, TFTPErrorPacket.FILE_NOT_FOUND, "file not found");
        }
    }

    private void startTransfer(String requestedName, Resolution.Found found, Map<String, String> requested, InetSocketAddress from) {
        String name = found.content().name();
        synchronized (transfers) {
            startTransfer(requestedName, name, found, requested, from);
        }
    }

    /** Under the lock, so the count cannot grow between the check and the add (set-aside requests start here too). */
    private void startTransfer(String requestedName, String name, Resolution.Found found, Map<String, String> requested,
            InetSocketAddress from) {
        String busy = busy(from);
        if (busy != null) {
            events.publish(new Event.FileFailed(Instant.now(), PROTOCOL, from.getAddress(), name, 0, busy));
            replyFromNewTid(from, TFTPErrorPacket.UNDEFINED, "server busy, try again later");
            return;
        }
        TransferOptions options = TransferOptions.negotiate(requested, found.content().size(), settings);
        Transfer transfer;
        try {
            transfer = new Transfer(socket.getLocalAddress(), requestedName, from, found.content(), options, settings, events);
        } catch (IOException e) {
            events.publish(new Event.FileFailed(Instant.now(), PROTOCOL, from.getAddress(), name, 0, "no socket: " + e.getMessage()));
            send(socket, Packets.error(from, TFTPErrorPacket.UNDEFINED, "server cannot open a transfer socket"));
            return;
        }
        TransferLoop loop = loops.stream().min(Comparator.comparingInt(TransferLoop::load)).orElseThrow();
        transfers.put(transfer, loop);
        loop.start(transfer);
    }

    /** Why a new transfer to {@code client} would be one too many, or null. */
    private String busy(InetSocketAddress client) {
        if (transfers.size() >= settings.maxTransfers()) {
            return "server busy";
        }
        long own = transfers.keySet().stream().filter(t -> t.client().getAddress().equals(client.getAddress())).count();
        return own >= settings.maxTransfersPerClient() ? "server busy: " + own + " transfers to this client already" : null;
    }

    /** Answers a request from a fresh port, as RFC 1350 wants; some clients reject replies from the server's port. */
    private void replyFromNewTid(InetSocketAddress to, int code, String message) {
        DatagramPacket error = Packets.error(to, code, message);
        try (DatagramSocket reply = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0))) {
            reply.send(error);
        } catch (IOException e) {
            send(socket, error);
        }
    }

    private static void send(DatagramSocket via, DatagramPacket packet) {
        try {
            via.send(packet);
        } catch (IOException e) {
            LOG.debug("TFTP send to {} failed: {}", packet.getSocketAddress(), e.toString());
        }
    }

    /** "blksize=1428 tsize=0", sorted; values come from the network, so control bytes are escaped. */
    static String describe(Map<String, String> options) {
        StringJoiner out = new StringJoiner(" ");
        new TreeMap<>(options).forEach((name, value) -> out.add(Event.printable(name) + "=" + Event.printable(value)));
        return out.toString();
    }
}
