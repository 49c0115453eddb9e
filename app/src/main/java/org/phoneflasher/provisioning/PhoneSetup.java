package org.phoneflasher.provisioning;

import java.util.Optional;
import org.phoneflasher.net.Mac;

/**
 * Everything one phone's config is made of: its profile, and its phones.csv row if it has one. A phone without a
 * row gets the default profile, a placeholder line and nothing secret (no SSH account either), so any phone can be
 * flashed and none learns a password meant for another.
 */
public record PhoneSetup(Mac mac, Profile profile, Optional<PhoneEntry> entry) {

    public boolean known() {
        return entry.isPresent();
    }

    public Line line() {
        return entry.map(PhoneEntry::line).orElseGet(() -> Line.placeholder(mac));
    }

    /** Its config would carry a password: the line's or the profile's SSH account's. */
    public boolean holdsSecret() {
        return !line().password().isEmpty() || !sshPassword().isEmpty();
    }

    public String sshUser() {
        return known() ? profile.sshUser() : "";
    }

    public Secret sshPassword() {
        return known() ? profile.sshPassword() : Secret.none();
    }
}
