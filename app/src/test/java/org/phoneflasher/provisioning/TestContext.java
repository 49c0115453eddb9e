package org.phoneflasher.provisioning;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.phoneflasher.net.Mac;

/** A box with fixed answers: profiles, targets per model, the models DHCP reported per MAC. */
record TestContext(Profiles profiles, Map<String, String> targetLoads, Map<String, String> models, Inet4Address boxAddress,
        int httpPort) implements ProvisioningContext {

    static final Map<String, String> TARGETS = Map.ofEntries(Map.entry("7941", "SIP41.9-4-2SR3-1S"),
            Map.entry("7961", "SIP41.9-4-2SR3-1S"), Map.entry("7942", "SIP42.9-4-2SR3-1S"), Map.entry("7962", "SIP42.9-4-2SR3-1S"),
            Map.entry("7945", "SIP45.9-4-2SR3-1S"), Map.entry("7965", "SIP45.9-4-2SR3-1S"), Map.entry("7970", "SIP70.9-4-2SR3-1S"),
            Map.entry("7971", "SIP70.9-4-2SR3-1S"), Map.entry("7975", "SIP75.9-4-2SR3-1S"), Map.entry("7940", "P0S3-8-12-00"),
            Map.entry("7960", "P0S3-8-12-00"));

    static TestContext of(Profiles profiles, Map<String, String> models) {
        return new TestContext(profiles, TARGETS, models, address("10.99.0.1"), 80);
    }

    static Inet4Address address(String ip) {
        try {
            return (Inet4Address) InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> modelOf(Mac mac) {
        return Optional.ofNullable(models.get(mac.hex()));
    }

    /** A box that leaves DHCP to another server: anyone may have a phone's config. */
    @Override
    public boolean maySendSecrets(Mac mac, InetAddress requester) {
        return true;
    }

    @Override
    public Optional<String> loadFor(Mac mac, String model) {
        return Optional.ofNullable(targetLoads.get(model));
    }
}
