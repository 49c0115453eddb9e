package org.phoneflasher.provisioning;

import java.util.List;
import org.phoneflasher.catalogue.PhoneModel;
import java.util.Map;

/**
 * XMLDefault.cnf.xml: what a phone reads when it has no SEP&lt;MAC&gt;.cnf.xml (SCCP phones after a factory reset,
 * seed 004; seed 003 flashes a 7965 with nothing but this file). One {@code <loadInformationNNN model="Cisco 7965">}
 * per model the box has a target for, NNN being Cisco's device type number; models without a target are left out,
 * so such a phone stays on its load.
 */
public final class XmlDefault {
    public static final String FILE_NAME = "XMLDefault.cnf.xml";

    private XmlDefault() {}

    /** @param targets model ("7965") → the load a phone of that model is sent to */
    public static byte[] write(Map<String, String> targets, String server, int sipPort) {
        Xml x = Xml.document();
        x.open("Default");
        SepConfig.callManagerGroup(x, server, sipPort);
        for (PhoneModel model : PhoneModel.all()) {
            String load = targets.get(model.model());
            if (load != null && !load.isEmpty()) {
                x.leaf("loadInformation" + model.deviceType(), "model", model.label(), load);
            }
        }
        // Empty, as in seed 004's file: this file serves phones the box knows nothing about.
        for (String url : List.of("authenticationURL", "directoryURL", "idleURL", "informationURL", "messagesURL", "servicesURL")) {
            x.leaf(url, "");
        }
        x.close();
        return x.bytes();
    }
}
