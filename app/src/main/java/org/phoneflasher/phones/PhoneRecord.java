package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.phoneflasher.net.Mac;

/**
 * One phone as the box follows it: what it is, where its flash stands, and the download in progress. Its fields
 * change only through the named transitions below; only {@link PhoneTracker} calls them, under its lock.
 */
final class PhoneRecord {
    private final Mac mac;
    private final Instant firstSeen;
    private final LoopWatch loops = new LoopWatch();
    private final List<String> steps = new ArrayList<>();
    private String model;
    private String serialNumber;
    private String hardwareRevision;
    private InetAddress ip;
    private Instant lastSeen;
    private PhoneState state = PhoneState.DISCOVERED;
    private String currentLoad;
    private LoadSource loadSource;
    private boolean verified;
    private String failure;
    private String advice;

    // The download in progress.
    private String downloadLoad;
    private Map<String, Long> components = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private String file;
    private long fileBytes;
    private long fileTotal;

    // What the last config named, and whether the phone asked for a load after it.
    private String namedInConfig;
    private Instant configAt;
    private boolean loadAskedSinceConfig;
    private String justFlashed;
    // When the box last leased it an address (not kept across a restart), and whether it asked for a file since.
    private Instant leasedAt;
    private boolean askedSinceLease;

    // The bench step: since when it has waited to register, since when it waits for its home config, and whether
    // it failed there (then it may still register and finish).
    private Instant benchSince;
    private Instant registeredAt;
    private boolean benchFailed;

    // The flash as a whole, for the history.
    private Instant flashStarted;
    private String flashFrom;

    /** A flash that has ended, for the history. */
    record Flash(String from, Instant started) {}

    PhoneRecord(Mac mac, Instant now) {
        this.mac = mac;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    /** A phone saved before the box restarted: what it was and where its flash stood. */
    static PhoneRecord restored(Phone saved) {
        PhoneRecord rec = new PhoneRecord(saved.mac(), saved.firstSeen());
        rec.model = saved.model();
        rec.serialNumber = saved.serialNumber();
        rec.hardwareRevision = saved.hardwareRevision();
        rec.ip = saved.ip();
        rec.lastSeen = saved.lastSeen();
        rec.state = saved.state();
        rec.currentLoad = saved.currentLoad();
        rec.loadSource = LoadSource.parse(saved.loadSource());
        rec.verified = saved.verified();
        rec.failure = saved.failure();
        rec.advice = saved.advice();
        return rec;
    }

    Mac mac() {
        return mac;
    }

    String model() {
        return model;
    }

    InetAddress ip() {
        return ip;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    PhoneState state() {
        return state;
    }

    String currentLoad() {
        return currentLoad;
    }

    String downloadLoad() {
        return downloadLoad;
    }

    String namedInConfig() {
        return namedInConfig;
    }

    String justFlashed() {
        return justFlashed;
    }

    LoopWatch loops() {
        return loops;
    }

    /** Mid-flash: a record the box must not forget to make room for another. */
    boolean flashing() {
        return state == PhoneState.DOWNLOADING || state == PhoneState.REBOOTING;
    }

    /** It asked the box for a file. */
    void seen(Instant now) {
        lastSeen = now;
        askedSinceLease = true;
    }

    /** Leased by the box, and then not one file asked for within {@code window}. */
    boolean leasedWithoutFiles(Instant now, java.time.Duration window) {
        return state == PhoneState.LEASED && leasedAt != null && !askedSinceLease && leasedAt.plus(window).isBefore(now);
    }

    /** The load it is said to run only because its config named it: a guess that a phone ignoring its config disproves. */
    void forgetGuessedLoad() {
        if (loadSource == LoadSource.CONFIG) {
            currentLoad = null;
            loadSource = null;
        }
    }

    /** What it runs is known from the phone or a finished flash, not only from the config it fetched. */
    boolean loadKnownBesidesConfig() {
        return currentLoad != null && loadSource != LoadSource.CONFIG;
    }

    /** It got (or was offered) an address; option 60 may have named its model. */
    /** {@code leasedPhone}: the box leased it the address and its option 60 says a Cisco phone (the no-files clock starts). */
    /** Its address, known from its requests: another DHCP server leased it. */
    void at(InetAddress address) {
        ip = address;
    }

    void addressed(InetAddress address, Optional<String> announcedModel, boolean leasedPhone, Instant now) {
        ip = address;
        if (leasedPhone) {
            leasedAt = now;
            askedSinceLease = false;
        }
        lastSeen = now;
        announcedModel.ifPresent(m -> model = m);
    }

    /** The model the files it asks for imply (FileKind#impliedModel), when nothing better told the box. */
    void modelIfUnknown(Optional<String> implied) {
        if (model == null) {
            implied.ifPresent(m -> model = m);
        }
    }

    /**
     * What its own page says it is; the page's model wins over option 60's and over one implied by file names (the
     * 7940 and 7960 ask for the same files). True when the box learned something new, for the history.
     */
    boolean identified(DeviceInfo page) {
        String pageModel = page.model().orElse(model);
        String serial = page.serialNumber() == null ? serialNumber : page.serialNumber();
        String revision = page.hardwareRevision() == null ? hardwareRevision : page.hardwareRevision();
        boolean changed = !Objects.equals(pageModel, model) || !Objects.equals(serial, serialNumber)
                || !Objects.equals(revision, hardwareRevision);
        model = pageModel;
        serialNumber = serial;
        hardwareRevision = revision;
        return changed;
    }

    String serialNumber() {
        return serialNumber;
    }

    String hardwareRevision() {
        return hardwareRevision;
    }

    /** A flash has begun and not ended: mid-download, rebooting, or between two steps. */
    boolean inFlash() {
        return flashStarted != null || flashing();
    }

    /** Moves to {@code next}; true when that is a change. Leaving a stuck state forgets its reason and advice. */
    boolean moveTo(PhoneState next) {
        PhoneState before = state;
        state = next;
        if (!next.stuck() && before.stuck()) {
            failure = null;
            advice = null;
        }
        return before != next;
    }

    void failed(String why, String whatToDo) {
        failure = why;
        advice = whatToDo;
    }

    /** It fetched its config; what the config names is told separately, by the generator ({@link #configNamed}). */
    void configFetched(Instant now) {
        configAt = now;
        loadAskedSinceConfig = false;
        namedInConfig = null;
    }

    void configNamed(String load) {
        namedInConfig = load;
    }

    /** It fetched its config and then nothing of a load for a while, or asked for a locale: it runs what was named. */
    boolean settledWithoutLoad(Instant now, java.time.Duration settle) {
        return state == PhoneState.CONFIG_FETCHED && configAt != null && !loadAskedSinceConfig && configAt.plus(settle).isBefore(now);
    }

    boolean askedNoLoadSinceConfig() {
        return !loadAskedSinceConfig;
    }

    /** It runs what its config named, unless the phone itself said otherwise. */
    void runsWhatConfigNamed() {
        if (namedInConfig != null && loadSource != LoadSource.PHONE) {
            currentLoad = namedInConfig;
            loadSource = LoadSource.CONFIG;
        }
    }

    /** What its own page says it runs. */
    void reported(String load, Instant now) {
        currentLoad = load;
        loadSource = LoadSource.PHONE;
        verified = true;
        lastSeen = now;
    }

    /** It came back from a reboot running the load it downloaded: one step of its flash is done. */
    void stepDone(LoadSource source) {
        currentLoad = downloadLoad;
        loadSource = source;
        justFlashed = downloadLoad;
        steps.add("flashed " + downloadLoad);
        clearDownload();
    }

    boolean rebootingInto(String load) {
        return state == PhoneState.REBOOTING && load.equalsIgnoreCase(downloadLoad);
    }

    /** The box may call it done on what it knows: the phone said so, or it settled on its config (not a guess from a flash). */
    boolean loadConfirmed() {
        return verified || state == PhoneState.CONFIG_FETCHED && loadSource != null && loadSource != LoadSource.FLASHED
                || state.onTarget();
    }

    boolean verified() {
        return verified;
    }

    void loadAsked() {
        loadAskedSinceConfig = true;
        loops.progressed();
    }

    /** It asked for a load's .loads: its components (with their sizes) are what it fetches next. */
    void startDownload(String load, Map<String, Long> sizes, Instant now) {
        if (!load.equalsIgnoreCase(downloadLoad)) {
            done.clear();
            loops.forgetStarts();
        }
        downloadLoad = load;
        components = new HashMap<>();
        sizes.forEach((name, size) -> components.put(name.toLowerCase(Locale.ROOT), size));
        if (flashStarted == null) {
            flashStarted = now;
            flashFrom = currentLoad;
        }
        file = load + ".loads";
        fileBytes = 0;
        fileTotal = 0;
    }

    boolean isComponent(String name) {
        return components.containsKey(name.toLowerCase(Locale.ROOT));
    }

    boolean tookAComponent() {
        return !done.isEmpty();
    }

    void componentAsked(String name) {
        file = name;
        fileBytes = 0;
        fileTotal = components.getOrDefault(name.toLowerCase(Locale.ROOT), 0L);
    }

    void progress(String name, long bytes, long total) {
        if (name.equalsIgnoreCase(file)) {
            fileBytes = bytes;
            fileTotal = total;
        }
    }

    /** A component went out whole; true when that was the last one of the load. */
    boolean componentSent(String name, long bytes) {
        done.add(name.toLowerCase(Locale.ROOT));
        // A transfer's end is published after the phone's last ACK, when it may already have asked for its next
        // file: this file's bytes must not land on the next one's bar.
        if (name.equalsIgnoreCase(file)) {
            fileBytes = bytes;
        }
        return !components.isEmpty() && done.containsAll(components.keySet());
    }

    void clearDownload() {
        downloadLoad = null;
        components = new HashMap<>();
        done.clear();
        loops.forgetStarts();
        file = null;
        fileBytes = 0;
        fileTotal = 0;
    }

    /** It is on its target and now waits to register with the bench registrar (from now, or from the first tick). */
    void benchStarted(Instant now) {
        benchSince = now;
        registeredAt = null;
        benchFailed = false;
    }

    /** On target for longer than {@code wait} without registering; the wait starts at {@code now} if it had not. */
    boolean unregisteredFor(Instant now, java.time.Duration wait) {
        if (benchSince == null) {
            benchSince = now;
        }
        return benchSince.plus(wait).isBefore(now);
    }

    Instant registeredAt() {
        return registeredAt;
    }

    void registered(Instant now) {
        registeredAt = now;
        benchFailed = false;
    }

    /** Registered longer than {@code wait} ago and its home config not taken (the first tick starts the wait if unknown). */
    boolean homeConfigOverdue(Instant now, java.time.Duration wait) {
        if (registeredAt == null) {
            registeredAt = now;
        }
        return registeredAt.plus(wait).isBefore(now);
    }

    void failOnBench() {
        benchFailed = true;
    }

    /** It failed on the bench, not in its flash: it still runs its target and may register and finish. */
    boolean failedOnBench() {
        return state == PhoneState.FAILED && benchFailed;
    }

    /** The flash in progress, not ended (a bench failure's row: the flash may still end well). */
    Optional<Flash> currentFlash() {
        return flashStarted == null ? Optional.empty() : Optional.of(new Flash(flashFrom, flashStarted));
    }

    /** The flash in progress, ended now (for its history row); empty when none was. */
    Optional<Flash> endFlash() {
        if (flashStarted == null) {
            return Optional.empty();
        }
        Flash ended = new Flash(flashFrom, flashStarted);
        flashStarted = null;
        return Optional.of(ended);
    }

    Phone snapshot(Plan plan) {
        Phone.Progress progress = null;
        if (downloadLoad != null) {
            long total = components.values().stream().mapToLong(Long::longValue).sum();
            long sent = components.entrySet().stream().filter(e -> done.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            if (file != null && !done.contains(file.toLowerCase(Locale.ROOT)) && isComponent(file)) {
                sent += fileBytes;
            }
            progress = new Phone.Progress(downloadLoad, file, fileBytes, fileTotal, sent, total, flashStarted);
        }
        return new Phone(mac, model, serialNumber, hardwareRevision, ip, firstSeen, lastSeen, state, currentLoad, loadSource == null ? null : loadSource.label(),
                plan.target(), plan.next(), plan.missing(), progress, verified, failure, advice, steps);
    }

    Instant configAt() {
        return configAt;
    }
}
