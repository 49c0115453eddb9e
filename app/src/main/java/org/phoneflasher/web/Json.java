package org.phoneflasher.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ajax.JSON;
import org.phoneflasher.net.Mac;

/** Records, lists and maps to JSON through Jetty's JSON writer; addresses and instants as plain strings. */
public final class Json {
    private Json() {}

    /** The JSON name of a record component whose name cannot be a Java name ("interface"). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Named {
        String value();
    }

    /** Answers with {@code body} as JSON, never cached: every JSON reply of the status port goes through here. */
    public static void reply(Response response, Callback callback, int status, Object body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, StandardCharsets.UTF_8.encode(write(body)), callback);
    }

    public static String write(Object value) {
        return new JSON().toJSON(plain(value));
    }

    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof InetAddress address) {
            return address.getHostAddress();
        }
        if (value instanceof Instant || value instanceof Enum<?> || value instanceof Mac) {
            return value.toString();
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(Json::plain).orElse(null);
        }
        if (value instanceof Record record) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    Named named = component.getAnnotation(Named.class);
                    map.put(named == null ? component.getName() : named.value(), plain(component.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return map;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(plain(item)));
            return out;
        }
        return value.toString();
    }
}
