package org.phoneflasher.web;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * Answers only requests addressed to the box by its own address. A page from elsewhere whose name an attacker's DNS
 * re-points at the box (DNS rebinding) arrives with that name in Host and is turned away, so it cannot read /api/*.
 * A request without Host (HTTP/1.0) cannot come from such a page: browsers always send one.
 */
public final class HostCheck extends Handler.Wrapper {
    private final Set<String> names;

    public HostCheck(InetAddress box, Handler next) {
        super(next);
        // On loopback (a box run by hand) "localhost" cannot be rebound by anyone's DNS either.
        this.names = box.isLoopbackAddress() ? Set.of(box.getHostAddress(), "localhost") : Set.of(box.getHostAddress());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || names.contains(hostOf(host))) {
            return super.handle(request, response, callback);
        }
        Response.writeError(request, response, callback, HttpStatus.MISDIRECTED_REQUEST_421,
                "this box answers to its own address (" + String.join(", ", names) + "), not to another name");
        return true;
    }

    private static String hostOf(String header) {
        try {
            return new HostPort(header.strip()).getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
