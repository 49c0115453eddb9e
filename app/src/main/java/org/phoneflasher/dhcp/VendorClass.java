package org.phoneflasher.dhcp;

import java.util.Optional;
import org.phoneflasher.catalogue.PhoneModel;
import org.phoneflasher.events.Event;

/**
 * DHCP option 60 as a phone sends it. Cisco phones NUL-terminate it ("Cisco Systems, Inc. IP Phone CP-7965G\0");
 * some older ones say "… IP Phone 7912"; the model is read as {@link PhoneModel#modelIn} reads every product name.
 */
public record VendorClass(String text, Optional<String> model) {

    public static VendorClass parse(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw;
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        // Option 60 enters the box here: what is kept, logged and shown is printable.
        text = Event.printable(text.strip());
        return new VendorClass(text, PhoneModel.modelIn(text));
    }

    /** A Cisco IP phone: a 79xx model, or Cisco's phone prefix alone (old 7940/7960 loads name no model). */
    public boolean phone() {
        return model.isPresent() || text.startsWith("Cisco Systems, Inc. IP Phone");
    }

    /** Whether option 60 as sent (or as kept from an earlier packet) names a phone; absent is not a phone. */
    public static boolean phone(String raw) {
        VendorClass vendor = parse(raw);
        return vendor != null && vendor.phone();
    }
}
