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
    /** It runs its target; on the bench it is now to register with the box (bench.register, the default). */
    ON_TARGET("on target"),
    /** It registered with the box's bench registrar: it runs SIP and accepted its config. */
    REGISTERED("registered"),
    /** Working, and its last config was its home one: it may be unplugged (without the bench step: on target). */
    DONE("done"),
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

    /** It runs its target load: on target, registered on the bench, or done. */
    public boolean onTarget() {
        return this == ON_TARGET || this == REGISTERED || this == DONE;
    }
}
