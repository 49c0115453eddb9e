package org.phoneflasher.provisioning;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.phoneflasher.catalogue.PhoneModel;
import org.phoneflasher.net.Mac;

/**
 * SEP&lt;MAC&gt;.cnf.xml for the 79x1/79x2/79x5/797x phones on SIP firmware: elements, nesting and fixed values as the
 * hand-written files of seed 001 (FritzBox) and seed 003 (Asterisk) have them, the variable ones from the phone's
 * profile and phones.csv row. Always at least one callManager member and one line: 9.x SIP firmware can crash on a
 * config without them (HomeIPhone).
 */
public final class SepConfig {
    private SepConfig() {}

    public static String fileName(Mac mac) {
        return "SEP" + mac.hex() + ".cnf.xml";
    }

    /**
     * @param load    the load this phone should fetch, or empty when its model (or a target for it) is unknown
     * @param boxHost the box's address: the SIP server when the profile names none
     */
    public static byte[] write(PhoneSetup setup, Optional<String> load, String boxHost) {
        return write(setup, load, boxHost, Optional.empty(), Optional.empty());
    }

    /** As {@link #write(PhoneSetup, Optional, String, Optional, Optional)} for a phone of unknown model. */
    public static byte[] write(PhoneSetup setup, Optional<String> load, String boxHost, Optional<BoxView> onTheWay) {
        return write(setup, load, boxHost, onTheWay, Optional.empty());
    }

    /**
     * @param onTheWay for a config the phone cannot keep (it names a load the phone does not run yet, so the phone
     *                 will come back): the box's page for it and its state, shown instead of the profile's label;
     *                 empty for the config the phone takes home, which holds nothing that works only on the box's link
     * @param model    the phone's model when known: G.722 is offered only to a model that takes it, and lines only on
     *                 the buttons it has; unknown, it gets no G.722 and every line phones.csv gives it
     */
    public static byte[] write(PhoneSetup setup, Optional<String> load, String boxHost, Optional<BoxView> onTheWay,
            Optional<PhoneModel> model) {
        Profile p = setup.profile();
        boolean g722 = p.wantsG722() && model.map(PhoneModel::g722).orElse(false);
        int buttons = model.map(PhoneModel::buttons).orElse(PhoneModel.MAX_BUTTONS);
        List<Line> lines = setup.lines().stream().filter(l -> l.button() <= buttons).toList();
        boolean ssh = !setup.sshUser().isEmpty() && !setup.sshPassword().isEmpty();
        Xml x = Xml.document();
        x.open("device");
        x.leaf("deviceProtocol", "SIP");
        x.leaf("sshUserId", setup.sshUser());
        x.leaf("sshPassword", setup.sshPassword().reveal());
        x.open("devicePool");
        x.open("dateTimeSetting");
        x.leaf("dateTemplate", p.dateTemplate());
        x.leaf("timeZone", p.timeZone().name());
        x.open("ntps");
        if (!p.ntpServer().isEmpty()) {
            x.open("ntp").leaf("name", p.ntpServer()).leaf("ntpMode", "Unicast").close();
        }
        x.close();
        x.close();
        Optional<Bench> bench = onTheWay.flatMap(BoxView::bench);
        callManagerGroup(x, bench.map(Bench::host).orElse(p.serverOr(boxHost)), bench.map(Bench::port).orElse(p.sipPort()));
        x.close();
        x.open("commonProfile");
        x.leaf("phonePassword", "");
        x.leaf("backgroundImageAccess", true);
        x.leaf("callLogBlfEnabled", 2);
        x.close();
        // Without a known model there is no loadInformation at all: load names are per hardware, and a phone sent a
        // load for another model rejects it and can loop asking for it. Without the element the phone keeps the
        // load it runs and still gets its line; DHCP option 60 tells the box the model for the next boot.
        load.ifPresent(l -> x.leaf("loadInformation", l));
        vendorConfig(x, ssh, g722);
        locales(x, p);
        x.leaf("deviceSecurityMode", 1);
        x.leaf("idleURL", onTheWay.map(BoxView::pageUrl).orElse(""));
        x.leaf("idleTimeout", p.idleTimeout());
        x.leaf("informationURL", "");
        x.leaf("messagesURL", "");
        x.leaf("proxyServerURL", "");
        x.leaf("servicesURL", onTheWay.map(BoxView::pageUrl).orElse(""));
        x.leaf("dscpForSCCPPhoneConfig", 96);
        x.leaf("dscpForSCCPPhoneServices", 0);
        x.leaf("dscpForCm2Dvce", 96);
        x.leaf("transportLayerProtocol", p.transport().cisco());
        x.leaf("capfAuthMode", 0);
        x.open("capfList").open("capf").leaf("phonePort", 3804).close().close();
        x.leaf("certHash", "");
        x.leaf("encrConfig", false);
        sipProfile(x, p, lines, onTheWay.map(BoxView::label).orElse(p.phoneLabel()), bench);
        if (g722) {
            x.leaf("advertiseG722Codec", 1);
        }
        x.close();
        return x.bytes();
    }

    static void callManagerGroup(Xml x, String server, int sipPort) {
        x.open("callManagerGroup").open("members").open("member", "priority", "0").open("callManager");
        x.open("ports");
        x.leaf("ethernetPhonePort", 2000);
        x.leaf("sipPort", sipPort);
        x.leaf("securedSipPort", 5061);
        x.close();
        x.leaf("processNodeName", server);
        x.close().close().close().close();
    }

    /** Cisco's vendorConfig says 0 for "enabled": webAccess 0 keeps the phone's web page on (DeviceInformationX). */
    private static void vendorConfig(Xml x, boolean ssh, boolean g722) {
        x.open("vendorConfig");
        x.leaf("disableSpeaker", false);
        x.leaf("disableSpeakerAndHeadset", false);
        x.leaf("pcPort", 0);
        x.leaf("settingsAccess", 1);
        x.leaf("garp", 0);
        x.leaf("voiceVlanAccess", 0);
        x.leaf("videoCapability", 0);
        x.leaf("autoSelectLineEnable", 0);
        x.leaf("sshAccess", ssh ? 0 : 1);
        x.leaf("sshPort", 22);
        x.leaf("webAccess", 0);
        x.leaf("spanToPCPort", 1);
        x.leaf("loggingDisplay", 1);
        x.leaf("loadServer", "");
        x.leaf("daysDisplayNotActive", "");
        x.leaf("displayOnTime", "03:00");
        x.leaf("displayOnDuration", "00:01");
        x.leaf("displayIdleTimeout", "00:05");
        x.leaf("displayOnWhenIncomingCall", 1);
        if (g722) {
            // With advertiseG722Codec 1 on the device, as the 7965 file of seed 003 (zencoffee.org) has them.
            x.leaf("g722CodecSupport", 2);
        }
        x.close();
    }

    /**
     * The phone's language and tones, shaped as seed 003's 7965 file (zencoffee.org) has them; uid and version are
     * that file's. The phone then fetches them from the folder of that name (see Locales).
     */
    private static void locales(Xml x, Profile p) {
        if (!p.userLocale().isEmpty()) {
            x.open("userLocale");
            x.leaf("name", p.userLocale());
            x.leaf("uid", 1);
            x.leaf("langCode", Locales.langCode(p.userLocale()).orElseThrow());
            x.leaf("version", "1.0.0.0-1");
            x.leaf("winCharSet", "iso-8859-1");
            x.close();
        }
        if (!p.networkLocale().isEmpty()) {
            x.leaf("networkLocale", p.networkLocale());
            x.open("networkLocaleInfo");
            x.leaf("name", p.networkLocale());
            x.leaf("uid", 64);
            x.leaf("version", "1.0.0.0-1");
            x.close();
        }
    }

    /** With {@code bench}, the lines register with the box's bench registrar: no outbound proxy, no NAT, the box's port. */
    private static void sipProfile(Xml x, Profile p, List<Line> lines, String phoneLabel, Optional<Bench> bench) {
        x.open("sipProfile");
        x.open("sipProxies");
        x.leaf("backupProxy", "");
        x.leaf("backupProxyPort", "");
        x.leaf("emergencyProxy", "");
        x.leaf("emergencyProxyPort", "");
        x.leaf("outboundProxy", bench.isPresent() ? "" : p.outboundProxy());
        x.leaf("outboundProxyPort", bench.isPresent() ? "" : String.valueOf(p.outboundProxyPort()));
        x.leaf("registerWithProxy", bench.isPresent() || p.registerWithProxy());
        x.close();
        x.open("sipCallFeatures");
        x.leaf("cnfJoinEnabled", true);
        x.leaf("callForwardURI", "x-cisco-serviceuri-cfwdall");
        x.leaf("callPickupURI", "x-cisco-serviceuri-pickup");
        x.leaf("callPickupListURI", "x-cisco-serviceuri-opickup");
        x.leaf("callPickupGroupURI", "x-cisco-serviceuri-gpickup");
        x.leaf("meetMeServiceURI", "x-cisco-serviceuri-meetme");
        x.leaf("abbreviatedDialURI", "x-cisco-serviceuri-abbrdial");
        x.leaf("rfc2543Hold", false);
        x.leaf("callHoldRingback", 2);
        x.leaf("localCfwdEnable", true);
        x.leaf("semiAttendedTransfer", true);
        x.leaf("anonymousCallBlock", 2);
        x.leaf("callerIdBlocking", 2);
        x.leaf("dndControl", 0);
        x.leaf("remoteCcEnable", true);
        x.close();
        x.open("sipStack");
        x.leaf("sipInviteRetx", 6);
        x.leaf("sipRetx", 10);
        x.leaf("timerInviteExpires", 180);
        x.leaf("timerRegisterExpires", 3600);
        x.leaf("timerRegisterDelta", 5);
        x.leaf("timerKeepAliveExpires", 120);
        x.leaf("timerSubscribeExpires", 120);
        x.leaf("timerSubscribeDelta", 5);
        x.leaf("timerT1", 500);
        x.leaf("timerT2", 4000);
        x.leaf("maxRedirects", 70);
        x.leaf("remotePartyID", false);
        x.leaf("userInfo", "None");
        x.close();
        x.leaf("autoAnswerTimer", 1);
        x.leaf("autoAnswerAltBehavior", false);
        x.leaf("autoAnswerOverride", true);
        x.leaf("transferOnhookEnabled", false);
        x.leaf("enableVad", false);
        // preferredCodec takes g711ulaw, g711alaw, g729a or none (seed 003); G.722 is switched on apart, above.
        x.leaf("preferredCodec", p.wantsG722() ? "none" : p.preferredCodec());
        x.leaf("dtmfAvtPayload", 101);
        x.leaf("dtmfDbLevel", 3);
        x.leaf("dtmfOutofBand", "avt");
        x.leaf("alwaysUsePrimeLine", false);
        x.leaf("alwaysUsePrimeLineVoiceMail", false);
        x.leaf("kpml", 3);
        x.leaf("natEnabled", bench.isEmpty() && p.natEnabled());
        x.leaf("natAddress", bench.isPresent() ? "" : p.natAddress());
        x.leaf("stutterMsgWaiting", 0);
        x.leaf("callStats", false);
        x.leaf("silentPeriodBetweenCallWaitingBursts", 10);
        x.leaf("disableLocalSpeedDialConfig", false);
        x.leaf("startMediaPort", 16384);
        x.leaf("stopMediaPort", 32766);
        x.leaf("voipControlPort", p.sipPort());
        x.leaf("dscpForAudio", 184);
        x.leaf("ringSettingBusyStationPolicy", 0);
        x.leaf("dialTemplate", p.dialPlanFile());
        x.leaf("phoneLabel", phoneLabel);
        x.open("sipLines");
        int proxyPort = bench.map(Bench::port).orElse(p.sipPort());
        lines.forEach(line -> line(x, proxyPort, p, line));
        // A button phones.csv gives a line is that line's, not a speed dial's (Profiles reports the clash).
        Set<Integer> taken = lines.stream().map(Line::button).collect(Collectors.toSet());
        for (SpeedDial dial : p.speedDials()) {
            if (taken.contains(dial.button())) {
                continue;
            }
            x.open("line", "button", Integer.toString(dial.button()));
            x.leaf("featureID", 2);
            x.leaf("featureLabel", dial.label());
            x.leaf("speedDialNumber", dial.number());
            x.close();
        }
        x.close();
        x.close();
    }

    /** featureID 9 is a line on any button (seed 003: "the six line buttons ... any combination of SIP clients or speed-dials"); proxy USECALLMANAGER sends it to the callManager's server (naming it again breaks it). */
    private static void line(Xml x, int proxyPort, Profile p, Line line) {
        x.open("line", "button", Integer.toString(line.button()));
        x.leaf("featureID", 9);
        x.leaf("featureLabel", line.label());
        x.leaf("name", line.name());
        x.leaf("displayName", line.displayName());
        x.leaf("contact", line.contact());
        x.leaf("proxy", "USECALLMANAGER");
        x.leaf("port", proxyPort);
        x.open("autoAnswer").leaf("autoAnswerEnabled", 2).close();
        x.leaf("callWaiting", 3);
        x.leaf("authName", line.authName());
        x.leaf("authPassword", line.password().reveal());
        x.leaf("sharedLine", false);
        x.leaf("messageWaitingLampPolicy", 1);
        x.leaf("messagesNumber", p.messagesNumber());
        x.leaf("ringSettingIdle", 4);
        x.leaf("ringSettingActive", 5);
        x.open("forwardCallInfoDisplay");
        x.leaf("callerName", true);
        x.leaf("callerNumber", true);
        x.leaf("redirectedNumber", false);
        x.leaf("dialedNumber", true);
        x.close();
        x.close();
    }

    /** phoneLabel on the bench: the phone is not to be unplugged yet (at most 13 characters, no spaces). */
    public static final String BENCH_LABEL = "Wait-DONE";

    /**
     * What the box shows on a phone that will come back: its page (idle and services), a state for phoneLabel, and
     * on the bench the box's registrar as its SIP server (the phone registers there, then fetches its home config).
     */
    public record BoxView(String pageUrl, String label, Optional<Bench> bench) {
        public BoxView(String pageUrl, String label) {
            this(pageUrl, label, Optional.empty());
        }
    }

    /** The box's bench registrar, which the bench config names as the phone's SIP server (the profile's transport kept). */
    public record Bench(String host, int port) {}
}
