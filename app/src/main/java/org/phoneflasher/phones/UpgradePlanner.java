package org.phoneflasher.phones;

import java.util.Comparator;
import java.util.Optional;
import org.phoneflasher.firmware.Load;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.Target;

/** From a phone's model and current load and the stick's complete loads, the next load to give it. */
final class UpgradePlanner {
    private UpgradePlanner() {}

    static Plan plan(String model, Optional<String> currentLoad, StickIndex stick) {
        if (model == null) {
            return new Plan(null, null, null, "model not known yet");
        }
        Target target = stick.targets().get(model);
        if (target == null || target.load() == null) {
            return new Plan(null, null, "a SIP load for the " + model, "no SIP load for the " + model + " on the stick");
        }
        if (!target.complete()) {
            return new Plan(target.load(), null, target.why(), "target " + target.load() + " is not complete");
        }
        if (currentLoad.filter(target.load()::equalsIgnoreCase).isPresent()) {
            return new Plan(target.load(), target.load(), null, "on target");
        }
        if (currentLoad.isEmpty()) {
            // Nothing says an intermediate step is needed; a phone that rejects the load is caught by loop detection.
            return new Plan(target.load(), target.load(), null, "current load unknown: offering the target");
        }
        Optional<UpgradeRules.Step> step = UpgradeRules.stepFor(model, LoadName.parse(currentLoad.get()),
                LoadName.parse(target.load()));
        if (step.isEmpty()) {
            return new Plan(target.load(), target.load(), null, currentLoad.get() + " → " + target.load() + " in one step");
        }
        LoadName targetName = LoadName.parse(target.load());
        Optional<Load> via = stick.loads().stream()
                .filter(l -> l.complete() && !l.isDefault() && l.models().contains(model) && step.get().accepts(l.id()))
                .max(Comparator.<Load, Boolean>comparing(l -> l.id().protocol() == targetName.protocol())
                        .thenComparing(l -> l.id().version().orElseThrow()));
        if (via.isEmpty()) {
            return new Plan(target.load(), null, UpgradeRules.describe(step.get(), model),
                    "needs an intermediate load the stick does not have");
        }
        return new Plan(target.load(), via.get().name(), null, "intermediate step: " + step.get().why());
    }
}
