package org.phoneflasher.phones;

/** What to tell the user when a phone is stuck: each text says what happened and what to do. */
final class Advice {
    private Advice() {}

    /** The keys come from {@link ResetHelp}, the one table of reset sequences the status page shows too. */
    static String factoryReset(String model) {
        ResetHelp help = ResetHelp.forModel(model);
        return "factory reset a " + help.family() + ": " + help.reset()
                + (help.erase() == null ? "" : " (to erase the trust list and settings: " + help.erase() + ")");
    }

    static String trustList(String model) {
        ResetHelp help = ResetHelp.forModel(model);
        return "the phone keeps a trust list (ITL/CTL) from a Cisco call manager and rejects configs from this box: "
                + (help.trustList() == null ? "" : "on the phone, " + help.trustList() + ", or ") + factoryReset(model);
    }

    /** It fetches its config at every boot and nothing after it: a trust list, or a load that does not take this config. */
    static String configIgnored(String model, String named) {
        ResetHelp help = ResetHelp.forModel(model);
        return "the phone fetches its config at every boot but does not act on it (it does not ask for " + named + "): "
                + "either it keeps a trust list (ITL/CTL) from a Cisco call manager"
                + (help.trustList() == null ? ": " : " (on the phone, " + help.trustList() + "), or ") + factoryReset(model)
                + "; or the load it runs does not read this config: check the load its page names and the target in flasher.conf";
    }

    /** Leased, and not one file asked for: it fetches its files from a TFTP server set on the phone itself. */
    static String noFiles(String model) {
        ResetHelp help = ResetHelp.forModel(model);
        return "the phone took an address from this box but asks it for no file: it uses a TFTP server set on the phone. "
                + "On the phone, " + help.alternateTftp() + ", then restart it; or " + factoryReset(model);
    }

    static String loadRejected(String load, String older) {
        return "the phone rejects " + load + " (it asks for its default load again and again without taking a file): "
                + (older == null ? "put an older SIP load on the stick, e.g. 9.3(1)SR4, and name it in flasher.conf"
                        : "try " + older + " (name it in flasher.conf as the target)");
    }

    static String restarting(String file) {
        return "the download of " + file + " keeps starting over: check the PoE injector and the cable, then power-cycle the phone";
    }

    static String notTaken(String load) {
        return "the phone downloaded " + load + " but came back without it: the load may not fit this phone's hardware "
                + "revision; try an older load";
    }

    /** On its target, it never registered with the box: it did not take the box's config, or it is gone. */
    static String neverRegistered(String model) {
        return "if you unplugged it, plug it in again and restart it: it left with the bench config, which names this box "
                + "as its SIP server. Otherwise it did not take the config the box made: " + trustList(model)
                + "; or it rejected the config itself (on the phone, Settings → Status → Status Messages names the file)";
    }

    /** Registered, but it did not fetch its config after the box's NOTIFY check-sync. */
    static String noHomeConfig() {
        return "restart the phone (unplug its power for a moment) while it is on this box: at its next start it fetches its "
                + "home config and is done. Unplugged now, it keeps the bench config, which names this box as its SIP server";
    }
}
