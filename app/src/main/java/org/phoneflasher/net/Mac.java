package org.phoneflasher.net;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone's MAC as the box names it everywhere: twelve upper-case hex digits, the spelling of SEP&lt;MAC&gt;.cnf.xml
 * and of the DHCP leases. People write MACs with colons, dashes, Cisco's dots or in lower case; those separators
 * are dropped, anything else that is not exactly twelve hex digits is refused.
 */
public record Mac(String hex) {
    private static final Pattern HEX12 = Pattern.compile("[0-9A-F]{12}");
    private static final Pattern SEPARATORS = Pattern.compile("[:.\\-\\s]");

    public Mac {
        if (!HEX12.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a MAC: " + hex);
        }
    }

    /** "00:1e:7a:2b:3c:4d", "00-1E-7A-2B-3C-4D", "001e.7a2b.3c4d", "001E7A2B3C4D" → 001E7A2B3C4D. */
    public static Optional<Mac> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = SEPARATORS.matcher(text.strip()).replaceAll("").toUpperCase(Locale.ROOT);
        return HEX12.matcher(hex).matches() ? Optional.of(new Mac(hex)) : Optional.empty();
    }

    @Override
    public String toString() {
        return hex;
    }
}
