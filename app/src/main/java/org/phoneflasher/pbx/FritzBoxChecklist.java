package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.phoneflasher.provisioning.Line;

/**
 * A FritzBox imports nothing: per phone, what to create under Telefonie > Telefoniegeräte > Neues Gerät einrichten >
 * Telefon > LAN/WLAN (IP-Telefon), in the FritzBox's own field names. The FritzBox picks the user name (Benutzername)
 * itself; phones.csv must carry that as the auth name and the internal number (620...) as the contact (seed 001).
 */
final class FritzBoxChecklist {
    private FritzBoxChecklist() {}

    static void write(List<PbxLine> lines, Writer out) throws IOException {
        out.write("FritzBox checklist, written by Phone Flasher from phones.csv.\n");
        out.write("For each phone: Telefonie > Telefoniegeräte > Neues Gerät einrichten > Telefon > LAN/WLAN (IP-Telefon).\n");
        for (PbxLine l : lines) {
            Line line = l.line();
            String registrar = l.profile().sipServer().isEmpty() ? "fritz.box (sip.server is not set in flasher.conf)"
                    : l.profile().sipServer();
            out.write("\n" + l.mac().hex() + " (" + line.label() + ")\n");
            out.write("  Bezeichnung (name):              " + line.displayName() + "\n");
            out.write("  Registrar:                       " + registrar + "\n");
            out.write("  Interne Rufnummer (internal no): " + line.contact() + "\n");
            out.write("  Benutzername (user name):        " + line.authName() + "\n");
            out.write("  Kennwort (password):             " + line.password().reveal() + "\n");
            if (!line.authName().equals(line.name())) {
                out.write("  note: the phone registers as " + line.name() + "; the FritzBox expects its user name there too\n");
            }
        }
    }
}
