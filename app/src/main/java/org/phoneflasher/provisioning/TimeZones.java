package org.phoneflasher.provisioning;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The time zone names the 79xx firmware knows. A {@code <timeZone>} the phone does not know leaves it on Pacific
 * time, silently, so flasher.conf values are checked against this list. The names and their order are Cisco's
 * (Cisco Unified CME Command Reference, "timezone (voice register global)", numbers 1–56: the table CME writes into
 * SEP*.cnf.xml). The offsets are the zones' real standard offsets; that table misprints a few (GTB, Egypt, E. Europe
 * at +60, Romance and Central Europe at +120).
 *
 * <p>The 7940/7960 SIP text format wants an abbreviation ({@code time_zone: EST}) and explicit DST rules instead.
 * Only unambiguous North American and European abbreviations (plus JST) are mapped; EST and CET are seen in working
 * 7940 configs, the rest follow the same pattern and are unverified. A zone without one is written as GMT.
 */
public final class TimeZones {
    /** Cisco's own default, and the box's when flasher.conf names none. */
    public static final String DEFAULT = "Pacific Standard/Daylight Time";

    /** The daylight saving rule the 7940/7960 text format is given; NONE where the zone's rule is gone or irregular. */
    public enum Dst { NONE, US, EU, AU, NZ }

    /**
     * @param name          Cisco's spelling, as {@code <timeZone>} carries it
     * @param offsetMinutes standard offset from UTC
     * @param dst           the rule written for 7940/7960
     * @param sip79x0       the 7940/7960 {@code time_zone} abbreviation, or null when none is known
     */
    public record CiscoTimeZone(String name, int offsetMinutes, Dst dst, String sip79x0) {}

    private static final List<CiscoTimeZone> ALL = List.of(
            zone("Dateline Standard Time", -720, Dst.NONE, null),
            zone("Samoa Standard Time", -660, Dst.NONE, null),
            zone("Hawaiian Standard Time", -600, Dst.NONE, "HST"),
            zone("Alaskan Standard/Daylight Time", -540, Dst.US, "AKST"),
            zone("Pacific Standard/Daylight Time", -480, Dst.US, "PST"),
            zone("Mountain Standard/Daylight Time", -420, Dst.US, "MST"),
            zone("US Mountain Standard Time", -420, Dst.NONE, "MST"),
            zone("Central Standard/Daylight Time", -360, Dst.US, "CST"),
            // Mexico dropped daylight saving time in 2022.
            zone("Mexico Standard/Daylight Time", -360, Dst.NONE, "CST"),
            zone("Canada Central Standard Time", -360, Dst.NONE, "CST"),
            zone("SA Pacific Standard Time", -300, Dst.NONE, "EST"),
            zone("Eastern Standard/Daylight Time", -300, Dst.US, "EST"),
            zone("US Eastern Standard Time", -300, Dst.NONE, "EST"),
            zone("Atlantic Standard/Daylight Time", -240, Dst.US, "AST"),
            zone("SA Western Standard Time", -240, Dst.NONE, "AST"),
            zone("Newfoundland Standard/Daylight Time", -210, Dst.US, "NST"),
            zone("South America Standard/Daylight Time", -180, Dst.NONE, null),
            zone("SA Eastern Standard Time", -180, Dst.NONE, null),
            zone("Mid-Atlantic Standard/Daylight Time", -120, Dst.NONE, null),
            zone("Azores Standard/Daylight Time", -60, Dst.EU, null),
            zone("GMT Standard/Daylight Time", 0, Dst.EU, "GMT"),
            zone("Greenwich Standard Time", 0, Dst.NONE, "GMT"),
            zone("W. Europe Standard/Daylight Time", 60, Dst.EU, "CET"),
            zone("GTB Standard/Daylight Time", 120, Dst.EU, "EET"),
            zone("Egypt Standard/Daylight Time", 120, Dst.NONE, "EET"),
            zone("E. Europe Standard/Daylight Time", 120, Dst.EU, "EET"),
            zone("Romance Standard/Daylight Time", 60, Dst.EU, "CET"),
            zone("Central Europe Standard/Daylight Time", 60, Dst.EU, "CET"),
            zone("South Africa Standard Time", 120, Dst.NONE, "EET"),
            zone("Jerusalem Standard/Daylight Time", 120, Dst.NONE, null),
            zone("Saudi Arabia Standard Time", 180, Dst.NONE, null),
            // Russia dropped daylight saving time in 2011.
            zone("Russian Standard/Daylight Time", 180, Dst.NONE, null),
            // Iran dropped daylight saving time in 2022.
            zone("Iran Standard/Daylight Time", 210, Dst.NONE, null),
            zone("Caucasus Standard/Daylight Time", 240, Dst.NONE, null),
            zone("Arabian Standard Time", 240, Dst.NONE, null),
            zone("Afghanistan Standard Time", 270, Dst.NONE, null),
            zone("West Asia Standard Time", 300, Dst.NONE, null),
            zone("Ekaterinburg Standard Time", 300, Dst.NONE, null),
            zone("India Standard Time", 330, Dst.NONE, null),
            zone("Central Asia Standard Time", 360, Dst.NONE, null),
            zone("SE Asia Standard Time", 420, Dst.NONE, null),
            // China has kept standard time all year since 1991.
            zone("China Standard/Daylight Time", 480, Dst.NONE, null),
            zone("Taipei Standard Time", 480, Dst.NONE, null),
            zone("Tokyo Standard Time", 540, Dst.NONE, "JST"),
            zone("Cen. Australia Standard/Daylight Time", 570, Dst.AU, null),
            zone("AUS Central Standard Time", 570, Dst.NONE, null),
            zone("E. Australia Standard Time", 600, Dst.NONE, null),
            zone("AUS Eastern Standard/Daylight Time", 600, Dst.AU, null),
            zone("West Pacific Standard Time", 600, Dst.NONE, null),
            zone("Tasmania Standard/Daylight Time", 600, Dst.AU, null),
            zone("Central Pacific Standard Time", 660, Dst.NONE, null),
            zone("Fiji Standard Time", 720, Dst.NONE, null),
            zone("New Zealand Standard/Daylight Time", 720, Dst.NZ, null),
            zone("Venezuela Standard Time", -270, Dst.NONE, null),
            zone("Pacific SA Daylight Time", -180, Dst.NONE, null),
            zone("Pacific SA Standard Time", -240, Dst.NONE, null));

    private TimeZones() {}

    private static CiscoTimeZone zone(String name, int offset, Dst dst, String sip79x0) {
        return new CiscoTimeZone(name, offset, dst, sip79x0);
    }

    public static List<CiscoTimeZone> all() {
        return ALL;
    }

    /** Cisco's entry for a name in any case and spacing ("w. europe  standard/daylight time" finds it). */
    public static Optional<CiscoTimeZone> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = normal(name);
        return ALL.stream().filter(z -> normal(z.name()).equals(wanted)).findFirst();
    }

    public static CiscoTimeZone defaultZone() {
        return find(DEFAULT).orElseThrow();
    }

    private static String normal(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
