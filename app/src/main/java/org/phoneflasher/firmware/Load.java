package org.phoneflasher.firmware;

import java.util.List;

/**
 * A load the stick offers: the .loads file's name without extension, what its name says, the components it lists,
 * the phone models it serves, and every missing or bad component by file name. Only a complete load is offered.
 */
public record Load(String name, LoadName id, String bundle, List<String> components, List<String> models,
        List<String> problems) {
    public Load {
        components = List.copyOf(components);
        models = List.copyOf(models);
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }

    /** termNN.default.loads is what a factory-reset phone asks for, never a target of its own. */
    public boolean isDefault() {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".default");
    }

    /** The load of this name among {@code loads}, in any case: phones and people spell load names as they like. */
    public static java.util.Optional<Load> named(java.util.Collection<Load> loads, String name) {
        return loads.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
    }
}
