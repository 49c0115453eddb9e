package org.phoneflasher;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.Bundle;
import org.phoneflasher.firmware.Load;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;
import org.phoneflasher.firmware.StickReport;
import org.phoneflasher.firmware.Target;
import org.phoneflasher.pbx.ConfigZip;
import org.phoneflasher.pbx.PbxFormat;
import org.phoneflasher.pbx.PbxLine;
import org.phoneflasher.provisioning.Profile;
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.web.Json;

/**
 * `check DIR [--json]`: the box's own indexer and profile reader, run on a laptop against a stick or folder, before
 * a phone waits.
 */
final class CheckCommand {
    static final String USAGE =
            "check DIR [--json]   (exit 0 only when every bundle is complete and flasher.conf and phones.csv have no problem)\n"
            + "  check DIR --export " + PbxFormat.keys() + "|configs   (the PBX side of phones.csv, or a zip of the phones' home"
            + " configs, on stdout)";

    private CheckCommand() {}

    static int run(List<String> argv, PrintStream out) throws Args.UsageError, IOException {
        if (argv.isEmpty() || argv.get(0).startsWith("--")) {
            throw new Args.UsageError("check needs the folder to check");
        }
        Path dir = Path.of(argv.get(0));
        Args args = new Args(argv.subList(1, argv.size()), Set.of("export"), Set.of("json"));
        boolean configs = args.optional("export").filter("configs"::equals).isPresent();
        java.util.Optional<PbxFormat> export = args.optional("export").isEmpty() || configs ? java.util.Optional.empty()
                : java.util.Optional.of(PbxFormat.ofKey(args.required("export")).orElseThrow(
                        () -> new Args.UsageError("--export takes one of " + PbxFormat.keys() + "|configs")));
        if (!Files.isDirectory(dir)) {
            throw new Args.UsageError(dir + " is not a folder");
        }
        Path cache = Files.createTempDirectory("phoneflasher-check");
        try {
            StickIndex index = new StickIndexer(new ArchiveUnpacker(cache, ArchiveLimits.defaults())).index(dir);
            Profiles profiles = Profiles.read(index.settings(), dir, null);
            // The stick's flasher.conf syntax problems are in both lists: each is printed once.
            Set<String> problems = new LinkedHashSet<>(index.problems());
            problems.addAll(profiles.problems());
            List<String> locales = profiles.missingLocales(index::hasFolder);
            problems.addAll(locales);
            boolean ok = index.allGood() && profiles.problems().isEmpty() && locales.isEmpty();
            if (configs) {
                // No box here: a profile without sip.server gets this name, plainly not an address, in its configs.
                ConfigZip.write(profiles, "sip.server-not-set", out).forEach(p -> System.err.println("left out: " + p));
                out.flush();
                return profiles.problems().isEmpty() ? 0 : 1;
            }
            if (export.isPresent()) {
                // stdout carries the file alone, so it can be redirected; phones.csv's problems go to stderr.
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                export.get().write(PbxLine.of(profiles), writer);
                writer.flush();
                profiles.problems().forEach(p -> System.err.println("phones.csv/flasher.conf: " + p));
                return profiles.problems().isEmpty() ? 0 : 1;
            }
            if (args.flag("json")) {
                StickReport stick = StickReport.of(index);
                CheckReport.ProfilesReport profileReport = new CheckReport.ProfilesReport(
                        profiles.all().stream().map(Profile::name).toList(), profiles.phones().entries().size(), profiles.problems());
                out.println(Json.write(new CheckReport(stick.folder(), stick.present(), ok, stick.targets(), stick.bundles(),
                        stick.loads(), stick.conflicts(), profileReport, List.copyOf(problems))));
            } else {
                print(index, profiles, List.copyOf(problems), out);
            }
            return ok ? 0 : 1;
        } finally {
            delete(cache);
        }
    }

    private static void print(StickIndex index, Profiles profiles, List<String> problems, PrintStream out) {
        out.println("Checked " + index.root());
        out.println();
        out.println("Targets per model:");
        if (index.targets().isEmpty()) {
            out.println("  none: no load for any phone model found");
        }
        for (Target target : index.targets().values()) {
            out.printf("  %-5s %-24s %s%n", target.model(), target.load() == null ? "-" : target.load(),
                    target.complete() ? "complete (" + target.why() + ")" : "NOT READY: " + target.why());
        }
        out.println();
        out.println("Bundles:");
        for (Bundle bundle : index.bundles()) {
            String state = bundle.refused() != null ? "REFUSED: " + bundle.refused()
                    : bundle.loads().isEmpty() ? "ok, no loads" : "ok, loads: " + String.join(", ", bundle.loads());
            out.printf("  %-40s %s%n", bundle.source(), state);
            bundle.warnings().forEach(w -> out.println("      warning: " + w));
        }
        out.println();
        out.println("Loads:");
        for (Load load : index.loads()) {
            out.printf("  %-24s %-5s %-10s %-22s %s%n", load.name(), load.id().protocol(),
                    load.id().version().map(Object::toString).orElse("-"), String.join("/", load.models()),
                    load.complete() ? "complete (" + load.components().size() + " files)" : "INCOMPLETE");
            load.problems().forEach(p -> out.println("      " + p));
        }
        out.println();
        out.println("Profiles (flasher.conf) and phones (phones.csv):");
        for (Profile p : profiles.all()) {
            out.printf("  %-12s SIP server %s:%d (%s), %s, dial plan %s%n", p.name(),
                    p.sipServer().isEmpty() ? "(the box)" : p.sipServer(), p.sipPort(),
                    p.transport().name().toLowerCase(java.util.Locale.ROOT), p.timeZone().name(), p.dialPlanFile());
        }
        out.println("  " + profiles.phones().entries().size() + " phone(s) in phones.csv; any other phone gets the default profile"
                + " and a placeholder line");
        // Which model a MAC is only DHCP tells the box: a line above button 2 is a note, not a problem.
        profiles.phones().entries().forEach((mac, rows) -> {
            int top = rows.stream().mapToInt(org.phoneflasher.provisioning.PhoneEntry::button).max().orElse(1);
            if (top > 6) {
                out.println("  " + mac + ": line " + top + " shows only on a 7970/7971/7975 (8 buttons)");
            } else if (top > 2) {
                out.println("  " + mac + ": line " + top + " shows only on a 7960/7961/7962/7965 or 797x; a 7940/7941/7942/7945"
                        + " has 2 buttons and gets lines 1-2");
            }
        });
        out.println();
        out.println(problems.isEmpty() ? "Result: every bundle is complete; flasher.conf and phones.csv have no problem."
                : "Result: " + problems.size() + " problem(s):");
        problems.forEach(p -> out.println("  - " + p));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
