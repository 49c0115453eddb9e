package org.phoneflasher.firmware;

import java.util.List;

/**
 * One thing the user put on the stick: the loose files at its root, a folder of unpacked files, or an archive.
 *
 * @param source   how the user sees it: "stick root", "SIP45 folder/", "cmterm-7945_7965-sip.9-4-2SR3-1.zip"
 * @param refused  why the whole bundle is not served (corrupt, unsafe, too big), or null
 * @param loads    the loads whose .loads file it holds
 * @param warnings problems that did not stop it (a file shadowed by another bundle's, an entry skipped)
 */
public record Bundle(String source, String refused, List<String> loads, List<String> warnings) {
    public Bundle {
        loads = List.copyOf(loads);
        warnings = List.copyOf(warnings);
    }
}
