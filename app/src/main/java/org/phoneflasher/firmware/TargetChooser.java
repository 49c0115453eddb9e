package org.phoneflasher.firmware;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.phoneflasher.config.FlasherConf;

/** Per model, the load to flash: the one flasher.conf names (target.7965 = …), else the newest complete SIP load. */
final class TargetChooser {
    private final FlasherConf conf;

    TargetChooser(FlasherConf conf) {
        this.conf = conf;
    }

    Map<String, Target> choose(List<Load> loads) {
        Map<String, String> named = conf.under("target.");
        TreeSet<String> models = new TreeSet<>(named.keySet());
        loads.stream().filter(l -> !l.isDefault()).forEach(l -> models.addAll(l.models()));
        Map<String, Target> targets = new TreeMap<>();
        for (String model : models) {
            targets.put(model, named.containsKey(model) ? named(model, named.get(model), loads) : newest(model, loads));
        }
        return targets;
    }

    private static Target named(String model, String name, List<Load> loads) {
        Optional<Load> load = Load.named(loads, name);
        if (load.isEmpty()) {
            return new Target(model, name, false, "flasher.conf names " + name + ", which is not on the stick");
        }
        return load.get().complete()
                ? new Target(model, load.get().name(), true, "named in flasher.conf")
                : new Target(model, load.get().name(), false,
                        "named in flasher.conf but incomplete: " + String.join("; ", load.get().problems()));
    }

    private static Target newest(String model, List<Load> loads) {
        Comparator<Load> byVersion = Comparator.comparing(l -> l.id().version().orElse(null),
                Comparator.nullsFirst(Comparator.naturalOrder()));
        List<Load> sip = loads.stream()
                .filter(l -> !l.isDefault() && l.models().contains(model) && l.id().protocol() == LoadName.Protocol.SIP)
                .sorted(byVersion.reversed())
                .toList();
        Optional<Load> complete = sip.stream().filter(Load::complete).findFirst();
        if (complete.isPresent()) {
            return new Target(model, complete.get().name(), true, "newest complete SIP load");
        }
        if (!sip.isEmpty()) {
            Load best = sip.get(0);
            return new Target(model, best.name(), false, "incomplete: " + String.join("; ", best.problems()));
        }
        return new Target(model, null, false, "no SIP load for the " + model + " on the stick");
    }
}
