package org.phoneflasher.sip;

import java.net.InetAddress;
import java.util.Optional;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.Secret;

/** The lines the box generated, as the bench registrar asks for them: one lookup per REGISTER, nothing cached. */
public interface BenchLines {

    /**
     * A line of a phone the box has seen, as its config names it.
     *
     * @param user         the SIP user the phone registers (the config's line name)
     * @param authName     the digest user name the config gives it
     * @param phoneAddress the address the box knows the phone at (its lease, or where it fetched its config from)
     */
    record Line(Mac mac, String user, String authName, Secret password, Optional<InetAddress> phoneAddress) {}

    /**
     * The line whose SIP user is {@code user}: a phones.csv row's, or the placeholder line of a phone it does not list
     * (named after its MAC). With two rows naming one user, the one whose phone is at {@code from}. Empty when the box
     * made no such line.
     */
    Optional<Line> line(String user, InetAddress from);
}
