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

    void flash(Mac mac, String model, String fromLoad, String toLoad, Instant started, Instant finished, String result,
            String reason);

    void transfer(Mac mac, InetAddress ip, String file, long bytes, long millis, String result);

    /** A phone the tracker no longer keeps (to make room): its saved record may go too; its flashes stay. */
    default void forget(Mac mac) {}
}
