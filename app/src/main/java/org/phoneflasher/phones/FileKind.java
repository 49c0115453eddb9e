package org.phoneflasher.phones;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phoneflasher.net.Mac;

/** What a requested name means in a phone's boot, and the MAC it names, if any. */
enum FileKind {
    TRUST_LIST, CONFIG, DEFAULT_LOADS, LOADS, OTHER;

    private static final Pattern WITH_MAC = Pattern.compile("(?i)^(CTLSEP|ITLSEP|SEP|SIP)([0-9A-F]{12})\\.(tlv|cnf\\.xml|cnf)$");

    static FileKind of(String name) {
        String lower = baseName(name).toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tlv")) {
            return TRUST_LIST;
        }
        if (lower.endsWith(".cnf.xml") || lower.endsWith(".cnf")) {
            return CONFIG;
        }
        if (lower.matches("term\\d\\d\\.default\\.loads")) {
            return DEFAULT_LOADS;
        }
        if (lower.endsWith(".loads")) {
            return LOADS;
        }
        return OTHER;
    }

    /** CTLSEP001E7A2B3C4D.tlv, SEP001E7A2B3C4D.cnf.xml, SIP001E7A2B3C4D.cnf name their phone. */
    static Optional<Mac> macIn(String name) {
        Matcher m = WITH_MAC.matcher(baseName(name));
        return m.matches() ? Mac.parse(m.group(2)) : Optional.empty();
    }

    /** CTLSEP… opens every boot of a 79x1 and later: the phone has just (re)started. */
    static boolean startsBoot(String name) {
        return baseName(name).toUpperCase(Locale.ROOT).startsWith("CTLSEP");
    }

    static String baseName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    static String loadOf(String loadsName) {
        String base = baseName(loadsName);
        return base.substring(0, base.length() - ".loads".length());
    }
}
