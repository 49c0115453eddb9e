package org.phoneflasher.net;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacTest {
    @ParameterizedTest
    @ValueSource(strings = {"001E7A2B3C4D", "001e7a2b3c4d", "00:1e:7a:2b:3c:4d", "00-1E-7A-2B-3C-4D", "001e.7a2b.3c4d", " 00:1E:7A:2B:3C:4D "})
    void everyCommonSpellingIsOneMac(String text) {
        assertEquals("001E7A2B3C4D", Mac.parse(text).orElseThrow().hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "001E7A2B3C4", "001E7A2B3C4D5", "001E7A2B3C4G", "SEP001E7A2B3C4D", "00:1E:7A:2B:3C:4D:5E", "00_1E_7A_2B_3C_4D"})
    void anythingElseIsRefused(String text) {
        assertTrue(Mac.parse(text).isEmpty(), text);
    }
}
