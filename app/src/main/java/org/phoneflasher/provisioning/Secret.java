package org.phoneflasher.provisioning;

import java.util.Objects;

/**
 * A password from phones.csv or flasher.conf. Records print every component, so a secret lives in this type,
 * whose toString never shows it: a profile or phone entry can be logged, put in a problem message or an exception
 * without leaking. Only the config writers call {@link #reveal()}.
 */
public final class Secret {
    private static final Secret NONE = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The plain text, for writing into the phone's own file and nowhere else. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "(secret)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
