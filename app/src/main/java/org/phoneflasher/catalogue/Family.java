package org.phoneflasher.catalogue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The phone families the box knows: the model code their loads carry ("SIP45.9-4-2SR3-1S" runs on the 7945 and
 * 7965), the phones that run them, and how a user resets one. With {@link PhoneModel} (device types) the one table of
 * phones: load names, configs, upgrade rules, reset help and the simulator all read it.
 */
public enum Family {
    // 7940/7960 loads carry no code ("P0S3-8-12-00"); their reset has no erase sequence (Cisco's 7960 admin guide).
    // Their Network Configuration menu is unlocked with **# on early loads (jtech.net, "Resetting your Cisco
    // 7940/7960's Password"); no trust-list menu is named for them here: the advice is a factory reset.
    F7940_7960("7940/7960", List.of("7940", "7960"), true,
            "unplug the power, hold # while plugging it back in, then press 123456789*0#", null,
            "Settings > Network Configuration (unlock with **#) > Alternate TFTP: No", null),
    /** Recognised only: their loads are named like the others', the box does not flash them. */
    F11("11", List.of("7906", "7911"), false, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST),
    F41("41", List.of("7941", "7961"), true, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST),
    F42("42", List.of("7942", "7962"), true, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST),
    F45("45", List.of("7945", "7965"), true, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST),
    F70("70", List.of("7970", "7971"), true, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST),
    F75("75", List.of("7975"), true, Reset.NEWER, Reset.ERASE, Reset.ALTERNATE_TFTP, Reset.TRUST_LIST);

    private static final class Reset {
        static final String NEWER = "unplug the power, hold # while plugging it back in until the line buttons flash amber, "
                + "then press 123456789*0#";
        static final String ERASE = "3491672850*#";
        // Settings > Security Configuration is named in Cisco's 7975G admin guide (OL-14640-01, "Overview of Supported
        // Security Features"); **# unlocking the options is Cisco's "Unlock and Lock Options" text (copy at
        // support.querytel.com, "How to unlock and lock options"; **# twice within 10 s resets the phone). The
        // IPv4 Configuration and Trust List steps are from a public provisioning note, not found in Cisco's guides.
        static final String ALTERNATE_TFTP = "Settings > Network Configuration > IPv4 Configuration > Alternate TFTP: No "
                + "(unlock with **#)";
        static final String TRUST_LIST = "Settings > Security Configuration > Trust List > erase (unlock with **#)";
    }

    private final String code;
    private final List<String> phones;
    private final boolean flashed;
    private final String reset;
    private final String erase;
    private final String alternateTftp;
    private final String trustList;

    Family(String code, List<String> phones, boolean flashed, String reset, String erase, String alternateTftp, String trustList) {
        this.code = code;
        this.phones = phones;
        this.flashed = flashed;
        this.reset = reset;
        this.erase = erase;
        this.alternateTftp = alternateTftp;
        this.trustList = trustList;
    }

    /** The code load names carry ("45"), or "7940/7960" for the family whose names carry none. */
    public String code() {
        return code;
    }

    /** The phone models, as option 60 and people name them: "7945", "7965". */
    public List<String> phones() {
        return phones;
    }

    /** Whether the box flashes this family (the 7906/7911 are only recognised). */
    public boolean flashed() {
        return flashed;
    }

    /** The 79x1, 79x2, 79x5 and 797x: the families the upgrade rules and the reset help call "the newer phones". */
    public boolean newer() {
        return flashed && this != F7940_7960;
    }

    public String reset() {
        return reset;
    }

    /** The sequence that also erases the trust list and settings; null where the family has none. */
    public String erase() {
        return erase;
    }

    /** Where on the phone "Alternate TFTP" is turned off, so it takes the TFTP server the box's DHCP names. */
    public String alternateTftp() {
        return alternateTftp;
    }

    /** Where on the phone its trust list (ITL/CTL) is erased; null where the family has no such menu named here. */
    public String trustList() {
        return trustList;
    }

    public static Optional<Family> ofCode(String code) {
        return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
    }

    /** The family of a phone model ("7965" → 45); empty for a model the box does not know. */
    public static Optional<Family> of(String phoneModel) {
        return Arrays.stream(values()).filter(f -> f.phones.contains(phoneModel)).findFirst();
    }

    /**
     * The phone a factory-reset {@code termNN.default.loads} request names: NN is the model's last two digits ("65" is
     * the 7965, "06" the 7906). The 7940/7960 never ask for one (they read OS79XX.TXT).
     */
    public static Optional<String> phoneOfTerm(String nn) {
        return Arrays.stream(values()).filter(f -> f != F7940_7960).flatMap(f -> f.phones.stream())
                .filter(phone -> phone.substring(2).equals(nn)).findFirst();
    }

    /** The newer phones, family by family. */
    public static List<String> newerPhones() {
        return Arrays.stream(values()).filter(Family::newer).flatMap(f -> f.phones.stream()).toList();
    }

    /** The NN of the {@code termNN.default} name a factory-reset phone of this model asks for; empty for 7940/7960. */
    public static Optional<String> termOf(String phoneModel) {
        return of(phoneModel).filter(f -> f != F7940_7960).map(f -> phoneModel.substring(2));
    }
}
