package org.phoneflasher.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The status page's three files, read from the classpath (web/) once at start and served from memory. A fixed list
 * rather than Jetty's ResourceHandler: nothing to list, no path to walk, no jar to mount, and the page is a few KB.
 */
public final class StaticFiles extends Handler.Abstract {
    /**
     * The page's scripts and styles come from the box only; it may not be framed (a password form in a frame is how
     * clickjacking starts). The phone's screen and the API are not HTML, so they need none of this.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private record File(String type, byte[] body) {}

    private final Map<String, File> files = new LinkedHashMap<>();

    public StaticFiles() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/index.html", "index.html", "text/html; charset=utf-8");
        add("/app.js", "app.js", "text/javascript; charset=utf-8");
        add("/style.css", "style.css", "text/css; charset=utf-8");
    }

    private void add(String path, String resource, String type) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("web/" + resource + " is missing from the jar");
            }
            files.put(path, new File(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        File file = files.get(Request.getPathInContext(request));
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (file == null || !head && !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.type());
        // The page changes with the box's version; a phone-sized browser must never run yesterday's script.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.body().length);
        if (head) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(file.body()), callback);
        }
        return true;
    }
}
