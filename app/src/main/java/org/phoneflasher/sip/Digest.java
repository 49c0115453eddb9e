package org.phoneflasher.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HTTP digest (RFC 2617, MD5) as SIP uses it (RFC 3261 22.4), checked on the server side: with qop=auth, or without
 * qop as RFC 2069 clients send it. JAIN-SIP parses the Authorization header; its own server helper leaves nc and qop
 * out of the qop=auth response, so the arithmetic is here.
 */
final class Digest {
    private Digest() {}

    /**
     * @param qop  "auth", or null for an RFC 2069 response
     * @param nc   the nonce count exactly as the client wrote it (8 hex digits), with qop
     * @param uri  the digest-uri exactly as the client wrote it
     */
    static boolean matches(String response, String username, String realm, String password, String method, String uri,
            String nonce, String qop, String nc, String cnonce) {
        if (response == null) {
            return false;
        }
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String expected = qop == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }
}
