package org.phoneflasher;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.phoneflasher.dhcp.DhcpGate;
import org.phoneflasher.dhcp.DhcpService;
import org.phoneflasher.dhcp.DhcpSettings;
import org.phoneflasher.dhcp.Lease;
import org.phoneflasher.dhcp.LeasePool;
import org.phoneflasher.dhcp.PoolRange;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Resolver;
import org.phoneflasher.firmware.Stick;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickReport;
import org.phoneflasher.firmware.TargetChoices;
import org.phoneflasher.net.Mac;
import org.phoneflasher.net.BoxInterface;
import org.phoneflasher.phones.DeviceInfoPoller;
import org.phoneflasher.phones.PhoneTracker;
import org.phoneflasher.provisioning.GeneratedConfigs;
import org.phoneflasher.sip.BenchRegistrar;
import org.phoneflasher.phones.ResetHelp;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.store.Database;
import org.phoneflasher.store.LeaseStore;
import org.phoneflasher.store.PhoneStore;
import org.phoneflasher.store.WriteBehind;
import org.phoneflasher.tftp.TftpServer;
import org.phoneflasher.tftp.TftpSettings;
import org.phoneflasher.provisioning.PageLines;
import org.phoneflasher.web.AdminAuth;
import org.phoneflasher.web.AdminHandler;
import org.phoneflasher.web.ApiHandler;
import org.phoneflasher.web.BoxActions;
import org.phoneflasher.web.EventStream;
import org.phoneflasher.web.FdBudget;
import org.phoneflasher.web.FileHandler;
import org.phoneflasher.web.HistoryCsv;
import org.phoneflasher.web.HostCheck;
import org.phoneflasher.web.HttpLimits;
import org.phoneflasher.web.PhoneRows;
import org.phoneflasher.web.PhoneScreenHandler;
import org.phoneflasher.web.StaticFiles;
import org.phoneflasher.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the services of `serve` and owns their start and stop. */
final class Box implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Box.class);

    private final ServeOptions options;
    /** Events kept for the page (and read back at start). */
    private static final int EVENTS = 2000;
    private final EventBus events = new EventBus(EVENTS);
    private Database database;
    private Stick stick;
    private TargetChoices targetChoices;
    private WriteBehind writes;
    private PhoneStore phoneStore;
    private PhoneTracker tracker;
    private DeviceInfoPoller poller;
    private DhcpGate gate;
    private DhcpService dhcp;
    private TftpServer tftp;
    private WebServer web;
    private BoxInterface port;
    private LeasePool pool;
    private EventStream stream;
    private BoxProvisioning provisioning;
    private PageLines pageLines;
    private BenchRegistrar registrar;
    private volatile boolean registrarUp;

    Box(ServeOptions options) {
        this.options = options;
    }

    void start() throws Exception {
        port = BoxInterface.of(options.iface());
        LOG.info("phone port {} at {}/{}", port.name(), port.address().getHostAddress(), port.prefixLength());
        // The link is probed for other DHCP servers while the rest starts: the first OFFER is not held up by it.
        PoolRange range = options.pool().map(text -> PoolRange.parse(text, port)).orElseGet(() -> PoolRange.wholeSubnet(port));
        DhcpSettings dhcpSettings = new DhcpSettings(port, range, options.leaseSeconds(),
                options.router().map(Ipv4::parse).orElse(null), options.forceDhcp(), options.guardQuick(),
                options.guardWait(), options.guardEvery());
        gate = new DhcpGate(dhcpSettings, events);
        gate.start();
        database = Database.open(options.data());
        stick = new Stick(options.usb(), options.data(), options.watchEvery(), events);
        stick.start();
        writes = new WriteBehind(database, 1000);
        phoneStore = new PhoneStore(database, writes);
        events.restore(phoneStore.recentEvents(EVENTS));
        events.subscribe(phoneStore::event);
        targetChoices = new TargetChoices(options.data().resolve("targets.properties"));
        tracker = new PhoneTracker(events, this::index, phoneStore, Clock.systemUTC(), options.noFilesAfter(), this::benchOn);
        poller = new DeviceInfoPoller(tracker, Duration.ofSeconds(5), events);
        poller.start();
        pool = new LeasePool(new LeaseStore(database, writes), range, port.address(), Clock.systemUTC());
        // A client that asks for a file is treated as a phone by the pool (its share is not capped, its lease not short).
        events.subscribe(event -> {
            if (event instanceof Event.FileRequested asked) {
                pool.fileAskedBy(asked.client());
            }
        });
        // Generated configs come first, so a stale config left on the stick cannot shadow them.
        pageLines = new PageLines(options.data(), () -> provisioning.profiles());
        provisioning = new BoxProvisioning(stick, this::index, tracker, poller, options.data(), port.address(),
                options.httpPort(), mac -> pool.leaseOf(mac).map(Lease::ip), gate::open, this::benchOn, pageLines::generation);
        Resolver resolver = new Resolver(List.of(new GeneratedConfigs(provisioning), stick.files()));

        // Files first: a box that refuses DHCP still serves phones that got their address elsewhere.
        TftpSettings tftpSettings = TftpSettings.defaults();
        tftp = new TftpServer(new InetSocketAddress(port.address(), options.tftpPort()), resolver, events, tftpSettings);
        tftp.start();
        // HTTP gets what is left once every TFTP transfer and the box's own sockets and files have their descriptor.
        HttpLimits limits = HttpLimits.within(FdBudget.ofThisProcess(), tftpSettings.maxTransfers());
        LOG.info(limits.describe());
        if (limits.tight()) {
            LOG.warn("the file descriptor limit ({}) is too low for HTTP beside TFTP and DHCP: raise it (ulimit -n) to {} or more",
                    limits.budget().limit(), limits.advisedLimit());
        }
        web = new WebServer(port.address(), options.filePort(), new FileHandler(resolver, events), options.httpPort(),
                statusSite(limits), limits);
        web.start();

        // The bench registrar: a phone on its target registers here, then is told to fetch its home config. A box whose
        // SIP port is taken still flashes; its phones are then done on target, as with bench.register = false.
        registrar = new BenchRegistrar(new InetSocketAddress(port.address(), BenchRegistrar.PORT), port::contains, provisioning,
                tracker::awaitingHome, events, Clock.systemUTC());
        try {
            registrar.start();
            registrarUp = true;
        } catch (javax.sip.SipException e) {
            LOG.error("{}: no bench step (phones are done once on target)", e.getMessage());
        }

        dhcp = new DhcpService(dhcpSettings, pool, events, gate);
        dhcp.start();
        LOG.info("serving {} on {}: TFTP {}, HTTP files {}, status http://{}:{}/", options.usb(), port.name(), options.tftpPort(),
                options.filePort(), port.address().getHostAddress(), options.httpPort());
    }

    /**
     * The status port: changes (behind the admin password), the live stream, the phones' own screens, the read-only
     * API, then the page's files, all behind the Host check. The password is flasher.conf's as the stick was last
     * indexed (the stick's, else the data folder's).
     */
    private Handler statusSite(HttpLimits limits) {
        Clock clock = Clock.systemUTC();
        AdminAuth auth = new AdminAuth(() -> stick.current().settings().adminPassword(), clock);
        ApiHandler api = new ApiHandler(Map.of("/api/status", this::status, "/api/bundles", () -> StickReport.of(index()),
                "/api/phones", () -> PhoneRows.of(tracker.phones(), clock.instant()),
                "/api/history.csv", () -> HistoryCsv.of(phoneStore.flashes()),
                "/api/reset-help", () -> Map.of("families", ResetHelp.all(), "loops", ResetHelp.LOOPS)),
                Map.of("/api/phones/", mac -> Mac.parse(mac).flatMap(tracker::phone).map(p -> (Object) p)), events);
        stream = new EventStream(events, () -> PhoneRows.of(tracker.phones(), clock.instant()),
                () -> Map.of("status", status(), "bundles", StickReport.of(index())), clock, limits);
        return new HostCheck(port.address(), new Handler.Sequence(new AdminHandler(auth, new BoxActions(stick, phoneStore, targetChoices, events, provisioning::profiles,
                port.address().getHostAddress(), pageLines)),
                stream,
                new PhoneScreenHandler(tracker::phone, clock), api, new StaticFiles()));
    }

    /** The bench step: flasher.conf's bench.register (default on), with the registrar listening. */
    private boolean benchOn() {
        return registrarUp && stick.current().settings().benchRegister();
    }

    /** The stick as indexed, with the targets chosen on the status page in place of its own. */
    private StickIndex index() {
        return targetChoices.apply(stick.current());
    }

    private BoxStatus status() {
        StickIndex index = stick == null ? null : index();
        return new BoxStatus(port.name(), port.address(), gate == null ? null : gate.status(), options.usb().toString(),
                index == null ? null : index.present(), index == null ? null : index.targets().values(),
                index == null ? null : index.problems(), writes == null ? null : writes.status(),
                pool == null ? List.of() : pool.leases(), stream == null ? 0 : stream.clients(),
                tracker == null ? null : tracker.today(ZoneId.systemDefault()));
    }

    @Override
    public void close() {
        for (AutoCloseable service : new AutoCloseable[] {gate, dhcp, registrar, tftp, web, poller, stick, writes, database}) {
            if (service == null) {
                continue;
            }
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", service.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
