package org.phoneflasher.phones;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.phoneflasher.catalogue.PhoneModel;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.net.Mac;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What a phone says about itself at http://&lt;phone&gt;/DeviceInformationX (Cisco's XML device information:
 * &lt;DeviceInformation&gt; with MACAddress, HostName, appLoadID, versionID, hardwareRevision, serialNumber,
 * modelNumber, …). The families put the load in different places: a 7940 on SCCP 8.1(2) says
 * {@code <appLoadID>P00308010200</appLoadID>} and {@code <versionID>8.1(2.0)</versionID>}, a 79x1/79x5 names the
 * load in versionID (public captures; cisco-notes). A 7940 says {@code <hardwareRevision>1.0</hardwareRevision>
 * <serialNumber>INM…</serialNumber><modelNumber>CP-7940</modelNumber>} (a 7940's page as IvanSanchez/node-cuipp's
 * fakePhone.js reproduces it). The hardware revision is kept as the page writes it: its form differs between models.
 */
public record DeviceInfo(String macAddress, String hostName, String versionId, String appLoadId, String serialNumber,
        String hardwareRevision, String modelNumber) {

    /** The page is a few KB; anything larger is not it. */
    static final int MAX_SIZE = 64 * 1024;

    /**
     * The load the phone runs: versionID where it names a load (79x1 and later, asterisks around it stripped), else
     * appLoadID where that does (7940/7960), else versionID as it is.
     */
    public String load() {
        String version = versionId.replace("*", "").strip();
        if (namesALoad(version)) {
            return version;
        }
        return appLoadId != null && namesALoad(appLoadId) ? appLoadId : version;
    }

    /** The model its page names: "CP-7940" → 7940, "CP-7965G" → 7965; empty when it names none. */
    public Optional<String> model() {
        return PhoneModel.modelIn(modelNumber);
    }

    /**
     * Whether this page is {@code mac}'s: an address the box leased may answer for another phone by now (a lease
     * moved on), and a serial number must not land on the wrong phone. A page naming no MAC cannot be told apart.
     */
    public boolean isOf(Mac mac) {
        return macAddress == null || Mac.parse(macAddress).map(mac::equals).orElse(true);
    }

    private static boolean namesALoad(String name) {
        LoadName parsed = LoadName.parse(name);
        return parsed.family().isPresent() || parsed.protocol() != LoadName.Protocol.UNKNOWN;
    }

    public static Optional<DeviceInfo> parse(byte[] xml) {
        if (xml.length > MAX_SIZE) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Never fetch or expand anything a device sends: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            if (!"DeviceInformation".equals(doc.getDocumentElement().getTagName())) {
                return Optional.empty();
            }
            DeviceInfo info = new DeviceInfo(text(doc, "MACAddress"), text(doc, "HostName"), text(doc, "versionID"),
                    text(doc, "appLoadID"), text(doc, "serialNumber"), text(doc, "hardwareRevision"), text(doc, "modelNumber"));
            return info.versionId() == null ? Optional.empty() : Optional.of(info);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String text(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            return null;
        }
        String text = nodes.item(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
