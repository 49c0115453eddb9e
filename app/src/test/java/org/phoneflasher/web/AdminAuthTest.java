package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes need the admin password, a session cookie and the session's CSRF token; the password never comes back out. */
class AdminAuthTest {
    static final String PASSWORD = "correct horse battery staple";

    final AtomicReference<String> password = new AtomicReference<>();
    final List<String> done = new ArrayList<>();
    LocalServer server;

    final AdminHandler.AdminActions actions = new AdminHandler.AdminActions() {
        public String rescan() {
            done.add("rescan");
            return "stick indexed";
        }

        public String clearHistory() {
            done.add("clear");
            return "cleared";
        }

        public String target(String model, String load) {
            if (!"7965".equals(model)) {
                throw new IllegalArgumentException("not a model");
            }
            done.add("target " + model + " " + load);
            return "target set";
        }
    };

    LocalServer start() throws Exception {
        server = new LocalServer(new AdminHandler(new AdminAuth(() -> Optional.ofNullable(password.get()), Clock.systemUTC()), actions));
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Logs in; returns the cookie header value and the CSRF token. */
    String[] login() throws Exception {
        HttpResponse<String> r = server.post("/api/login", "password=" + PASSWORD.replace(" ", "+"), null);
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher csrf = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(csrf.find(), r.body());
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')), csrf.group(1)};
    }

    static void assertNoPassword(HttpResponse<String> r) {
        assertFalse(r.body().contains(PASSWORD), r.body());
        assertFalse(r.headers().map().toString().contains(PASSWORD), r.headers().toString());
    }

    @Test
    void withoutAPasswordOnTheStickEveryChangeIsRefusedWithAClearMessage() throws Exception {
        start();
        for (String path : List.of("/api/login", "/api/rescan", "/api/history/clear", "/api/target", "/api/logout")) {
            HttpResponse<String> r = server.post(path, "password=anything&model=7965&load=x", null);
            assertEquals(403, r.statusCode(), path);
            assertTrue(r.body().contains("no admin password is set") && r.body().contains("admin.password"), r.body());
        }
        assertTrue(server.get("/api/session").body().contains("\"passwordSet\":false"));
        assertEquals(List.of(), done);
    }

    @Test
    void aChangeNeedsTheSessionAndItsCsrfToken() throws Exception {
        password.set(PASSWORD);
        start();
        assertEquals(401, server.post("/api/rescan", "", null).statusCode(), "no session");
        assertEquals(401, server.post("/api/rescan", "", "pf_session=made-up", "X-CSRF-Token", "made-up").statusCode());
        HttpResponse<String> wrong = server.post("/api/login", "password=guess", null);
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

        String[] session = login();
        assertEquals(403, server.post("/api/rescan", "", session[0]).statusCode(), "no CSRF header");
        assertEquals(403, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1] + "x").statusCode(), "wrong token");
        assertEquals(401, server.post("/api/rescan", "", null, "X-CSRF-Token", session[1]).statusCode(), "token without the cookie");
        assertEquals(List.of(), done, "nothing done before a proper request");

        assertEquals(200, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1]).statusCode());
        assertEquals(200, server.post("/api/history/clear", "", session[0], "X-CSRF-Token", session[1]).statusCode());
        assertEquals(200, server.post("/api/target", "model=7965&load=SIP45.9-4-2SR3-1S", session[0], "X-CSRF-Token", session[1])
                .statusCode());
        HttpResponse<String> bad = server.post("/api/target", "model=1234&load=x", session[0], "X-CSRF-Token", session[1]);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("not a model"));
        assertEquals(List.of("rescan", "clear", "target 7965 SIP45.9-4-2SR3-1S"), done);

        HttpResponse<String> s = server.http.send(server.request("/api/session").header("Cookie", session[0]).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(s.body().contains("\"admin\":true") && s.body().contains(session[1]), s.body());
        assertNoPassword(s);

        assertEquals(200, server.post("/api/logout", "", session[0], "X-CSRF-Token", session[1]).statusCode());
        assertEquals(401, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1]).statusCode(), "logged out");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndCarriesNoPassword() throws Exception {
        password.set(PASSWORD);
        start();
        HttpResponse<String> r = server.post("/api/login", "password=" + PASSWORD.replace(" ", "+"), null);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(AdminAuth.COOKIE + "="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertNoPassword(r);
    }

    @Test
    void aPostFromAnotherSitesPageIsRefusedEvenWithTheCookieAndToken() throws Exception {
        password.set(PASSWORD);
        start();
        String[] session = login();
        assertEquals(403, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1], "Origin", "http://evil.example")
                .statusCode());
        assertEquals(403, server.post("/api/login", "password=" + PASSWORD, null, "Origin", "http://evil.example").statusCode());
        assertEquals(200, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1], "Origin", server.base())
                .statusCode(), "the page's own origin");
    }

    @Test
    void anotherPasswordOnTheStickEndsEverySession() throws Exception {
        password.set(PASSWORD);
        start();
        String[] session = login();
        password.set("a new password");
        assertEquals(401, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1]).statusCode());
        password.set(null);
        assertEquals(403, server.post("/api/rescan", "", session[0], "X-CSRF-Token", session[1]).statusCode());
    }

    @Test
    void guessingIsSlowedDownAfterAFewWrongPasswords() throws Exception {
        password.set(PASSWORD);
        start();
        for (int i = 0; i < AdminAuth.MAX_FAILURES; i++) {
            assertEquals(403, server.post("/api/login", "password=guess" + i, null).statusCode());
        }
        assertEquals(429, server.post("/api/login", "password=" + PASSWORD.replace(" ", "+"), null).statusCode(),
                "even the right password waits out the lockout");
    }

    @Test
    void readsAreNotTheAdminHandlersBusiness() throws Exception {
        start();
        assertEquals(404, server.get("/api/rescan").statusCode(), "a GET falls through to the next handler");
        assertEquals(404, server.post("/api/other", "", null).statusCode());
    }
}
