package org.phoneflasher.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Cisco locale names flasher.conf's {@code locale.user} / {@code locale.network} take. A user locale (the
 * phone's language) is written into SEP&lt;MAC&gt;.cnf.xml with its language code, as the 7965 file in the
 * zencoffee.org guide (seed 003) has English_United_States / en_US; the table holds the Latin-1 languages, whose
 * winCharSet is iso-8859-1 like that file's. A network locale (tones and cadences) is just a country name.
 * The phone fetches the files from a folder of that name (cisco-notes: {@code German_Germany/be-sip.jar},
 * {@code Germany/g3-tones.xml}), which Cisco's locale installer (.cop) puts on a CUCM's TFTP server.
 */
final class Locales {
    private Locales() {}

    private static final Map<String, String> USER = Map.ofEntries(
            Map.entry("english_united_states", "en_US"), Map.entry("english_united_kingdom", "en_GB"),
            Map.entry("german_germany", "de_DE"), Map.entry("german_austria", "de_AT"),
            Map.entry("german_switzerland", "de_CH"), Map.entry("french_france", "fr_FR"),
            Map.entry("french_switzerland", "fr_CH"), Map.entry("italian_italy", "it_IT"),
            Map.entry("spanish_spain", "es_ES"), Map.entry("dutch_netherlands", "nl_NL"),
            Map.entry("portuguese_portugal", "pt_PT"), Map.entry("danish_denmark", "da_DK"),
            Map.entry("swedish_sweden", "sv_SE"), Map.entry("norwegian_norway", "no_NO"),
            Map.entry("finnish_finland", "fi_FI"));
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z]+(_[A-Za-z]+)*");

    /** The language code of a user locale, in any case of its name; empty for one the table does not hold. */
    static Optional<String> langCode(String userLocale) {
        return Optional.ofNullable(USER.get(userLocale.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The name as Cisco spells it: each word capitalised ("german_germany" → German_Germany), as the folder is. */
    static String spelled(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("_")) {
            if (!out.isEmpty()) {
                out.append('_');
            }
            out.append(word.substring(0, 1).toUpperCase(java.util.Locale.ROOT)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    static boolean isNetworkName(String name) {
        return NETWORK.matcher(name).matches() && name.length() <= 40;
    }

    static String userNames() {
        return "German_Germany, English_United_Kingdom, French_France, Italian_Italy, Spanish_Spain, Dutch_Netherlands, "
                + "... (the README lists them)";
    }
}
