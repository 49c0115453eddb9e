package org.phoneflasher.dhcp;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.phoneflasher.Timers;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the box may answer DHCP on its phone port: when forced, or when no other server answered its probes. The
 * first probe opens the gate after its quick part, so a phone plugged in at power-up gets an address at once, and
 * closes it again if a slower server answers before the probe ends; later probes repeat every few seconds.
 */
public final class DhcpGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpGate.class);
    private static final String OVERRIDE = "; not serving DHCP (TFTP and HTTP still served; --force-dhcp overrides)";

    private final DhcpSettings settings;
    private final EventBus events;
    private final RogueGuard guard;
    private final ScheduledExecutorService timer = Timers.daemon("dhcp-guard");
    private volatile DhcpStatus status = new DhcpStatus(false, "not started");
    /** A probe asked for by {@link #otherServerNamed} is waiting to run: more asks add none. */
    private final AtomicBoolean probeAsked = new AtomicBoolean();

    /** Whether the box answers DHCP on its port, and why. */
    public record DhcpStatus(boolean serving, String reason) {}

    public DhcpGate(DhcpSettings settings, EventBus events) {
        this.settings = settings;
        this.events = events;
        this.guard = new RogueGuard(settings.port(), settings.guardQuick(), settings.guardWait());
    }

    /** Starts probing in the background; returns at once. */
    public void start() {
        String port = settings.port().name();
        if (settings.force()) {
            setStatus(true, "forced with --force-dhcp; the link is not checked for other servers");
            return;
        }
        setStatus(false, "checking " + port + " for other DHCP servers");
        timer.execute(() -> check(() -> setStatus(true, "no other DHCP server answered within "
                + settings.guardQuick().toMillis() + " ms on " + port + "; still listening")));
        if (!settings.guardEvery().isZero()) {
            long every = settings.guardEvery().toMillis();
            timer.scheduleWithFixedDelay(() -> check(() -> {}), every, every, TimeUnit.MILLISECONDS);
        }
    }

    public DhcpStatus status() {
        return status;
    }

    public boolean open() {
        return status.serving();
    }

    /**
     * A client named another server, e.g. a REQUEST for its offer. Any device can say that, so it closes nothing: the
     * link is probed at once, and only a reply from another server's address closes the gate. Asks while a probe waits
     * are folded into it, so a flood of them runs probes back to back at most.
     */
    void otherServerNamed(String what) {
        if (!settings.force() && probeAsked.compareAndSet(false, true)) {
            LOG.info("{}: probing {} for other DHCP servers", what, settings.port().name());
            try {
                timer.execute(() -> {
                    probeAsked.set(false);
                    check(() -> {});
                });
            } catch (RejectedExecutionException e) {
                // the box is stopping: no more probes
            }
        }
    }

    private void check(Runnable quietSoFar) {
        Optional<String> foreign;
        try {
            foreign = guard.probe(quietSoFar);
        } catch (IOException e) {
            // Without a probe the box cannot know the link is safe: stay silent.
            setStatus(false, "could not probe " + settings.port().name() + " for other DHCP servers: " + e.getMessage());
            return;
        }
        if (foreign.isPresent()) {
            setStatus(false, foreign.get() + OVERRIDE);
        } else {
            setStatus(true, "no other DHCP server answered on " + settings.port().name());
        }
    }

    private synchronized void setStatus(boolean serving, String reason) {
        DhcpStatus previous = status;
        status = new DhcpStatus(serving, reason);
        if (previous.serving() != serving || !previous.reason().equals(reason)) {
            events.publish(new Event.DhcpServing(Instant.now(), serving, reason));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
