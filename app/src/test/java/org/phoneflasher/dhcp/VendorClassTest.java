package org.phoneflasher.dhcp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorClassTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cisco Systems, Inc. IP Phone CP-7965G\0|7965",
            "Cisco Systems, Inc. IP Phone CP-7941G\0|7941",
            "Cisco Systems, Inc. IP Phone CP-7960G\0|7960",
            "Cisco Systems, Inc. IP Phone CP-7975G-GE\0|7975",
            "Cisco Systems, Inc. IP Phone 7912|7912",
            "udhcp 1.35.0|",
            "MSFT 5.0|"})
    void theModelComesFromOption60(String raw, String model) {
        VendorClass vc = VendorClass.parse(raw);
        assertEquals(Optional.ofNullable(model), vc.model());
        assertFalse(vc.text().contains("\0"), "NUL kept in " + vc.text());
    }

    @Test
    void controlBytesInOption60AreEscapedWhereItIsParsed() {
        VendorClass vc = VendorClass.parse("Cisco Systems\n12:00:00.000 [main] INFO events - \u001b[2J\u009bfake IP Phone CP-7965G\0junk");
        assertEquals("Cisco Systems\\x0a12:00:00.000 [main] INFO events - \\x1b[2J\\x9bfake IP Phone CP-7965G", vc.text());
        assertEquals(Optional.of("7965"), vc.model(), "a phone's model is still found");
    }
}
