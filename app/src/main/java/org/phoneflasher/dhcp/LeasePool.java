package org.phoneflasher.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;

/**
 * Addresses of the pool and who holds them. A MAC keeps its address across expiry and restarts; a new MAC gets a
 * never-used address first, then the one that expired longest ago (a non-phone's before a phone's).
 *
 * <p>Any device on the link can send any DHCP packet under any MAC, so nothing one client says may take the pool from
 * the phones: clients that are not phones (no Cisco option 60, never asked the box for a file) hold at most half the
 * pool, for {@link #OTHER_LEASE_SECONDS} at a time; a REQUEST is granted only for the address the pool bound to that
 * MAC (offered, or leased before); DECLINE and RELEASE count only from the MAC holding the address; and at most a
 * quarter of the pool is ever set aside as declined.
 */
public final class LeasePool {
    /** How long an offered address is held for the REQUEST that should follow. */
    static final long OFFER_HOLD_MILLIS = 60_000;
    /** A declined address is probably in use by a host we don't know: leave it alone for a while. */
    static final long DECLINE_HOLD_MILLIS = 10 * 60_000;
    /** The lease time for a client that is not known to be a phone: a flood of them is gone in minutes. */
    static final long OTHER_LEASE_SECONDS = 300;

    private final Leases store;
    private final int first;
    private final int last;
    private final int boxAddress;
    private final Clock clock;
    /** Active bindings of clients that are not phones, at most: the rest of the pool is kept for phones. */
    private final int otherLimit;
    /** Declined addresses set aside at once, at most. */
    private final int declineLimit;
    private final Map<Mac, Lease> byMac = new HashMap<>();
    private final Map<Integer, Lease> byIp = new HashMap<>();
    /** Oldest first; at most {@link #declineLimit} entries, each for an address of the pool. */
    private final Map<Integer, Long> declinedUntil = new LinkedHashMap<>();
    /** MACs that asked for a file from the address they hold: phones whatever their option 60 says (not stored). */
    private final Set<Mac> askedForFile = new HashSet<>();

    /**
     * What the pool answered: the binding it made, with the lease time to put in the reply, or why it made none.
     *
     * @param seconds the lease time the reply states (what the client asked the box for, or the short one)
     */
    public record Answer(Lease lease, long seconds, String refusal) {
        static Answer refused(String why) {
            return new Answer(null, 0, why);
        }

        public boolean given() {
            return lease != null;
        }

        public Inet4Address address() {
            if (lease == null) {
                throw new IllegalStateException("refused: " + refusal);
            }
            return lease.ip();
        }
    }

    public LeasePool(Leases store, PoolRange range, Inet4Address boxAddress, Clock clock) {
        this.store = store;
        this.first = Ipv4.toInt(range.first());
        this.last = Ipv4.toInt(range.last());
        this.boxAddress = Ipv4.toInt(boxAddress);
        this.clock = clock;
        long size = Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1 - (inRange(this.boxAddress) ? 1 : 0);
        this.otherLimit = (int) Math.max(1, size / 2);
        this.declineLimit = (int) Math.max(1, size / 4);
        for (Lease lease : store.all()) {
            index(lease);
        }
    }

    /** Picks an address for a DISCOVER and holds it for the REQUEST. */
    public synchronized Answer offer(Mac mac, Inet4Address requested, String vendorClass, String hostname, long leaseSeconds) {
        long now = clock.millis();
        boolean phone = phone(mac, vendorClass);
        Optional<String> crowded = crowded(mac, phone, now);
        if (crowded.isPresent()) {
            return Answer.refused(crowded.get());
        }
        Optional<Integer> chosen = pick(mac, requested, now);
        if (chosen.isEmpty()) {
            return Answer.refused("address pool exhausted");
        }
        Lease current = byMac.get(mac);
        long expires = current != null && current.activeAt(now) && ipOf(current) == chosen.get()
                ? current.expiresAt()
                : now + OFFER_HOLD_MILLIS;
        Lease bound = bind(new Lease(mac, Ipv4.address(chosen.get()), expires, vendorClass, hostname));
        return new Answer(bound, secondsFor(phone, leaseSeconds), null);
    }

    /**
     * Grants an address for a REQUEST (RFC 2131 4.3.2): only the address this MAC is bound to, offered or leased
     * before, and only while no other client holds it. A REQUEST from a MAC the pool never bound is refused (→ NAK),
     * however free the address: a client without a binding starts again with a DISCOVER.
     */
    public synchronized Answer confirm(Mac mac, Inet4Address address, long leaseSeconds, String vendorClass,
            String hostname) {
        long now = clock.millis();
        int ip = Ipv4.toInt(address);
        Lease own = byMac.get(mac);
        if (own == null || ipOf(own) != ip) {
            return Answer.refused(byIp.containsKey(ip) ? "address is bound to another client" : "no offer was made for this address");
        }
        if (!availableFor(mac, ip, now)) {
            return Answer.refused("address is declined or not in the pool");
        }
        boolean phone = phone(mac, vendorClass);
        Optional<String> crowded = crowded(mac, phone, now);
        if (crowded.isPresent()) {
            return Answer.refused(crowded.get());
        }
        long seconds = secondsFor(phone, leaseSeconds);
        Lease bound = bind(new Lease(mac, address, now + seconds * 1000, vendorClass, hostname));
        return new Answer(bound, seconds, null);
    }

    /** The holder gave its address back; the binding stays so it gets the same one next time. */
    public synchronized Optional<Lease> release(Mac mac, Inet4Address address) {
        Lease lease = byMac.get(mac);
        long now = clock.millis();
        if (lease == null || address == null || ipOf(lease) != Ipv4.toInt(address) || !lease.activeAt(now)) {
            return Optional.empty();
        }
        Lease expired = lease.until(now);
        bind(expired);
        return Optional.of(expired);
    }

    /**
     * The holder found the address in use: forget the binding and keep the address out of the pool for a while. A
     * DECLINE from any other MAC, or for an address the MAC does not hold, changes nothing.
     */
    public synchronized Optional<Lease> decline(Mac mac, Inet4Address address) {
        int ip = Ipv4.toInt(address);
        Lease lease = byMac.get(mac);
        long now = clock.millis();
        if (lease == null || ipOf(lease) != ip || !inPool(address) || !lease.activeAt(now)) {
            return Optional.empty();
        }
        declinedUntil.values().removeIf(until -> until <= now);
        declinedUntil.remove(ip);
        for (Iterator<Integer> oldest = declinedUntil.keySet().iterator(); declinedUntil.size() >= declineLimit; ) {
            oldest.next();
            oldest.remove();
        }
        declinedUntil.put(ip, now + DECLINE_HOLD_MILLIS);
        unbind(lease);
        store.delete(mac);
        return Optional.of(lease);
    }

    /** A file was asked for from {@code client}: the MAC holding that address counts as a phone from now on. */
    public synchronized void fileAskedBy(InetAddress client) {
        if (!(client instanceof Inet4Address v4)) {
            return;
        }
        Lease holder = byIp.get(Ipv4.toInt(v4));
        if (holder != null && holder.activeAt(clock.millis())) {
            askedForFile.add(holder.mac());
        }
    }

    /** Addresses set aside as declined right now (bounded: at most a quarter of the pool). */
    synchronized int declinedCount() {
        long now = clock.millis();
        return (int) declinedUntil.values().stream().filter(until -> until > now).count();
    }

    public synchronized Optional<Lease> leaseOf(Mac mac) {
        return Optional.ofNullable(byMac.get(mac));
    }

    public synchronized List<Lease> leases() {
        List<Lease> all = new ArrayList<>(byMac.values());
        all.sort(Comparator.comparing(lease -> lease.mac().hex()));
        return all;
    }

    public boolean inPool(Inet4Address address) {
        int ip = Ipv4.toInt(address);
        return inRange(ip) && ip != boxAddress;
    }

    /** A phone by its option 60 (now or in its stored binding), or by having asked the box for a file. */
    private boolean phone(Mac mac, String vendorClass) {
        if (VendorClass.phone(vendorClass) || askedForFile.contains(mac)) {
            return true;
        }
        Lease own = byMac.get(mac);
        return own != null && VendorClass.phone(own.vendorClass());
    }

    private long secondsFor(boolean phone, long asked) {
        return phone ? asked : Math.min(asked, OTHER_LEASE_SECONDS);
    }

    /** Why a client that is not a phone gets nothing now: the other clients hold their share. Phones always pass. */
    private Optional<String> crowded(Mac mac, boolean phone, long now) {
        if (phone) {
            return Optional.empty();
        }
        Lease own = byMac.get(mac);
        if (own != null && own.activeAt(now)) {
            return Optional.empty(); // renewing what it holds takes nothing more
        }
        int others = 0;
        for (Lease lease : byMac.values()) {
            if (lease.activeAt(now) && !phone(lease.mac(), lease.vendorClass())) {
                others++;
            }
        }
        return others < otherLimit ? Optional.empty()
                : Optional.of("the " + otherLimit + " addresses for clients that are not phones are taken");
    }

    private Optional<Integer> pick(Mac mac, Inet4Address requested, long now) {
        Lease own = byMac.get(mac);
        if (own != null && availableFor(mac, ipOf(own), now)) {
            return Optional.of(ipOf(own));
        }
        // A requested address is honoured when nobody else is bound to it: not even an expired phone's binding.
        if (requested != null && availableFor(mac, Ipv4.toInt(requested), now) && !byIp.containsKey(Ipv4.toInt(requested))) {
            return Optional.of(Ipv4.toInt(requested));
        }
        Lease oldestOther = null;
        Lease oldestPhone = null;
        for (long ip = Integer.toUnsignedLong(first); ip <= Integer.toUnsignedLong(last); ip++) {
            int candidate = (int) ip;
            if (!availableFor(mac, candidate, now)) {
                continue;
            }
            Lease holder = byIp.get(candidate);
            if (holder == null) {
                return Optional.of(candidate);
            }
            if (phone(holder.mac(), holder.vendorClass())) {
                oldestPhone = older(oldestPhone, holder);
            } else {
                oldestOther = older(oldestOther, holder);
            }
        }
        Lease reuse = oldestOther != null ? oldestOther : oldestPhone;
        return reuse == null ? Optional.empty() : Optional.of(ipOf(reuse));
    }

    private static Lease older(Lease a, Lease b) {
        return a == null || b.expiresAt() < a.expiresAt() ? b : a;
    }

    private boolean availableFor(Mac mac, int ip, long now) {
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

    private static int ipOf(Lease lease) {
        return Ipv4.toInt(lease.ip());
    }

    private Lease bind(Lease binding) {
        Lease previousOwn = byMac.get(binding.mac());
        Lease lease = previousOwn == null ? binding : binding.keepingDetailsOf(previousOwn);
        Lease previousHolder = byIp.get(ipOf(lease));
        if (previousHolder != null && !previousHolder.mac().equals(lease.mac())) {
            byMac.remove(previousHolder.mac());
            askedForFile.remove(previousHolder.mac());
        }
        if (previousOwn != null) {
            byIp.remove(ipOf(previousOwn));
        }
        store.save(lease);
        index(lease);
        return lease;
    }

    private void unbind(Lease lease) {
        byMac.remove(lease.mac());
        byIp.remove(ipOf(lease));
        askedForFile.remove(lease.mac());
    }

    private void index(Lease lease) {
        byMac.put(lease.mac(), lease);
        byIp.put(ipOf(lease), lease);
    }
}
