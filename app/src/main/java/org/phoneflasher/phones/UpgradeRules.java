package org.phoneflasher.phones;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.firmware.LoadName.Protocol;
import org.phoneflasher.firmware.LoadVersion;

/**
 * The known constraints on going from one load to another in one step. Each rule, when it applies, asks for an
 * intermediate load in a version range; several rules narrow the range together.
 */
final class UpgradeRules {
    private UpgradeRules() {}

    /** An intermediate load the phone needs: a version in [from, below), of {@code protocol} when set. */
    record Step(LoadVersion from, LoadVersion below, Protocol protocol, String why) {
        boolean accepts(LoadName load) {
            return load.version().isPresent() && load.version().get().compareTo(from) >= 0
                    && load.version().get().compareTo(below) < 0 && (protocol == null || load.protocol() == protocol);
        }

        Step and(Step other) {
            LoadVersion lo = from.compareTo(other.from) >= 0 ? from : other.from;
            LoadVersion hi = below.compareTo(other.below) <= 0 ? below : other.below;
            return new Step(lo, hi, protocol != null ? protocol : other.protocol, why + "; " + other.why);
        }
    }

    private record Rule(Set<String> models, Protocol currentProtocol, LoadVersion currentBelow, Protocol targetProtocol,
            LoadVersion targetAtLeast, Step step) {}

    private static final Set<String> MODERN = Set.copyOf(LoadName.newerPhones());

    private static final List<Rule> RULES = List.of(
            // Cisco 9.2 release notes (quoted on sysop.ca); wazo-provd-plugins wazo_cisco_sccp/v9_4/limitations.md.
            new Rule(MODERN, null, LoadVersion.of(8, 3, 3), null, LoadVersion.of(9, 2, 3),
                    new Step(LoadVersion.of(8, 3, 3), LoadVersion.of(8, 5, 3), null,
                            "a load older than 8.3(3) must step through 8.3(3)–8.5(2) before 9.2(3) or later")),
            // Cisco's 7945/7965 firmware notes: 9.0 needs 8.4 first.
            new Rule(Set.of("7945", "7965"), null, LoadVersion.of(8, 4, 0), null, LoadVersion.of(9, 0, 0),
                    new Step(LoadVersion.of(8, 4, 0), LoadVersion.of(9, 0, 0), null,
                            "a 7945/7965 must run 8.4 before 9.0")),
            // Cisco's 7940/7960 Firmware Upgrade Matrix; seed 004 uses SCCP 8.0(9) (P00308000900) as the universal
            // application loader. The exact bound is unverified: older SCCP loads go through 8.0(9) first.
            new Rule(Set.of("7940", "7960"), Protocol.SCCP, LoadVersion.of(8, 0, 9), Protocol.SIP, LoadVersion.of(0, 0, 0),
                    new Step(LoadVersion.of(8, 0, 9), LoadVersion.of(8, 1, 0), Protocol.SCCP,
                            "a 7940/7960 on SCCP older than 8.0(9) must load the universal application loader first")));

    /** The intermediate step going from {@code current} to {@code target} needs on this model, if any. */
    static Optional<Step> stepFor(String model, LoadName current, LoadName target) {
        if (current.version().isEmpty() || target.version().isEmpty()) {
            return Optional.empty();
        }
        LoadVersion from = current.version().get();
        LoadVersion to = target.version().get();
        Optional<Step> step = Optional.empty();
        for (Rule rule : RULES) {
            boolean applies = rule.models().contains(model)
                    && (rule.currentProtocol() == null || rule.currentProtocol() == current.protocol())
                    && (rule.targetProtocol() == null || rule.targetProtocol() == target.protocol())
                    && from.compareTo(rule.currentBelow()) < 0 && to.compareTo(rule.targetAtLeast()) >= 0;
            if (applies) {
                step = Optional.of(step.map(s -> s.and(rule.step())).orElse(rule.step()));
            }
        }
        return step;
    }

    /** What to say when a step is needed and missing: the range and a load name that fits it. */
    static String describe(Step step, String model) {
        String family = LoadName.familyOf(model).orElse("");
        String example = step.protocol() == Protocol.SCCP && family.equals(LoadName.MODEL_7940_7960) ? "P00308000900"
                : "SIP" + family + "." + step.below().major() + "-" + step.below().minor() + "-" + Math.max(0, step.below().maintenance() - 1) + "S";
        return "add a " + (step.protocol() == null ? "" : step.protocol() + " ") + "load from " + step.from() + " up to (not incl.) "
                + step.below() + " for the " + model + " to the stick, e.g. " + example + ".loads with its files (" + step.why() + ")";
    }
}
