package org.phoneflasher.provisioning;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks shared by flasher.conf and phones.csv values; each returns what is wrong, never the value itself. */
public final class Values {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    static final int MAX_TEXT = 128;

    private Values() {}

    /** Control characters (a line break above all) break the 7940/7960 text format and XML 1.0 alike. */
    static Optional<String> text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(c == '\n' || c == '\r' ? "contains a line break" : "contains a control character");
            }
            if (Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
                return Optional.of("contains a character a phone cannot show");
            }
        }
        if (value.length() > MAX_TEXT) {
            return Optional.of("longer than " + MAX_TEXT + " characters");
        }
        return Optional.empty();
    }

    /**
     * The 7940/7960 text format quotes every value ({@code line1_displayname: "Bob"}) and has no escape for a
     * quote inside one, so such a value cannot be written there (XML phones carry it fine).
     */
    static boolean fitsSipText(String value) {
        return value.indexOf('"') < 0;
    }

    /** The longest phoneLabel a phone takes. */
    static final int PHONE_LABEL_MAX = 13;

    /** A phoneLabel the phones take: at most 13 characters, no spaces (usecallmanager.nz's SEP<MAC>.cnf.xml reference). */
    public static boolean isPhoneLabel(String value) {
        return value.length() <= PHONE_LABEL_MAX && value.codePoints().noneMatch(Character::isWhitespace);
    }

    /** An IPv4 address or a DNS name: what a phone can resolve, and nothing that needs escaping anywhere. */
    static Optional<String> host(String value) {
        if (!HOST.matcher(value).matches() || value.contains("..")) {
            return Optional.of("not an IPv4 address or host name");
        }
        return Optional.empty();
    }

    static Optional<Integer> port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Boolean> bool(String value) {
        return org.phoneflasher.config.FlasherConf.bool(value);
    }

    static Optional<Integer> integer(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            return n >= min && n <= max ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
