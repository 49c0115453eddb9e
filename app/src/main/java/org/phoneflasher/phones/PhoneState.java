package org.phoneflasher.phones;

/** Where a phone is in its flash, in the order a phone passes through them. */
public enum PhoneState {
    DISCOVERED("discovered"),
    LEASED("got an address"),
    CONFIG_FETCHED("fetched its config"),
    DOWNLOADING("downloading"),
    REBOOTING("rebooting into the new load"),
    ON_TARGET("done: on target"),
    FAILED("failed");

    private final String text;

    PhoneState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
