package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.phoneflasher.net.Mac;

/** DeviceInformationX in each family's real shape (public captures; cisco-notes "Checked against real phones"). */
class DeviceInfoTest {

    static DeviceInfo parse(String xml) {
        return DeviceInfo.parse(xml.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aSeventyFortyNamesItsLoadInAppLoadIdAndAVersionInVersionId() {
        DeviceInfo info = parse("""
                <?xml version="1.0" encoding="utf-8"?>
                <DeviceInformation><MACAddress>000D28D3CDD5</MACAddress><HostName>SEP000D28D3CDD5</HostName>
                <phoneDN>100</phoneDN><appLoadID>P00308010200</appLoadID><bootLoadID>PC03A300</bootLoadID>
                <versionID>8.1(2.0)</versionID><serialNumber>INM0726B7PM</serialNumber><modelNumber>CP-7940</modelNumber>
                </DeviceInformation>""");
        assertEquals("8.1(2.0)", info.versionId());
        assertEquals("P00308010200", info.load(), "the load name, not the dotted version: the upgrade rules read load names");
    }

    @Test
    void aSeventySixtyFiveNamesItsLoadInVersionIdWithOrWithoutAsterisks() {
        assertEquals("SIP45.9-3-1SR4-1S", parse("""
                <DeviceInformation><appLoadID></appLoadID><versionID>*SIP45.9-3-1SR4-1S*</versionID>
                <modelNumber>CP-7965G</modelNumber></DeviceInformation>""").load());
        assertEquals("term65.default", parse("""
                <DeviceInformation><versionID>term65.default</versionID><modelNumber>CP-7965G</modelNumber></DeviceInformation>""")
                .load());
    }

    /** A 7940's whole page, as IvanSanchez/node-cuipp's fakePhone.js reproduces one: ISO-8859-1, three-space indents. */
    static final String SEVENTY_FORTY = """
            <?xml version="1.0" encoding="iso-8859-1"?>
            <DeviceInformation>
               <MACAddress>0003E369A125</MACAddress>
               <HostName>SEP0003E369A125</HostName>
               <phoneDN>5920</phoneDN>
               <appLoadID>P00308010200</appLoadID>
               <bootLoadID>PC03A300</bootLoadID>
               <versionID>8.1(2.0)</versionID>
               <DSPLoadID>4.0(5.0)[A0]</DSPLoadID>
               <addonModule1></addonModule1>
               <addonModule2></addonModule2>
               <hardwareRevision>1.0</hardwareRevision>
               <serialNumber>INM0726B7PM</serialNumber>
               <modelNumber>CP-7940</modelNumber>
               <Codec>ADLCodec</Codec>
               <Amps>3V Amp</Amps>
               <C3PORevision>2</C3PORevision>
               <MessageWaiting> OUI</MessageWaiting>
            </DeviceInformation>
            """;

    @Test
    void aSeventyFortysWholePageSaysWhatItIs() {
        DeviceInfo info = DeviceInfo.parse(SEVENTY_FORTY.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
        assertEquals("INM0726B7PM", info.serialNumber());
        assertEquals("1.0", info.hardwareRevision());
        assertEquals("CP-7940", info.modelNumber());
        assertEquals(java.util.Optional.of("7940"), info.model());
        assertEquals("P00308010200", info.load(), "the load from appLoadID: versionID is dotted");
        assertTrue(info.isOf(new Mac("0003E369A125")));
        assertFalse(info.isOf(new Mac("0003E369A126")), "a page for another MAC is not this phone's");
    }

    @Test
    void aNewerPhonesModelNumberCarriesTheGAndAPageWithoutTheFieldsLeavesThemUnknown() {
        DeviceInfo info = parse("""
                <DeviceInformation><MACAddress>00:1E:7A:2B:3C:4D</MACAddress><versionID>SIP45.9-4-2SR3-1S</versionID>
                <hardwareRevision>2</hardwareRevision><serialNumber>FCH1234ABCD</serialNumber><modelNumber>CP-7965G</modelNumber>
                </DeviceInformation>""");
        assertEquals(java.util.Optional.of("7965"), info.model());
        assertEquals("FCH1234ABCD", info.serialNumber());
        assertTrue(info.isOf(new Mac("001E7A2B3C4D")), "a MAC written with colons is still this phone's");
        DeviceInfo bare = parse("<DeviceInformation><versionID>term65.default</versionID></DeviceInformation>");
        assertNull(bare.serialNumber());
        assertNull(bare.hardwareRevision());
        assertTrue(bare.model().isEmpty());
        assertTrue(bare.isOf(new Mac("001E7A2B3C4D")), "a page naming no MAC cannot be told apart");
    }
}
