package org.phoneflasher.web;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may change the box: whoever knows the admin password (flasher.conf key {@code admin.password}, read at each
 * use so a new stick's password counts at once). A login gives a session cookie and a CSRF token; a change needs
 * both, so a page on another site can neither send the cookie (SameSite=Strict) nor know the token. Sessions live in
 * memory: a restarted box asks for the password again, which is the safe side.
 */
public final class AdminAuth {
    static final String COOKIE = "pf_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String NO_PASSWORD = "changes are refused: no admin password is set. Add a line 'admin.password = …' "
            + "to flasher.conf at the stick's root, then log in";
    static final Duration IDLE = Duration.ofHours(8);
    static final int MAX_SESSIONS = 32;
    /**
     * Guessing on the link: after this many wrong passwords in {@link #WINDOW} from one client address, that address's
     * logins wait {@link #LOCKOUT}. Per address, so a device guessing does not lock the real admin out.
     */
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration LOCKOUT = Duration.ofSeconds(30);
    /** Addresses whose failures are remembered; past it the one that failed longest ago is forgotten first. */
    static final int MAX_CLIENTS = 256;

    private final Supplier<Optional<String>> password;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** By the SHA-256 of the cookie's token, so a lookup reveals nothing about a token's first characters. */
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    /** Recent wrong passwords (at most {@link #MAX_FAILURES}) by client, in order of each client's latest failure. */
    private final Map<InetAddress, ArrayDeque<Instant>> failures = new LinkedHashMap<>();

    /** A logged-in browser; {@code passwordDigest} ends the session when the password on the stick changes. */
    record Session(String csrf, byte[] passwordDigest, Instant lastUsed) {}

    /** What a request may do: go ahead (with its session), or be refused with a status and a message for the page. */
    sealed interface Outcome {
        record Allowed(String token, Session session) implements Outcome {}

        record Refused(int status, String message) implements Outcome {}
    }

    public AdminAuth(Supplier<Optional<String>> password, Clock clock) {
        this.password = password;
        this.clock = clock;
    }

    boolean passwordSet() {
        return current().isPresent();
    }

    /**
     * Checks {@code given}, sent from {@code client}, in constant time; right, it opens a session whose token goes into
     * the cookie.
     */
    synchronized Outcome login(InetAddress client, String given) {
        Optional<byte[]> expected = current().map(AdminAuth::digest);
        if (expected.isEmpty()) {
            return new Outcome.Refused(403, NO_PASSWORD);
        }
        Instant now = clock.instant();
        forgetFailuresBefore(now.minus(WINDOW));
        ArrayDeque<Instant> recent = failures.getOrDefault(client, new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_FAILURES && recent.peekLast().plus(LOCKOUT).isAfter(now)) {
            return new Outcome.Refused(429, "too many wrong passwords: wait " + LOCKOUT.toSeconds() + " s");
        }
        // Digests of equal length, compared without an early exit: the time taken says nothing about the password.
        if (given == null || !MessageDigest.isEqual(expected.get(), digest(given))) {
            recent.addLast(now);
            while (recent.size() > MAX_FAILURES) {
                recent.removeFirst();
            }
            failures.remove(client);
            failures.put(client, recent);
            while (failures.size() > MAX_CLIENTS) {
                forgetOldest();
            }
            return new Outcome.Refused(403, "wrong password");
        }
        failures.remove(client);
        String token = token();
        Session session = new Session(token(), expected.get(), now);
        sessions.put(key(token), session);
        while (sessions.size() > MAX_SESSIONS) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return new Outcome.Allowed(token, session);
    }

    /** The session a cookie names, if it is still good (not idle too long, password unchanged). */
    synchronized Optional<Session> session(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        String key = key(cookie);
        Session session = sessions.get(key);
        Optional<byte[]> expected = current().map(AdminAuth::digest);
        Instant now = clock.instant();
        if (session == null || expected.isEmpty() || !MessageDigest.isEqual(expected.get(), session.passwordDigest())
                || session.lastUsed().plus(IDLE).isBefore(now)) {
            sessions.remove(key);
            return Optional.empty();
        }
        Session used = new Session(session.csrf(), session.passwordDigest(), now);
        sessions.put(key, used);
        return Optional.of(used);
    }

    /** A change: allowed only with a password set, a good session and its CSRF token echoed in the header. */
    Outcome change(String cookie, String csrfHeader) {
        if (!passwordSet()) {
            return new Outcome.Refused(403, NO_PASSWORD);
        }
        Optional<Session> session = session(cookie);
        if (session.isEmpty()) {
            return new Outcome.Refused(401, "log in with the admin password first");
        }
        if (csrfHeader == null || !MessageDigest.isEqual(session.get().csrf().getBytes(StandardCharsets.US_ASCII),
                csrfHeader.getBytes(StandardCharsets.US_ASCII))) {
            return new Outcome.Refused(403, "missing or wrong " + CSRF_HEADER + " header: reload the page");
        }
        return new Outcome.Allowed(cookie, session.get());
    }

    synchronized void logout(String cookie) {
        if (cookie != null) {
            sessions.remove(key(cookie));
        }
    }

    /** How many client addresses have wrong passwords remembered. */
    synchronized int clientsRemembered() {
        return failures.size();
    }

    /** The map is in order of latest failure, so the stale entries are at its head. */
    private void forgetFailuresBefore(Instant cutoff) {
        while (!failures.isEmpty() && failures.values().iterator().next().peekLast().isBefore(cutoff)) {
            forgetOldest();
        }
    }

    private void forgetOldest() {
        Iterator<InetAddress> oldest = failures.keySet().iterator();
        oldest.next();
        oldest.remove();
    }

    private Optional<String> current() {
        return password.get().filter(p -> !p.isEmpty());
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
