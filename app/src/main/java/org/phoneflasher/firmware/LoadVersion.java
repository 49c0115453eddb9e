package org.phoneflasher.firmware;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware version as Cisco numbers it: major.minor(maintenance), optionally a service release (SRn) or an
 * engineering special (ESn), and a build number ("-1" in "9-4-2SR3-1S") that only breaks ties.
 *
 * <p>Order: 9.4(2)SR3 &gt; 9.4(2)SR2 &gt; 9.4(2)ES26 &gt; 9.4(2) &gt; 9.3(1)SR4 &gt; 8.5(2). An ES is a one-off
 * fix built on a release, so it ranks above the plain release but below every SR of it: when both are on a stick, the
 * supported SR is the better pick.
 */
public record LoadVersion(int major, int minor, int maintenance, Kind kind, int number, int build)
        implements Comparable<LoadVersion> {
    /** In ascending order of preference within one release. */
    public enum Kind { RELEASE, ES, SR }

    private static final Comparator<LoadVersion> ORDER = Comparator.comparingInt(LoadVersion::major)
            .thenComparingInt(LoadVersion::minor)
            .thenComparingInt(LoadVersion::maintenance)
            .thenComparing(LoadVersion::kind)
            .thenComparingInt(LoadVersion::number)
            .thenComparingInt(LoadVersion::build);
    /** As in load names: "9-4-2SR3-1S", "8-5-2S", "8-12-00". */
    private static final Pattern DASHED =
            Pattern.compile("(\\d+)-(\\d+)-(\\d+)(?:(SR|ES)(\\d+))?(?:-(\\d+))?S?", Pattern.CASE_INSENSITIVE);
    /** As Cisco displays it: "9.4(2)SR3". */
    private static final Pattern DISPLAY =
            Pattern.compile("(\\d+)\\.(\\d+)\\((\\d+)\\)(?:(SR|ES)(\\d+))?", Pattern.CASE_INSENSITIVE);

    public LoadVersion {
        if (major < 0 || minor < 0 || maintenance < 0 || number < 0 || build < 0) {
            throw new IllegalArgumentException("negative version part");
        }
        if ((kind == Kind.RELEASE) != (number == 0)) {
            throw new IllegalArgumentException("SR and ES need a number, a plain release none");
        }
    }

    public static LoadVersion of(int major, int minor, int maintenance) {
        return new LoadVersion(major, minor, maintenance, Kind.RELEASE, 0, 0);
    }

    public static LoadVersion sr(int major, int minor, int maintenance, int sr) {
        return new LoadVersion(major, minor, maintenance, Kind.SR, sr, 0);
    }

    /** Reads the dashed form of load names or Cisco's display form; empty when it is neither. */
    public static Optional<LoadVersion> parse(String text) {
        Matcher m = DASHED.matcher(text.strip());
        if (!m.matches()) {
            m = DISPLAY.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        try {
            Kind kind = m.group(4) == null ? Kind.RELEASE : Kind.valueOf(m.group(4).toUpperCase(Locale.ROOT));
            int number = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int build = m.groupCount() >= 6 && m.group(6) != null ? Integer.parseInt(m.group(6)) : 0;
            if (kind != Kind.RELEASE && number == 0) {
                return Optional.empty();
            }
            return Optional.of(new LoadVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), kind, number, build));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(LoadVersion other) {
        return ORDER.compare(this, other);
    }

    /** Cisco's display form, e.g. "9.4(2)SR3"; the build number is not shown, as on the phone. */
    @Override
    public String toString() {
        return major + "." + minor + "(" + maintenance + ")" + (kind == Kind.RELEASE ? "" : kind.name() + number);
    }
}
