package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.TestClock;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.PageLines;
import org.phoneflasher.provisioning.Profiles;

/** Changes need the admin password, a session cookie and the session's CSRF token; the password never comes back out. */
class AdminAuthTest {
    static final String PASSWORD = "correct horse battery staple";

    final AtomicReference<String> password = new AtomicReference<>();
    final List<String> done = new ArrayList<>();
    LocalServer server;

    @TempDir
    Path data;
    /** The real writer of the data folder's phones.csv, over a box with no stick. */
    PageLines pageLines;

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

        public void export(org.phoneflasher.pbx.PbxFormat format, java.io.Writer out) throws java.io.IOException {
            done.add("export " + format.key());
            out.write("[1001]\ntype=endpoint\n");
        }

        public void exportConfigs(java.io.OutputStream out) throws java.io.IOException {
            done.add("export configs");
            out.write(new byte[] {'P', 'K'});
        }

        public PageLines.View lines(Mac mac) {
            return pageLines.view(mac);
        }

        public String assignLine(Mac mac, PageLines.Assignment line) throws Exception {
            String message = pageLines.assign(mac, line);
            done.add("line " + mac);
            return message;
        }

        public String deleteLine(Mac mac, String line) throws Exception {
            String message = pageLines.delete(mac, line);
            done.add("delete " + mac);
            return message;
        }
    };

    LocalServer start() throws Exception {
        pageLines = new PageLines(data, () -> Profiles.read(data.resolve("no-stick"), data));
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
    void aPbxExportHoldsPasswordsSoItNeedsTheSessionAndItsCsrfToken() throws Exception {
        password.set(PASSWORD);
        start();
        assertEquals(401, server.post("/api/export/pjsip", "", null).statusCode(), "no session");
        String[] session = login();
        assertEquals(403, server.post("/api/export/pjsip", "", session[0]).statusCode(), "no CSRF header");
        assertEquals(403, server.post("/api/export/pjsip", "", session[0], "X-CSRF-Token", "nope").statusCode(), "wrong token");
        assertEquals(401, server.post("/api/export/pjsip", "", null, "X-CSRF-Token", session[1]).statusCode(), "token, no cookie");
        HttpResponse<String> get = server.http.send(server.request("/api/export/pjsip").header("Cookie", session[0]).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode(), "a GET (a link another page could embed) is refused");
        assertEquals(404, server.post("/api/export/asterisk", "", session[0], "X-CSRF-Token", session[1]).statusCode());
        assertEquals(List.of(), done, "nothing written before a proper request");

        HttpResponse<String> ok = server.post("/api/export/pjsip", "", session[0], "X-CSRF-Token", session[1]);
        assertEquals(200, ok.statusCode());
        assertEquals("[1001]\ntype=endpoint\n", ok.body());
        assertEquals("attachment; filename=\"pjsip.conf\"", ok.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(401, server.post("/api/export/configs", "", null).statusCode(), "the zip holds passwords too");
        assertEquals(403, server.post("/api/export/configs", "", session[0]).statusCode());
        HttpResponse<String> zip = server.post("/api/export/configs", "", session[0], "X-CSRF-Token", session[1]);
        assertEquals(200, zip.statusCode());
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of("export pjsip", "export configs"), done);
    }

    @Test
    void aPhonesLinesAreReadWithTheSessionAndChangedOnlyWithItsCsrfTokenAndThePasswordNeverComesBack() throws Exception {
        password.set(PASSWORD);
        start();
        String body = "{\"line\":\"1\",\"extension\":\"801\",\"password\":\"line-secret\",\"label\":\"Desk\"}";
        assertEquals(401, json("/api/lines/001E7A2B3C4D", body, null).statusCode(), "no session");
        assertEquals(401, server.get("/api/lines/001E7A2B3C4D").statusCode(), "no session, reading");
        String[] session = login();
        assertEquals(403, json("/api/lines/001E7A2B3C4D", body, session[0]).statusCode(), "no CSRF header");
        assertEquals(403, json("/api/lines/001E7A2B3C4D", body, session[0], "X-CSRF-Token", "nope").statusCode(), "wrong token");
        assertEquals(401, json("/api/lines/001E7A2B3C4D", body, null, "X-CSRF-Token", session[1]).statusCode(), "token, no cookie");
        assertEquals(403, json("/api/lines/001E7A2B3C4D", body, session[0], "X-CSRF-Token", session[1], "Origin", "http://evil.example")
                .statusCode(), "another site's page");
        assertFalse(Files.exists(data.resolve("phones.csv")), "nothing written before a proper request");
        assertEquals(List.of(), done);

        HttpResponse<String> bad = json("/api/lines/001E7A2B3C4D", "{\"line\":\"1\",\"extension\":\"\"}", session[0],
                "X-CSRF-Token", session[1]);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"problems\":[\"the form, extension: missing"), bad.body());
        assertEquals(400, json("/api/lines/001E7A2B3C4D", "[1,2]", session[0], "X-CSRF-Token", session[1]).statusCode());
        assertEquals(404, json("/api/lines/not-a-mac", body, session[0], "X-CSRF-Token", session[1]).statusCode());
        assertFalse(Files.exists(data.resolve("phones.csv")), "a refused line writes nothing");

        HttpResponse<String> ok = json("/api/lines/00:1e:7a:2b:3c:4d", body, session[0], "X-CSRF-Token", session[1]);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("power-cycle the phone"), ok.body());
        assertTrue(Files.readString(data.resolve("phones.csv")).contains("001E7A2B3C4D,Desk,801,,line-secret,,,,1"));
        HttpResponse<String> read = server.http.send(server.request("/api/lines/001E7A2B3C4D").header("Cookie", session[0]).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode());
        assertTrue(read.body().contains("\"extension\":\"801\"") && read.body().contains("\"passwordSet\":true")
                && read.body().contains("\"source\":\"page\""), read.body());
        assertFalse(read.body().contains("line-secret"), "the password never comes back: " + read.body());
        assertEquals(200, json("/api/lines/001E7A2B3C4D", "{\"line\":1,\"delete\":true}", session[0], "X-CSRF-Token", session[1])
                .statusCode());
        assertEquals(List.of("line 001E7A2B3C4D", "delete 001E7A2B3C4D"), done);
    }

    HttpResponse<String> json(String path, String body, String cookie, String... headers) throws Exception {
        HttpRequest.Builder b = server.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
    void oneAddressGuessingDoesNotLockOutAnother() throws Exception {
        password.set(PASSWORD);
        start();
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < AdminAuth.MAX_FAILURES; i++) {
            assertEquals(403, loginFrom(guesser, "guess" + i));
        }
        assertEquals(429, loginFrom(guesser, PASSWORD), "the guessing address waits out its lockout");
        assertEquals(200, server.post("/api/login", "password=" + PASSWORD.replace(" ", "+"), null).statusCode(),
                "the admin at 127.0.0.1 logs in meanwhile");
        assertEquals(429, loginFrom(guesser, PASSWORD), "and the guesser is still locked out");
    }

    @Test
    void aLockoutEndsAndTheAddressIsForgottenAfterTheWindow() throws Exception {
        TestClock clock = new TestClock();
        AdminAuth auth = new AdminAuth(() -> Optional.of(PASSWORD), clock);
        InetAddress guesser = InetAddress.getByName("10.99.0.50");
        for (int i = 0; i < AdminAuth.MAX_FAILURES; i++) {
            assertInstanceOf(AdminAuth.Outcome.Refused.class, auth.login(guesser, "guess" + i));
        }
        assertEquals(429, ((AdminAuth.Outcome.Refused) auth.login(guesser, PASSWORD)).status());
        clock.advance(AdminAuth.LOCKOUT.plusSeconds(1));
        assertEquals(403, ((AdminAuth.Outcome.Refused) auth.login(guesser, "one more")).status(), "the lockout is over");
        assertEquals(429, ((AdminAuth.Outcome.Refused) auth.login(guesser, PASSWORD)).status(), "a new failure: locked again");
        assertEquals(1, auth.clientsRemembered());
        clock.advance(AdminAuth.WINDOW.plusSeconds(1));
        assertInstanceOf(AdminAuth.Outcome.Allowed.class, auth.login(guesser, PASSWORD));
        assertEquals(0, auth.clientsRemembered(), "a minute without failures forgets the address");
    }

    @Test
    void aFloodOfAddressesCannotGrowWhatIsRemembered() throws Exception {
        TestClock clock = new TestClock();
        AdminAuth auth = new AdminAuth(() -> Optional.of(PASSWORD), clock);
        InetAddress admin = InetAddress.getByName("10.99.0.2");
        for (int i = 0; i < 20_000; i++) {
            InetAddress flood = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            for (int j = 0; j < (i % 7 == 0 ? AdminAuth.MAX_FAILURES : 1); j++) {
                auth.login(flood, "guess");
            }
            assertTrue(auth.clientsRemembered() <= AdminAuth.MAX_CLIENTS, "remembered: " + auth.clientsRemembered());
            if (i % 1000 == 0) {
                clock.advance(Duration.ofMillis(100));
            }
        }
        assertEquals(AdminAuth.MAX_CLIENTS, auth.clientsRemembered());
        assertInstanceOf(AdminAuth.Outcome.Allowed.class, auth.login(admin, PASSWORD), "the admin is not locked out by it");
    }

    @Test
    void aChangeRefusedBeforeItsBodyCameLeavesTheConnectionAnsweringTheNextRequest() throws Exception {
        password.set(PASSWORD);
        start();
        URI base = URI.create(server.base());
        String body = "model=7965&load=SIP45.9-4-2SR3-1S";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/target HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 6)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // A slow client: the rest of its body comes a moment later, with its next request behind it.
            Thread.sleep(300);
            out.write((body.substring(6) + "GET /api/session HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            List<String> statuses = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(answers).results()
                    .map(m -> m.group(1)).toList();
            assertEquals(List.of("401", "200"), statuses, "the change refused (no session), then the next request answered:\n" + answers);
        }
        assertEquals(List.of(), done);
    }

    /** A POST /api/login from a socket bound to {@code from} (any 127/8 address reaches the loopback connector). */
    int loginFrom(InetAddress from, String guess) throws Exception {
        String body = "password=" + URLEncoder.encode(guess, StandardCharsets.UTF_8);
        URI base = URI.create(server.base());
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void readsAreNotTheAdminHandlersBusiness() throws Exception {
        start();
        assertEquals(404, server.get("/api/rescan").statusCode(), "a GET falls through to the next handler");
        assertEquals(404, server.post("/api/other", "", null).statusCode());
    }
}
