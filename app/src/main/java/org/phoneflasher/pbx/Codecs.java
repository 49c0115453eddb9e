package org.phoneflasher.pbx;

import java.util.List;
import org.phoneflasher.provisioning.Profile;

/** The profile's {@code codec} as Asterisk names codecs (its "allow" lists): the preferred one first. */
final class Codecs {
    private Codecs() {}

    static List<String> asterisk(Profile profile) {
        return switch (profile.preferredCodec()) {
            case "g711alaw" -> List.of("alaw", "ulaw");
            // A phone without G.722 (7940/7960, 79x1) does not offer it, and the call falls back to G.711.
            case "g722" -> List.of("g722", "alaw", "ulaw");
            case "g729a" -> List.of("g729", "ulaw", "alaw");
            case "g711ulaw" -> List.of("ulaw", "alaw");
            default -> List.of("ulaw", "alaw"); // "none": the phone offers G.711 first
        };
    }
}
