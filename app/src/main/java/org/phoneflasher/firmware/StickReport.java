package org.phoneflasher.firmware;

import java.util.List;

/** What the stick holds, as `check --json` and /api/bundles report it. */
public record StickReport(String folder, boolean present, boolean ok, List<Target> targets, List<Bundle> bundles,
        List<LoadReport> loads, List<String> conflicts, List<String> problems) {

    public record LoadReport(String name, String protocol, String version, List<String> models, String bundle, boolean complete,
            List<String> components, List<String> problems) {

        static LoadReport of(Load load) {
            return new LoadReport(load.name(), load.id().protocol().name(), load.id().version().map(Object::toString).orElse(null),
                    load.models(), load.bundle(), load.complete(), load.components(), load.problems());
        }
    }

    public static StickReport of(StickIndex index) {
        return new StickReport(index.root().toString(), index.present(), index.allGood(), List.copyOf(index.targets().values()),
                index.bundles(), index.loads().stream().map(LoadReport::of).toList(), index.conflicts(), index.problems());
    }
}
