package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.firmware.Load;
import org.phoneflasher.firmware.LoadName;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.EventReader.Addressed;
import org.phoneflasher.phones.EventReader.Asked;
import org.phoneflasher.phones.EventReader.Delivered;
import org.phoneflasher.phones.EventReader.Fact;
import org.phoneflasher.phones.EventReader.Progressed;
import org.phoneflasher.phones.EventReader.Registered;
import org.phoneflasher.phones.EventReader.Undelivered;

/**
 * Follows every phone through its flash: the {@link EventReader}'s facts move each {@link PhoneRecord} through its
 * states (which load it runs, what it downloads, when it reboots, when it is done, and, by its {@link LoopWatch},
 * when it is stuck). It keeps the phones, the one lock over them and the queries; what it has to say it publishes
 * after releasing that lock. It also answers the config generator: which load should this phone fetch now.
 */
public final class PhoneTracker {
    /** A phone that fetched its config and asked for nothing of the load within this time runs what it names. */
    static final Duration SETTLE = Duration.ofSeconds(15);
    /**
     * A phone leased by the box that asks for no file within this time fetches its files elsewhere (Alternate TFTP
     * set on the phone, a static TFTP server): a booting 79xx asks for its first file seconds after its ACK.
     */
    public static final Duration NO_FILES = Duration.ofSeconds(60);

    /**
     * A phone on its target that has not registered with the bench registrar within this time is failed (a trust
     * list, or it rejected its config); so is one registered that has not fetched its home config within it.
     */
    static final Duration BENCH_WAIT = Duration.ofMinutes(5);
    /** Phones kept; past it, the one seen longest ago that is not mid-flash makes room (a flood of made-up MACs). */
    static final int MAX_PHONES = 1000;

    private final EventBus events;
    private final Supplier<StickIndex> stick;
    private final PhoneHistory history;
    private final Clock clock;
    /** flasher.conf's bench.register: a phone on its target registers with the box before it is done. */
    private final BooleanSupplier bench;
    private final Duration noFilesAfter;
    private final Map<Mac, PhoneRecord> phones = new LinkedHashMap<>();
    private final EventReader reader = new EventReader();
    /** Plans depend only on the stick, the model and the load a phone runs: made once per such triple. */
    private final Map<PlanKey, Plan> plans = new HashMap<>();
    private StickIndex plansFor;
    /** What the tracker has to say, collected under its lock and published after it is released. */
    private final List<Event> outbox = new ArrayList<>();

    private record PlanKey(String model, String currentLoad) {}

    /** With the bench step, as a box without bench.register = false in its flasher.conf. */
    public PhoneTracker(EventBus events, Supplier<StickIndex> stick, PhoneHistory history, Clock clock) {
        this(events, stick, history, clock, NO_FILES, () -> true);
    }

    /** {@code noFilesAfter}: how long a leased phone may ask for nothing before it is {@link PhoneState#NO_FILES}. */
    public PhoneTracker(EventBus events, Supplier<StickIndex> stick, PhoneHistory history, Clock clock, Duration noFilesAfter) {
        this(events, stick, history, clock, noFilesAfter, () -> true);
    }

    /** {@code bench}: flasher.conf's bench.register (with the registrar listening), asked whenever a phone reaches its target. */
    public PhoneTracker(EventBus events, Supplier<StickIndex> stick, PhoneHistory history, Clock clock, Duration noFilesAfter,
            BooleanSupplier bench) {
        this.bench = bench;
        this.events = events;
        this.noFilesAfter = noFilesAfter;
        this.stick = stick;
        this.history = history;
        this.clock = clock;
        for (Phone saved : history.phones()) {
            PhoneRecord rec = PhoneRecord.restored(saved);
            phones.put(rec.mac(), rec);
            reader.learn(rec.ip(), rec.mac());
        }
        events.subscribe(this::on);
    }

    // --- queries

    public synchronized List<Phone> phones() {
        return phones.values().stream().map(this::snapshot).sorted(Comparator.comparing(Phone::lastSeen).reversed()).toList();
    }

    public synchronized Optional<Phone> phone(Mac mac) {
        return Optional.ofNullable(phones.get(mac)).map(this::snapshot);
    }

    /** The load a phone's config should name now: the next step of its plan. */
    public synchronized Optional<String> loadFor(Mac mac) {
        return Optional.ofNullable(phones.get(mac)).map(rec -> plan(rec).next());
    }

    /**
     * The load a factory-reset phone of {@code model} asking from {@code from} should take (README, "Following each
     * phone"): the next step of its plan, from the load the box knows it runs, else from an unknown load.
     */
    public synchronized Optional<String> defaultLoadFor(String model, InetAddress from) {
        Optional<String> current = phones.values().stream()
                .filter(r -> from.equals(r.ip()) && (r.model() == null || r.model().equals(model)))
                .findFirst().map(PhoneRecord::currentLoad);
        return Optional.ofNullable(plan(model, current.orElse(null)).next());
    }

    public synchronized Optional<String> modelOf(Mac mac) {
        return Optional.ofNullable(phones.get(mac)).map(PhoneRecord::model);
    }

    /** Addresses of phones that may answer on their web page now. */
    public synchronized Map<Mac, InetAddress> pollable() {
        Map<Mac, InetAddress> out = new LinkedHashMap<>();
        for (PhoneRecord rec : phones.values()) {
            PhoneState state = rec.state();
            if (rec.ip() != null && (state == PhoneState.CONFIG_FETCHED || state == PhoneState.CONFIG_IGNORED || state.onTarget())) {
                out.put(rec.mac(), rec.ip());
            }
        }
        return out;
    }

    /**
     * Since when this phone's configs are its home ones: it registered on the bench (or is done), so what it fetches
     * next is what it keeps. Empty before that: a phone on its target gets the bench config (the box as SIP server).
     */
    public synchronized Optional<Instant> homeSince(Mac mac) {
        PhoneRecord rec = phones.get(mac);
        if (rec == null || rec.state() != PhoneState.REGISTERED && rec.state() != PhoneState.DONE) {
            return Optional.empty();
        }
        return Optional.of(rec.registeredAt() != null ? rec.registeredAt() : rec.lastSeen());
    }

    /** Whether this phone registered on the bench and has not taken its home config yet: it is to be told to fetch it. */
    public synchronized boolean awaitingHome(Mac mac) {
        PhoneRecord rec = phones.get(mac);
        return rec != null && rec.state() == PhoneState.REGISTERED;
    }

    /** The phone the box knows at this address (its lease, or where it fetched its own config from). */
    public synchronized Optional<Mac> macAt(InetAddress address) {
        return phones.values().stream().filter(r -> address.equals(r.ip())).map(PhoneRecord::mac).findFirst();
    }

    // --- what the rest of the box tells the tracker

    /**
     * What the config just made for this phone names: the generator decides, the tracker records it (what the phone
     * runs once it settles without asking for the load, and what it turned back from if it does).
     */
    public synchronized void configNamed(Mac mac, Optional<String> load) {
        PhoneRecord rec = phones.get(mac);
        if (rec != null) {
            rec.configNamed(load.orElse(null));
        }
    }

    /**
     * Time-based decisions: a phone that fetched its config and then asked for nothing of the load runs it; a phone
     * leased and then silent fetches its files elsewhere; one on the bench that does not register, or does not take
     * its home config, within {@link #BENCH_WAIT} is failed.
     */
    public void tick() {
        synchronized (this) {
            Instant now = clock.instant();
            for (PhoneRecord rec : phones.values()) {
                if (rec.settledWithoutLoad(now, SETTLE)) {
                    runsWhatConfigNamed(rec);
                } else if (rec.leasedWithoutFiles(now, noFilesAfter)) {
                    rec.failed("took an address " + noFilesAfter.toSeconds() + " s ago and has asked this box for no file since",
                            Advice.noFiles(rec.model()));
                    change(rec, PhoneState.NO_FILES);
                }
                if (rec.state() == PhoneState.ON_TARGET && bench.getAsBoolean() && rec.unregisteredFor(now, BENCH_WAIT)) {
                    failOnBench(rec, "runs its target load but has not registered with the box in " + BENCH_WAIT.toMinutes() + " min",
                            Advice.neverRegistered(rec.model()));
                } else if (rec.state() == PhoneState.REGISTERED && rec.homeConfigOverdue(now, BENCH_WAIT)) {
                    failOnBench(rec, "registered but has not fetched its home config in " + BENCH_WAIT.toMinutes()
                            + " min after the box's check-sync", Advice.noHomeConfig());
                }
            }
        }
        flush();
    }

    /**
     * What the phone itself said on its DeviceInformationX page: the load it runs, and what it is (model, serial
     * number, hardware revision), which goes to its history rows too, those written before the page answered included.
     */
    /**
     * The page at {@code ip}, which asked for {@code mac}'s own config ({@code configName}) with an address the box did not
     * lease: answering with that MAC, it is that phone, and the box knows it from now on, with its address; its config
     * request counts as asked now (it was not vouched for when it came).
     */
    public void reportedAt(Mac mac, InetAddress ip, String configName, DeviceInfo page) {
        synchronized (this) {
            if (!phones.containsKey(mac) && page.isOf(mac) && FileKind.macIn(configName).filter(mac::equals).isPresent()) {
                PhoneRecord rec = newPhone(mac);
                rec.at(ip);
                reader.learn(ip, mac);
                requested(rec, configName, clock.instant());
            }
        }
        reported(mac, page);
    }

    public void reported(Mac mac, DeviceInfo page) {
        synchronized (this) {
            PhoneRecord rec = phones.get(mac);
            if (rec != null && page.isOf(mac)) {
                if (rec.identified(page)) {
                    history.identified(mac, rec.model(), rec.serialNumber(), rec.hardwareRevision());
                }
                String load = page.load();
                if (!load.isBlank()) {
                    if (rec.rebootingInto(load)) {
                        rec.stepDone(LoadSource.PHONE);
                    }
                    rec.reported(load, clock.instant());
                }
                evaluate(rec);
            }
        }
        flush();
    }

    /**
     * Today's phones by where each stands, for the page's summary: done (on target), working (a flash begun and not
     * ended) and failed (failed or stuck: it cannot get on by itself), counting each phone heard from since midnight
     * by the box's clock in {@code zone}, once.
     */
    public synchronized Today today(ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(clock.instant(), zone);
        Instant midnight = date.atStartOfDay(zone).toInstant();
        int done = 0;
        int working = 0;
        int failed = 0;
        for (PhoneRecord rec : phones.values()) {
            if (rec.lastSeen().isBefore(midnight)) {
                continue;
            }
            if (rec.state() == PhoneState.DONE) {
                done++;
            } else if (rec.state().stuck()) {
                failed++;
            } else if (rec.inFlash() || rec.state().onTarget()) {
                working++;
            }
        }
        return new Today(date, done, working, failed);
    }

    /** How many phones are done, working and failed on {@code date}. */
    public record Today(LocalDate date, int done, int working, int failed) {}

    private void on(Event event) {
        synchronized (this) {
            reader.read(event).ifPresent(this::apply);
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

    // --- facts → transitions

    private void apply(Fact fact) {
        Instant now = clock.instant();
        PhoneRecord rec = phones.get(fact.mac());
        if (fact instanceof Addressed a) {
            addressed(rec == null ? newPhone(a.mac()) : rec, a, now);
        } else if (fact instanceof Delivered d && rec == null && FileKind.macIn(d.name()).filter(d.mac()::equals).isPresent()) {
            // A phone with an address from elsewhere, served its own file: now the box knows it (and its address).
            PhoneRecord known = newPhone(d.mac());
            known.at(d.ip());
            reader.learn(d.ip(), d.mac());
            requested(known, d.name(), now);
            sent(known, d);
        } else if (rec == null) {
            // A request naming a MAC no lease or served file vouches for makes no record: made-up names cost nothing.
            return;
        } else if (fact instanceof Asked a) {
            requested(rec, a.name(), now);
        } else if (fact instanceof Progressed p) {
            rec.progress(p.name(), p.bytes(), p.total());
        } else if (fact instanceof Delivered d) {
            sent(rec, d);
        } else if (fact instanceof Registered r) {
            registered(rec, r, now);
        } else if (fact instanceof Undelivered u) {
            history.transfer(rec.mac(), u.ip(), u.name(), u.bytes(), 0, "failed: " + u.reason());
        }
    }

    private void addressed(PhoneRecord rec, Addressed a, Instant now) {
        rec.addressed(a.ip(), a.model(), a.leased() && a.phone(), now);
        // A phone mid-download that asks for an address again has restarted; one rebooting is expected to.
        PhoneState state = rec.state();
        if (state == PhoneState.DISCOVERED || state == PhoneState.NO_FILES || state == PhoneState.CONFIG_FETCHED
                || state == PhoneState.DOWNLOADING) {
            change(rec, a.leased() ? PhoneState.LEASED : PhoneState.DISCOVERED);
        } else {
            save(rec);
        }
    }

    private void requested(PhoneRecord rec, String name, Instant now) {
        rec.seen(now);
        // Before the plan is read: the model decides which load this request starts.
        rec.modelIfUnknown(FileKind.impliedModel(name));
        if (rec.state() == PhoneState.NO_FILES) {
            change(rec, PhoneState.LEASED);
        }
        switch (FileKind.of(name)) {
            case TRUST_LIST -> {
                if (FileKind.startsBoot(name)) {
                    boot(rec, now);
                }
            }
            case CONFIG -> config(rec, now);
            case LOADS -> loads(rec, FileKind.loadOf(name), now);
            case DEFAULT_LOADS -> defaultLoads(rec, FileKind.loadOf(name), now);
            case OTHER -> {
                if (rec.isComponent(FileKind.baseName(name))) {
                    component(rec, FileKind.baseName(name));
                } else {
                    // Locales, dial plan, ring lists: the phone is up and running the load its config named.
                    rec.loops().progressed();
                    if (rec.state() == PhoneState.CONFIG_IGNORED) {
                        change(rec, PhoneState.CONFIG_FETCHED);
                    }
                    if (rec.state() == PhoneState.CONFIG_FETCHED && rec.askedNoLoadSinceConfig()) {
                        runsWhatConfigNamed(rec);
                    }
                }
            }
        }
    }

    /**
     * A boot that fetched only its config counts when the config named a load and the phone is not known to run the
     * target: "on target" from the config alone is the guess such a phone disproves by booting again.
     */
    private void boot(PhoneRecord rec, Instant now) {
        String named = rec.namedInConfig();
        boolean onTarget = targetReached(rec) && rec.loadKnownBesidesConfig();
        boolean ignoring = rec.loops().booted(now, rec.configAt(), named != null && !onTarget);
        if (ignoring && !rec.state().stuck()) {
            rec.forgetGuessedLoad();
            stuck(rec, PhoneState.CONFIG_IGNORED, "fetches its config at every boot and asks for nothing after it (not " + named + ")",
                    Advice.configIgnored(rec.model(), named));
        }
    }

    private void config(PhoneRecord rec, Instant now) {
        if (rec.state() == PhoneState.REBOOTING && rec.downloadLoad() != null) {
            rec.stepDone(LoadSource.FLASHED);
        }
        rec.configFetched(now);
        if (rec.state() == PhoneState.REGISTERED || rec.state() == PhoneState.DONE && staysOnItsLoad(rec)) {
            // Its home config is what it gets now (GeneratedConfigs asks homeSince): it stays where it is.
            save(rec);
            return;
        }
        // A phone that ignores its configs stays so until it asks for more than its config; one failed on the bench
        // fetching its config again is back on it.
        if ((rec.state() != PhoneState.FAILED || rec.failedOnBench()) && rec.state() != PhoneState.CONFIG_IGNORED) {
            change(rec, PhoneState.CONFIG_FETCHED);
        }
        evaluate(rec);
    }

    /** The plan names no other load than the one it runs: a done phone fetching its config again is still done. */
    private boolean staysOnItsLoad(PhoneRecord rec) {
        String next = plan(rec).next();
        return next == null || next.equalsIgnoreCase(rec.currentLoad());
    }

    /**
     * It registered with the bench registrar: it runs SIP and took the config the box made. One that had fetched
     * its config and asked for no load since runs what the config named; on its target it is REGISTERED, and the
     * registrar tells it to fetch its config again, which is then its home one.
     */
    private void registered(PhoneRecord rec, Registered r, Instant now) {
        rec.seen(now);
        rec.loops().progressed();
        if (r.expires() == 0) {
            save(rec);
            return;
        }
        if (rec.failedOnBench()) {
            change(rec, PhoneState.ON_TARGET);
        } else if ((rec.state() == PhoneState.CONFIG_FETCHED || rec.state() == PhoneState.CONFIG_IGNORED) && rec.askedNoLoadSinceConfig()) {
            // Registered with the line of its config: it took that config, whatever its boots looked like.
            if (rec.state() == PhoneState.CONFIG_IGNORED) {
                change(rec, PhoneState.CONFIG_FETCHED);
            }
            runsWhatConfigNamed(rec);
        }
        if (rec.state() == PhoneState.ON_TARGET) {
            rec.registered(now);
            change(rec, PhoneState.REGISTERED);
        } else {
            save(rec);
        }
    }

    private void loads(PhoneRecord rec, String load, Instant now) {
        rec.loadAsked();
        if (load.equalsIgnoreCase(rec.justFlashed()) && rec.loops().returnedToFlashedLoad()) {
            fail(rec, "came back without " + load, Advice.notTaken(load));
            return;
        }
        Optional<Load> known = stick.get().load(load);
        startDownload(rec, known.map(Load::name).orElse(load), known, now);
    }

    /** termNN.default.loads is the factory-reset path; asked again and again with no file taken, the load is rejected. */
    private void defaultLoads(PhoneRecord rec, String term, Instant now) {
        rec.loadAsked();
        StickIndex index = stick.get();
        Optional<Load> termLoad = index.load(term);
        // The box makes termNN.default.loads from the load the phone's plan names (GeneratedConfigs); a stick's own
        // term file counts only for a model the box has no plan for.
        Optional<Load> real = Optional.ofNullable(plan(rec).next()).flatMap(index::load).or(() -> termLoad.flatMap(t -> index.loads()
                .stream().filter(l -> !l.isDefault() && l.components().equals(t.components())).findFirst()));
        // Without the term file on the stick, the load the phone turned back from is the one its config named.
        String load = real.map(Load::name).orElse(rec.namedInConfig() != null ? rec.namedInConfig() : term);
        if (rec.loops().askedDefaultLoads(rec.tookAComponent())) {
            fail(rec, "asks for " + term + ".loads again and again without taking a file", Advice.loadRejected(load, older(rec, load)));
            return;
        }
        startDownload(rec, load, real.or(() -> termLoad), now);
    }

    private void startDownload(PhoneRecord rec, String load, Optional<Load> known, Instant now) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        known.ifPresent(l -> l.components().forEach(c -> sizes.put(c, stick.get().file(c).map(f -> f.size()).orElse(0L))));
        rec.startDownload(load, sizes, now);
        change(rec, PhoneState.DOWNLOADING);
    }

    private void component(PhoneRecord rec, String name) {
        if (rec.loops().startedComponent(name)) {
            fail(rec, "keeps restarting the download of " + name, Advice.restarting(name));
            return;
        }
        rec.componentAsked(name);
        change(rec, PhoneState.DOWNLOADING);
    }

    private void sent(PhoneRecord rec, Delivered d) {
        history.transfer(rec.mac(), d.ip(), d.name(), d.bytes(), d.millis(), "sent");
        String name = FileKind.baseName(d.name());
        if (rec.state() == PhoneState.REGISTERED && FileKind.of(name) == FileKind.CONFIG
                && FileKind.macIn(name).filter(rec.mac()::equals).isPresent()) {
            // Its own config, fetched after it registered: the home one (goesHome). Whatever it fetches now it keeps.
            done(rec);
            return;
        }
        if (rec.isComponent(name)) {
            if (rec.componentSent(name, d.bytes())) {
                change(rec, PhoneState.REBOOTING);
            } else {
                save(rec);
            }
        }
    }

    private void runsWhatConfigNamed(PhoneRecord rec) {
        rec.runsWhatConfigNamed();
        evaluate(rec);
    }

    /** On target when the load it runs is the target; if the phone reports another load, it is not done. */
    private void evaluate(PhoneRecord rec) {
        boolean onTarget = targetReached(rec);
        boolean mayBeDone = rec.state() != PhoneState.FAILED && (rec.state() != PhoneState.CONFIG_IGNORED || rec.loadKnownBesidesConfig());
        if (onTarget && rec.loadConfirmed() && !rec.state().onTarget() && mayBeDone) {
            rec.clearDownload();
            if (bench.getAsBoolean()) {
                rec.benchStarted(clock.instant());
                change(rec, PhoneState.ON_TARGET);
            } else {
                done(rec);
            }
        } else if (!onTarget && rec.state().onTarget() && rec.verified()) {
            change(rec, PhoneState.CONFIG_FETCHED);
        } else {
            save(rec);
        }
    }

    private boolean targetReached(PhoneRecord rec) {
        Plan plan = plan(rec);
        return plan.target() != null && plan.target().equalsIgnoreCase(rec.currentLoad());
    }

    /** Working on its target with its home config (or, without the bench step, simply on its target): its flash ended well. */
    private void done(PhoneRecord rec) {
        change(rec, PhoneState.DONE);
        rec.endFlash().ifPresent(flash -> history.flash(rec.mac(), rec.model(), rec.serialNumber(), rec.hardwareRevision(),
                flash.from(), rec.currentLoad(), flash.started(), clock.instant(), "done", null));
    }

    /**
     * Stuck on the bench: failed with its history row, but its flash is kept open, since it still runs its target
     * and may yet register and take its home config (then it is done, with a row of its own).
     */
    private void failOnBench(PhoneRecord rec, String failure, String advice) {
        rec.failed(failure, advice);
        rec.failOnBench();
        change(rec, PhoneState.FAILED);
        Instant now = clock.instant();
        Optional<PhoneRecord.Flash> flash = rec.currentFlash();
        history.flash(rec.mac(), rec.model(), rec.serialNumber(), rec.hardwareRevision(),
                flash.map(PhoneRecord.Flash::from).orElse(null), rec.currentLoad(), flash.map(PhoneRecord.Flash::started).orElse(now),
                now, "failed", failure);
    }

    private void fail(PhoneRecord rec, String failure, String advice) {
        stuck(rec, PhoneState.FAILED, failure, advice);
    }

    /** A flash that cannot go on by itself: the state, why and what to do, and its history row. */
    private void stuck(PhoneRecord rec, PhoneState state, String failure, String advice) {
        rec.failed(failure, advice);
        change(rec, state);
        Instant now = clock.instant();
        Optional<PhoneRecord.Flash> flash = rec.endFlash();
        history.flash(rec.mac(), rec.model(), rec.serialNumber(), rec.hardwareRevision(),
                flash.map(PhoneRecord.Flash::from).orElse(null), plan(rec).target(), flash.map(PhoneRecord.Flash::started).orElse(now),
                now, "failed", failure);
    }

    /** An older complete SIP load for the model, to suggest when the newest is rejected. */
    private String older(PhoneRecord rec, String rejected) {
        LoadName bad = LoadName.parse(rejected);
        return stick.get().loads().stream()
                .filter(l -> l.complete() && !l.isDefault() && rec.model() != null && l.models().contains(rec.model())
                        && l.id().protocol() == LoadName.Protocol.SIP && l.id().version().isPresent() && bad.version().isPresent()
                        && l.id().version().get().compareTo(bad.version().get()) < 0)
                .max(Comparator.comparing(l -> l.id().version().orElseThrow())).map(Load::name).orElse(null);
    }

    private void change(PhoneRecord rec, PhoneState state) {
        boolean changed = rec.moveTo(state);
        save(rec);
        if (changed) {
            outbox.add(new Event.PhoneChanged(clock.instant(), rec.mac(), state.name(), describe(snapshot(rec))));
        }
    }

    private static String describe(Phone p) {
        String what = p.state().text();
        if (p.state() == PhoneState.DOWNLOADING && p.progress() != null) {
            what += " " + p.progress().load();
        } else if (p.state().stuck()) {
            what += ": " + p.failure();
        } else if (p.state() == PhoneState.ON_TARGET) {
            what += " " + p.currentLoad() + ", waiting for it to register with the box";
        } else if (p.state() == PhoneState.REGISTERED) {
            what += " with the box on " + p.currentLoad() + ": runs SIP and accepted its config";
        } else if (p.state() == PhoneState.DONE) {
            what += ": working on " + p.currentLoad() + ", home config taken, unplug it";
        }
        return (p.model() == null ? "phone" : p.model()) + " " + p.mac() + " " + what;
    }

    private Plan plan(PhoneRecord rec) {
        return plan(rec.model(), rec.currentLoad());
    }

    private Plan plan(String model, String currentLoad) {
        StickIndex index = stick.get();
        if (index != plansFor) {
            plans.clear();
            plansFor = index;
        }
        return plans.computeIfAbsent(new PlanKey(model, currentLoad),
                key -> UpgradePlanner.plan(key.model(), Optional.ofNullable(key.currentLoad()), index));
    }

    private Phone snapshot(PhoneRecord rec) {
        return rec.snapshot(plan(rec));
    }

    private void save(PhoneRecord rec) {
        history.save(snapshot(rec));
    }

    private PhoneRecord newPhone(Mac mac) {
        if (phones.size() >= MAX_PHONES) {
            phones.values().stream().filter(r -> !r.flashing()).min(Comparator.comparing(PhoneRecord::lastSeen)).ifPresent(old -> {
                phones.remove(old.mac());
                reader.forget(old.mac());
                history.forget(old.mac());
            });
        }
        PhoneRecord rec = new PhoneRecord(mac, clock.instant());
        phones.put(mac, rec);
        save(rec);
        outbox.add(new Event.PhoneChanged(clock.instant(), mac, rec.state().name(), "new phone " + mac));
        return rec;
    }
}
