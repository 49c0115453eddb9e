package org.phoneflasher.sip;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The digest nonces the bench registrar issued, each to one address, for a while: a nonce the box did not issue, or
 * issued to another address, is unknown; an old one is stale (the client may try again with a fresh one, RFC 2617
 * "stale=true"); one used again is a replay. With qop=auth a nonce may serve several requests, each with a higher
 * nonce count; without qop (RFC 2069 clients) it serves one. Bounded: past {@link #MAX} the oldest are forgotten.
 */
final class Nonces {
    static final int MAX = 1024;

    /** What a nonce in a request is worth. */
    enum Verdict { FRESH, UNKNOWN, STALE, REPLAYED }

    private record Issued(InetAddress to, Instant at, long lastCount) {}

    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Map<String, Issued> issued = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Issued> eldest) {
            return size() > MAX;
        }
    };

    Nonces(Duration lifetime) {
        this.lifetime = lifetime;
    }

    synchronized String issue(InetAddress to, Instant now) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        issued.put(nonce, new Issued(to, now, 0));
        return nonce;
    }

    /** Whether {@code nonce}, from {@code from}, may be used with this count now (0: no qop, no count). */
    synchronized Verdict check(String nonce, InetAddress from, long count, Instant now) {
        Issued n = nonce == null ? null : issued.get(nonce);
        if (n == null || !n.to().equals(from)) {
            return Verdict.UNKNOWN;
        }
        if (n.at().plus(lifetime).isBefore(now)) {
            return Verdict.STALE;
        }
        if (count == 0 ? n.lastCount() != 0 : count <= n.lastCount()) {
            return Verdict.REPLAYED;
        }
        return Verdict.FRESH;
    }

    /** The nonce served a request (right password or wrong): that count, or the nonce itself without qop, is spent. */
    synchronized void spend(String nonce, long count) {
        issued.computeIfPresent(nonce, (k, n) -> new Issued(n.to(), n.at(), count == 0 ? Long.MAX_VALUE : Math.max(count, n.lastCount())));
    }
}
