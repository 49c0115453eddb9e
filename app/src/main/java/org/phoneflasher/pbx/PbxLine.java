package org.phoneflasher.pbx;

import java.util.List;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.Line;
import org.phoneflasher.provisioning.Profile;
import org.phoneflasher.provisioning.Profiles;

/** One line the PBX must know: the phone it is on, the line as the phone's own config carries it, and its profile. */
public record PbxLine(Mac mac, Line line, Profile profile) {

    /**
     * Every line phones.csv assigns, in file order, from the same setup the phone's config is written from (so the
     * PBX and the phone cannot disagree). The one place the exports walk the phone book: one entry per line, a
     * phone's by button.
     */
    public static List<PbxLine> of(Profiles profiles) {
        return profiles.phones().entries().keySet().stream()
                .map(profiles::forMac)
                .flatMap(setup -> setup.lines().stream().map(line -> new PbxLine(setup.mac(), line, setup.profile())))
                .toList();
    }
}
