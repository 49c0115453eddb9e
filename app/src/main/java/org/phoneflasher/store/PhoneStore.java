package org.phoneflasher.store;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.phoneflasher.events.Event;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;
import org.phoneflasher.phones.Phone;
import org.phoneflasher.phones.PhoneHistory;
import org.phoneflasher.phones.PhoneState;

/**
 * Phones, finished flashes, transfers and events in SQLite; writes go through {@link WriteBehind}: behind (a batch a
 * second) but for finished flashes, which are written and synced at once.
 */
public final class PhoneStore implements PhoneHistory {
    private final Database db;
    private final WriteBehind writes;

    /** A finished flash, one row of the history a refurbishing shop keeps. */
    public record Flash(String mac, String model, String serialNumber, String hardwareRevision, String fromLoad, String toLoad,
            Instant started, Instant finished, String result, String reason) {
        public Duration duration() {
            return Duration.between(started, finished);
        }
    }

    public PhoneStore(Database db, WriteBehind writes) {
        this.db = db;
        this.writes = writes;
    }

    @Override
    public List<Phone> phones() {
        return db.with(c -> {
            List<Phone> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT mac, model, ip, first_seen, last_seen, state, current_load, "
                    + "load_source, target_load, verified, failure, advice, serial_number, hardware_revision FROM phone");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Optional<Mac> mac = Mac.parse(rs.getString(1));
                    if (mac.isEmpty()) {
                        continue;
                    }
                    String ip = rs.getString(3);
                    out.add(new Phone(mac.get(), rs.getString(2), rs.getString(13), rs.getString(14), ip == null ? null : Ipv4.parse(ip), Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5)), PhoneState.valueOf(rs.getString(6)), rs.getString(7),
                            rs.getString(8), rs.getString(9), null, null, null, rs.getInt(10) != 0, rs.getString(11),
                            rs.getString(12), List.of()));
                }
            }
            return out;
        });
    }

    /** A phone the tracker let go to make room: its row goes, its flashes stay in the history. */
    @Override
    public void forget(Mac mac) {
        writes.submit(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM phone WHERE mac = ?")) {
                st.setString(1, mac.hex());
                st.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void save(Phone p) {
        writes.submit(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO phone (mac, model, ip, first_seen, last_seen, state, "
                    + "current_load, load_source, target_load, verified, failure, advice, serial_number, hardware_revision) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT(mac) DO UPDATE SET model=excluded.model, ip=excluded.ip, last_seen=excluded.last_seen, "
                    + "state=excluded.state, current_load=excluded.current_load, load_source=excluded.load_source, "
                    + "target_load=excluded.target_load, verified=excluded.verified, failure=excluded.failure, "
                    + "advice=excluded.advice, serial_number=excluded.serial_number, "
                    + "hardware_revision=excluded.hardware_revision")) {
                st.setString(1, p.mac().hex());
                st.setString(2, p.model());
                st.setString(3, p.ip() == null ? null : p.ip().getHostAddress());
                st.setLong(4, p.firstSeen().toEpochMilli());
                st.setLong(5, p.lastSeen().toEpochMilli());
                st.setString(6, p.state().name());
                st.setString(7, p.currentLoad());
                st.setString(8, p.loadSource());
                st.setString(9, p.targetLoad());
                st.setInt(10, p.verified() ? 1 : 0);
                st.setString(11, p.failure());
                st.setString(12, p.advice());
                st.setString(13, p.serialNumber());
                st.setString(14, p.hardwareRevision());
                st.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void flash(Mac mac, String model, String serialNumber, String hardwareRevision, String fromLoad, String toLoad,
            Instant started, Instant finished, String result, String reason) {
        // At once and synced: the row a shop keeps must survive a power cut the moment the phone is done.
        writes.now(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO flash (mac, model, from_load, to_load, started, finished, "
                    + "result, reason, serial_number, hardware_revision) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                st.setString(1, mac.hex());
                st.setString(2, model);
                st.setString(3, fromLoad);
                st.setString(4, toLoad);
                st.setLong(5, started.toEpochMilli());
                st.setLong(6, finished.toEpochMilli());
                st.setString(7, result);
                nullable(st, 8, reason);
                nullable(st, 9, serialNumber);
                nullable(st, 10, hardwareRevision);
                st.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The phone's page answered: its flash rows that lack a serial number (written before it answered) take what the
     * page says. Rows that have one keep it: each row says what answered at that MAC when it was written.
     */
    @Override
    public void identified(Mac mac, String model, String serialNumber, String hardwareRevision) {
        writes.now(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE flash SET serial_number = ?, hardware_revision = ?, "
                    + "model = COALESCE(?, model) WHERE mac = ? AND serial_number IS NULL")) {
                nullable(st, 1, serialNumber);
                nullable(st, 2, hardwareRevision);
                nullable(st, 3, model);
                st.setString(4, mac.hex());
                st.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void transfer(Mac mac, InetAddress ip, String file, long bytes, long millis, String result) {
        boolean prune = transfersSincePrune.incrementAndGet() % PRUNE_EVERY == 0;
        writes.submit(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO transfer (at, mac, ip, file, bytes, millis, result) VALUES (?,?,?,?,?,?,?)")) {
                st.setLong(1, System.currentTimeMillis());
                st.setString(2, mac.hex());
                st.setString(3, ip.getHostAddress());
                st.setString(4, file);
                st.setLong(5, bytes);
                st.setLong(6, millis);
                st.setString(7, result);
                st.executeUpdate();
            }
            if (prune) {
                keepNewest(c, "transfer", TRANSFERS_KEPT);
            }
            return null;
        });
    }

    /** Rows kept of the two logs, events and transfers: the newest this many; older ones go as new ones come. */
    static final int EVENTS_KEPT = 10_000;
    static final int TRANSFERS_KEPT = 50_000;
    /** How many rows go in between two prunings of a log. */
    private static final int PRUNE_EVERY = 500;
    private final AtomicInteger eventsSincePrune = new AtomicInteger();
    private final AtomicInteger transfersSincePrune = new AtomicInteger();

    private static void keepNewest(Connection c, String table, int keep) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE id <= (SELECT MAX(id) FROM " + table + ") - ?")) {
            st.setInt(1, keep);
            st.executeUpdate();
        }
    }

    /** Every event worth keeping, so the log survives a restart ({@link #recentEvents}); bounded by {@link #EVENTS_KEPT}. */
    public void event(Event event) {
        if (event.routine() || event instanceof Event.Earlier) {
            return;
        }
        boolean prune = eventsSincePrune.incrementAndGet() % PRUNE_EVERY == 0;
        writes.submit(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO event (at, kind, mac, text) VALUES (?,?,?,?)")) {
                st.setLong(1, event.at().toEpochMilli());
                st.setString(2, event.kind());
                st.setString(3, event.mac() == null ? null : event.mac().hex());
                st.setString(4, event.describe());
                st.executeUpdate();
            }
            if (prune) {
                keepNewest(c, "event", EVENTS_KEPT);
            }
            return null;
        });
    }

    /** The newest {@code limit} events stored, oldest first, as they were logged. */
    public List<Event> recentEvents(int limit) {
        return db.with(c -> {
            List<Event> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT at, kind, mac, text FROM event ORDER BY id DESC LIMIT ?")) {
                st.setInt(1, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Event.Earlier(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                                Mac.parse(rs.getString(3)).orElse(null), rs.getString(4)));
                    }
                }
            }
            java.util.Collections.reverse(out);
            return out;
        });
    }

    /**
     * Empties the flash history (the status page's "clear history"), in order with the flashes written before it (those
     * waiting for a full disk too); the future gives the number of rows removed once that is written.
     */
    public CompletableFuture<Integer> clearFlashes() {
        CompletableFuture<Integer> cleared = new CompletableFuture<>();
        writes.now(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM flash")) {
                cleared.complete(st.executeUpdate());
            }
            return null;
        });
        return cleared;
    }

    public List<Flash> flashes() {
        return db.with(c -> {
            List<Flash> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT mac, model, serial_number, hardware_revision, from_load, to_load, "
                    + "started, finished, result, reason FROM flash ORDER BY finished"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Flash(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9),
                            rs.getString(10)));
                }
            }
            return out;
        });
    }

    private static void nullable(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }
}
