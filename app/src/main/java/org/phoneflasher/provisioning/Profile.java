package org.phoneflasher.provisioning;

import java.util.List;

/**
 * What a group of phones shares: the default profile from flasher.conf's plain keys, or a named one
 * ({@code profile.<name>.<key>}) that overrides some of them. The per-phone part (the line) comes from phones.csv.
 * The SSH password is a {@link Secret}, so printing a profile shows no password.
 *
 * @param sipServer         processNodeName; empty means the box itself (a placeholder until a SIP server is set)
 * @param outboundProxy     empty for none
 * @param ntpServer         empty for none (the phones then take the time from SIP responses)
 * @param speedDials        by button
 * @param dialPlan          the rules of this profile's dial plan, in order
 * @param userLocale        Cisco's name of the phones' language ("German_Germany"); empty for the phone's own English
 * @param networkLocale     Cisco's name of the tones' country ("Germany"); empty for the phone's own (United States)
 */
public record Profile(String name, String sipServer, int sipPort, Transport transport, String outboundProxy,
        int outboundProxyPort, boolean registerWithProxy, TimeZones.CiscoTimeZone timeZone, String dateTemplate,
        String ntpServer, String preferredCodec, boolean natEnabled, String natAddress, String sshUser, Secret sshPassword,
        String phoneLabel, String messagesNumber, int idleTimeout, List<SpeedDial> speedDials, List<DialRule> dialPlan,
        String userLocale, String networkLocale) {

    public static final String DEFAULT_NAME = "default";

    public Profile {
        speedDials = List.copyOf(speedDials);
        dialPlan = List.copyOf(dialPlan);
    }

    /** The SIP server the phones are sent to: the configured one, else the box (so the file is never without one). */
    public String serverOr(String box) {
        return sipServer.isEmpty() ? box : sipServer;
    }

    /** The profile asks for G.722 (the {@code codec} key): written only for the models that take it. */
    public boolean wantsG722() {
        return "g722".equals(preferredCodec);
    }

    /** The dial plan file this profile's phones are told to fetch: one per profile, since phones share the name space. */
    public String dialPlanFile() {
        return DEFAULT_NAME.equals(name) ? "dialplan.xml" : "dialplan-" + name + ".xml";
    }
}
