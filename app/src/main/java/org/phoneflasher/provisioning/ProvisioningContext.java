package org.phoneflasher.provisioning;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.phoneflasher.files.Content;
import org.phoneflasher.net.Mac;

/**
 * What {@link GeneratedConfigs} needs from the running box, asked afresh on every request so a new stick, a new
 * phones.csv or a phone's model learnt from DHCP counts at once. The box implements it; tests implement it with
 * fixed values. MACs are twelve upper-case hex digits, as the DHCP leases spell them.
 */
public interface ProvisioningContext {

    /** The current profiles and phones (read again when the stick changes). */
    Profiles profiles();

    /** Model ("7965") → the load name a phone of that model is flashed to; models without a complete target absent. */
    Map<String, String> targetLoads();

    /** The model a phone told the box in DHCP option 60 ("7965"), if it did. */
    Optional<String> modelOf(Mac mac);

    /**
     * The load this phone should fetch now: its model's target today; an upgrade planner can answer an intermediate
     * load here instead. Empty leaves the phone on the load it runs.
     */
    Optional<String> loadFor(Mac mac, String model);

    /**
     * The load a factory-reset phone of this model, asking from this address, should take now: the next step of its
     * plan (an intermediate load where one is needed, else the target). Empty: none now.
     */
    default Optional<String> defaultLoadFor(String model, InetAddress from) {
        return Optional.ofNullable(targetLoads().get(model));
    }

    /** A file of the stick as it would be served to {@code from}, if it is there. */
    default Optional<Content> stickFile(String name, InetAddress from) {
        return Optional.empty();
    }

    /** The load the box knows this phone runs (its page said so, or it came back from a flash), if it knows. */
    default Optional<String> runningLoad(Mac mac) {
        return Optional.empty();
    }

    /** The config just made for this phone names this load (empty: none, the phone stays on what it runs). */
    default void configNamed(Mac mac, Optional<String> load) {}

    /**
     * Something still being learnt about this phone that its config depends on (its current load, asked from its own
     * page): the config is made once it completes. Empty when there is nothing to wait for.
     *
     * @param name the config {@code from} asked for, {@code mac}'s own
     */
    default Optional<CompletionStage<?>> learning(Mac mac, String name, InetAddress from) {
        return Optional.empty();
    }

    /** The box's address on the phone port: the SIP server when a profile names none, and the host of its web page. */
    Inet4Address boxAddress();

    /** The port of the box's web page (--http-port). */
    int httpPort();

    /**
     * Whether a config holding this phone's password may go to {@code requester}: while the box leases addresses, only
     * to the one it leased to that MAC; with DHCP left to another server, to whoever asks (README, "Secrets").
     */
    boolean maySendSecrets(Mac mac, InetAddress requester);

    /**
     * A few words on where this phone's flash stands ("Flash 42%"), shown as its phoneLabel while the box is working
     * on it; empty once it is done, so the profile's own label shows.
     */
    default Optional<String> stateLabel(Mac mac) {
        return Optional.empty();
    }

    /**
     * The box's bench registrar, when flasher.conf's bench.register is on (the default): a phone on its target gets a
     * config naming it as its SIP server until it has registered there. Empty: no bench step.
     */
    default Optional<SepConfig.Bench> benchRegistrar() {
        return Optional.empty();
    }

    /**
     * Since when this phone's configs are its home ones: it registered on the bench (it is then told to fetch its
     * config again, and what it fetches it keeps). Empty while it has not.
     */
    default Optional<java.time.Instant> homeSince(Mac mac) {
        return Optional.empty();
    }

    /** The phone the box knows at this address, for a file every phone asks for by one name (syncinfo.xml). */
    default Optional<Mac> macAt(InetAddress address) {
        return Optional.empty();
    }
}
