package org.phoneflasher.catalogue;

import java.util.List;

/**
 * The phones the box provisions, with Cisco's device type number: XMLDefault.cnf.xml names the load of each model
 * as {@code <loadInformationNNN model="Cisco 7965">}, NNN being that number (Cisco's device type enumeration, as
 * chan-sccp-b's device table and the CUCM-generated XMLDefault files list it). The "G-GE" variants of the
 * 7941/7961 have numbers of their own and run the 7941/7961 load. Each entry holds the model as DHCP option 60 and
 * the firmware index name it ("7965"), the device type number, and the model attribute of XMLDefault.cnf.xml.
 */
public enum PhoneModel {
    P7940("7940", 8, "Cisco 7940", 2, false),
    P7960("7960", 7, "Cisco 7960", 6, false),
    P7941("7941", 115, "Cisco 7941", 2, false),
    P7941GE("7941", 309, "Cisco 7941G-GE", 2, false),
    P7961("7961", 30018, "Cisco 7961", 6, false),
    P7961GE("7961", 308, "Cisco 7961G-GE", 6, false),
    P7942("7942", 434, "Cisco 7942", 2, true),
    P7962("7962", 404, "Cisco 7962", 6, true),
    P7945("7945", 435, "Cisco 7945", 2, true),
    P7965("7965", 436, "Cisco 7965", 6, true),
    P7970("7970", 30006, "Cisco 7970", 8, false),
    P7971("7971", 119, "Cisco 7971", 8, false),
    P7975("7975", 437, "Cisco 7975", 8, true);

    /** The most line buttons any model here has (the 797x's eight). */
    public static final int MAX_BUTTONS = 8;

    private final String model;
    private final int deviceType;
    private final String label;
    private final int buttons;
    private final boolean g722;

    /**
     * @param buttons the programmable line/feature buttons beside the screen (2 on the x0/x1/x2/x5 "40/41/42/45"
     *                models, 6 on the "60/61/62/65", 8 on the 797x: the models' data sheets)
     * @param g722    the phone takes G.722 wideband audio: the 79x2, 79x5 and 7975 do. Not the 7940/7960 (Cisco's
     *                "Type A" phones, Global Knowledge "Cisco IP Phone Audio Codecs", 2009); the 79x1 and 797x are left
     *                out too, which that post contradicts and no Cisco document read here settles
     */
    PhoneModel(String model, int deviceType, String label, int buttons, boolean g722) {
        this.model = model;
        this.deviceType = deviceType;
        this.label = label;
        this.buttons = buttons;
        this.g722 = g722;
    }

    public int buttons() {
        return buttons;
    }

    public boolean g722() {
        return g722;
    }

    /** The entry for a model as option 60 names it ("7965"); the first (non-GE) one for the 7941/7961. */
    public static java.util.Optional<PhoneModel> of(String model) {
        return java.util.Arrays.stream(values()).filter(m -> m.model.equals(model)).findFirst();
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
}
