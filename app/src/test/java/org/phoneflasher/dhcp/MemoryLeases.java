package org.phoneflasher.dhcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phoneflasher.net.Mac;

/** Bindings kept in memory, for tests of the pool without a database; a second pool on the same instance is a restart. */
final class MemoryLeases implements Leases {
    private final Map<Mac, Lease> byMac = new LinkedHashMap<>();

    @Override
    public synchronized List<Lease> all() {
        return new ArrayList<>(byMac.values());
    }

    @Override
    public synchronized void save(Lease lease) {
        byMac.values().removeIf(other -> other.ip().equals(lease.ip()) && !other.mac().equals(lease.mac()));
        byMac.put(lease.mac(), lease);
    }

    @Override
    public synchronized void delete(Mac mac) {
        byMac.remove(mac);
    }
}
