package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.phoneflasher.dhcp.VendorClass;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.firmware.Load;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.firmware.StickIndex;

/**
 * Follows every phone through its flash from the events the DHCP and file servers publish: which load it runs,
 * what it downloads, when it reboots, when it is done, and when it is stuck. It also answers the one question the
 * config generator asks: which load should this phone fetch now.
 */
public final class PhoneTracker {
    /** A phone that fetched its config and asked for nothing of the load within this time runs what it names. */
    static final Duration SETTLE = Duration.ofSeconds(15);
    static final int LOOP_LIMIT = 3;

    private final EventBus events;
    private final Supplier<StickIndex> stick;
    private final PhoneHistory history;
    private final Clock clock;
    private final Map<String, PhoneRecord> phones = new LinkedHashMap<>();
    private final Map<String, String> macByIp = new HashMap<>();
    /** Plans depend only on the stick, the model and the load a phone runs: made once per such triple. */
    private final Map<PlanKey, Plan> plans = new HashMap<>();
    private StickIndex plansFor;
    /** What the tracker has to say, collected under its lock and published after it is released. */
    private final List<Event> outbox = new ArrayList<>();

    private record PlanKey(String model, String currentLoad) {}

    public PhoneTracker(EventBus events, Supplier<StickIndex> stick, PhoneHistory history, Clock clock) {
        this.events = events;
        this.stick = stick;
        this.history = history;
        this.clock = clock;
        for (Phone saved : history.phones()) {
            PhoneRecord rec = new PhoneRecord(saved.mac(), saved.firstSeen());
            rec.model = saved.model();
            rec.ip = saved.ip();
            rec.lastSeen = saved.lastSeen();
            rec.state = saved.state();
            rec.currentLoad = saved.currentLoad();
            rec.loadSource = saved.loadSource();
            rec.verified = saved.verified();
            rec.failure = saved.failure();
            rec.advice = saved.advice();
            phones.put(rec.mac, rec);
            if (rec.ip != null) {
                macByIp.put(rec.ip, rec.mac);
            }
        }
        events.subscribe(this::on);
    }

    public synchronized List<Phone> phones() {
        return phones.values().stream().map(this::planned).map(PhoneRecord::snapshot)
                .sorted(Comparator.comparing(Phone::lastSeen).reversed()).toList();
    }

    public synchronized Optional<Phone> phone(String mac) {
        return Optional.ofNullable(phones.get(mac.toUpperCase(Locale.ROOT))).map(this::planned).map(PhoneRecord::snapshot);
    }

    /** The load a phone's config should name now: the next step of its plan. */
    public synchronized Optional<String> loadFor(String mac, String model) {
        PhoneRecord rec = phones.get(mac.toUpperCase(Locale.ROOT));
        if (rec == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(planned(rec).plan.next());
    }

    /**
     * What the config just made for this phone names: the generator decides, the tracker records it (what the phone
     * runs once it settles without asking for the load, and what it turned back from if it does).
     */
    public synchronized void configNamed(String mac, Optional<String> load) {
        PhoneRecord rec = phones.get(mac.toUpperCase(Locale.ROOT));
        if (rec != null) {
            rec.namedInConfig = load.orElse(null);
        }
    }

    public synchronized Optional<String> modelOf(String mac) {
        return Optional.ofNullable(phones.get(mac.toUpperCase(Locale.ROOT))).map(r -> r.model);
    }

    /** Time-based decisions: a phone that fetched its config and then asked for nothing of the load runs it. */
    public void tick() {
        synchronized (this) {
            Instant now = clock.instant();
            for (PhoneRecord rec : phones.values()) {
                if (rec.state == PhoneState.CONFIG_FETCHED && rec.configAt != null && !rec.loadAskedSinceConfig
                        && rec.configAt.plus(SETTLE).isBefore(now)) {
                    runsWhatConfigNamed(rec, "config");
                }
            }
        }
        flush();
    }

    /** What the phone itself said on its DeviceInformationX page. */
    public void reported(String mac, String versionId) {
        synchronized (this) {
            PhoneRecord rec = phones.get(mac);
            if (rec == null || versionId == null || versionId.isBlank()) {
                return;
            }
            if (rec.state == PhoneState.REBOOTING && versionId.strip().equalsIgnoreCase(rec.downloadLoad)) {
                stepDone(rec, "phone");
            }
            rec.currentLoad = versionId.strip();
            rec.loadSource = "phone";
            rec.verified = true;
            rec.lastSeen = clock.instant();
            evaluate(rec);
        }
        flush();
    }

    /** Publishes what the last change had to say, outside the lock: a listener may call back into the tracker. */
    private void flush() {
        List<Event> out;
        synchronized (this) {
            if (outbox.isEmpty()) {
                return;
            }
            out = List.copyOf(outbox);
            outbox.clear();
        }
        out.forEach(events::publish);
    }

    /** Addresses of phones that may answer on their web page now. */
    public synchronized Map<String, String> pollable() {
        Map<String, String> out = new LinkedHashMap<>();
        for (PhoneRecord rec : phones.values()) {
            if (rec.ip != null && (rec.state == PhoneState.CONFIG_FETCHED || rec.state == PhoneState.ON_TARGET)) {
                out.put(rec.mac, rec.ip);
            }
        }
        return out;
    }

    private void on(Event event) {
        synchronized (this) {
            handle(event);
        }
        flush();
    }

    private void handle(Event event) {
        Instant now = clock.instant();
        if (event instanceof Event.DhcpOffered e) {
            dhcp(e.mac(), e.address(), e.vendorClass(), false);
        } else if (event instanceof Event.DhcpLeased e) {
            dhcp(e.mac(), e.address(), e.vendorClass(), true);
        } else if (event instanceof Event.FileRequested e) {
            macFor(e.client(), e.name()).ifPresent(mac -> requested(record(mac), e.name(), now));
        } else if (event instanceof Event.FileProgress e) {
            macFor(e.client(), e.name()).map(phones::get).ifPresent(rec -> {
                if (e.name().equalsIgnoreCase(rec.file)) {
                    rec.fileBytes = e.bytes();
                    rec.fileTotal = e.total();
                }
            });
        } else if (event instanceof Event.FileSent e) {
            macFor(e.client(), e.name()).map(phones::get).ifPresent(rec -> sent(rec, e));
        } else if (event instanceof Event.FileFailed e) {
            macFor(e.client(), e.name()).ifPresent(
                    mac -> history.transfer(mac, e.client().getHostAddress(), e.name(), e.bytes(), 0, "failed: " + e.reason()));
        }
    }

    private void dhcp(String mac, InetAddress address, String vendorClass, boolean leased) {
        PhoneRecord rec = record(mac);
        rec.ip = address.getHostAddress();
        macByIp.put(rec.ip, mac);
        rec.lastSeen = clock.instant();
        VendorClass vc = VendorClass.parse(vendorClass);
        if (vc != null && vc.model().isPresent()) {
            rec.model = vc.model().get();
        }
        // A phone mid-download that asks for an address again has restarted; one rebooting is expected to.
        if (rec.state == PhoneState.DISCOVERED || rec.state == PhoneState.CONFIG_FETCHED || rec.state == PhoneState.DOWNLOADING) {
            change(rec, leased ? PhoneState.LEASED : PhoneState.DISCOVERED);
        } else {
            save(rec);
        }
    }

    private void requested(PhoneRecord rec, String name, Instant now) {
        rec.lastSeen = now;
        switch (FileKind.of(name)) {
            case TRUST_LIST -> {
                if (FileKind.startsBoot(name)) {
                    boot(rec, now);
                }
            }
            case CONFIG -> config(rec, now);
            case LOADS -> loads(rec, FileKind.loadOf(name));
            case DEFAULT_LOADS -> defaultLoads(rec, FileKind.loadOf(name));
            case OTHER -> {
                if (rec.isComponent(FileKind.baseName(name))) {
                    component(rec, FileKind.baseName(name));
                } else {
                    // Locales, dial plan, ring lists: the phone is up and running the load its config named.
                    rec.progressSinceBoot = true;
                    if (rec.state == PhoneState.CONFIG_FETCHED && !rec.loadAskedSinceConfig) {
                        runsWhatConfigNamed(rec, "config");
                    }
                }
            }
        }
    }

    /**
     * A new boot. Three boots in a row that fetched the config and then nothing is a phone rejecting the box's
     * configs, which is what a trust list from a Cisco call manager does.
     */
    private void boot(PhoneRecord rec, Instant now) {
        if (rec.bootAt != null && rec.configAt != null && rec.configAt.isAfter(rec.bootAt) && !rec.progressSinceBoot
                && rec.state != PhoneState.ON_TARGET) {
            rec.bootsWithoutProgress++;
        } else {
            rec.bootsWithoutProgress = 0;
        }
        rec.bootAt = now;
        rec.progressSinceBoot = false;
        if (rec.bootsWithoutProgress >= LOOP_LIMIT && rec.state != PhoneState.FAILED) {
            fail(rec, "restarts again and again after fetching its config (trust list)", Advice.trustList(rec.model));
        }
    }

    private void config(PhoneRecord rec, Instant now) {
        if (rec.state == PhoneState.REBOOTING && rec.downloadLoad != null) {
            stepDone(rec, "flashed");
        }
        rec.configAt = now;
        rec.loadAskedSinceConfig = false;
        rec.namedInConfig = null; // until the generator says what this config names (configNamed)
        if (rec.state != PhoneState.FAILED) {
            change(rec, PhoneState.CONFIG_FETCHED);
        }
        evaluate(rec);
    }

    /** The phone came back from a reboot running the load it downloaded: one step of its flash is done. */
    private void stepDone(PhoneRecord rec, String source) {
        rec.currentLoad = rec.downloadLoad;
        rec.loadSource = source;
        rec.justFlashed = rec.downloadLoad;
        rec.steps.add("flashed " + rec.downloadLoad);
        rec.clearDownload();
    }

    private void loads(PhoneRecord rec, String load) {
        rec.loadAskedSinceConfig = true;
        rec.progressSinceBoot = true;
        if (load.equalsIgnoreCase(rec.justFlashed)) {
            if (++rec.sameLoadReturns >= LOOP_LIMIT - 1) {
                fail(rec, "came back without " + load, Advice.notTaken(load));
                return;
            }
        }
        Optional<Load> known = stick.get().load(load);
        startDownload(rec, known.map(Load::name).orElse(load), known);
    }

    /** termNN.default.loads is the factory-reset path; asked again and again with no file taken, the load is rejected. */
    private void defaultLoads(PhoneRecord rec, String term) {
        rec.loadAskedSinceConfig = true;
        if (rec.model == null) {
            LoadName.parse(term).model().map(LoadName::phonesFor).filter(p -> !p.isEmpty())
                    .ifPresent(models -> rec.model = models.stream().filter(m -> m.endsWith(term.substring(4, 6))).findFirst()
                            .orElse(models.get(0)));
        }
        Optional<Load> termLoad = stick.get().load(term);
        Optional<Load> real = termLoad.flatMap(t -> stick.get().loads().stream()
                .filter(l -> !l.isDefault() && l.components().equals(t.components())).findFirst());
        // Without the term file on the stick, the load the phone turned back from is the one its config named.
        String load = real.map(Load::name).orElse(rec.namedInConfig != null ? rec.namedInConfig : term);
        if (++rec.defaultAsks >= LOOP_LIMIT && rec.done.isEmpty()) {
            fail(rec, "asks for " + term + ".loads again and again without taking a file", Advice.loadRejected(load, older(rec, load)));
            return;
        }
        startDownload(rec, load, real.or(() -> termLoad));
    }

    private void startDownload(PhoneRecord rec, String load, Optional<Load> known) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        known.ifPresent(l -> l.components().forEach(c -> sizes.put(c, stick.get().file(c).map(f -> f.size()).orElse(0L))));
        rec.startDownload(load, sizes);
        if (rec.flashStarted == null) {
            rec.flashStarted = clock.instant();
            rec.flashFrom = rec.currentLoad;
        }
        rec.file = load + ".loads";
        rec.fileBytes = 0;
        rec.fileTotal = 0;
        change(rec, PhoneState.DOWNLOADING);
    }

    private void component(PhoneRecord rec, String name) {
        rec.progressSinceBoot = true;
        rec.defaultAsks = 0;
        int starts = rec.starts.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
        if (starts > LOOP_LIMIT) {
            fail(rec, "keeps restarting the download of " + name, Advice.restarting(name));
            return;
        }
        rec.file = name;
        rec.fileBytes = 0;
        rec.fileTotal = rec.components.getOrDefault(name.toLowerCase(Locale.ROOT), 0L);
        change(rec, PhoneState.DOWNLOADING);
    }

    private void sent(PhoneRecord rec, Event.FileSent e) {
        history.transfer(rec.mac, e.client().getHostAddress(), e.name(), e.bytes(), e.millis(), "sent");
        String name = FileKind.baseName(e.name());
        if (rec.isComponent(name)) {
            rec.done.add(name.toLowerCase(Locale.ROOT));
            // A transfer's end is published after the phone's last ACK, when it may already have asked for its next
            // file: this file's bytes must not land on the next one's bar.
            if (name.equalsIgnoreCase(rec.file)) {
                rec.fileBytes = e.bytes();
            }
            if (rec.allComponentsDone()) {
                change(rec, PhoneState.REBOOTING);
            } else {
                save(rec);
            }
        }
    }

    private void runsWhatConfigNamed(PhoneRecord rec, String source) {
        if (rec.namedInConfig != null && !"phone".equals(rec.loadSource)) {
            rec.currentLoad = rec.namedInConfig;
            rec.loadSource = source;
        }
        evaluate(rec);
    }

    /** On target when the load it runs is the target; if the phone reports another load, it is not done. */
    private void evaluate(PhoneRecord rec) {
        Plan plan = planned(rec).plan;
        boolean onTarget = plan.target() != null && plan.target().equalsIgnoreCase(rec.currentLoad);
        boolean confirmed = rec.verified || rec.state == PhoneState.CONFIG_FETCHED && rec.loadSource != null
                && !rec.loadSource.equals("flashed") || rec.state == PhoneState.ON_TARGET;
        if (onTarget && confirmed && rec.state != PhoneState.ON_TARGET && rec.state != PhoneState.FAILED) {
            rec.clearDownload();
            change(rec, PhoneState.ON_TARGET);
            if (rec.flashStarted != null) {
                history.flash(rec.mac, rec.model, rec.flashFrom, rec.currentLoad, rec.flashStarted, clock.instant(), "done", null);
                rec.flashStarted = null;
            }
        } else if (!onTarget && rec.state == PhoneState.ON_TARGET && rec.verified) {
            change(rec, PhoneState.CONFIG_FETCHED);
        } else {
            save(rec);
        }
    }

    private void fail(PhoneRecord rec, String failure, String advice) {
        rec.failure = failure;
        rec.advice = advice;
        change(rec, PhoneState.FAILED);
        history.flash(rec.mac, rec.model, rec.flashFrom, planned(rec).plan.target(),
                rec.flashStarted == null ? clock.instant() : rec.flashStarted, clock.instant(), "failed", failure);
        rec.flashStarted = null;
    }

    /** An older complete SIP load for the model, to suggest when the newest is rejected. */
    private String older(PhoneRecord rec, String rejected) {
        LoadName bad = LoadName.parse(rejected);
        return stick.get().loads().stream()
                .filter(l -> l.complete() && !l.isDefault() && rec.model != null && l.models().contains(rec.model)
                        && l.id().protocol() == LoadName.Protocol.SIP && l.id().version().isPresent() && bad.version().isPresent()
                        && l.id().version().get().compareTo(bad.version().get()) < 0)
                .max(Comparator.comparing(l -> l.id().version().orElseThrow())).map(Load::name).orElse(null);
    }

    private void change(PhoneRecord rec, PhoneState state) {
        PhoneState before = rec.state;
        rec.state = state;
        if (state != PhoneState.FAILED && before == PhoneState.FAILED) {
            rec.failure = null;
            rec.advice = null;
        }
        save(rec);
        if (before != state) {
            Phone now = rec.snapshot();
            outbox.add(new Event.PhoneChanged(clock.instant(), rec.mac, state.name(), describe(now)));
        }
    }

    private static String describe(Phone p) {
        String what = p.state().text();
        if (p.state() == PhoneState.DOWNLOADING && p.progress() != null) {
            what += " " + p.progress().load();
        } else if (p.state() == PhoneState.FAILED) {
            what += ": " + p.failure();
        } else if (p.state() == PhoneState.ON_TARGET) {
            what += " " + p.currentLoad();
        }
        return (p.model() == null ? "phone" : p.model()) + " " + p.mac() + " " + what;
    }

    private PhoneRecord planned(PhoneRecord rec) {
        StickIndex index = stick.get();
        if (index != plansFor) {
            plans.clear();
            plansFor = index;
        }
        rec.plan = plans.computeIfAbsent(new PlanKey(rec.model, rec.currentLoad),
                key -> UpgradePlanner.plan(key.model(), Optional.ofNullable(key.currentLoad()), index));
        return rec;
    }

    private void save(PhoneRecord rec) {
        history.save(planned(rec).snapshot());
    }

    private PhoneRecord record(String mac) {
        PhoneRecord rec = phones.get(mac);
        if (rec == null) {
            rec = new PhoneRecord(mac, clock.instant());
            phones.put(mac, rec);
            save(rec);
            outbox.add(new Event.PhoneChanged(clock.instant(), mac, rec.state.name(), "new phone " + mac));
        }
        return rec;
    }

    private Optional<String> macFor(InetAddress client, String name) {
        Optional<String> named = FileKind.macIn(name);
        return named.isPresent() ? named : Optional.ofNullable(macByIp.get(client.getHostAddress()));
    }
}
