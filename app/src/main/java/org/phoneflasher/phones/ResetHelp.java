package org.phoneflasher.phones;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.phoneflasher.catalogue.Family;

/**
 * The factory-reset keys of the families (from {@link Family}), for the status page: a phone that never starts its flash, or keeps
 * looping, is usually fixed by one of these. {@link Advice} says the same in a sentence for a failed phone.
 *
 * @param family the models as people name them, e.g. "7940/7960"
 * @param reset  how to reset it to factory settings
 * @param erase  the sequence that also erases the trust list and settings, or null where the family has none
 * @param alternateTftp the menu path that turns Alternate TFTP off (a phone that takes a lease and asks for nothing)
 * @param trustList the menu path that erases the trust list, or null where the family has none named
 */
public record ResetHelp(String family, List<String> models, String reset, String erase, String alternateTftp, String trustList) {
    public static final String LOOPS = "A phone that restarts again and again: (1) it keeps a trust list (ITL/CTL) from a Cisco "
            + "call manager and ignores this box's configs: on the phone, Settings > Security Configuration > Trust List > "
            + "erase (unlock with **#), or factory reset it with the erase sequence; (2) it downloads a load and comes back "
            + "without it: the load may not fit its hardware revision, so choose an older load as the target; (3) a download "
            + "keeps starting over: check the PoE injector and the cable, then power-cycle the phone.";

    private static final ResetHelp OLD = of(List.of(Family.F7940_7960));
    private static final ResetHelp NEW = of(Arrays.stream(Family.values()).filter(Family::newer).toList());

    /** Families that share their reset, as one entry: named "7941/7961, 7942/7962, …". */
    private static ResetHelp of(List<Family> families) {
        Family first = families.get(0);
        String name = families.stream().map(f -> String.join("/", f.phones())).collect(Collectors.joining(", "));
        return new ResetHelp(name, families.stream().flatMap(f -> f.phones().stream()).toList(), first.reset(), first.erase(),
                first.alternateTftp(), first.trustList());
    }

    public ResetHelp {
        models = List.copyOf(models);
    }

    /** Every family, for a page that shows help before the model is known. */
    public static List<ResetHelp> all() {
        return List.of(OLD, NEW);
    }

    /** The family of {@code model} (e.g. "7965"); a model not known yet gets the 79x1 and later help, the common case. */
    public static ResetHelp forModel(String model) {
        return model != null && OLD.models().contains(model) ? OLD : NEW;
    }
}
