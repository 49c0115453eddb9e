package org.phoneflasher.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneState;
import org.phoneflasher.phones.PhoneText;

/**
 * GET /phone/&lt;MAC&gt;: the phone's own screen (its config's idleURL and servicesURL point here), a CiscoIPPhoneText
 * that asks to be fetched again through the Refresh header, often while the flash moves and rarely once it is over.
 * Open and read-only: anyone on the link may read a phone's state, as on the status page.
 */
public final class PhoneScreenHandler extends Handler.Abstract {
    static final String PREFIX = "/phone/";
    /** "001E7A2B3C4D", "SEP001E7A2B3C4D", "00:1e:7a:2b:3c:4d": whatever the config generator or a person types. */
    private static final Pattern MAC = Pattern.compile("(?i)^(?:SEP)?((?:[0-9a-f]{2}[:-]?){5}[0-9a-f]{2})$");
    static final int REFRESH_BUSY = 5;
    static final int REFRESH_IDLE = 30;

    private final Function<Mac, Optional<Phone>> phones;
    private final Clock clock;

    public PhoneScreenHandler(Function<Mac, Optional<Phone>> phones, Clock clock) {
        this.phones = phones;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        Matcher m = MAC.matcher(path.substring(PREFIX.length()));
        if (!m.matches()) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, "not a MAC address");
            return true;
        }
        Mac mac = Mac.parse(m.group(1)).orElseThrow();
        Phone phone = phones.apply(mac).orElse(null);
        byte[] body = PhoneXml.of(PhoneText.screen(mac, phone, clock.instant())).getBytes(StandardCharsets.ISO_8859_1);
        boolean busy = phone == null || phone.state() != PhoneState.DONE && !phone.state().stuck();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=ISO-8859-1");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Refresh", (busy ? REFRESH_BUSY : REFRESH_IDLE) + "; url=" + selfUrl(request, mac));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    /** Absolute, as the phones want it: the box's address as the phone reached it. */
    private static String selfUrl(Request request, Mac mac) {
        String authority = Request.getServerName(request) + ":" + Request.getServerPort(request);
        return "http://" + authority + PREFIX + mac;
    }
}
