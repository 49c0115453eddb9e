package org.phoneflasher.provisioning;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeZonesTest {
    @Test
    void ciscosFiftySixNamesEachOnce() {
        assertEquals(56, TimeZones.all().size());
        Set<String> names = new HashSet<>();
        TimeZones.all().forEach(z -> assertTrue(names.add(z.name()), z.name()));
    }

    @Test
    void theSeedsNamesAreKnown() {
        for (String name : new String[] {"Central Europe Standard/Daylight Time", "Cen. Australia Standard/Daylight Time",
            "W. Europe Standard/Daylight Time", "Pacific Standard/Daylight Time", "GMT Standard/Daylight Time"}) {
            assertEquals(name, TimeZones.find(name).orElseThrow().name());
        }
        assertTrue(TimeZones.find("Europe/Berlin").isEmpty(), "IANA names are not what the phones read");
        assertTrue(TimeZones.find("CET").isEmpty());
    }
}
