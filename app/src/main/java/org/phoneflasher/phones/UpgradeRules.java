package org.phoneflasher.phones;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.phoneflasher.catalogue.Family;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.firmware.LoadName.Protocol;
import org.phoneflasher.firmware.LoadVersion;

/**
 * The known constraints on going from one load to another in one step. Each rule, when it applies, asks for an
 * intermediate load in a version range; several rules narrow the range together.
 */
final class UpgradeRules {
    private UpgradeRules() {}

    /**
     * An intermediate load the phone needs: a version in [from, below), of {@code protocol} when set; {@code advised}
     * is the version the rule's source names, for the hint when the stick has none.
     */
    record Step(LoadVersion from, LoadVersion below, Protocol protocol, LoadVersion advised, String why) {
        boolean accepts(LoadName load) {
            return load.version().isPresent() && contains(load.version().get())
                    && (protocol == null || load.protocol() == protocol);
        }

        private boolean contains(LoadVersion version) {
            return version.compareTo(from) >= 0 && version.compareTo(below) < 0;
        }

        Step and(Step other) {
            LoadVersion lo = from.compareTo(other.from) >= 0 ? from : other.from;
            LoadVersion hi = below.compareTo(other.below) <= 0 ? below : other.below;
            Step both = new Step(lo, hi, protocol != null ? protocol : other.protocol, lo, why + "; " + other.why);
            LoadVersion advice = both.contains(advised) ? advised : both.contains(other.advised) ? other.advised : lo;
            return new Step(lo, hi, both.protocol, advice, both.why);
        }
    }

    private record Rule(Set<String> models, Protocol currentProtocol, LoadVersion currentBelow, Protocol targetProtocol,
            LoadVersion targetAtLeast, Step step) {}

    private static final Set<String> MODERN = Set.copyOf(Family.newerPhones());

    private static final List<Rule> RULES = List.of(
            // wazo-provd-plugins wazo_cisco_sccp/v9_4/limitations.md: firmware older than 8.3(3) cannot go to anything
            // later than 8.5(2) (it loops); go to 8.5(2) first.
            new Rule(MODERN, null, LoadVersion.of(8, 3, 3), null, LoadVersion.of(8, 5, 3),
                    new Step(LoadVersion.of(8, 3, 3), LoadVersion.of(8, 5, 3), null, LoadVersion.of(8, 5, 2),
                            "a load older than 8.3(3) must step through 8.3(3)–8.5(2) before anything later than 8.5(2)")),
            // Cisco Unified CME System Administrator Guide, "SSL VPN Client for SCCP IP Phones" (cmevpn), step 4, for
            // the 7942/7945/7962/7965/7975: "Upgrading phone load to 9.0 without upgrading the phone load version to
            // 8.4 will not work."
            new Rule(Set.of("7942", "7945", "7962", "7965", "7975"), null, LoadVersion.of(8, 4, 0), null,
                    LoadVersion.of(9, 0, 0),
                    new Step(LoadVersion.of(8, 4, 0), LoadVersion.of(9, 0, 0), null, LoadVersion.of(8, 5, 2),
                            "a 7942/7945/7962/7965/7975 must run 8.4 or later before 9.0")),
            // Cisco's 7940/7960 Firmware Upgrade Matrix; seed 004 uses SCCP 8.0(9) (P00308000900) as the universal
            // application loader. The exact bound is unverified: older SCCP loads go through 8.0(9) first.
            new Rule(Set.copyOf(Family.F7940_7960.phones()), Protocol.SCCP, LoadVersion.of(8, 0, 9), Protocol.SIP, LoadVersion.of(0, 0, 0),
                    new Step(LoadVersion.of(8, 0, 9), LoadVersion.of(8, 1, 0), Protocol.SCCP, LoadVersion.of(8, 0, 9),
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
        Optional<Family> family = Family.of(model);
        String example = step.protocol() == Protocol.SCCP && family.equals(Optional.of(Family.F7940_7960)) ? "P00308000900"
                : "SIP" + family.map(Family::code).orElse("") + "." + step.advised().major() + "-" + step.advised().minor() + "-" + step.advised().maintenance() + "S";
        return "add a " + (step.protocol() == null ? "" : step.protocol() + " ") + "load from " + step.from() + " up to (not incl.) "
                + step.below() + " for the " + model + " to the stick, e.g. " + example + ".loads with its files (" + step.why() + ")";
    }
}
