package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;

/**
 * A SIP line and the button it is on (1 is the phone's first line). {@code name} is the SIP user the phone registers; {@code contact} the user part of its
 * Contact header (a FritzBox wants name = auth name, contact = the internal number, as seed 001 shows).
 */
public record Line(int button, String label, String name, String displayName, String contact, String authName, Secret password) {

    /**
     * The line of a phone phones.csv does not list: 9.x firmware can crash on a config without a line, so every
     * phone gets one, named after its MAC so the PBX log shows which phone knocked, and holding nothing secret.
     */
    static Line placeholder(Mac mac) {
        return new Line(1, "Unassigned", mac.hex(), "Unassigned", mac.hex(), mac.hex(), Secret.none());
    }
}
