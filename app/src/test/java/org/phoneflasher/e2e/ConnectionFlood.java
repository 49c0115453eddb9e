package org.phoneflasher.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A device on the link holding idle TCP connections: {@code count} from each source address, never sending a byte;
 * each one the box closes is opened again half a second later, for {@code seconds}. Run inside a rig host
 * (`java -cp … ConnectionFlood HOST PORT COUNT SECONDS SOURCE…`); prints one line of what happened.
 */
public final class ConnectionFlood {
    private static final long REOPEN_NANOS = 500_000_000L;

    private record Reopen(InetAddress source, long at) {}

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            sources.add(InetAddress.getByName(args[i]));
        }
        ConnectionFlood flood = new ConnectionFlood(target);
        for (InetAddress source : sources) {
            for (int i = 0; i < count; i++) {
                flood.open(source);
            }
        }
        flood.run(end);
        System.out.printf("flood %s:%d from %d address(es), %d each: %d connections opened, %d closed by the box, %d open at the end,"
                        + " %d not accepted%n", args[0], target.getPort(), sources.size(), count, flood.opened, flood.closed,
                flood.selector.keys().size(), flood.failed);
    }

    private final InetSocketAddress target;
    private final Selector selector = Selector.open();
    private final ArrayDeque<Reopen> reopen = new ArrayDeque<>();
    private final ByteBuffer sink = ByteBuffer.allocate(4096);
    private int opened;
    private int closed;
    private int failed;

    private ConnectionFlood(InetSocketAddress target) throws IOException {
        this.target = target;
    }

    private void open(InetAddress source) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(source, 0));
        channel.connect(target);
        channel.register(selector, SelectionKey.OP_CONNECT, source);
        opened++;
    }

    private void run(long end) throws IOException {
        while (System.nanoTime() < end) {
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                InetAddress source = (InetAddress) key.attachment();
                try {
                    if (key.isConnectable()) {
                        channel.finishConnect();
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        sink.clear();
                        if (channel.read(sink) < 0) {
                            closed++;
                            again(key, channel, source);
                        }
                    }
                } catch (IOException e) {
                    if (key.isConnectable()) {
                        failed++;
                    } else {
                        closed++;
                    }
                    again(key, channel, source);
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            while (!reopen.isEmpty() && reopen.peekFirst().at() <= now) {
                open(reopen.pollFirst().source());
            }
        }
    }

    private void again(SelectionKey key, SocketChannel channel, InetAddress source) throws IOException {
        key.cancel();
        channel.close();
        reopen.addLast(new Reopen(source, System.nanoTime() + REOPEN_NANOS));
    }
}
