package org.phoneflasher.phones;

/** Where a phone is in its flash, in the order a phone passes through them. */
public enum PhoneState {
    DISCOVERED("discovered"),
    LEASED("got an address"),
    /** Leased by the box, and no file asked for within {@link PhoneTracker}'s window: a TFTP server set on the phone. */
    NO_FILES("asks this box for no file"),
    CONFIG_FETCHED("fetched its config"),
    /** Boot after boot it fetched its config and nothing after it, the target not reached: it ignores the config. */
    CONFIG_IGNORED("ignores its config"),
    DOWNLOADING("downloading"),
    REBOOTING("rebooting into the new load"),
    ON_TARGET("done: on target"),
    FAILED("failed");

    private final String text;

    PhoneState(String text) {
        this.text = text;
    }

    /** Stuck where the phone cannot get on by itself: the record carries the reason and what to do. */
    public boolean stuck() {
        return this == FAILED || this == NO_FILES || this == CONFIG_IGNORED;
    }

    public String text() {
        return text;
    }
}
