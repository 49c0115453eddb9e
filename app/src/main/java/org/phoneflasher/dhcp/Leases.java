package org.phoneflasher.dhcp;

import java.util.List;
import org.phoneflasher.net.Mac;

/** Where the pool keeps its bindings so they survive a restart: the store implements it, tests keep them in memory. */
public interface Leases {
    List<Lease> all();

    /** Stores a binding; an address moving to a new MAC drops the old MAC's binding with it. */
    void save(Lease lease);

    void delete(Mac mac);
}
