package org.phoneflasher.provisioning;

import java.util.List;
import org.phoneflasher.net.Mac;

/**
 * Everything one phone's config is made of: its profile, and its phones.csv rows (one per line, by button) if it
 * has any. A phone without a
 * row gets the default profile, a placeholder line and nothing secret (no SSH account either), so any phone can be
 * flashed and none learns a password meant for another.
 */
public record PhoneSetup(Mac mac, Profile profile, List<PhoneEntry> entries) {

    public PhoneSetup {
        entries = List.copyOf(entries);
    }

    public boolean known() {
        return !entries.isEmpty();
    }

    /** The first line (the lowest button phones.csv gives it), or the placeholder. */
    public Line line() {
        return lines().get(0);
    }

    /** Its lines by button; the placeholder on button 1 for a phone phones.csv does not list. */
    public List<Line> lines() {
        return known() ? entries.stream().map(PhoneEntry::line).toList() : List.of(Line.placeholder(mac));
    }

    /** Its config would carry a password: a line's or the profile's SSH account's. */
    public boolean holdsSecret() {
        return lines().stream().anyMatch(l -> !l.password().isEmpty()) || !sshPassword().isEmpty();
    }

    public String sshUser() {
        return known() ? profile.sshUser() : "";
    }

    public Secret sshPassword() {
        return known() ? profile.sshPassword() : Secret.none();
    }
}
