package org.phoneflasher.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Applies flasher.conf keys to a profile, one key at a time, each checked. A bad value is reported and the key is
 * ignored, so the value inherited (from the built-in defaults or the default profile) stays: a typo never leaves a
 * phone without a setting. The keys are documented in the README ("Profiles: flasher.conf and phones.csv").
 */
final class ProfileBuilder {
    static final Set<String> KEYS = Set.of("sip.server", "sip.port", "sip.transport", "sip.outbound_proxy",
            "sip.outbound_proxy_port", "sip.register", "timezone", "date.format", "ntp.server", "codec", "nat.enabled",
            "nat.address", "ssh.user", "ssh.password", "phone.label", "messages.number", "idle.timeout",
            "locale.user", "locale.network");
    static final String SPEED_DIAL = "speeddial.";
    static final String DIAL_PLAN = "dialplan.";
    static final Set<String> CODECS = Set.of("none", "g711ulaw", "g711alaw", "g729a", "g722");

    private static final Pattern DATE_TEMPLATE = Pattern.compile("[MDYA]{1,2}[./-][MDYA]{1,2}[./-][MDYA]{1,3}",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIAL_PATTERN = Pattern.compile("[0-9A-Da-d.*#+>,\\\\-]{1,40}");
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");

    private String sipServer;
    private int sipPort;
    private Transport transport;
    private String outboundProxy;
    private Integer outboundProxyPort;
    private boolean registerWithProxy;
    private TimeZones.CiscoTimeZone timeZone;
    private String dateTemplate;
    private String ntpServer;
    private String preferredCodec;
    private boolean natEnabled;
    private String natAddress;
    private String sshUser;
    private Secret sshPassword;
    private String phoneLabel;
    private String messagesNumber;
    private int idleTimeout;
    private String userLocale;
    private String networkLocale;
    private final Map<Integer, SpeedDial> speedDials = new TreeMap<>();
    private final List<DialRule> inheritedDialPlan;
    private final Map<Integer, DialRule> dialPlan = new TreeMap<>();
    private final boolean outboundPortFollowsSipPort;

    /** Starts from {@code base}: the built-in defaults for the default profile, the default profile for a named one. */
    ProfileBuilder(Profile base, boolean outboundPortFollowsSipPort) {
        sipServer = base.sipServer();
        sipPort = base.sipPort();
        transport = base.transport();
        outboundProxy = base.outboundProxy();
        outboundProxyPort = outboundPortFollowsSipPort ? null : base.outboundProxyPort();
        registerWithProxy = base.registerWithProxy();
        timeZone = base.timeZone();
        dateTemplate = base.dateTemplate();
        ntpServer = base.ntpServer();
        preferredCodec = base.preferredCodec();
        natEnabled = base.natEnabled();
        natAddress = base.natAddress();
        sshUser = base.sshUser();
        sshPassword = base.sshPassword();
        phoneLabel = base.phoneLabel();
        messagesNumber = base.messagesNumber();
        idleTimeout = base.idleTimeout();
        userLocale = base.userLocale();
        networkLocale = base.networkLocale();
        base.speedDials().forEach(s -> speedDials.put(s.button(), s));
        inheritedDialPlan = base.dialPlan();
        this.outboundPortFollowsSipPort = outboundPortFollowsSipPort;
    }

    /** What a phone gets when flasher.conf says nothing: UDP to port 5060 on the box, Cisco's default time zone. */
    static Profile builtIn() {
        return new Profile(Profile.DEFAULT_NAME, "", 5060, Transport.UDP, "", 5060, true, TimeZones.defaultZone(), "M/D/Y",
                "", "none", false, "", "", Secret.none(), "", "", 60, List.of(), List.of(DialRule.PERMISSIVE), "", "");
    }

    static boolean known(String key) {
        return KEYS.contains(key) || key.startsWith(SPEED_DIAL) || key.startsWith(DIAL_PLAN);
    }

    /** Applies one key; the problem, if any, says what is wrong without repeating a secret value. */
    Optional<String> set(String key, String raw) {
        String value = raw.strip();
        Optional<String> bad = Values.text(value);
        if (bad.isPresent()) {
            return Optional.of(bad.get() + "; ignored");
        }
        if (key.startsWith(SPEED_DIAL)) {
            return speedDial(key.substring(SPEED_DIAL.length()), value);
        }
        if (key.startsWith(DIAL_PLAN)) {
            return dialRule(key.substring(DIAL_PLAN.length()), value);
        }
        switch (key) {
            case "sip.server" -> {
                if (!value.isEmpty() && Values.host(value).isPresent()) {
                    return hostProblem(value);
                }
                sipServer = value;
                return Optional.empty();
            }
            case "sip.port" -> {
                return port(value, p -> sipPort = p);
            }
            case "sip.transport" -> {
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "udp" -> transport = Transport.UDP;
                    case "tcp" -> transport = Transport.TCP;
                    default -> {
                        return Optional.of("'" + value + "' is neither udp nor tcp; ignored");
                    }
                }
                return Optional.empty();
            }
            case "sip.outbound_proxy" -> {
                if (!value.isEmpty() && Values.host(value).isPresent()) {
                    return hostProblem(value);
                }
                outboundProxy = value;
                return Optional.empty();
            }
            case "sip.outbound_proxy_port" -> {
                return port(value, p -> outboundProxyPort = p);
            }
            case "sip.register" -> {
                return bool(value, b -> registerWithProxy = b);
            }
            case "timezone" -> {
                Optional<TimeZones.CiscoTimeZone> zone = TimeZones.find(value);
                if (zone.isEmpty()) {
                    return Optional.of("'" + value + "' is not a time zone the phones know (e.g. \"W. Europe Standard/Daylight Time\","
                            + " \"Pacific Standard/Daylight Time\"; the README lists them); " + timeZone.name() + " is kept");
                }
                timeZone = zone.get();
                return Optional.empty();
            }
            case "date.format" -> {
                if (!DATE_TEMPLATE.matcher(value).matches()) {
                    return Optional.of("'" + value + "' is not a date template like M/D/Y, D.M.YY or Y-M-D; "
                            + dateTemplate + " is kept");
                }
                dateTemplate = value.toUpperCase(Locale.ROOT);
                return Optional.empty();
            }
            case "ntp.server" -> {
                if (!value.isEmpty() && Values.host(value).isPresent()) {
                    return hostProblem(value);
                }
                ntpServer = value;
                return Optional.empty();
            }
            case "codec" -> {
                String codec = value.toLowerCase(Locale.ROOT);
                if (!CODECS.contains(codec)) {
                    return Optional.of("'" + value + "' is not one of none, g711ulaw, g711alaw, g729a, g722; " + preferredCodec + " is kept");
                }
                preferredCodec = codec;
                return Optional.empty();
            }
            case "nat.enabled" -> {
                return bool(value, b -> natEnabled = b);
            }
            case "nat.address" -> {
                if (!value.isEmpty() && Values.host(value).isPresent()) {
                    return hostProblem(value);
                }
                natAddress = value;
                return Optional.empty();
            }
            case "ssh.user" -> {
                sshUser = value;
                return Optional.empty();
            }
            case "ssh.password" -> {
                sshPassword = Secret.of(value);
                return Optional.empty();
            }
            case "phone.label" -> {
                if (!Values.isPhoneLabel(value)) {
                    return Optional.of("'" + value + "' is not a label the phones take (at most " + Values.PHONE_LABEL_MAX
                            + " characters, no spaces); ignored");
                }
                phoneLabel = value;
                return Values.fitsSipText(value) ? Optional.empty()
                        : Optional.of("contains '\"', which the 7940/7960 text format cannot carry; their SIP<MAC>.cnf is refused");
            }
            case "messages.number" -> {
                if (!value.isEmpty() && !NUMBER.matcher(value).matches()) {
                    return Optional.of("'" + value + "' is not a number to dial (digits, *, #, +); ignored");
                }
                messagesNumber = value;
                return Optional.empty();
            }
            case "idle.timeout" -> {
                Optional<Integer> seconds = Values.integer(value, 0, 86_400);
                if (seconds.isEmpty()) {
                    return Optional.of("'" + value + "' is not a number of seconds (0 turns the idle page off); ignored");
                }
                idleTimeout = seconds.get();
                return Optional.empty();
            }
            case "locale.user" -> {
                if (value.isEmpty()) {
                    userLocale = "";
                    return Optional.empty();
                }
                if (Locales.langCode(value).isEmpty()) {
                    return Optional.of("'" + value + "' is not a user locale Phone Flasher knows (" + Locales.userNames() + "); ignored");
                }
                userLocale = Locales.spelled(value);
                return Optional.empty();
            }
            case "locale.network" -> {
                if (!value.isEmpty() && !Locales.isNetworkName(value)) {
                    return Optional.of("'" + value + "' is not a network locale name like Germany or United_Kingdom; ignored");
                }
                networkLocale = value.isEmpty() ? "" : Locales.spelled(value);
                return Optional.empty();
            }
            default -> {
                return Optional.of("unknown key; ignored");
            }
        }
    }

    /** {@code speeddial.6 = 911, Emergency Call}; an empty value removes a button the default profile set. */
    private Optional<String> speedDial(String buttonText, String value) {
        Optional<Integer> button = Values.integer(buttonText, 2, 48);
        if (button.isEmpty()) {
            return Optional.of("the button must be a number from 2 to 48 (button 1 is the line); ignored");
        }
        if (value.isEmpty()) {
            speedDials.remove(button.get());
            return Optional.empty();
        }
        int comma = value.indexOf(',');
        String number = (comma < 0 ? value : value.substring(0, comma)).strip();
        String label = comma < 0 ? number : value.substring(comma + 1).strip();
        if (!NUMBER.matcher(number).matches()) {
            return Optional.of("expected 'number, label' with a number of digits, *, #, +; ignored");
        }
        speedDials.put(button.get(), new SpeedDial(button.get(), number, label.isEmpty() ? number : label));
        return Optional.empty();
    }

    /** {@code dialplan.1 = 61......... 0 0........}: MATCH, Timeout in seconds, optional Rewrite. */
    private Optional<String> dialRule(String indexText, String value) {
        Optional<Integer> index = Values.integer(indexText, 1, 999);
        if (index.isEmpty()) {
            return Optional.of("the rule number must be 1 to 999; ignored");
        }
        String[] parts = value.split("\\s+");
        if (parts.length < 2 || parts.length > 3 || !DIAL_PATTERN.matcher(parts[0]).matches()
                || (parts.length == 3 && !DIAL_PATTERN.matcher(parts[2]).matches())) {
            return Optional.of("expected 'MATCH TIMEOUT [REWRITE]' (e.g. '9.......... 0'); ignored");
        }
        Optional<Integer> timeout = Values.integer(parts[1], 0, 60);
        if (timeout.isEmpty()) {
            return Optional.of("the timeout must be 0 to 60 seconds; ignored");
        }
        dialPlan.put(index.get(), new DialRule(parts[0], timeout.get(), parts.length == 3 ? parts[2] : ""));
        return Optional.empty();
    }

    Profile build(String name) {
        // A profile that names any dial rule has a dial plan of its own; otherwise it inherits the whole list.
        List<DialRule> rules = dialPlan.isEmpty() ? inheritedDialPlan : new ArrayList<>(dialPlan.values());
        int proxyPort = outboundProxyPort != null ? outboundProxyPort : sipPort;
        return new Profile(name, sipServer, sipPort, transport, outboundProxy, proxyPort, registerWithProxy, timeZone,
                dateTemplate, ntpServer, preferredCodec, natEnabled, natAddress, sshUser, sshPassword, phoneLabel,
                messagesNumber, idleTimeout, new ArrayList<>(speedDials.values()), rules, userLocale, networkLocale);
    }

    boolean outboundPortFollowsSipPort() {
        return outboundProxyPort == null;
    }

    private static Optional<String> hostProblem(String value) {
        return Optional.of("'" + value + "' is not an IPv4 address or host name; ignored");
    }

    private static Optional<String> port(String value, java.util.function.IntConsumer set) {
        Optional<Integer> port = Values.port(value);
        if (port.isEmpty()) {
            return Optional.of("'" + value + "' is not a port (1-65535); ignored");
        }
        set.accept(port.get());
        return Optional.empty();
    }

    private static Optional<String> bool(String value, java.util.function.Consumer<Boolean> set) {
        Optional<Boolean> b = Values.bool(value);
        if (b.isEmpty()) {
            return Optional.of("'" + value + "' is not true or false; ignored");
        }
        set.accept(b.get());
        return Optional.empty();
    }
}
