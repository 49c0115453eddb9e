package org.phoneflasher.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * flasher.conf as the box uses it, found by the one rule: the stick's root if it has one, else the --data folder
 * (so a box keeps its settings across sticks). Profiles, targets and the admin password all come from this one read.
 *
 * @param label how messages name the file: "flasher.conf" on the stick, its path in the data folder
 */
public record BoxSettings(FlasherConf conf, String label) {

    public static BoxSettings none() {
        return new BoxSettings(FlasherConf.empty(), FlasherConf.FILE_NAME);
    }

    /** @param dataDirOrNull the data folder, or null (`check` reads the stick alone) */
    public static BoxSettings read(Path stick, Path dataDirOrNull) {
        if (stick != null && FlasherConf.locate(stick).isPresent()) {
            return new BoxSettings(FlasherConf.read(stick), FlasherConf.FILE_NAME);
        }
        if (dataDirOrNull != null && FlasherConf.locate(dataDirOrNull).isPresent()) {
            return new BoxSettings(FlasherConf.read(dataDirOrNull), dataDirOrNull.resolve(FlasherConf.FILE_NAME).toString());
        }
        return none();
    }

    /** The key that turns the bench step (register with the box, then take the home config) off. */
    public static final String BENCH_REGISTER = "bench.register";

    /** The file's own problems (syntax, size, a bad bench.register), each naming the file as {@link #label} does. */
    public List<String> problems() {
        List<String> out = new java.util.ArrayList<>(relabel(conf.problems(), label));
        conf.get(BENCH_REGISTER).filter(v -> FlasherConf.bool(v).isEmpty()).ifPresent(v -> out.add(label + " line "
                + conf.lineOf(BENCH_REGISTER) + ": " + BENCH_REGISTER + ": '" + v + "' is not true or false; the bench step stays on"));
        return out;
    }

    /**
     * Whether a phone on its target registers with the box before it is done (bench.register, default true): false
     * gives it its home config at once, and done then means on target.
     */
    public boolean benchRegister() {
        return conf.get(BENCH_REGISTER).flatMap(FlasherConf::bool).orElse(true);
    }

    /** The admin password, if the file sets one. */
    public Optional<String> adminPassword() {
        return conf.get("admin.password").filter(p -> !p.isEmpty());
    }

    /** Problems worded for flasher.conf, renamed for a file found elsewhere. */
    public static List<String> relabel(List<String> problems, String label) {
        if (label.equals(FlasherConf.FILE_NAME)) {
            return problems;
        }
        return problems.stream().map(p -> p.replaceFirst("^" + Pattern.quote(FlasherConf.FILE_NAME), label)).toList();
    }
}
