package org.phoneflasher.phones;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phoneflasher.catalogue.Family;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.net.Mac;

/** What a requested name means in a phone's boot, the MAC it names, if any, and the model it implies, if any. */
enum FileKind {
    TRUST_LIST, CONFIG, DEFAULT_LOADS, LOADS, OTHER;

    private static final Pattern WITH_MAC = Pattern.compile("(?i)^(CTLSEP|ITLSEP|SEP|SIP)([0-9A-F]{12})\\.(tlv|cnf\\.xml|cnf)$");
    private static final Pattern TERM_LOADS = Pattern.compile("(?i)^term(\\d\\d)\\.default\\.loads$");
    private static final Pattern SIP_79X0_CONFIG = Pattern.compile("(?i)^SIP[0-9A-F]{12}\\.cnf$");
    /** A load or one of its images: P0S3-8-12-00.loads, P003-8-12-00.sbn, P0S3-8-12-00.sb2, P003-8-12-00.bin. */
    private static final Pattern LOAD_FILE = Pattern.compile("(?i)^(.+?)\\.(loads|sbn|sb2|bin)$");
    /**
     * Names only a 7940/7960 asks for: OS79XX.TXT (the loader's name), SIPDefault.cnf, and SEPDefault.cnf on very old
     * images (cisco-notes); SIP&lt;MAC&gt;.cnf and the P00…/P0S… loads are matched by their shape.
     */
    private static final Set<String> FILES_OF_7940_7960 = Set.of("os79xx.txt", "sipdefault.cnf", "sepdefault.cnf");
    /**
     * The 7940 and 7960 ask for the same files and run the same loads; the 7960 stands for the pair, as its target
     * does in the configs both read (GeneratedConfigs), until the phone's own page names it.
     */
    static final String STANDS_FOR_7940_7960 = "7960";

    static FileKind of(String name) {
        String lower = baseName(name).toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tlv")) {
            return TRUST_LIST;
        }
        if (lower.endsWith(".cnf.xml") || lower.endsWith(".cnf")) {
            return CONFIG;
        }
        if (TERM_LOADS.matcher(lower).matches()) {
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

    /**
     * The model a requested name implies, for a phone whose option 60 named none (old 7940/7960 loads send "Cisco
     * Systems, Inc. IP Phone" alone: cisco-notes' checked facts): termNN.default.loads names
     * the phone (term65 is the 7965), the 7940/7960's own files and loads name that pair. Loads of the newer families
     * name a family of two phones, and those phones always name their model in option 60: nothing is guessed for them.
     */
    static Optional<String> impliedModel(String name) {
        String base = baseName(name);
        Matcher term = TERM_LOADS.matcher(base);
        if (term.matches()) {
            return Family.phoneOfTerm(term.group(1));
        }
        Matcher load = LOAD_FILE.matcher(base);
        boolean old = FILES_OF_7940_7960.contains(base.toLowerCase(Locale.ROOT)) || SIP_79X0_CONFIG.matcher(base).matches()
                || load.matches() && LoadName.parse(load.group(1)).family().filter(Family.F7940_7960::equals).isPresent();
        return old ? Optional.of(STANDS_FOR_7940_7960) : Optional.empty();
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
