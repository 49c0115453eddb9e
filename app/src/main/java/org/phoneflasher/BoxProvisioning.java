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
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.provisioning.ProvisioningContext;

/** What the config generator needs, from the running box: the stick's profiles and targets, the tracker's plans. */
final class BoxProvisioning implements ProvisioningContext {
    private final Stick stick;
    private final Supplier<StickIndex> targets;
    private final PhoneTracker tracker;
    private final DeviceInfoPoller poller;
    private final Path dataDir;
    private final Inet4Address address;
    private final int httpPort;
    private final Function<Mac, Optional<Inet4Address>> leasedTo;
    private final BooleanSupplier servingDhcp;
    /** Profiles read once per stick index, not at every request: the files change only with the stick. */
    private final AtomicReference<Map.Entry<StickIndex, Profiles>> profiles = new AtomicReference<>();

    /**
     * @param targets     the stick's index with the targets an admin chose in place
     * @param leasedTo    the address the box leased to a MAC, if it did
     * @param servingDhcp whether the box leases addresses on the link now
     */
    BoxProvisioning(Stick stick, Supplier<StickIndex> targets, PhoneTracker tracker, DeviceInfoPoller poller, Path dataDir,
            Inet4Address address, int httpPort, Function<Mac, Optional<Inet4Address>> leasedTo, BooleanSupplier servingDhcp) {
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
        Map.Entry<StickIndex, Profiles> cached = profiles.get();
        if (cached != null && cached.getKey() == index) {
            return cached.getValue();
        }
        Profiles read = Profiles.read(index.settings(), index.root(), dataDir);
        profiles.set(Map.entry(index, read));
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
    public Optional<CompletionStage<?>> learning(Mac mac) {
        return poller.beforeConfig(mac).map(stage -> stage);
    }

    @Override
    public Optional<String> stateLabel(Mac mac) {
        return tracker.phone(mac).filter(p -> p.state() != PhoneState.ON_TARGET).map(PhoneText::shortState);
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
}
