package org.phoneflasher.phones;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One phone's mutable record; only {@link PhoneTracker} touches it, under its lock. */
final class PhoneRecord {
    final String mac;
    String model;
    String ip;
    Instant firstSeen;
    Instant lastSeen;
    PhoneState state = PhoneState.DISCOVERED;
    String currentLoad;
    String loadSource;
    boolean verified;
    Plan plan = new Plan(null, null, null, "not planned yet");
    String failure;
    String advice;
    final List<String> steps = new ArrayList<>();

    // The download in progress.
    String downloadLoad;
    Map<String, Long> components = new HashMap<>();
    final Set<String> done = new HashSet<>();
    String file;
    long fileBytes;
    long fileTotal;

    // What the last config named, and whether the phone asked for that load after it.
    String namedInConfig;
    Instant configAt;
    boolean loadAskedSinceConfig;
    String justFlashed;

    // Loop and trust-list counters.
    Instant bootAt;
    boolean progressSinceBoot = true;
    int bootsWithoutProgress;
    int defaultAsks;
    int sameLoadReturns;
    final Map<String, Integer> starts = new HashMap<>();

    // The flash as a whole, for the history.
    Instant flashStarted;
    String flashFrom;

    PhoneRecord(String mac, Instant now) {
        this.mac = mac;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    void startDownload(String load, Map<String, Long> sizes) {
        if (!load.equalsIgnoreCase(downloadLoad)) {
            done.clear();
            starts.clear();
        }
        downloadLoad = load;
        components = new HashMap<>();
        sizes.forEach((name, size) -> components.put(name.toLowerCase(Locale.ROOT), size));
    }

    boolean isComponent(String name) {
        return components.containsKey(name.toLowerCase(Locale.ROOT));
    }

    boolean allComponentsDone() {
        return !components.isEmpty() && done.containsAll(components.keySet());
    }

    void clearDownload() {
        downloadLoad = null;
        components = new HashMap<>();
        done.clear();
        starts.clear();
        file = null;
        fileBytes = 0;
        fileTotal = 0;
    }

    Phone snapshot() {
        Phone.Progress progress = null;
        if (downloadLoad != null) {
            long total = components.values().stream().mapToLong(Long::longValue).sum();
            long sent = components.entrySet().stream().filter(e -> done.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            if (file != null && !done.contains(file.toLowerCase(Locale.ROOT)) && isComponent(file)) {
                sent += fileBytes;
            }
            progress = new Phone.Progress(downloadLoad, file, fileBytes, fileTotal, sent, total, flashStarted);
        }
        return new Phone(mac, model, ip, firstSeen, lastSeen, state, currentLoad, loadSource, plan.target(), plan.next(),
                plan.missing(), progress, verified, failure, advice, steps);
    }
}
