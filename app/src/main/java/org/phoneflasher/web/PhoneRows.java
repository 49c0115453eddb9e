package org.phoneflasher.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneText;

/**
 * Phones as the page and /api/phones show them: every field of {@link Phone}, plus the short label its own screen
 * shows, and the seconds its flash has taken so far and since it was last heard from, by the box's clock (a box
 * without a real-time clock may be years off the laptop's, so the page counts from these, not from timestamps).
 */
public final class PhoneRows {
    private PhoneRows() {}

    public static List<Map<String, Object>> of(List<Phone> phones, Instant now) {
        return phones.stream().map(p -> row(p, now)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Phone phone, Instant now) {
        Map<String, Object> row = (Map<String, Object>) Json.plain(phone);
        row.put("label", PhoneText.shortState(phone));
        Instant started = phone.progress() == null ? null : phone.progress().started();
        row.put("elapsedSeconds", started == null ? null : Math.max(0, Duration.between(started, now).toSeconds()));
        row.put("idleSeconds", Math.max(0, Duration.between(phone.lastSeen(), now).toSeconds()));
        return row;
    }
}
