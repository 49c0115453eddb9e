package org.phoneflasher.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.phoneflasher.Args;
import org.phoneflasher.sim.LookAlike.Component;

/**
 * Writes a stick of look-alike firmware: real file names and header shape, random payload of realistic size. Real
 * firmware is Cisco's and never ships with the project; this is what the demo and the tests flash.
 */
public final class SampleStick {
    public static final String USAGE = "sample-stick --out DIR [--percent N]   (N% of real sizes, default 100)";

    /** The 7945/7965 SIP 9.4(2)SR3 set, with component sizes close to the real ones. */
    public static final String LOAD_7965 = "SIP45.9-4-2SR3-1S";
    static final List<Component> COMPONENTS_7965 = List.of(
            new Component("jar45sip.9-4-2ES26.sbn", 2_310_000),
            new Component("cnu45.9-4-2ES26.sbn", 560_000),
            new Component("apps45.9-4-2ES26.sbn", 2_290_000),
            new Component("dsp45.9-4-2ES26.sbn", 363_000),
            new Component("cvm45sip.9-4-2ES26.sbn", 3_780_000));
    /** 7940/7960 SIP 8.12: loader and application, LF line ends. */
    public static final String LOAD_7960 = "P0S3-8-12-00";
    static final List<Component> COMPONENTS_7960 = List.of(
            new Component("P0S3-8-12-00.sb2", 760_000),
            new Component("P003-8-12-00.sbn", 240_000));

    private static List<Component> scaled(List<Component> components, int percent) {
        return components.stream().map(c -> new Component(c.name(), Math.max(1024, c.size() * percent / 100))).toList();
    }

    private SampleStick() {}

    public static int run(List<String> argv) throws Args.UsageError, IOException {
        Args args = new Args(argv, Set.of("out", "percent"), Set.of());
        Path out = Path.of(args.required("out"));
        int percent = args.integer("percent", 100);
        if (percent < 1 || percent > 100) {
            throw new Args.UsageError("--percent must be 1..100");
        }
        write(out, percent);
        System.out.println("sample stick written to " + out.toAbsolutePath());
        return 0;
    }

    public static void write(Path stick, int percent) throws IOException {
        Files.createDirectories(stick);
        LookAlike firmware = new LookAlike(7965);
        firmware.writeLoad(stick, LOAD_7965, "9-4-2SR3-1S", scaled(COMPONENTS_7965, percent), "\r\n");
        // After a factory reset a 7965 asks for term65.default.loads, a 7945 for term45: both list the same set.
        Files.copy(stick.resolve(LOAD_7965 + ".loads"), stick.resolve("term65.default.loads"));
        Files.copy(stick.resolve(LOAD_7965 + ".loads"), stick.resolve("term45.default.loads"));
        firmware.writeLoad(stick, LOAD_7960, "8-12-00", scaled(COMPONENTS_7960, percent), "\n");
        Files.writeString(stick.resolve("OS79XX.TXT"), "P003-8-12-00\n");
        Path locale = Files.createDirectories(stick.resolve("English_United_States"));
        Files.writeString(locale.resolve("7960-font.xml"), "<fonts/>\n");
    }
}
