package org.phoneflasher.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** Read-only JSON under /api/: what the box's services report, and the event log (/api/events), newest first. */
public final class ApiHandler extends Handler.Abstract {
    private final Map<String, Supplier<Object>> routes;
    private final EventBus events;

    /** @param routes paths such as "/api/status" to what they answer, turned to JSON at each request */
    public ApiHandler(Map<String, Supplier<Object>> routes, EventBus events) {
        this.routes = Map.copyOf(routes);
        this.events = events;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        String path = Request.getPathInContext(request);
        String body;
        if (path.equals("/api/events")) {
            body = Json.write(newestFirst());
        } else if (routes.containsKey(path)) {
            body = Json.write(routes.get(path).get());
        } else {
            return false;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, StandardCharsets.UTF_8.encode(body), callback);
        return true;
    }

    private List<Map<String, Object>> newestFirst() {
        List<Event> recent = events.recent();
        Collections.reverse(recent);
        List<Map<String, Object>> out = new ArrayList<>(recent.size());
        for (Event event : recent) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", event.kind());
            row.put("text", event.describe());
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) Json.plain(event);
            row.putAll(fields);
            out.add(row);
        }
        return out;
    }
}
