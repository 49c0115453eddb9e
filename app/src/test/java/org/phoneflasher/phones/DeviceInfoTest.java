package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

}
