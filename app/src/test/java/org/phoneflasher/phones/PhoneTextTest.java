package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneTextTest {
    @Test
    void theResetKeysOnThePageAreTheOnesAFailedPhonesAdviceNames() {
        for (String model : List.of("7940", "7960", "7941", "7961", "7942", "7962", "7945", "7965", "7970", "7971", "7975")) {
            ResetHelp help = ResetHelp.forModel(model);
            assertTrue(help.models().contains(model), model);
            assertTrue(help.reset().contains("123456789*0#"), help.reset());
            assertTrue(Advice.factoryReset(model).contains("123456789*0#"));
            if (help.erase() != null) {
                assertTrue(Advice.factoryReset(model).contains(help.erase()), model + ": " + Advice.factoryReset(model));
            }
        }
        assertNull(ResetHelp.forModel("7960").erase(), "the 7940/7960 have no erase sequence");
        assertEquals("3491672850*#", ResetHelp.forModel("7965").erase());
        assertTrue(ResetHelp.forModel("7965").reset().contains("line buttons flash"));
        assertEquals(ResetHelp.forModel("7965"), ResetHelp.forModel(null), "model not known yet: the common family");
    }

    @Test
    void asciiKeepsWhatThe7940CanShow() {
        assertEquals("a -> b - c ... ?", PhoneText.ascii("a \u2192 b \u2014 c \u2026 \u00e9"));
        assertEquals("line\nnext", PhoneText.ascii("line\nnext"));
        assertEquals("tab?", PhoneText.ascii("tab\t"));
    }
}
