package org.phoneflasher.firmware;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every .loads among the served files and checks it the way the phone's loader will: each listed component
 * present, its signed header sound, its tag 14 naming that very file. A phone that starts a load with one bad .sbn
 * fails twenty minutes later; the box says so before.
 */
final class LoadChecker {
    private final Map<String, ServedFile> files;

    LoadChecker(Map<String, ServedFile> files) {
        this.files = files;
    }

    List<Load> loads() {
        List<Load> loads = new ArrayList<>();
        for (ServedFile file : files.values()) {
            String name = file.name();
            if (name.indexOf('/') < 0 && name.toLowerCase(Locale.ROOT).endsWith(".loads")) {
                loads.add(check(file, name.substring(0, name.length() - ".loads".length())));
            }
        }
        return withDefaultModels(loads);
    }

    private Load check(ServedFile file, String name) {
        LoadName id = LoadName.parse(name);
        List<String> problems = new ArrayList<>();
        List<String> components = List.of();
        try {
            if (file.size() > LoadsFile.MAX_SIZE) {
                problems.add("too large for a .loads file (" + file.size() + " bytes)");
            } else {
                components = LoadsFile.parse(ComponentCheck.head(file.path(), LoadsFile.MAX_SIZE)).components();
            }
        } catch (SignedHeader.BadHeader e) {
            problems.add("not a valid .loads file: " + e.getMessage());
        } catch (IOException e) {
            problems.add("unreadable: " + e.getMessage());
        }
        for (String component : components) {
            checkComponent(component).ifPresent(problems::add);
        }
        return new Load(name, id, file.bundle(), components, id.phones(), problems);
    }

    private Optional<String> checkComponent(String component) {
        ServedFile file = files.get(StickIndex.key(component));
        return file == null ? Optional.of("missing " + component) : ComponentCheck.problem(component, file.path());
    }

    /**
     * termNN.default.loads lists the same components as the load a factory-reset phone of that model gets, so
     * term65.default.loads beside SIP45.9-4-2SR3-1S.loads says that load serves the 7965.
     */
    private static List<Load> withDefaultModels(List<Load> loads) {
        List<Load> out = new ArrayList<>();
        for (Load load : loads) {
            if (load.isDefault()) {
                out.add(load);
                continue;
            }
            Set<String> models = new LinkedHashSet<>(load.models());
            for (Load other : loads) {
                if (other.isDefault() && !other.components().isEmpty() && sameList(other.components(), load.components())) {
                    models.addAll(other.models());
                }
            }
            out.add(new Load(load.name(), load.id(), load.bundle(), load.components(), List.copyOf(models), load.problems()));
        }
        return out;
    }

    private static boolean sameList(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
