package org.phoneflasher.catalogue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phones the box provisions, with Cisco's device type number: XMLDefault.cnf.xml names the load of each model
 * as {@code <loadInformationNNN model="Cisco 7965">}, NNN being that number (Cisco's device type enumeration, as
 * chan-sccp-b's device table and the CUCM-generated XMLDefault files list it). The "G-GE" variants of the
 * 7941/7961 have numbers of their own and run the 7941/7961 load. Each entry holds the model as DHCP option 60 and
 * the firmware index name it ("7965"), the device type number, and the model attribute of XMLDefault.cnf.xml.
 */
public enum PhoneModel {
    P7940("7940", 8, "Cisco 7940"),
    P7960("7960", 7, "Cisco 7960"),
    P7941("7941", 115, "Cisco 7941"),
    P7941GE("7941", 309, "Cisco 7941G-GE"),
    P7961("7961", 30018, "Cisco 7961"),
    P7961GE("7961", 308, "Cisco 7961G-GE"),
    P7942("7942", 434, "Cisco 7942"),
    P7962("7962", 404, "Cisco 7962"),
    P7945("7945", 435, "Cisco 7945"),
    P7965("7965", 436, "Cisco 7965"),
    P7970("7970", 30006, "Cisco 7970"),
    P7971("7971", 119, "Cisco 7971"),
    P7975("7975", 437, "Cisco 7975");

    /**
     * A Cisco product name as phones spell it: option 60 ends in "CP-7965G" or "7912" (wazo-provd-plugins' Cisco SCCP
     * plugin matches the same), DeviceInformationX's modelNumber is "CP-7940" or "CP-7965G".
     */
    private static final Pattern PRODUCT = Pattern.compile("(?:^|\\s)(?:CP-)?(79\\d\\d)(?:G(?:-GE)?)?$");

    private final String model;
    private final int deviceType;
    private final String label;

    PhoneModel(String model, int deviceType, String label) {
        this.model = model;
        this.deviceType = deviceType;
        this.label = label;
    }

    public String model() {
        return model;
    }

    public int deviceType() {
        return deviceType;
    }

    public String label() {
        return label;
    }

    public Family family() {
        return Family.of(model).orElseThrow();
    }

    /** Every entry, in the order XMLDefault.cnf.xml lists them. */
    public static List<PhoneModel> all() {
        return List.of(values());
    }

    /** The 79xx model a product name ends in ("CP-7965G", "… IP Phone 7912" → 7965, 7912), known to the box or not. */
    public static Optional<String> modelIn(String productName) {
        if (productName == null) {
            return Optional.empty();
        }
        Matcher m = PRODUCT.matcher(productName.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
