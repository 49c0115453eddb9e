package org.phoneflasher.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/**
 * Read-only answers under /api/: what the box's services report, as JSON (or {@link Text} such as CSV), and the
 * event log (/api/events), newest first.
 */
public final class ApiHandler extends Handler.Abstract {
    private final Map<String, Supplier<Object>> exact;
    private final Map<String, Function<String, Optional<Object>>> prefixed;
    private final EventBus events;

    /** A body that is not JSON. */
    public record Text(String contentType, String body) {}

    /**
     * @param exact    paths such as "/api/status" to what they answer, turned to JSON at each request
     * @param prefixed paths ending in '/' such as "/api/phones/" to a lookup of the rest of the path; empty is 404
     */
    public ApiHandler(Map<String, Supplier<Object>> exact, Map<String, Function<String, Optional<Object>>> prefixed,
            EventBus events) {
        this.exact = Map.copyOf(exact);
        this.prefixed = Map.copyOf(prefixed);
        this.events = events;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        Optional<Object> answer = answer(Request.getPathInContext(request));
        if (answer.isEmpty()) {
            return false;
        }
        if (answer.get() instanceof Text text) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, text.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, StandardCharsets.UTF_8.encode(text.body()), callback);
        } else {
            Json.reply(response, callback, HttpStatus.OK_200, answer.get());
        }
        return true;
    }

    private Optional<Object> answer(String path) {
        if (path.equals("/api/events")) {
            return Optional.of(newestFirst());
        }
        if (exact.containsKey(path)) {
            return Optional.ofNullable(exact.get(path).get());
        }
        for (Map.Entry<String, Function<String, Optional<Object>>> route : prefixed.entrySet()) {
            if (path.startsWith(route.getKey()) && path.length() > route.getKey().length()) {
                return route.getValue().apply(path.substring(route.getKey().length()));
            }
        }
        return Optional.empty();
    }

    private List<Map<String, Object>> newestFirst() {
        List<Event> recent = events.recent();
        Collections.reverse(recent);
        List<Map<String, Object>> out = new ArrayList<>(recent.size());
        for (Event event : recent) {
            out.add(EventRow.of(event));
        }
        return out;
    }
}
