package org.phoneflasher.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.phones.ResetHelp;

class FamilyTest {
    @Test
    void modelCodesMapToPhones() {
        assertEquals(List.of("7941", "7961"), Family.ofCode("41").orElseThrow().phones());
        assertEquals(List.of("7942", "7962"), Family.ofCode("42").orElseThrow().phones());
        assertEquals(List.of("7945", "7965"), Family.ofCode("45").orElseThrow().phones());
        assertEquals(List.of("7970", "7971"), Family.ofCode("70").orElseThrow().phones());
        assertEquals(List.of("7975"), Family.ofCode("75").orElseThrow().phones());
        assertEquals(List.of("7940", "7960"), Family.ofCode("7940/7960").orElseThrow().phones());
        assertEquals(Optional.empty(), Family.ofCode("99"));
        assertEquals(Optional.of(Family.F45), Family.of("7965"));
        assertEquals(Optional.empty(), Family.of("7999"));
    }

    @Test
    void theNewerPhonesAreEveryFamilyBut7940And7960And7906And7911() {
        List<String> newer = Family.newerPhones();
        assertEquals(List.of("7941", "7961", "7942", "7962", "7945", "7965", "7970", "7971", "7975"), newer);
        assertFalse(newer.contains("7960") || newer.contains("7911"));
        assertEquals(newer, ResetHelp.forModel("7965").models(), "the reset help reads the same list");
    }

    @Test
    void aTermNumberIsThePhonesLastTwoDigits() {
        assertEquals(Optional.of("7965"), Family.phoneOfTerm("65"));
        assertEquals(Optional.of("7945"), Family.phoneOfTerm("45"));
        assertEquals(Optional.of("7906"), Family.phoneOfTerm("06"));
        assertEquals(Optional.of("7971"), Family.phoneOfTerm("71"));
        assertEquals(Optional.empty(), Family.phoneOfTerm("60"), "a 7960 reads OS79XX.TXT, never a term file");
        assertEquals(Optional.of("62"), Family.termOf("7962"));
        assertEquals(Optional.empty(), Family.termOf("7940"));
        // The load name reads the same table: term61.default is a 79x1 family load.
        assertEquals(Optional.of(Family.F41), LoadName.parse("term61.default.loads").family());
    }

    @Test
    void everyDeviceTypeBelongsToAFamilyTheBoxFlashes() {
        for (PhoneModel model : PhoneModel.all()) {
            assertEquals(true, model.family().flashed(), model.name());
        }
        assertNull(Family.F7940_7960.erase(), "the 7940/7960 have no erase sequence");
    }
}
