package org.phoneflasher.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.phoneflasher.events.Event;

/** One event as /api/events and the live stream show it: kind, text, then the event's own fields. */
final class EventRow {
    private EventRow() {}

    static Map<String, Object> of(Event event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", event.kind());
        row.put("text", event.describe());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) Json.plain(event);
        row.putAll(fields);
        row.putIfAbsent("mac", event.mac());
        return row;
    }
}
