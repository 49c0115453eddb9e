package org.phoneflasher.sip;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipStack;

/**
 * JAIN-SIP stacks as the box and the simulated phone use them: NIST's reference implementation, its logging through
 * slf4j, and limits against a broken or hostile peer (message size over TCP, connections, transactions, threads).
 * Each stack gets its own factory and name, so a box and a sim in one JVM (the tests) never share one.
 */
public final class SipStacks {
    /** A REGISTER is under 2 KB; a peer's stream that grows past this without a message's end is cut off. */
    public static final int MAX_MESSAGE_SIZE = 16 * 1024;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SipStacks() {}

    /** A stack and the factory whose address, header and message factories go with it. */
    public record Stack(SipFactory factory, SipStack stack) {}

    public static Stack create(String name) throws PeerUnavailableException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name + "-" + COUNTER.incrementAndGet());
        // No dialogs: the registrar answers REGISTERs and sends one out-of-dialog NOTIFY; the sim takes that NOTIFY.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipLog.Messages.class.getName());
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(MAX_MESSAGE_SIZE));
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "32");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "256");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "64");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // A TCP peer that starts a message and stalls is dropped after this (ms), not held for ever.
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "5000");
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "true");
        return new Stack(factory, factory.createSipStack(p));
    }

    /**
     * Stops a stack, also one stopped right after its start. JAIN-SIP's UDP processor fills its channel list on a
     * thread of its own after start(), so stop() can meet that list null or changing and throw after closing only the
     * UDP socket; the stack takes each processor off its list before stopping it, so stopping again goes on with the
     * rest (the TCP listener) instead of leaving it bound.
     */
    public static void stop(SipStack stack) {
        for (int attempt = 1;; attempt++) {
            try {
                stack.stop();
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
