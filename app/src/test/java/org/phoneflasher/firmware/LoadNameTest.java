package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.phoneflasher.catalogue.Family;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoadNameTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // name,                  protocol, model,     version (display), phones
        "SIP45.9-4-2SR3-1S,       SIP,      45,        9.4(2)SR3,  7945 7965",
        "SCCP45.9-4-2SR3-1S,      SCCP,     45,        9.4(2)SR3,  7945 7965",
        "SIP41.9-3-1SR4-1S,       SIP,      41,        9.3(1)SR4,  7941 7961",
        "SIP42.8-5-2S,            SIP,      42,        8.5(2),     7942 7962",
        "SIP70.9-4-2SR3-1S,       SIP,      70,        9.4(2)SR3,  7970 7971",
        "SIP75.9-4-2ES26-1S,      SIP,      75,        9.4(2)ES26, 7975",
        "SCCP41.8-3-1S,           SCCP,     41,        8.3(1),     7941 7961",
        "SIP11.9-4-2SR3-1S,       SIP,      11,        9.4(2)SR3,  7906 7911",
        "SIP45.9-4-2SR3-1S.loads, SIP,      45,        9.4(2)SR3,  7945 7965",
        "sip45.9-4-2sr3-1s,       SIP,      45,        9.4(2)SR3,  7945 7965",
        "term65.default,          UNKNOWN,  45,        -,          7945 7965",
        "term45.default.loads,    UNKNOWN,  45,        -,          7945 7965",
        "term41.default,          UNKNOWN,  41,        -,          7941 7961",
        "term61.default,          UNKNOWN,  41,        -,          7941 7961",
        "term42.default,          UNKNOWN,  42,        -,          7942 7962",
        "term62.default,          UNKNOWN,  42,        -,          7942 7962",
        "term70.default,          UNKNOWN,  70,        -,          7970 7971",
        "term71.default,          UNKNOWN,  70,        -,          7970 7971",
        "term75.default,          UNKNOWN,  75,        -,          7975",
        "P0S3-8-12-00,            SIP,      7940/7960, 8.12(0),    7940 7960",
        "P003-8-12-00,            SIP,      7940/7960, 8.12(0),    7940 7960",
        "P00308000900,            SCCP,     7940/7960, 8.0(9),     7940 7960",
        "P0030801SR02,            SCCP,     7940/7960, 8.1(0)SR2,  7940 7960",
        "cmterm-7975,             UNKNOWN,  -,         -,          -",
        "SIP45.nonsense,          SIP,      45,        -,          7945 7965",
    })
    void parses(String name, LoadName.Protocol protocol, String model, String version, String phones) {
        LoadName load = LoadName.parse(name);
        assertEquals(name.replaceFirst("\\.loads$", ""), load.name());
        assertEquals(protocol, load.protocol());
        assertEquals(Optional.ofNullable(model), load.family().map(Family::code));
        assertEquals(Optional.ofNullable(version), load.version().map(LoadVersion::toString));
        assertEquals(phones == null ? List.of() : List.of(phones.split(" ")), load.phones());
    }

    @Test
    void versionPartsAreRead() {
        assertEquals(new LoadVersion(9, 4, 2, LoadVersion.Kind.SR, 3, 1), LoadName.parse("SIP45.9-4-2SR3-1S")
                .version().orElseThrow());
        assertEquals(new LoadVersion(8, 0, 9, LoadVersion.Kind.RELEASE, 0, 0), LoadName.parse("P00308000900")
                .version().orElseThrow());
        assertEquals(Optional.of(LoadVersion.sr(9, 4, 2, 3)), LoadVersion.parse("9.4(2)SR3"));
        assertEquals(Optional.empty(), LoadVersion.parse("9-4"));
    }

    @Test
    void versionsOrderAsCiscoReleasesThem() {
        List<String> ascending = List.of("8.3(1)", "8.5(2)", "8.12(0)", "9.3(1)SR4", "9.4(2)", "9.4(2)ES26",
                "9.4(2)SR2", "9.4(2)SR3", "9.4(2)SR10", "10.0(0)");
        List<LoadVersion> versions = new ArrayList<>(ascending.stream()
                .map(v -> LoadVersion.parse(v).orElseThrow()).toList());
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(ascending.get(i), versions.get(i).toString());
            for (int j = 0; j < versions.size(); j++) {
                assertEquals(Integer.signum(Integer.compare(i, j)),
                        Integer.signum(versions.get(i).compareTo(versions.get(j))), ascending.get(i) + " vs " + ascending.get(j));
            }
        }
        Collections.shuffle(versions, new Random(1));
        Collections.sort(versions);
        assertEquals(ascending, versions.stream().map(LoadVersion::toString).toList());
        // The build number only breaks ties: 9.4(2)SR3-3 is later than 9.4(2)SR3-1, both show as 9.4(2)SR3.
        assertTrue(LoadVersion.parse("9-4-2SR3-3S").orElseThrow()
                .compareTo(LoadVersion.parse("9-4-2SR3-1S").orElseThrow()) > 0);
    }
}
