package org.phoneflasher.web;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ajax.JSON;
import org.phoneflasher.net.Mac;
import org.phoneflasher.pbx.ConfigZip;
import org.phoneflasher.pbx.PbxFormat;
import org.phoneflasher.provisioning.PageLines;

/**
 * The few things the status page may change, each behind {@link AdminAuth}: POST /api/login and /api/logout,
 * /api/rescan, /api/history/clear, /api/target (model, load), /api/export/&lt;pjsip|sipconf|freepbx|fritzbox&gt; (a download:
 * it holds every line's password, so it is a POST with the CSRF token like any change), /api/lines/&lt;MAC&gt; (a phone's
 * lines, read and set from the page: {@link #lines}). GET /api/session tells the page whether a password is
 * set and, to a logged-in browser, its CSRF token (a page on another site cannot read it: no CORS).
 */
public final class AdminHandler extends Handler.Abstract {
    /** A form here is a password or a model and a load name: anything bigger is not one of ours. */
    private static final int MAX_FORM = 4096;
    private static final String EXPORT = "/api/export/";
    private static final String CONFIGS = "configs";
    private static final String LINES = "/api/lines/";

    private final AdminAuth auth;
    private final AdminActions actions;

    /** What the changes do; the box wires them to the stick, the history and the target choices. */
    public interface AdminActions {
        String rescan() throws Exception;

        String clearHistory() throws Exception;

        /** Chooses a target; a user's mistake is an {@link IllegalArgumentException} whose message says what is wrong. */
        String target(String model, String load) throws Exception;

        /** Writes one PBX export (it holds the lines' passwords: admins only). */
        void export(PbxFormat format, Writer out) throws Exception;

        /** Writes the zip of the generated configs, home variant ({@link org.phoneflasher.pbx.ConfigZip}). */
        void exportConfigs(java.io.OutputStream out) throws Exception;

        /** The phone's lines as the page's form shows them: no password, only whether one is stored. */
        PageLines.View lines(Mac mac);

        /** Sets one line of the phone in the data folder's phones.csv; a {@link PageLines.Refused} says what is wrong. */
        String assignLine(Mac mac, PageLines.Assignment line) throws Exception;

        /** Takes one line of the phone off the data folder's phones.csv. */
        String deleteLine(Mac mac, String line) throws Exception;
    }

    public AdminHandler(AdminAuth auth, AdminActions actions) {
        this.auth = auth;
        this.actions = actions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean post = HttpMethod.POST.is(request.getMethod());
        if (path.equals("/api/session") && HttpMethod.GET.is(request.getMethod())) {
            session(request, response, callback);
            return true;
        }
        if (path.startsWith(LINES)) {
            lines(request, response, callback, path.substring(LINES.length()), post);
            return true;
        }
        Optional<PbxFormat> export = path.startsWith(EXPORT) ? PbxFormat.ofKey(path.substring(EXPORT.length())) : Optional.empty();
        boolean configs = path.equals(EXPORT + CONFIGS);
        if (path.startsWith(EXPORT) && (!post || (export.isEmpty() && !configs))) {
            refuse(request, response, callback, post ? 404 : 405, Map.of("error", post ? "exports are " + PbxFormat.keys() + "|" + CONFIGS
                    : "an export holds passwords: POST it with the session's CSRF token"));
            return true;
        }
        if (!post || !(path.equals("/api/login") || path.equals("/api/logout") || path.equals("/api/rescan")
                || path.equals("/api/history/clear") || path.equals("/api/target") || export.isPresent() || configs)) {
            return false;
        }
        if (refusedCrossSite(request, response, callback)) {
            return true;
        }
        if (path.equals("/api/login")) {
            login(request, response, callback);
            return true;
        }
        if (refusedChange(request, response, callback)) {
            return true;
        }
        if (export.isPresent()) {
            download(export.get(), response, callback);
            return true;
        }
        if (configs) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + ConfigZip.FILE_NAME + "\"");
            try (java.io.OutputStream out = Content.Sink.asOutputStream(response)) {
                actions.exportConfigs(out);
            }
            callback.succeeded();
            return true;
        }
        try {
            String message = switch (path) {
                case "/api/logout" -> {
                    auth.logout(cookie(request));
                    Response.addCookie(response, cookie("", 0));
                    yield "logged out";
                }
                case "/api/rescan" -> actions.rescan();
                case "/api/history/clear" -> actions.clearHistory();
                default -> {
                    Fields form = form(request);
                    yield actions.target(form.getValue("model"), form.getValue("load"));
                }
            };
            reply(response, callback, 200, Map.of("ok", true, "message", message));
        } catch (IllegalArgumentException e) {
            reply(response, callback, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
        return true;
    }

    /**
     * GET /api/lines/&lt;MAC&gt;: the phone's lines, to a logged-in admin (they name auth names and extensions, never a
     * password). POST: sets or deletes a line, with the session's CSRF token, from a JSON object: line, extension,
     * authName, password (empty keeps the stored one), displayName, label, profile; {@code "delete": true} deletes the
     * line. Problems answer 400 with {@code problems}, and nothing is written.
     */
    private void lines(Request request, Response response, Callback callback, String macText, boolean post) throws Exception {
        boolean get = HttpMethod.GET.is(request.getMethod());
        if (!get && !post) {
            refuse(request, response, callback, 405, Map.of("error", "GET or POST"));
            return;
        }
        if (post && refusedCrossSite(request, response, callback)) {
            return;
        }
        if (get) {
            if (!auth.passwordSet()) {
                reply(response, callback, 403, Map.of("error", AdminAuth.NO_PASSWORD));
                return;
            }
            if (auth.session(cookie(request)).isEmpty()) {
                reply(response, callback, 401, Map.of("error", "log in with the admin password first"));
                return;
            }
        } else if (refusedChange(request, response, callback)) {
            return;
        }
        Optional<Mac> mac = Mac.parse(macText);
        if (mac.isEmpty()) {
            refuse(request, response, callback, 404, Map.of("error", "not a MAC: /api/lines/<12 hex digits>"));
            return;
        }
        if (get) {
            Json.reply(response, callback, 200, actions.lines(mac.get()));
            return;
        }
        Map<?, ?> body;
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_FORM + 1);
            if (bytes.length > MAX_FORM) {
                reply(response, callback, 413, Map.of("error", "a line's form is at most " + MAX_FORM + " bytes"));
                return;
            }
            Object parsed = new JSON().fromJSON(new String(bytes, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("not an object");
            }
            body = map;
        } catch (IllegalArgumentException | IllegalStateException e) {
            reply(response, callback, 400, Map.of("error", "the body must be a JSON object of the line's fields"));
            return;
        }
        try {
            String message = Boolean.TRUE.equals(body.get("delete")) ? actions.deleteLine(mac.get(), text(body, "line"))
                    : actions.assignLine(mac.get(), new PageLines.Assignment(text(body, "line"), text(body, "extension"),
                            text(body, "authName"), text(body, "password"), text(body, "displayName"), text(body, "label"),
                            text(body, "profile")));
            reply(response, callback, 200, Map.of("ok", true, "message", message));
        } catch (PageLines.Refused e) {
            reply(response, callback, 400, Map.of("error", e.getMessage(), "problems", e.problems()));
        }
    }

    private static String text(Map<?, ?> body, String key) {
        Object v = body.get(key);
        return v == null ? "" : v instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(v);
    }

    private void download(PbxFormat format, Response response, Callback callback) throws Exception {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.mediaType() + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + format.fileName() + "\"");
        try (Writer out = new OutputStreamWriter(Content.Sink.asOutputStream(response), StandardCharsets.UTF_8)) {
            actions.export(format, out);
        }
        callback.succeeded();
    }

    private void session(Request request, Response response, Callback callback) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passwordSet", auth.passwordSet());
        Optional<AdminAuth.Session> session = auth.session(cookie(request));
        out.put("admin", session.isPresent());
        session.ifPresent(s -> out.put("csrf", s.csrf()));
        reply(response, callback, 200, out);
    }

    private void login(Request request, Response response, Callback callback) {
        AdminAuth.Outcome outcome = auth.login(client(request), form(request).getValue("password"));
        if (outcome instanceof AdminAuth.Outcome.Allowed allowed) {
            Response.addCookie(response, cookie(allowed.token(), -1));
            reply(response, callback, 200, Map.of("ok", true, "csrf", allowed.session().csrf()));
        } else if (outcome instanceof AdminAuth.Outcome.Refused refused) {
            reply(response, callback, refused.status(), Map.of("error", refused.message()));
        }
    }

    /** HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; a session cookie otherwise. */
    private static HttpCookie cookie(String value, long maxAge) {
        HttpCookie.Builder cookie = HttpCookie.build(AdminAuth.COOKIE, value).path("/").httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT);
        return (maxAge >= 0 ? cookie.maxAge(maxAge) : cookie).build();
    }

    private static String cookie(Request request) {
        return Request.getCookies(request).stream().filter(c -> c.getName().equals(AdminAuth.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    /** The peer's address, from the socket (the box sits behind no proxy, so no header is believed). */
    private static InetAddress client(Request request) {
        return ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getAddress();
    }

    private static Fields form(Request request) {
        return FormFields.getFields(request, 16, MAX_FORM);
    }

    /**
     * Browsers send Origin with every POST: one naming another host is a page elsewhere trying its luck. Checked on top
     * of the cookie and the token, since it costs nothing.
     */
    /** Answers 403 and says so for a POST another site's page sent. */
    private static boolean refusedCrossSite(Request request, Response response, Callback callback) throws java.io.IOException {
        if (sameOrigin(request)) {
            return false;
        }
        refuse(request, response, callback, 403, Map.of("error", "cross-site request refused"));
        return true;
    }

    /** Answers with AdminAuth's refusal and says so for a change without a session and its CSRF token. */
    private boolean refusedChange(Request request, Response response, Callback callback) throws java.io.IOException {
        if (auth.change(cookie(request), request.getHeaders().get(AdminAuth.CSRF_HEADER)) instanceof AdminAuth.Outcome.Refused refused) {
            refuse(request, response, callback, refused.status(), Map.of("error", refused.message()));
            return true;
        }
        return false;
    }

    private static boolean sameOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return Request.getServerName(request).equalsIgnoreCase(uri.getHost()) && Request.getServerPort(request) == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A refusal before the request's body was read. The body (at most {@link #MAX_FORM}) is read first: Jetty closes,
     * without saying so, a connection whose request body was left unread and had not all arrived, and the client's
     * next request on it gets no answer (jetty/jetty.project#2867). A larger body is left unread and the answer says
     * Connection: close.
     */
    private static void refuse(Request request, Response response, Callback callback, int status, Map<String, ?> body)
            throws java.io.IOException {
        if (Content.Source.asInputStream(request).readNBytes(MAX_FORM + 1).length > MAX_FORM) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        reply(response, callback, status, body);
    }

    private static void reply(Response response, Callback callback, int status, Map<String, ?> body) {
        Json.reply(response, callback, status, body);
    }
}
