package org.phoneflasher.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.phoneflasher.dhcp.Lease;
import org.phoneflasher.dhcp.Leases;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;

/**
 * Leases survive a restart, so a phone that comes back gets the address it had. Each change is written at once; when
 * the disk refuses it, {@link WriteBehind} keeps it and writes it once it can, while the pool goes on from memory.
 */
public final class LeaseStore implements Leases {
    private final Database db;
    private final Consumer<Database.SqlWork<?>> write;

    /** Writes straight to {@code db}, failing when it fails: for tests of the pool alone. */
    public LeaseStore(Database db) {
        this.db = db;
        this.write = db::transaction;
    }

    public LeaseStore(Database db, WriteBehind writes) {
        this.db = db;
        this.write = writes::now;
    }

    @Override
    public List<Lease> all() {
        return db.with(c -> {
            List<Lease> leases = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT mac, ip, expires_at, vendor_class, hostname FROM lease");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Optional<Mac> mac = Mac.parse(rs.getString(1));
                    if (mac.isPresent()) {
                        leases.add(new Lease(mac.get(), Ipv4.parse(rs.getString(2)), rs.getLong(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return leases;
        });
    }

    /** An address moving to a new MAC drops the old MAC's binding in the same transaction. */
    @Override
    public void save(Lease lease) {
        write.accept(c -> {
            try (PreparedStatement drop = c.prepareStatement("DELETE FROM lease WHERE ip = ? AND mac <> ?");
                 PreparedStatement up = c.prepareStatement(
                         "INSERT INTO lease (mac, ip, expires_at, vendor_class, hostname, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                                 + "ON CONFLICT(mac) DO UPDATE SET ip = excluded.ip, expires_at = excluded.expires_at, "
                                 + "vendor_class = excluded.vendor_class, hostname = excluded.hostname, updated_at = excluded.updated_at")) {
                drop.setString(1, lease.ip().getHostAddress());
                drop.setString(2, lease.mac().hex());
                drop.executeUpdate();
                up.setString(1, lease.mac().hex());
                up.setString(2, lease.ip().getHostAddress());
                up.setLong(3, lease.expiresAt());
                up.setString(4, lease.vendorClass());
                up.setString(5, lease.hostname());
                up.setLong(6, System.currentTimeMillis());
                up.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void delete(Mac mac) {
        write.accept(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM lease WHERE mac = ?")) {
                st.setString(1, mac.hex());
                st.executeUpdate();
            }
            return null;
        });
    }
}
