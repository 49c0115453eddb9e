package org.phoneflasher.phones;

import org.phoneflasher.net.Mac;
import java.time.Duration;
import java.time.Instant;

/**
 * What a phone's own screen says about its flash: a label short enough for the config's phoneLabel, and a title,
 * prompt and text for a CiscoIPPhoneText page (idleURL, servicesURL). Plain ASCII, because the 7940/7960 firmware
 * shows nothing else, and within the phones' limits.
 */
public final class PhoneText {
    /** phoneLabel fits in the top corner of the smallest screen (7940) at this length. */
    public static final int LABEL_MAX = 11;
    /** CiscoIPPhoneText limits (Cisco IP Phone Services SDK): Title and Prompt 32 characters, Text 4000. */
    public static final int TITLE_MAX = 32;
    public static final int PROMPT_MAX = 32;
    public static final int TEXT_MAX = 4000;

    /** A phone's screen: title, prompt (the bottom line) and text, each within the limits above. */
    public record Screen(String title, String prompt, String text) {}

    private PhoneText() {}

    /**
     * A short state for the config's phoneLabel, at most {@link #LABEL_MAX} ASCII characters and no spaces (a
     * phoneLabel takes at most 13 and none), e.g. "Flash-42%",
     * "Done-unplug", "FAILED". {@code phone} may be null (a phone the box has not seen): "New".
     */
    public static String shortState(Phone phone) {
        if (phone == null) {
            return "New";
        }
        String label = switch (phone.state()) {
            case DISCOVERED, LEASED -> "Starting";
            case NO_FILES -> "No-files";
            case CONFIG_FETCHED -> configFetchedLabel(phone);
            case CONFIG_IGNORED -> "Cfg-ignored";
            case DOWNLOADING -> phone.progress() == null || phone.progress().loadTotal() <= 0 ? "Flashing"
                    : "Flash-" + percent(phone.progress().loadBytes(), phone.progress().loadTotal()) + "%";
            case REBOOTING -> "Rebooting";
            // The bench config's label: it tells whoever holds the phone not to unplug it yet.
            case ON_TARGET, REGISTERED -> "Wait-DONE";
            case DONE -> "Done-unplug";
            case FAILED -> "FAILED";
        };
        return clip(label, LABEL_MAX);
    }

    private static String configFetchedLabel(Phone phone) {
        if (phone.targetLoad() != null && phone.targetLoad().equalsIgnoreCase(phone.currentLoad())) {
            return "Checking";
        }
        return phone.nextStep() == null ? "No-load" : "To-flash";
    }

    /** The page for the phone's screen; {@code mac} names a phone the box has not seen when {@code phone} is null. */
    public static Screen screen(Mac mac, Phone phone, Instant now) {
        String title = clip("Flasher SEP" + mac, TITLE_MAX);
        if (phone == null) {
            return new Screen(title, "Not seen yet", "This box has not seen " + mac + " yet. Restart the phone with this box "
                    + "on its link to flash it.");
        }
        String text = switch (phone.state()) {
            case DISCOVERED, LEASED -> "Starting: got an address" + (phone.ip() == null ? "" : " (" + phone.ip().getHostAddress() + ")")
                    + ". Waiting for the phone to ask for its config.";
            case CONFIG_FETCHED -> configFetched(phone);
            case NO_FILES, CONFIG_IGNORED -> "Stuck: this phone " + phone.failure() + "\nWhat to do: " + phone.advice();
            case DOWNLOADING -> downloading(phone, now);
            case REBOOTING -> "Downloaded " + load(phone) + ". Rebooting into it: do not unplug me.";
            case ON_TARGET -> "Running " + phone.currentLoad() + ", the target. Registering with the box: wait for DONE before you "
                    + "unplug me (unplugged now I keep the box's bench config).";
            case REGISTERED -> "Registered with the box on " + phone.currentLoad() + ". Fetching my home config: wait for DONE.";
            case DONE -> "Done: flashed to " + phone.currentLoad() + ", working, home config taken - you can unplug me.";
            case FAILED -> "Flash failed: " + phone.failure() + "\nWhat to do: " + phone.advice();
        };
        String prompt = switch (phone.state()) {
            case DONE -> "Done - you can unplug me";
            case ON_TARGET, REGISTERED -> "Wait for DONE";
            case FAILED -> "Failed - see the text";
            case NO_FILES, CONFIG_IGNORED -> "Stuck - see the text";
            case DOWNLOADING, REBOOTING -> "Flashing - keep me plugged in";
            default -> shortState(phone);
        };
        String details = "\n\nModel: " + (phone.model() == null ? "unknown" : phone.model())
                + "\nRuns: " + (phone.currentLoad() == null ? "unknown" : phone.currentLoad())
                + "\nTarget: " + (phone.targetLoad() == null ? "none on the stick" : phone.targetLoad());
        return new Screen(title, clip(ascii(prompt), PROMPT_MAX), clip(ascii(text + details), TEXT_MAX));
    }

    private static String configFetched(Phone phone) {
        if (phone.targetLoad() != null && phone.targetLoad().equalsIgnoreCase(phone.currentLoad())) {
            return "Running " + phone.currentLoad() + ", the target. Checking it with the phone.";
        }
        if (phone.nextStep() == null) {
            return "Nothing to flash yet: " + (phone.missing() == null ? "the stick has no load for this phone"
                    : "the stick lacks " + phone.missing()) + ".";
        }
        return "About to flash " + phone.nextStep()
                + (phone.nextStep().equalsIgnoreCase(phone.targetLoad()) ? "" : " (a step on the way to " + phone.targetLoad() + ")")
                + ". If nothing happens, restart the phone.";
    }

    private static String downloading(Phone phone, Instant now) {
        Phone.Progress p = phone.progress();
        if (p == null) {
            return "Downloading.";
        }
        String text = "Downloading " + p.load() + ": " + percent(p.loadBytes(), p.loadTotal()) + "%";
        if (p.file() != null) {
            text += "\nFile " + p.file() + ": " + percent(p.fileBytes(), p.fileTotal()) + "%";
        }
        if (p.started() != null) {
            text += "\nTime so far: " + minutes(Duration.between(p.started(), now));
        }
        return text;
    }

    private static String load(Phone phone) {
        return phone.progress() == null ? "the new load" : phone.progress().load();
    }

    static int percent(long part, long whole) {
        return whole <= 0 ? 0 : (int) Math.max(0, Math.min(100, part * 100 / whole));
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s / 60 + ":" + String.format("%02d", s % 60);
    }

    /** The 7940/7960 show ASCII only: arrows and dashes become their ASCII look-alikes, anything else '?'. */
    static String ascii(String text) {
        String t = text.replace("\u2192", "->").replace("\u2014", "-").replace("\u2013", "-").replace("\u2026", "...");
        StringBuilder out = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            out.append(c == '\n' || (c >= 0x20 && c < 0x7f) ? c : '?');
        }
        return out.toString();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
