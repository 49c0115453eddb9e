package org.phoneflasher.firmware;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phoneflasher.catalogue.Family;

/**
 * What a load's name says: "SIP45.9-4-2SR3-1S" is SIP firmware 9.4(2)SR3 for model code 45 (7945/7965);
 * "term65.default" is the recovery name a 7965 asks for (model 45, no version); 7940/7960 loads are named
 * "P0S3-8-12-00" (SIP 8.12(0)), "P00308000900" (SCCP 8.0(9)) or "P0030801SR02" (SCCP 8.1 SR2).
 *
 * @param name     the load name, without ".loads"
 * @param protocol SIP or SCCP, UNKNOWN for term*.default and names not understood
 * @param family   the family the name's model code (or, for 7940/7960 names, its shape) stands for
 * @param version  empty for term*.default and names not understood
 */
public record LoadName(String name, Protocol protocol, Optional<Family> family, Optional<LoadVersion> version) {
    public enum Protocol { SIP, SCCP, UNKNOWN }

    private static final Pattern MODERN = Pattern.compile("(SIP|SCCP)(\\d\\d)\\.(.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TERM = Pattern.compile("term(\\d\\d)\\.default", Pattern.CASE_INSENSITIVE);
    /** P0S3-… is the SIP load, P003-… its application image; dashes mark SIP 7.x/8.x names on 7940/60. */
    private static final Pattern P0_DASHED = Pattern.compile("P0[0S]\\d-(\\d+-\\d+-\\d+)", Pattern.CASE_INSENSITIVE);
    /** SCCP on 7940/60: P003 then two digits each for major, minor, maintenance, build; or SRnn after the minor. */
    private static final Pattern P0_SCCP =
            Pattern.compile("P00\\d(\\d\\d)(\\d\\d)(?:(\\d\\d)(\\d\\d)|SR(\\d\\d))", Pattern.CASE_INSENSITIVE);

    /** Parses a load name or a .loads file name; never fails, names it does not understand come back UNKNOWN. */
    public static LoadName parse(String loadOrFileName) {
        String name = loadOrFileName.strip();
        if (name.toLowerCase(Locale.ROOT).endsWith(".loads")) {
            name = name.substring(0, name.length() - ".loads".length());
        }
        Matcher m = MODERN.matcher(name);
        if (m.matches()) {
            Protocol protocol = Protocol.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            return new LoadName(name, protocol, Family.ofCode(m.group(2)), LoadVersion.parse(m.group(3)));
        }
        m = TERM.matcher(name);
        if (m.matches()) {
            return new LoadName(name, Protocol.UNKNOWN, Family.phoneOfTerm(m.group(1)).flatMap(Family::of), Optional.empty());
        }
        m = P0_DASHED.matcher(name);
        if (m.matches()) {
            return new LoadName(name, Protocol.SIP, Optional.of(Family.F7940_7960), LoadVersion.parse(m.group(1)));
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
            return new LoadName(name, Protocol.SCCP, Optional.of(Family.F7940_7960), Optional.of(version));
        }
        return new LoadName(name, Protocol.UNKNOWN, Optional.empty(), Optional.empty());
    }

    /** The phone models this load runs on: "SIP45…" → 7945, 7965; none for names not understood. */
    public List<String> phones() {
        return family.map(Family::phones).orElse(List.of());
    }
}
