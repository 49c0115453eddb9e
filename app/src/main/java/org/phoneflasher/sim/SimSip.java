package org.phoneflasher.sim;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import java.net.InetAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.phoneflasher.sip.SipStacks;

/**
 * The simulated phone's SIP application, on JAIN-SIP: it registers its line where its config says (answering the
 * digest challenge with JAIN-SIP's own client helper) and takes a NOTIFY check-sync, as a Cisco phone does when its
 * PBX wants it to fetch its config again. One per boot: a reboot ends it.
 */
public final class SimSip implements SipListener, AutoCloseable {
    /** A line's credentials, as the config names them. */
    public record Account(String user, String authName, String password) {}

    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final AuthenticationHelper auth;
    private final InetAddress local;
    private final int localPort;
    private final String transport;
    private final AtomicLong cseq = new AtomicLong();
    private final AtomicInteger challenges = new AtomicInteger();
    private volatile CompletableFuture<Response> registered = new CompletableFuture<>();
    private final CompletableFuture<Void> checkSync = new CompletableFuture<>();
    private volatile Account account;

    /** @param transport "udp" or "tcp" */
    public SimSip(InetAddress local, int localPort, String transport) throws SipException {
        this.local = local;
        this.localPort = localPort;
        this.transport = transport.toLowerCase(Locale.ROOT);
        try {
            SipStacks.Stack s = SipStacks.create("phone");
            stack = s.stack();
            addresses = s.factory().createAddressFactory();
            headers = s.factory().createHeaderFactory();
            messages = s.factory().createMessageFactory();
            ListeningPoint lp = stack.createListeningPoint(local.getHostAddress(), localPort, this.transport);
            provider = stack.createSipProvider(lp);
            provider.addSipListener(this);
            auth = ((SipStackExt) stack).getAuthenticationHelper(new Credentials(), headers);
            stack.start();
        } catch (javax.sip.PeerUnavailableException | javax.sip.InvalidArgumentException | java.util.TooManyListenersException
                | javax.sip.ObjectInUseException | javax.sip.TransportNotSupportedException e) {
            throw new SipException("cannot start the phone's SIP stack on " + local.getHostAddress() + ":" + localPort + ": " + e, e);
        }
    }

    /** Registers the account with the registrar; the final answer after at most one digest challenge (408 on no answer). */
    public Response register(InetAddress registrar, int port, Account account, int expires, Duration timeout)
            throws SipException, InterruptedException {
        this.account = account;
        registered = new CompletableFuture<>();
        challenges.set(0);
        try {
            SipURI requestUri = addresses.createSipURI(null, registrar.getHostAddress());
            requestUri.setPort(port);
            requestUri.setTransportParam(transport);
            SipURI aor = addresses.createSipURI(account.user(), registrar.getHostAddress());
            SipURI contact = addresses.createSipURI(account.user(), local.getHostAddress());
            contact.setPort(localPort);
            contact.setTransportParam(transport);
            Request request = messages.createRequest(requestUri, Request.REGISTER, provider.getNewCallId(),
                    headers.createCSeqHeader(cseq.incrementAndGet(), Request.REGISTER),
                    headers.createFromHeader(addresses.createAddress(aor), Long.toHexString(System.nanoTime())),
                    headers.createToHeader(addresses.createAddress(aor), null),
                    List.of(headers.createViaHeader(local.getHostAddress(), localPort, transport, null)),
                    headers.createMaxForwardsHeader(70));
            request.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
            request.addHeader(headers.createExpiresHeader(expires));
            request.addHeader(headers.createUserAgentHeader(List.of("PhoneFlasherSim/1")));
            provider.getNewClientTransaction(request).sendRequest();
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new SipException("cannot build a REGISTER: " + e.getMessage(), e);
        }
        try {
            return registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new SipException("REGISTER failed: " + e.getCause(), e.getCause());
        }
    }

    /** True once a NOTIFY check-sync came (and was answered 200) within {@code timeout}. */
    public boolean awaitCheckSync(Duration timeout) throws InterruptedException {
        try {
            checkSync.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            ServerTransaction st = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(request);
            EventHeader ev = (EventHeader) request.getHeader(EventHeader.NAME);
            boolean sync = Request.NOTIFY.equals(request.getMethod()) && ev != null && "check-sync".equalsIgnoreCase(ev.getEventType());
            int status = sync || Request.OPTIONS.equals(request.getMethod()) ? Response.OK : Response.METHOD_NOT_ALLOWED;
            st.sendResponse(messages.createResponse(status, request));
            if (sync) {
                checkSync.complete(null);
            }
        } catch (SipException | ParseException | javax.sip.InvalidArgumentException e) {
            // A request the phone cannot answer: a real phone drops it too.
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && challenges.incrementAndGet() <= 2) {
            try {
                ClientTransaction retry = auth.handleChallenge(response, event.getClientTransaction(), provider, 5, true);
                retry.sendRequest();
                return;
            } catch (SipException | RuntimeException e) {
                registered.completeExceptionally(e);
                return;
            }
        }
        registered.complete(response);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            registered.complete(null);
        }
    }

    @Override public void processIOException(IOExceptionEvent event) {}
    @Override public void processTransactionTerminated(TransactionTerminatedEvent event) {}
    @Override public void processDialogTerminated(DialogTerminatedEvent event) {}

    @Override
    public void close() {
        SipStacks.stop(stack);
    }

    /** The line's credentials, for JAIN-SIP's digest helper. */
    private final class Credentials implements AccountManager {
        @Override
        public UserCredentials getCredentials(ClientTransaction challenged, String realm) {
            Account a = account;
            return new UserCredentials() {
                @Override public String getUserName() { return a.authName(); }
                @Override public String getPassword() { return a.password(); }
                @Override public String getSipDomain() { return realm; }
            };
        }
    }
}
