package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phoneflasher.config.FlasherConf;

/** The 7940/7960 text format: quoted values, and a value it cannot carry is refused, naming the key only. */
class Sip79x0ConfigTest {
    @Test
    void os79xxNamesTheApplicationImageWithoutTrailingSpace() {
        assertEquals("P003-8-12-00\n", new String(Sip79x0Config.os79xx("P0S3-8-12-00"), StandardCharsets.US_ASCII));
        assertEquals("P00308000900\n", new String(Sip79x0Config.os79xx("P00308000900"), StandardCharsets.US_ASCII));
    }

    @Test
    void dateTemplatesBecomeTheOrderOfDayMonthYear() {
        assertEquals("D/M/Y", Sip79x0Config.dateFormat("D.M.YY"));
        assertEquals("M/D/Y", Sip79x0Config.dateFormat("M/D/YA"));
        assertEquals("Y/M/D", Sip79x0Config.dateFormat("YY-M-D"));
    }

    @Test
    void aQuoteInAValueIsRefusedNamingTheKeyButNotTheValue() {
        Profiles profiles = Profiles.parse(FlasherConf.empty(), "flasher.conf", "001E7A000001,a,1,,\"hunter\"\"2\"\n", "phones.csv");
        PhoneSetup setup = profiles.forMac(Mac.parse("001E7A000001").orElseThrow());
        Sip79x0Config.Unwritable e = assertThrows(Sip79x0Config.Unwritable.class,
                () -> Sip79x0Config.phone(setup, Optional.empty(), "10.99.0.1", Optional.empty()));
        assertEquals("line1_password: the value holds a quote, which the 7940/7960 text format cannot carry", e.getMessage());
    }

    @Test
    void markupNeedsNoEscapingInTheTextFormat() {
        Profiles profiles = Profiles.parse(FlasherConf.parse("phone.label = R&D<Lab>\n"), "flasher.conf",
                "001E7A000001,a,1,,p&<w>\n", "phones.csv");
        String text = new String(Sip79x0Config.phone(profiles.forMac(Mac.parse("001E7A000001").orElseThrow()), Optional.empty(),
                "10.99.0.1", Optional.empty()), StandardCharsets.UTF_8);
        assertTrue(text.contains("\nphone_label: \"R&D<Lab>\"\n"), text);
        assertTrue(text.contains("\nservices_url: \"\"\n"), "the config it keeps points nowhere on the box's link: " + text);
        assertTrue(text.contains("\nline1_password: \"p&<w>\"\n"), text);
        assertFalse(text.contains("image_version"), "no load known: the phone keeps its own");
    }

    static String sip(String csv, String conf, Optional<org.phoneflasher.catalogue.PhoneModel> model) {
        Profiles profiles = Profiles.parse(FlasherConf.parse(conf), "flasher.conf", csv, "phones.csv");
        return new String(Sip79x0Config.phone(profiles.forMac(Mac.parse("001E7A000001").orElseThrow()), Optional.empty(),
                "10.99.0.1", Optional.empty(), model), StandardCharsets.UTF_8);
    }

    @Test
    void aSeventyFortyGetsTwoLinesASeventySixtySixAndNeitherG722() {
        StringBuilder csv = new StringBuilder();
        for (int button = 1; button <= 8; button++) {
            csv.append("001E7A000001,L").append(button).append(",").append(100 + button).append(",,pw").append(button)
                    .append(",,,,").append(button).append('\n');
        }
        String s7940 = sip(csv.toString(), "codec = g722\n", org.phoneflasher.catalogue.PhoneModel.of("7940"));
        assertTrue(s7940.contains("\nline2_name: \"102\"\n"), s7940);
        assertFalse(s7940.contains("line3_"), s7940);
        assertTrue(s7940.contains("\npreferred_codec: \"g711ulaw\"\n"), "no G.722 on a 7940: " + s7940);
        String s7960 = sip(csv.toString(), "", org.phoneflasher.catalogue.PhoneModel.of("7960"));
        assertTrue(s7960.contains("\nline6_password: \"pw6\"\n"), s7960);
        assertFalse(s7960.contains("line7_"), s7960);
        assertEquals(s7960, sip(csv.toString(), "", Optional.empty()), "an unknown model: the 7960's six");
    }
}
