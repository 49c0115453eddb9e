package org.phoneflasher;

import java.util.List;
import org.phoneflasher.firmware.Bundle;
import org.phoneflasher.firmware.StickReport;
import org.phoneflasher.firmware.Target;

/**
 * `check --json`: the stick report's fields, the profiles, and every problem of both. Public because the JSON
 * writer reads records by reflection.
 */
public record CheckReport(String folder, boolean present, boolean ok, List<Target> targets, List<Bundle> bundles,
        List<StickReport.LoadReport> loads, List<String> conflicts, ProfilesReport profiles, List<String> problems) {

    /** What flasher.conf and phones.csv give the phones: names and counts only, so no password. */
    public record ProfilesReport(List<String> profiles, int phones, List<String> problems) {}
}
