package org.phoneflasher.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box as a SIP registrar for the phones on its bench, and nothing more: it accepts the REGISTER of a line the
 * box generated (digest auth with that line's password; the placeholder line of a phone phones.csv does not list has
 * none), from the address the box knows that phone at, and tells the phone to fetch its config again (NOTIFY
 * check-sync) while the tracker waits for it to take its home config. It forwards nothing, calls nobody and sends
 * only to phones that registered, at the address they registered from. Everything else gets its SIP answer and
 * changes nothing: 401 (challenge; stale, unknown or replayed nonce), 403 (wrong password or user name, or not from
 * the phone's address), 404 (no such line), 405 (any other method), 400 (malformed: JAIN-SIP's parser answers it).
 * Requests from outside the phone port's subnet are dropped unanswered. It runs on JAIN-SIP's threads; the
 * NOTIFYs go out from a thread of its own, so nothing here waits on the DHCP or TFTP path, nor they on it.
 */
public final class BenchRegistrar implements SipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRegistrar.class);
    public static final int PORT = 5060;
    static final String REALM = "phoneflasher";
    /** A nonce older than this is stale: the phone takes a fresh one (stale=true) and tries again. */
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    /**
     * Registrations are granted for at most this long, so a phone that missed a NOTIFY registers again soon and is
     * told again (RFC 3261 10.3: a registrar may shorten the expiry).
     */
    static final int MAX_EXPIRES = 120;
    /** A phone told to fetch its config is not told again sooner than this. */
    static final Duration NOTIFY_EVERY = Duration.ofSeconds(20);
    /** Refusals logged (as events) at most this often on average, so a flood cannot fill the event list. */
    static final Duration REFUSAL_EVERY = Duration.ofSeconds(1);
    static final int REFUSAL_BURST = 20;

    /** A phone's current registration: where to reach it. */
    record Binding(Mac mac, String user, URI contact, InetAddress source, int port, String transport, Instant notified) {}

    private final InetSocketAddress bind;
    private final Predicate<InetAddress> onLink;
    private final BenchLines lines;
    private final Predicate<Mac> awaitingHome;
    private final EventBus events;
    private final Clock clock;
    private final Nonces nonces = new Nonces(NONCE_LIFETIME);
    private final Map<Mac, Binding> bindings = new ConcurrentHashMap<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sip-notify");
        t.setDaemon(true);
        return t;
    });
    private final Object refusalLock = new Object();
    private Instant refusalCredit = Instant.EPOCH;

    private SipStack stack;
    private SipProvider provider;
    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;

    /**
     * @param bind         the phone port's address and the SIP port (UDP and TCP)
     * @param onLink       whether an address is on the phone port's subnet: requests from elsewhere are dropped
     * @param awaitingHome whether this phone should be told to fetch its config (it registered on the bench and has
     *                     not taken its home config yet); asked after each registration is published
     */
    public BenchRegistrar(InetSocketAddress bind, Predicate<InetAddress> onLink, BenchLines lines, Predicate<Mac> awaitingHome, EventBus events,
            Clock clock) {
        this.bind = bind;
        this.onLink = onLink;
        this.lines = lines;
        this.awaitingHome = awaitingHome;
        this.events = events;
        this.clock = clock;
    }

    public void start() throws SipException {
        try {
            SipStacks.Stack s = SipStacks.create("bench");
            stack = s.stack();
            addresses = s.factory().createAddressFactory();
            headers = s.factory().createHeaderFactory();
            messages = s.factory().createMessageFactory();
            String host = bind.getAddress().getHostAddress();
            ListeningPoint udp = stack.createListeningPoint(host, bind.getPort(), ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(host, bind.getPort(), ListeningPoint.TCP);
            provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addSipListener(this);
            stack.start();
        } catch (javax.sip.PeerUnavailableException | javax.sip.InvalidArgumentException | java.util.TooManyListenersException
                | javax.sip.ObjectInUseException | javax.sip.TransportNotSupportedException e) {
            close();
            throw new SipException("the bench registrar cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        LOG.info("bench registrar on {} (UDP and TCP)", bind);
    }

    @Override
    public void close() {
        notifier.shutdownNow();
        if (stack != null) {
            SipStacks.stop(stack);
            stack = null;
        }
    }

    /** The phones registered now, for tests and the log. */
    Optional<Binding> binding(Mac mac) {
        return Optional.ofNullable(bindings.get(mac));
    }

    // --- requests

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        InetAddress source = source(request);
        if (source == null || !onLink.test(source)) {
            LOG.debug("SIP {} from {} dropped: not on the phone port's subnet", request.getMethod(), source);
            return;
        }
        try {
            // The stack reads a datagram into a buffer of MAX_MESSAGE_SIZE and parses what fits: one that filled it was
            // longer, and is refused rather than taken cut short. Over TCP the stack itself drops a longer message.
            int size = ((SIPRequest) request).getSize();
            if (size >= SipStacks.MAX_MESSAGE_SIZE || request.getContentLength() != null
                    && request.getContentLength().getContentLength() > SipStacks.MAX_MESSAGE_SIZE) {
                // 513 for a message too long to handle (RFC 3261 21.5.14); 413 for a body too large (21.4.11).
                int status = size >= SipStacks.MAX_MESSAGE_SIZE ? Response.MESSAGE_TOO_LARGE : Response.REQUEST_ENTITY_TOO_LARGE;
                refused(source, request.getMethod(), null, status, "larger than " + SipStacks.MAX_MESSAGE_SIZE + " bytes");
                if (!Request.ACK.equals(request.getMethod())) {
                    answer(event, status, r -> {});
                }
                return;
            }
            switch (request.getMethod()) {
                case Request.ACK -> {
                    // No answer to an ACK; the stack matches those of our final answers itself.
                }
                case Request.REGISTER -> register(event, request, source);
                default -> {
                    refused(source, request.getMethod(), null, Response.METHOD_NOT_ALLOWED, "only REGISTER is answered here");
                    answer(event, Response.METHOD_NOT_ALLOWED, r -> r.addHeader(headers.createAllowHeader(Request.REGISTER)));
                }
            }
        } catch (ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            // A request the parser let through but the box cannot take apart: a client error, said as one.
            LOG.debug("SIP {} from {}: {}", request.getMethod(), source.getHostAddress(), e.toString());
            refused(source, request.getMethod(), null, Response.BAD_REQUEST, "cannot be read: " + e.getMessage());
            answerQuietly(event, Response.BAD_REQUEST);
        }
    }

    private void register(RequestEvent event, Request request, InetAddress source) throws ParseException, javax.sip.InvalidArgumentException {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        String user = to.getAddress().getURI() instanceof SipURI sip ? sip.getUser() : null;
        if (user == null || user.isEmpty()) {
            refused(source, Request.REGISTER, null, Response.NOT_FOUND, "no SIP user in To");
            answer(event, Response.NOT_FOUND, r -> {});
            return;
        }
        Optional<BenchLines.Line> found = lines.line(user, source);
        if (found.isEmpty()) {
            refused(source, Request.REGISTER, user, Response.NOT_FOUND, "no line of this box has that user");
            answer(event, Response.NOT_FOUND, r -> {});
            return;
        }
        BenchLines.Line line = found.get();
        if (line.phoneAddress().filter(source::equals).isEmpty()) {
            refused(source, Request.REGISTER, user, Response.FORBIDDEN, line.phoneAddress().isEmpty() ? "the box has not seen "
                    + line.mac().hex() + " on its link" : "not from " + line.mac().hex() + "'s address");
            answer(event, Response.FORBIDDEN, r -> {});
            return;
        }
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null || !"Digest".equalsIgnoreCase(auth.getScheme())) {
            challenge(event, source, false);
            return;
        }
        String qop = auth.getQop();
        if (qop != null && !qop.equalsIgnoreCase("auth")) {
            refused(source, Request.REGISTER, user, Response.UNAUTHORIZED, "qop " + qop + " is not offered");
            challenge(event, source, false);
            return;
        }
        String nc = qop == null ? null : auth.getParameter("nc");
        long count = qop == null ? 0 : nonceCount(nc);
        Instant now = clock.instant();
        Nonces.Verdict verdict = nonces.check(auth.getNonce(), source, count, now);
        if (verdict != Nonces.Verdict.FRESH) {
            refused(source, Request.REGISTER, user, Response.UNAUTHORIZED, switch (verdict) {
                case STALE -> "stale nonce";
                case REPLAYED -> "nonce used again (replay)";
                default -> "nonce the box did not issue to this address";
            });
            challenge(event, source, verdict == Nonces.Verdict.STALE);
            return;
        }
        nonces.spend(auth.getNonce(), count);
        String uri = Optional.ofNullable(auth.getParameter("uri")).map(BenchRegistrar::unquoted)
                .orElseGet(() -> auth.getURI() == null ? null : auth.getURI().toString());
        boolean right = uri != null && REALM.equals(auth.getRealm()) && line.authName().equals(auth.getUsername())
                && Digest.matches(auth.getResponse(), auth.getUsername(), auth.getRealm(), line.password().reveal(), request.getMethod(),
                        uri, auth.getNonce(), qop == null ? null : "auth", nc, auth.getCNonce());
        if (!right) {
            refused(source, Request.REGISTER, user, Response.FORBIDDEN, line.authName().equals(auth.getUsername())
                    ? "wrong password" : "wrong auth name");
            answer(event, Response.FORBIDDEN, r -> {});
            return;
        }
        accepted(event, request, source, line, user);
    }

    private void accepted(RequestEvent event, Request request, InetAddress source, BenchLines.Line line, String user)
            throws ParseException, javax.sip.InvalidArgumentException {
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null) {
            // A query of the bindings (RFC 3261 10.2.3): answered, nothing changes.
            Binding current = bindings.get(line.mac());
            answer(event, Response.OK, r -> {
                if (current != null) {
                    r.addHeader(headers.createContactHeader(addresses.createAddress(current.contact())));
                }
            });
            return;
        }
        int asked = contact.getExpires() >= 0 ? contact.getExpires()
                : request.getExpires() != null ? request.getExpires().getExpires() : 3600;
        boolean removal = contact.isWildCard() || asked == 0;
        int granted = removal ? 0 : Math.min(asked, MAX_EXPIRES);
        String transport = ((SIPRequest) request).getTopmostVia().getTransport().toUpperCase(java.util.Locale.ROOT);
        int port = ((SIPRequest) request).getPeerPacketSourcePort() > 0 ? ((SIPRequest) request).getPeerPacketSourcePort()
                : ((SIPRequest) request).getRemotePort();
        answer(event, Response.OK, r -> {
            if (!removal) {
                ContactHeader back = headers.createContactHeader(contact.getAddress());
                back.setExpires(granted);
                r.addHeader(back);
            }
            ExpiresHeader expires = headers.createExpiresHeader(granted);
            r.addHeader(expires);
        });
        if (removal) {
            bindings.remove(line.mac());
        } else {
            Binding old = bindings.get(line.mac());
            bindings.put(line.mac(), new Binding(line.mac(), user, contact.getAddress().getURI(), source, port, transport,
                    old == null ? null : old.notified()));
        }
        events.publish(new Event.SipRegistered(clock.instant(), line.mac(), user, transport, source, granted));
        if (!removal && awaitingHome.test(line.mac())) {
            notifyCheckSync(line.mac());
        }
    }

    private void challenge(RequestEvent event, InetAddress source, boolean stale) throws ParseException, javax.sip.InvalidArgumentException {
        String nonce = nonces.issue(source, clock.instant());
        answer(event, Response.UNAUTHORIZED, r -> {
            WWWAuthenticateHeader h = headers.createWWWAuthenticateHeader("Digest");
            h.setRealm(REALM);
            h.setNonce(nonce);
            h.setAlgorithm("MD5");
            h.setQop("auth");
            if (stale) {
                h.setStale(true);
            }
            r.addHeader(h);
        });
    }

    private interface Fill {
        void into(Response response) throws ParseException, javax.sip.InvalidArgumentException;
    }

    private void answer(RequestEvent event, int status, Fill fill) throws ParseException, javax.sip.InvalidArgumentException {
        Request request = event.getRequest();
        Response response = messages.createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            to.setTag(Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        }
        fill.into(response);
        try {
            ServerTransaction st = event.getServerTransaction();
            if (st == null) {
                st = provider.getNewServerTransaction(request);
            }
            st.sendResponse(response);
        } catch (TransactionAlreadyExistsException e) {
            // A retransmission of a request already answered: its transaction resends the answer.
        } catch (TransactionUnavailableException e) {
            sendStateless(response);
        } catch (SipException e) {
            LOG.debug("SIP answer {} to {} not sent: {}", status, source(request), e.toString());
        }
    }

    private void answerQuietly(RequestEvent event, int status) {
        try {
            answer(event, status, r -> {});
        } catch (ParseException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.debug("SIP answer {} not sent: {}", status, e.toString());
        }
    }

    private void sendStateless(Response response) {
        try {
            provider.sendResponse(response);
        } catch (SipException e) {
            LOG.debug("SIP answer not sent: {}", e.toString());
        }
    }

    // --- NOTIFY check-sync

    /**
     * Tells a registered phone to fetch its config (Asterisk's cisco-check-cfg: NOTIFY with Event: check-sync). It goes
     * to the address and port the REGISTER came from, never to a host the Contact names (a phone's NAT setting could
     * name one off the link).
     */
    private void notifyCheckSync(Mac mac) {
        Binding b = bindings.get(mac);
        Instant now = clock.instant();
        if (b == null || b.notified() != null && b.notified().plus(NOTIFY_EVERY).isAfter(now)) {
            return;
        }
        bindings.put(mac, new Binding(b.mac(), b.user(), b.contact(), b.source(), b.port(), b.transport(), now));
        notifier.execute(() -> sendNotify(b));
    }

    private void sendNotify(Binding b) {
        try {
            String box = bind.getAddress().getHostAddress();
            SipURI target = addresses.createSipURI(b.user(), b.source().getHostAddress());
            target.setPort(b.port());
            target.setTransportParam(b.transport().toLowerCase(java.util.Locale.ROOT));
            SipURI from = addresses.createSipURI("phoneflasher", box);
            SipURI to = addresses.createSipURI(b.user(), box);
            Request notify = messages.createRequest(target, Request.NOTIFY, provider.getNewCallId(),
                    headers.createCSeqHeader(1L, Request.NOTIFY),
                    headers.createFromHeader(addresses.createAddress(from), Long.toHexString(System.nanoTime())),
                    headers.createToHeader(addresses.createAddress(to), null),
                    List.of(headers.createViaHeader(box, bind.getPort(), b.transport().toLowerCase(java.util.Locale.ROOT), null)),
                    headers.createMaxForwardsHeader(70));
            notify.addHeader(headers.createEventHeader("check-sync"));
            // RFC 6665 wants a Subscription-State on every NOTIFY; this one answers no subscription.
            notify.addHeader(headers.createSubscriptionStateHeader("terminated"));
            SipURI self = addresses.createSipURI("phoneflasher", box);
            self.setPort(bind.getPort());
            notify.addHeader(headers.createContactHeader(addresses.createAddress(self)));
            ClientTransaction ct = provider.getNewClientTransaction(notify);
            ct.setApplicationData(b);
            ct.sendRequest();
        } catch (ParseException | javax.sip.InvalidArgumentException | SipException | RuntimeException e) {
            events.publish(new Event.SipNotified(clock.instant(), b.mac(), b.source(), "not sent: " + e.getMessage()));
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        Response response = event.getResponse();
        if (ct != null && ct.getApplicationData() instanceof Binding b && response.getStatusCode() >= 200) {
            events.publish(new Event.SipNotified(clock.instant(), b.mac(), b.source(),
                    response.getStatusCode() + " " + response.getReasonPhrase()));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof Binding b) {
            events.publish(new Event.SipNotified(clock.instant(), b.mac(), b.source(), "no answer"));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error with {}:{} over {}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    // --- helpers

    private static InetAddress source(Request request) {
        SIPRequest r = (SIPRequest) request;
        return r.getPeerPacketSourceAddress() != null ? r.getPeerPacketSourceAddress() : r.getRemoteAddress();
    }

    private static long nonceCount(String nc) {
        try {
            return nc == null ? -1 : Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** A refusal as an event, at most one a second on average (bursts of {@link #REFUSAL_BURST}); the rest are logged at debug. */
    private void refused(InetAddress source, String method, String user, int status, String reason) {
        Instant now = clock.instant();
        boolean publish;
        synchronized (refusalLock) {
            Instant floor = now.minus(REFUSAL_EVERY.multipliedBy(REFUSAL_BURST));
            if (refusalCredit.isBefore(floor)) {
                refusalCredit = floor;
            }
            publish = !refusalCredit.isAfter(now);
            if (publish) {
                refusalCredit = refusalCredit.plus(REFUSAL_EVERY);
            }
        }
        if (publish) {
            events.publish(new Event.SipRefused(now, source, method, user, status, reason));
        } else {
            LOG.debug("SIP {} {} from {}: {}", status, method, source.getHostAddress(), reason);
        }
    }

    /** Waits for the NOTIFY thread to send what it holds (tests). */
    void drain() throws Exception {
        notifier.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
}
