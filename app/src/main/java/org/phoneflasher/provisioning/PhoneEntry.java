package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;

/**
 * One row of phones.csv: a phone and one of its lines (button {@code button}, 1 when the row says none). Empty optional columns are already filled in (label, auth name,
 * display name and contact default to the extension; an empty profile means the default one). The password is a
 * {@link Secret}, so printing an entry shows no password.
 *
 * @param row     the line of phones.csv the row starts on, for messages
 * @param profile the profile's name, lower case, or empty for the default profile
 */
public record PhoneEntry(Mac mac, int row, String label, String extension, String authName, Secret password,
        String displayName, String profile, String contact, int button) {

    /** The line this phone registers. */
    public Line line() {
        return new Line(button, label, extension, displayName, contact, authName, password);
    }
}
