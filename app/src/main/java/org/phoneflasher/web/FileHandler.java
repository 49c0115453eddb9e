package org.phoneflasher.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;

/**
 * The resolver over HTTP on port 6970, where Cisco phones look before falling back to TFTP (usecallmanager.nz);
 * TCP moves a 9 MB load far faster than lockstep TFTP.
 */
public final class FileHandler extends Handler.Abstract {
    private static final String PROTOCOL = "HTTP";
    private static final int CHUNK = 64 * 1024;

    private final Resolver resolver;
    private final EventBus events;

    public FileHandler(Resolver resolver, EventBus events) {
        this.resolver = resolver;
        this.events = events;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        InetAddress client = clientOf(request);
        String name = Request.getPathInContext(request);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "read-only server");
            events.publish(new Event.FileRefused(Instant.now(), PROTOCOL, client, name, request.getMethod() + " on a read-only server"));
            return true;
        }
        events.publish(new Event.FileRequested(Instant.now(), PROTOCOL, client, name, ""));
        answer(request, response, callback, client, name, head);
        return true;
    }

    /** Resolves and answers; a request whose answer is still being learnt is answered when it is ready. */
    private void answer(Request request, Response response, Callback callback, InetAddress client, String name, boolean head)
            throws IOException {
        Resolution resolution = resolver.resolve(name, client);
        if (resolution instanceof Resolution.Pending pending) {
            pending.ready().whenComplete((ignored, failure) -> {
                try {
                    answer(request, response, callback, client, name, head);
                } catch (IOException | RuntimeException e) {
                    callback.failed(e);
                }
            });
            return;
        }
        if (resolution instanceof Resolution.Refused refused) {
            events.publish(new Event.FileRefused(Instant.now(), PROTOCOL, client, name, refused.reason()));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, refused.reason());
            return;
        }
        if (!(resolution instanceof Resolution.Found found)) {
            events.publish(new Event.FileNotFound(Instant.now(), PROTOCOL, client, name));
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return;
        }
        org.phoneflasher.files.Content content = found.content();
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.size());
        if (head) {
            callback.succeeded();
            return;
        }
        ReadableByteChannel channel = content.open();
        long started = System.nanoTime();
        Content.Source source = Content.Source.from(new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), false, CHUNK),
                Channels.newInputStream(channel));
        Content.copy(source, response, Callback.from(() -> {
            events.publish(new Event.FileSent(Instant.now(), PROTOCOL, client, content.name(), content.size(),
                    (System.nanoTime() - started) / 1_000_000, 0));
            close(channel);
            callback.succeeded();
        }, failure -> {
            events.publish(new Event.FileFailed(Instant.now(), PROTOCOL, client, content.name(),
                    Response.getContentBytesWritten(response), failure.toString()));
            close(channel);
            callback.failed(failure);
        }));
    }

    private static InetAddress clientOf(Request request) {
        return ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getAddress();
    }

    private static void close(ReadableByteChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed by the stream at end of content
        }
    }
}
