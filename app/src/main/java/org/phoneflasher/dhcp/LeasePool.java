package org.phoneflasher.dhcp;

import java.net.Inet4Address;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.store.LeaseStore;

/**
 * Addresses of the pool and who holds them. A MAC keeps its address across expiry and restarts; a new MAC gets a
 * never-used address first and only then the one that expired longest ago.
 */
public final class LeasePool {
    /** How long an offered address is held for the REQUEST that should follow. */
    static final long OFFER_HOLD_MILLIS = 60_000;
    /** A declined address is probably in use by a host we don't know: leave it alone for a while. */
    static final long DECLINE_HOLD_MILLIS = 10 * 60_000;

    private final LeaseStore store;
    private final int first;
    private final int last;
    private final int boxAddress;
    private final Clock clock;
    private final Map<String, Lease> byMac = new HashMap<>();
    private final Map<Integer, Lease> byIp = new HashMap<>();
    private final Map<Integer, Long> declinedUntil = new HashMap<>();

    public LeasePool(LeaseStore store, PoolRange range, Inet4Address boxAddress, Clock clock) {
        this.store = store;
        this.first = Ipv4.toInt(range.first());
        this.last = Ipv4.toInt(range.last());
        this.boxAddress = Ipv4.toInt(boxAddress);
        this.clock = clock;
        for (Lease lease : store.all()) {
            index(lease);
        }
    }

    /** Picks an address for a DISCOVER and holds it for the REQUEST. Empty when the pool is exhausted. */
    public synchronized Optional<Inet4Address> offer(String mac, Inet4Address requested, String vendorClass, String hostname) {
        long now = clock.millis();
        Optional<Integer> chosen = pick(mac, requested, now);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Lease current = byMac.get(mac);
        long expires = current != null && current.activeAt(now) && Ipv4.toInt(Ipv4.parse(current.ip())) == chosen.get()
                ? current.expiresAt()
                : now + OFFER_HOLD_MILLIS;
        bind(new Lease(mac, Ipv4.address(chosen.get()).getHostAddress(), expires, vendorClass, hostname));
        return Optional.of(Ipv4.address(chosen.get()));
    }

    /** Grants an address for a REQUEST; empty (→ NAK) when it is not ours to give to this MAC. */
    public synchronized Optional<Lease> confirm(String mac, Inet4Address address, long leaseSeconds, String vendorClass,
            String hostname) {
        long now = clock.millis();
        int ip = Ipv4.toInt(address);
        if (!availableFor(mac, ip, now)) {
            return Optional.empty();
        }
        Lease lease = new Lease(mac, address.getHostAddress(), now + leaseSeconds * 1000, vendorClass, hostname);
        bind(lease);
        return Optional.of(lease);
    }

    /** The phone gave its address back; the binding stays so it gets the same one next time. */
    public synchronized Optional<Lease> release(String mac) {
        Lease lease = byMac.get(mac);
        if (lease == null) {
            return Optional.empty();
        }
        Lease expired = lease.until(clock.millis());
        bind(expired);
        return Optional.of(expired);
    }

    /** The phone found the address in use: forget the binding and keep the address out of the pool for a while. */
    public synchronized Optional<Lease> decline(String mac, Inet4Address address) {
        int ip = Ipv4.toInt(address);
        declinedUntil.put(ip, clock.millis() + DECLINE_HOLD_MILLIS);
        Lease lease = byMac.get(mac);
        if (lease == null || Ipv4.toInt(Ipv4.parse(lease.ip())) != ip) {
            return Optional.empty();
        }
        byMac.remove(mac);
        byIp.remove(ip);
        store.delete(mac);
        return Optional.of(lease);
    }

    public synchronized Optional<Lease> leaseOf(String mac) {
        return Optional.ofNullable(byMac.get(mac));
    }

    public synchronized List<Lease> leases() {
        List<Lease> all = new ArrayList<>(byMac.values());
        all.sort(Comparator.comparing(Lease::mac));
        return all;
    }

    public boolean inPool(Inet4Address address) {
        int ip = Ipv4.toInt(address);
        return inRange(ip) && ip != boxAddress;
    }

    private Optional<Integer> pick(String mac, Inet4Address requested, long now) {
        Lease own = byMac.get(mac);
        if (own != null) {
            int ip = Ipv4.toInt(Ipv4.parse(own.ip()));
            if (availableFor(mac, ip, now)) {
                return Optional.of(ip);
            }
        }
        if (requested != null && availableFor(mac, Ipv4.toInt(requested), now)) {
            return Optional.of(Ipv4.toInt(requested));
        }
        Lease oldestExpired = null;
        for (long ip = Integer.toUnsignedLong(first); ip <= Integer.toUnsignedLong(last); ip++) {
            int candidate = (int) ip;
            if (!availableFor(mac, candidate, now)) {
                continue;
            }
            Lease holder = byIp.get(candidate);
            if (holder == null) {
                return Optional.of(candidate);
            }
            if (oldestExpired == null || holder.expiresAt() < oldestExpired.expiresAt()) {
                oldestExpired = holder;
            }
        }
        return oldestExpired == null ? Optional.empty() : Optional.of(Ipv4.toInt(Ipv4.parse(oldestExpired.ip())));
    }

    private boolean availableFor(String mac, int ip, long now) {
        if (!inRange(ip) || ip == boxAddress) {
            return false;
        }
        Long declined = declinedUntil.get(ip);
        if (declined != null && declined > now) {
            return false;
        }
        Lease holder = byIp.get(ip);
        return holder == null || holder.mac().equals(mac) || !holder.activeAt(now);
    }

    private boolean inRange(int ip) {
        return Integer.compareUnsigned(ip, first) >= 0 && Integer.compareUnsigned(ip, last) <= 0;
    }

    private void bind(Lease binding) {
        Lease previousOwn = byMac.get(binding.mac());
        Lease lease = previousOwn == null ? binding : binding.keepingDetailsOf(previousOwn);
        int ip = Ipv4.toInt(Ipv4.parse(lease.ip()));
        Lease previousHolder = byIp.get(ip);
        if (previousHolder != null && !previousHolder.mac().equals(lease.mac())) {
            byMac.remove(previousHolder.mac());
        }
        if (previousOwn != null) {
            byIp.remove(Ipv4.toInt(Ipv4.parse(previousOwn.ip())));
        }
        store.save(lease);
        index(lease);
    }

    private void index(Lease lease) {
        byMac.put(lease.mac(), lease);
        byIp.put(Ipv4.toInt(Ipv4.parse(lease.ip())), lease);
    }
}
