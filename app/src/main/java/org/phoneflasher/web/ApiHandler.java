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

/** Read-only JSON under /api/: the box's status and the event log, newest first. */
public final class ApiHandler extends Handler.Abstract {
    private final Supplier<Object> status;
    private final EventBus events;

    public ApiHandler(Supplier<Object> status, EventBus events) {
        this.status = status;
        this.events = events;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        String body;
        switch (Request.getPathInContext(request)) {
            case "/api/status" -> body = Json.write(status.get());
            case "/api/events" -> body = Json.write(newestFirst());
            default -> {
                return false;
            }
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
