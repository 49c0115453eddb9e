package org.phoneflasher.firmware;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a load's name says: "SIP45.9-4-2SR3-1S" is SIP firmware 9.4(2)SR3 for model code 45 (7945/7965);
 * "term65.default" is the recovery name a 7965 asks for (model 45, no version); 7940/7960 loads are named
 * "P0S3-8-12-00" (SIP 8.12(0)), "P00308000900" (SCCP 8.0(9)) or "P0030801SR02" (SCCP 8.1 SR2).
 *
 * @param name     the load name, without ".loads"
 * @param protocol SIP or SCCP, UNKNOWN for term*.default and names not understood
 * @param model    the model code: "11", "41", "42", "45", "70", "75" (two digits from the name) or
 *                 {@link #MODEL_7940_7960}
 * @param version  empty for term*.default and names not understood
 */
public record LoadName(String name, Protocol protocol, Optional<String> model, Optional<LoadVersion> version) {
    public enum Protocol { SIP, SCCP, UNKNOWN }

    public static final String MODEL_7940_7960 = "7940/7960";

    private static final Pattern MODERN = Pattern.compile("(SIP|SCCP)(\\d\\d)\\.(.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TERM = Pattern.compile("term(\\d\\d)\\.default", Pattern.CASE_INSENSITIVE);
    /** P0S3-… is the SIP load, P003-… its application image; dashes mark SIP 7.x/8.x names on 7940/60. */
    private static final Pattern P0_DASHED = Pattern.compile("P0[0S]\\d-(\\d+-\\d+-\\d+)", Pattern.CASE_INSENSITIVE);
    /** SCCP on 7940/60: P003 then two digits each for major, minor, maintenance, build; or SRnn after the minor. */
    private static final Pattern P0_SCCP =
            Pattern.compile("P00\\d(\\d\\d)(\\d\\d)(?:(\\d\\d)(\\d\\d)|SR(\\d\\d))", Pattern.CASE_INSENSITIVE);
    /** termNN.default: the number is the phone's, the load's model code is its family's. */
    private static final Map<String, String> TERM_MODELS = Map.ofEntries(
            Map.entry("06", "11"), Map.entry("11", "11"),
            Map.entry("41", "41"), Map.entry("61", "41"),
            Map.entry("42", "42"), Map.entry("62", "42"),
            Map.entry("45", "45"), Map.entry("65", "45"),
            Map.entry("70", "70"), Map.entry("71", "70"),
            Map.entry("75", "75"));
    private static final Map<String, List<String>> PHONES = Map.of(
            "11", List.of("7906", "7911"),
            "41", List.of("7941", "7961"),
            "42", List.of("7942", "7962"),
            "45", List.of("7945", "7965"),
            "70", List.of("7970", "7971"),
            "75", List.of("7975"),
            MODEL_7940_7960, List.of("7940", "7960"));

    /** Model codes of the 79x1 and later phones the box flashes; the 7906/7911 (code 11) are only recognised. */
    private static final List<String> NEWER_FAMILIES = List.of("41", "42", "45", "70", "75");

    /** Parses a load name or a .loads file name; never fails, names it does not understand come back UNKNOWN. */
    public static LoadName parse(String loadOrFileName) {
        String name = loadOrFileName.strip();
        if (name.toLowerCase(Locale.ROOT).endsWith(".loads")) {
            name = name.substring(0, name.length() - ".loads".length());
        }
        Matcher m = MODERN.matcher(name);
        if (m.matches()) {
            Protocol protocol = Protocol.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            return new LoadName(name, protocol, Optional.of(m.group(2)), LoadVersion.parse(m.group(3)));
        }
        m = TERM.matcher(name);
        if (m.matches()) {
            return new LoadName(name, Protocol.UNKNOWN, Optional.ofNullable(TERM_MODELS.get(m.group(1))),
                    Optional.empty());
        }
        m = P0_DASHED.matcher(name);
        if (m.matches()) {
            return new LoadName(name, Protocol.SIP, Optional.of(MODEL_7940_7960), LoadVersion.parse(m.group(1)));
        }
        m = P0_SCCP.matcher(name);
        if (m.matches()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            int sr = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            LoadVersion version = sr > 0
                    ? new LoadVersion(major, minor, 0, LoadVersion.Kind.SR, sr, 0)
                    : m.group(5) != null ? LoadVersion.of(major, minor, 0)
                    : new LoadVersion(major, minor, Integer.parseInt(m.group(3)), LoadVersion.Kind.RELEASE, 0,
                            Integer.parseInt(m.group(4)));
            return new LoadName(name, Protocol.SCCP, Optional.of(MODEL_7940_7960), Optional.of(version));
        }
        return new LoadName(name, Protocol.UNKNOWN, Optional.empty(), Optional.empty());
    }

    /** The phone models a model code's loads run on: "45" → 7945, 7965; unknown codes → none. */
    public static List<String> phonesFor(String model) {
        return PHONES.getOrDefault(model, List.of());
    }

    /** The model code whose loads a phone model runs: "7965" → "45", "7960" → {@link #MODEL_7940_7960}. */
    public static Optional<String> familyOf(String phoneModel) {
        return PHONES.entrySet().stream().filter(e -> e.getValue().contains(phoneModel)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * The 79x1, 79x2, 79x5 and 797x phones, family by family: the one list the upgrade rules and the reset help
     * mean by "the newer phones".
     */
    public static List<String> newerPhones() {
        return NEWER_FAMILIES.stream().flatMap(code -> PHONES.get(code).stream()).toList();
    }

    public List<String> phones() {
        return model.map(LoadName::phonesFor).orElse(List.of());
    }
}
