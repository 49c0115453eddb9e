package org.phoneflasher.provisioning;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phoneflasher.catalogue.Family;
import org.phoneflasher.catalogue.PhoneModel;
import org.phoneflasher.files.BytesContent;
import org.phoneflasher.files.ContentSource;
import org.phoneflasher.files.RenamedContent;
import org.phoneflasher.files.RequestPath;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.net.Mac;

/**
 * The config files the box makes per request, as a source of the one resolver (TFTP and HTTP alike): put it before
 * the stick, so a stale config on the stick cannot shadow a generated one. Names match in any case ("sep001e7a2b3c4d.CNF.XML"
 * is SEP001E7A2B3C4D.cnf.xml) and are answered with Cisco's spelling. Anything else is NotFound, so the resolver asks
 * the stick next; so is OS79XX.TXT while the box has no 7940/7960 load (a hand-made one on the stick then counts).
 * A phone's own config that holds a password goes only where {@link ProvisioningContext#maySendSecrets} allows.
 */
public final class GeneratedConfigs implements ContentSource {
    private static final Pattern SEP = Pattern.compile("sep([0-9a-f]{12})\\.cnf\\.xml");
    private static final Pattern SIP = Pattern.compile("sip([0-9a-f]{12})\\.cnf");
    private static final Pattern TERM = Pattern.compile("term(\\d\\d)\\.default\\.loads(\\.sgn)?");
    private static final Pattern DIAL_PLAN = Pattern.compile("dialplan(?:-([a-z0-9_-]+))?\\.xml");

    private final ProvisioningContext context;

    public GeneratedConfigs(ProvisioningContext context) {
        this.context = context;
    }

    @Override
    public Resolution find(RequestPath path, InetAddress from) {
        if (path.segments().size() != 1) {
            return new Resolution.NotFound(path.requested());
        }
        String name = path.fileName().toLowerCase(Locale.ROOT);
        Optional<Mac> own = ownConfigOf(name);
        if (own.isPresent()) {
            Optional<CompletionStage<?>> learning = context.learning(own.get(), path.fileName(), from);
            if (learning.isPresent()) {
                return new Resolution.Pending(path.requested(), learning.get());
            }
        }
        Matcher term = TERM.matcher(name);
        if (term.matches()) {
            return termDefault(path.requested(), term.group(1), term.group(2) != null, from);
        }
        try {
            Optional<BytesContent> made = make(name, from);
            return made.<Resolution>map(Resolution.Found::new).orElseGet(() -> new Resolution.NotFound(path.requested()));
        } catch (Sip79x0Config.Unwritable | Withheld e) {
            return new Resolution.Refused(path.requested(), e.getMessage());
        }
    }

    private Optional<BytesContent> make(String name, InetAddress from) throws Withheld {
        Matcher m;
        if ((m = SEP.matcher(name)).matches()) {
            Mac mac = new Mac(m.group(1).toUpperCase(Locale.ROOT));
            Profiles profiles = context.profiles();
            if (context.modelOf(mac).isEmpty() && profiles.phones().rows(mac).isEmpty()) {
                // Nothing to say to this phone in particular: "not found" sends it to XMLDefault.cnf.xml, whose
                // per-model loadInformation it can read itself (a phone that got its address from another server).
                return Optional.empty();
            }
            PhoneSetup setup = checked(profiles.forMac(mac), from);
            Optional<String> load = loadOf(mac);
            BytesContent made = new BytesContent(SepConfig.fileName(mac), SepConfig.write(setup, load, host(), onTheWay(mac, load),
                    context.modelOf(mac).flatMap(PhoneModel::of)));
            context.configNamed(mac, load);
            return Optional.of(made);
        }
        if ((m = SIP.matcher(name)).matches()) {
            Mac mac = new Mac(m.group(1).toUpperCase(Locale.ROOT));
            PhoneSetup setup = checked(context.profiles().forMac(mac), from);
            // A phone asking for SIP<MAC>.cnf is a 7940/7960 on SIP firmware, whatever DHCP said.
            Optional<String> load = loadOf(mac).or(this::sip79x0Target);
            BytesContent made = new BytesContent(Sip79x0Config.fileName(mac),
                    Sip79x0Config.phone(setup, load, host(), onTheWay(mac, load),
                            context.modelOf(mac).flatMap(PhoneModel::of)));
            context.configNamed(mac, load);
            return Optional.of(made);
        }
        if ((m = DIAL_PLAN.matcher(name)).matches()) {
            Profiles profiles = context.profiles();
            return profiles.all().stream().filter(p -> p.dialPlanFile().equals(name)).findFirst()
                    .map(p -> new BytesContent(p.dialPlanFile(), DialPlan.write(p.dialPlan())));
        }
        switch (name) {
            case "xmldefault.cnf.xml" -> {
                Profile p = context.profiles().defaultProfile();
                // Per requester, as termNN.default.loads: each model's next step, from what the box knows it runs.
                Map<String, String> loads = new java.util.TreeMap<>();
                context.targetLoads().keySet().forEach(model -> context.defaultLoadFor(model, from)
                        .ifPresent(load -> loads.put(model, load)));
                return Optional.of(new BytesContent(XmlDefault.FILE_NAME, XmlDefault.write(loads, p.serverOr(host()), p.sipPort())));
            }
            case "sipdefault.cnf" -> {
                return Optional.of(new BytesContent(Sip79x0Config.DEFAULT_FILE,
                        Sip79x0Config.defaults(context.profiles().defaultProfile(), sip79x0Target(), host())));
            }
            case "syncinfo.xml" -> {
                // A 7940/7960 told to check-sync reboots only when this value changed: "1" (Cisco's default) while it is
                // on the bench, a value of its registration once it is to fetch its home config.
                Optional<Mac> phone = context.macAt(from);
                String sync = phone.flatMap(context::homeSince).map(t -> "home-" + t.getEpochSecond()).orElse("1");
                return Optional.of(new BytesContent(Sip79x0Config.SYNC_FILE, Sip79x0Config.syncInfo(sync)));
            }
            case "os79xx.txt" -> {
                return sip79x0Target().map(load -> new BytesContent(Sip79x0Config.OS_FILE, Sip79x0Config.os79xx(load)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * A factory-reset phone takes whatever termNN.default.loads lists, bypassing its config (cisco-notes, checked
     * facts): so the box answers it per phone, with the .loads (or signed .loads.sgn) of the load that phone's plan
     * names now, never a stick's first-found term file. A model the stick has no target for gets the stick's own file.
     */
    private Resolution termDefault(String requested, String nn, boolean signed, InetAddress from) {
        Optional<String> model = Family.phoneOfTerm(nn);
        if (model.isEmpty() || !context.targetLoads().containsKey(model.get())) {
            return new Resolution.NotFound(requested);
        }
        Optional<String> load = context.defaultLoadFor(model.get(), from);
        if (load.isEmpty()) {
            return new Resolution.Refused(requested, "no load for a factory-reset " + model.get()
                    + " now: its next step is not on the stick (the status page names it)");
        }
        String suffix = signed ? ".loads.sgn" : ".loads";
        String served = "term" + nn + ".default" + suffix;
        return context.stickFile(load.get() + suffix, from)
                .<Resolution>map(content -> new Resolution.Found(new RenamedContent(served, content)))
                .orElseGet(() -> new Resolution.Refused(requested, load.get() + suffix + " is not on the stick; another"
                        + " bundle's " + served + " would send the phone elsewhere"));
    }

    /** The phone whose own config this name is (SEP<MAC>.cnf.xml, SIP<MAC>.cnf), for a lower-case name. */
    private static Optional<Mac> ownConfigOf(String name) {
        Matcher m = SEP.matcher(name);
        if (m.matches() || (m = SIP.matcher(name)).matches()) {
            return Optional.of(new Mac(m.group(1).toUpperCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** A setup whose config would hold a password, for a requester who may not have it: refused, nothing made. */
    private PhoneSetup checked(PhoneSetup setup, InetAddress from) throws Withheld {
        if (setup.holdsSecret() && !context.maySendSecrets(setup.mac(), from)) {
            throw new Withheld("holds the password of " + setup.mac().hex() + "'s line; it goes only to the address the box"
                    + " leased to that phone, not to " + from.getHostAddress());
        }
        return setup;
    }

    private static final class Withheld extends Exception {
        Withheld(String reason) {
            super(reason);
        }
    }

    /** The load for this phone when its model is known; see SepConfig for why an unknown model gets none. */
    private Optional<String> loadOf(Mac mac) {
        return context.modelOf(mac).flatMap(model -> context.loadFor(mac, model)).filter(l -> !l.isEmpty());
    }

    /** The 7940 and 7960 run the same loads; the 7960's target speaks for both, the 7940's if only it has one. */
    private Optional<String> sip79x0Target() {
        Map<String, String> targets = context.targetLoads();
        return Optional.ofNullable(targets.get("7960")).or(() -> Optional.ofNullable(targets.get("7940"))).filter(l -> !l.isEmpty());
    }

    private String host() {
        return context.boxAddress().getHostAddress();
    }

    /**
     * The box's page and the phone's state, for a config the phone cannot keep: one naming a load other than the one
     * the box knows it runs, so the phone will download, reboot and ask again; or, on the bench, one naming the box's
     * registrar, which the phone is made to replace (check-sync) once it registered. Any other config may be the last
     * one it fetches here, which it keeps and uses at home (cisco-notes: a phone caches its last config): that one
     * gets the profile's label and no address of the box.
     */
    private Optional<SepConfig.BoxView> onTheWay(Mac mac, Optional<String> load) {
        Optional<String> running = context.runningLoad(mac);
        if (load.isPresent() && running.isPresent() && !running.get().equalsIgnoreCase(load.get())) {
            return Optional.of(new SepConfig.BoxView(pageUrl(mac), context.stateLabel(mac).orElse("")));
        }
        // On the bench: it runs its target (or may: the box does not know what it runs) and has not registered with
        // the box yet. The config names the box's registrar and says to wait; the phone is then told to fetch its
        // config again (check-sync), and that one is its home config.
        Optional<SepConfig.Bench> bench = context.benchRegistrar();
        boolean target = load.isPresent() && context.targetLoads().values().stream().anyMatch(load.get()::equalsIgnoreCase);
        if (bench.isPresent() && target && context.homeSince(mac).isEmpty()) {
            return Optional.of(new SepConfig.BoxView(pageUrl(mac), SepConfig.BENCH_LABEL, bench));
        }
        return Optional.empty();
    }

    /** The box's page for this phone: one URL for the idle screen and the services button. */
    private String pageUrl(Mac mac) {
        int port = context.httpPort();
        return "http://" + host() + (port == 80 ? "" : ":" + port) + "/phone/" + mac.hex();
    }
}
