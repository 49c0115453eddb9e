package org.phoneflasher;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.phoneflasher.files.Content;
import org.phoneflasher.files.RequestPath;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.firmware.Stick;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.Target;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.DeviceInfoPoller;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneState;
import org.phoneflasher.phones.PhoneText;
import org.phoneflasher.phones.PhoneTracker;
import org.phoneflasher.provisioning.PhoneEntry;
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.provisioning.SepConfig;
import org.phoneflasher.sip.BenchLines;
import org.phoneflasher.sip.BenchRegistrar;
import org.phoneflasher.provisioning.ProvisioningContext;

/** What the config generator needs, from the running box: the stick's profiles and targets, the tracker's plans. */
final class BoxProvisioning implements ProvisioningContext, BenchLines {
    private final Stick stick;
    private final Supplier<StickIndex> targets;
    private final PhoneTracker tracker;
    private final DeviceInfoPoller poller;
    private final Path dataDir;
    private final Inet4Address address;
    private final int httpPort;
    private final Function<Mac, Optional<Inet4Address>> leasedTo;
    private final BooleanSupplier servingDhcp;
    private final BooleanSupplier bench;
    private final LongSupplier pageLines;
    /**
     * Profiles read once per stick index and change of the page's lines, not at every request: the files change only
     * with the stick, and the data folder's phones.csv when a line is assigned on the page.
     */
    private final AtomicReference<Cached> profiles = new AtomicReference<>();

    private record Cached(StickIndex index, long pageLines, Profiles profiles) {}

    /**
     * @param targets     the stick's index with the targets an admin chose in place
     * @param leasedTo    the address the box leased to a MAC, if it did
     * @param servingDhcp whether the box leases addresses on the link now
     * @param bench       whether the bench step is on: flasher.conf's bench.register, and the registrar listening
     * @param pageLines   the generation of the lines assigned on the page ({@link org.phoneflasher.provisioning.PageLines})
     */
    BoxProvisioning(Stick stick, Supplier<StickIndex> targets, PhoneTracker tracker, DeviceInfoPoller poller, Path dataDir,
            Inet4Address address, int httpPort, Function<Mac, Optional<Inet4Address>> leasedTo, BooleanSupplier servingDhcp,
            BooleanSupplier bench, LongSupplier pageLines) {
        this.pageLines = pageLines;
        this.bench = bench;
        this.stick = stick;
        this.targets = targets;
        this.tracker = tracker;
        this.poller = poller;
        this.dataDir = dataDir;
        this.address = address;
        this.httpPort = httpPort;
        this.leasedTo = leasedTo;
        this.servingDhcp = servingDhcp;
    }

    @Override
    public Profiles profiles() {
        StickIndex index = stick.current();
        // Read before the file, so a write that lands during the read is read again next time.
        long generation = pageLines.getAsLong();
        Cached cached = profiles.get();
        if (cached != null && cached.index() == index && cached.pageLines() == generation) {
            return cached.profiles();
        }
        Profiles read = Profiles.read(index.settings(), index.root(), dataDir);
        profiles.set(new Cached(index, generation, read));
        return read;
    }

    @Override
    public Map<String, String> targetLoads() {
        Map<String, String> out = new TreeMap<>();
        for (Target target : targets.get().targets().values()) {
            if (target.complete()) {
                out.put(target.model(), target.load());
            }
        }
        return out;
    }

    @Override
    public Optional<String> modelOf(Mac mac) {
        return tracker.modelOf(mac);
    }

    @Override
    public Optional<String> loadFor(Mac mac, String model) {
        return tracker.loadFor(mac);
    }

    @Override
    public Optional<String> defaultLoadFor(String model, InetAddress from) {
        return tracker.defaultLoadFor(model, from);
    }

    @Override
    public Optional<Content> stickFile(String name, InetAddress from) {
        try {
            return stick.files().find(RequestPath.parse(name), from) instanceof Resolution.Found found
                    ? Optional.of(found.content()) : Optional.empty();
        } catch (RequestPath.RefusedName e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> runningLoad(Mac mac) {
        return tracker.phone(mac).map(Phone::currentLoad);
    }

    @Override
    public void configNamed(Mac mac, Optional<String> load) {
        tracker.configNamed(mac, load);
    }

    @Override
    public Optional<CompletionStage<?>> learning(Mac mac, String name, InetAddress from) {
        Optional<CompletionStage<?>> asked = poller.beforeConfig(mac).map(stage -> stage);
        if (asked.isPresent() || servingDhcp.getAsBoolean() || tracker.phone(mac).map(Phone::ip).isPresent()
                || profiles().phones().rows(mac).isEmpty()) {
            return asked;
        }
        // Another DHCP server leased it: a phone phones.csv lists is asked where its request came from, so its config
        // names its load as well as its lines. An unlisted one reads XMLDefault.cnf.xml's per-model loads instead.
        return poller.beforeFirstConfig(mac, name, from).map(stage -> stage);
    }

    @Override
    public Optional<String> stateLabel(Mac mac) {
        return tracker.phone(mac).filter(p -> p.state() != PhoneState.DONE).map(PhoneText::shortState);
    }

    @Override
    public Inet4Address boxAddress() {
        return address;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public boolean maySendSecrets(Mac mac, InetAddress requester) {
        // With another DHCP server on the link the box cannot know which address a phone holds: see README, "Secrets".
        return !servingDhcp.getAsBoolean() || leasedTo.apply(mac).filter(requester::equals).isPresent();
    }

    @Override
    public Optional<SepConfig.Bench> benchRegistrar() {
        return bench.getAsBoolean() ? Optional.of(new SepConfig.Bench(address.getHostAddress(), BenchRegistrar.PORT)) : Optional.empty();
    }

    @Override
    public Optional<java.time.Instant> homeSince(Mac mac) {
        return tracker.homeSince(mac);
    }

    @Override
    public Optional<Mac> macAt(InetAddress requester) {
        return tracker.macAt(requester);
    }

    /**
     * The line a REGISTER names, as the phone's config has it: a phones.csv row's (the one whose phone is at {@code
     * from} when two rows name the user), else the placeholder line of a phone the box knows and phones.csv does not
     * list. The same profiles the configs are made from, so the registrar checks what the phone was given.
     */
    @Override
    public Optional<BenchLines.Line> line(String user, InetAddress from) {
        Profiles profiles = profiles();
        Optional<BenchLines.Line> found = Optional.empty();
        // Every line a phone has registers (one per button): any row's line may knock.
        for (PhoneEntry entry : profiles.phones().allRows()) {
            if (entry.line().name().equals(user)) {
                BenchLines.Line line = lineOf(entry.mac(), entry.line());
                if (found.isEmpty() || line.phoneAddress().filter(from::equals).isPresent()) {
                    found = Optional.of(line);
                }
            }
        }
        if (found.isPresent()) {
            return found;
        }
        return Mac.parse(user).filter(mac -> mac.hex().equals(user) && profiles.phones().entry(mac).isEmpty())
                .filter(mac -> tracker.phone(mac).isPresent()).map(mac -> lineOf(mac, profiles.forMac(mac).line()));
    }

    private BenchLines.Line lineOf(Mac mac, org.phoneflasher.provisioning.Line line) {
        return new BenchLines.Line(mac, line.name(), line.authName(), line.password(), tracker.phone(mac).map(Phone::ip));
    }
}
