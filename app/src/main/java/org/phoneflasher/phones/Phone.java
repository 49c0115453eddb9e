package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.phoneflasher.net.Mac;

/**
 * Everything the box knows about one phone, as the API and the page show it.
 *
 * @param serialNumber    and {@code hardwareRevision}: what its own page says (DeviceInformationX), once it answered
 * @param currentLoad     the load it runs, when known; {@code loadSource} says how the box knows
 * @param nextStep        the load its config names now (an intermediate step or the target)
 * @param missing         a load the flash needs that is not on the stick, named so the user can add it
 * @param verified        the phone itself reported its load (DeviceInformationX)
 * @param failure         why it failed, with {@code advice} on what to do
 */
public record Phone(Mac mac, String model, String serialNumber, String hardwareRevision, InetAddress ip, Instant firstSeen, Instant lastSeen, PhoneState state,
        String currentLoad, String loadSource, String targetLoad, String nextStep, String missing, Progress progress,
        boolean verified, String failure, String advice, List<String> steps) {

    public Phone {
        steps = List.copyOf(steps);
    }

    /**
     * A download in progress: the file and the whole load, in bytes.
     *
     * @param started when the phone began this flash (its first step, if it takes several), for "time so far"
     */
    public record Progress(String load, String file, long fileBytes, long fileTotal, long loadBytes, long loadTotal,
            Instant started) {}
}
