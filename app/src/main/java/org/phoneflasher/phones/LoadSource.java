package org.phoneflasher.phones;

import java.util.Locale;

/** How the box knows the load a phone runs. */
enum LoadSource {
    /** The phone said so on its own page (DeviceInformationX): the only proof. */
    PHONE,
    /** It came back from a reboot after downloading that load. */
    FLASHED,
    /** It settled on what its config named without asking for another load. */
    CONFIG;

    /** As the API and the database spell it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LoadSource parse(String label) {
        return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
    }
}
