package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.phoneflasher.net.Mac;

/** Where the tracker keeps what must outlive the box: phones, finished flashes, transfers. */
public interface PhoneHistory {

    /** The phones saved before, to pick up where the box left off after a restart. */
    List<Phone> phones();

    void save(Phone phone);

    /** A flash that ended; the serial number and hardware revision are null while the phone's page has not answered. */
    void flash(Mac mac, String model, String serialNumber, String hardwareRevision, String fromLoad, String toLoad,
            Instant started, Instant finished, String result, String reason);

    /**
     * The phone's page said what it is: its flashes recorded before that (the flash ended before the page answered)
     * take its serial number, hardware revision and model.
     */
    default void identified(Mac mac, String model, String serialNumber, String hardwareRevision) {}

    void transfer(Mac mac, InetAddress ip, String file, long bytes, long millis, String result);

    /** A phone the tracker no longer keeps (to make room): its saved record may go too; its flashes stay. */
    default void forget(Mac mac) {}
}
