package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.DialPlan;
import org.phoneflasher.provisioning.PhoneSetup;
import org.phoneflasher.provisioning.Profile;
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.provisioning.SepConfig;
import org.phoneflasher.provisioning.Sip79x0Config;

/**
 * The configs the box generates, home variant (the profile's label, no address or page of the box, no load named so
 * the phone keeps the one it runs), as a zip for a home TFTP server: SEP&lt;MAC&gt;.cnf.xml and SIP&lt;MAC&gt;.cnf per
 * phone in phones.csv and each profile's dial plan. Written entry by entry onto the stream, never held whole.
 */
public final class ConfigZip {
    public static final String FILE_NAME = "phone-configs.zip";

    private ConfigZip() {}

    /**
     * @param boxHost stands for the SIP server in a profile that names none (as in the configs the box serves)
     * @return what could not go in (a 7940/7960 file whose text format cannot carry a value), for the caller to say
     */
    public static List<String> write(Profiles profiles, String boxHost, OutputStream out) throws IOException {
        List<String> left = new java.util.ArrayList<>();
        Set<String> dialPlans = new LinkedHashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // One pair of files per phone, however many lines it has. No model is known here: no G.722 (see SepConfig).
            for (Mac mac : profiles.phones().entries().keySet()) {
                PhoneSetup setup = profiles.forMac(mac);
                entry(zip, SepConfig.fileName(mac), SepConfig.write(setup, Optional.empty(), boxHost, Optional.empty()));
                try {
                    entry(zip, Sip79x0Config.fileName(mac), Sip79x0Config.phone(setup, Optional.empty(), boxHost, Optional.empty()));
                } catch (Sip79x0Config.Unwritable e) {
                    left.add(Sip79x0Config.fileName(mac) + ": " + e.getMessage());
                }
                dialPlans.add(setup.profile().name());
            }
            for (String name : dialPlans) {
                Profile p = profiles.profile(name);
                entry(zip, p.dialPlanFile(), DialPlan.write(p.dialPlan()));
            }
        }
        return left;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
