package org.phoneflasher.provisioning;

/**
 * SIP transport, as {@code <transportLayerProtocol>} numbers it. UDP is 2 in both seeds' working files (FritzBox,
 * Asterisk); TCP is 1 in Cisco's enumeration (unverified on a phone).
 */
public enum Transport {
    TCP(1), UDP(2);

    private final int cisco;

    Transport(int cisco) {
        this.cisco = cisco;
    }

    public int cisco() {
        return cisco;
    }
}
