package org.phoneflasher.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.phoneflasher.Args;
import org.phoneflasher.firmware.ComponentCheck;
import org.phoneflasher.firmware.LoadsFile;
import org.phoneflasher.firmware.SignedHeader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A Cisco 79x1/x2/x5 booting against the box, step by step: DHCP with its option 60, the optional trust lists, its
 * config (SEP&lt;MAC&gt;.cnf.xml, else XMLDefault.cnf.xml), then the load the config names and every component the
 * .loads lists, each checked. Plain RRQs without options, as the phones send them. Stuck phones too: one that
 * ignores its config ({@code --ignore-config}, {@code --trust-list}), one that asks the box for nothing ({@code --no-files}).
 * Up on a config that names the box as its SIP server (the bench config), its SIP application registers the line
 * there and waits for NOTIFY check-sync, then restarts and fetches its config again (its home config), as a Cisco
 * phone does for its PBX.
 */
public final class PhoneSim {
    public static final String USAGE = "phone-sim --interface IF --mac MAC [--model 7965] [--server IP] "
            + "[--current-load NAME] [--tftp-port N] [--save DIR] [--timeout SECONDS] [--dhcp-only]\n"
            + "                [--max-boots N] [--linger SECONDS] [--http-port N] [--rejects LOAD] [--trust-list]\n"
            + "                [--boot-delay-ms N] [--block-delay-ms N] [--ignore-config] [--no-files] [--factory-reset]\n"
            + "                [--sip-wait SECONDS]";

    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{12}");

    private final String mac;
    private final String model;
    private final Path save;
    private final TFTPClient tftp = new TFTPClient();
    /** The load the phone runs; it changes when a flash completes and the phone "reboots". */
    private volatile Optional<String> currentLoad;
    private InetAddress server;
    private int tftpPort;
    private Optional<String> rejects = Optional.empty();
    private boolean trustList;
    /** Its first boot is a factory reset's: termNN.default.loads first, and whatever that lists is flashed. */
    private boolean factoryReset;
    /** Fetches its config at every boot and nothing after it (a load that does not take this config). */
    private boolean ignoreConfig;
    /** A real 79xx writes each block to flash before it ACKs: minutes for a load, where the sim takes a second. */
    private int blockDelayMillis;
    /** The config of the last boot, as fetched. */
    private Optional<Path> lastConfig = Optional.empty();
    /** It took a check-sync and restarted: once is what the bench asks. */
    private boolean synced;

    private PhoneSim(String mac, String model, Optional<String> currentLoad, Path save) {
        this.mac = mac;
        this.model = model;
        this.currentLoad = currentLoad;
        this.save = save;
    }

    public static int run(List<String> argv) throws Args.UsageError, IOException {
        Args args = new Args(argv, Set.of("interface", "mac", "model", "server", "current-load", "tftp-port", "save", "timeout",
                "max-boots", "linger", "http-port", "rejects", "boot-delay-ms", "block-delay-ms", "sip-wait"), Set.of("dhcp-only", "trust-list",
                "ignore-config", "no-files", "factory-reset"));
        String mac = args.required("mac").replaceAll("[:.-]", "").toUpperCase();
        if (!MAC.matcher(mac).matches()) {
            throw new Args.UsageError("--mac must be 12 hex digits, got: " + args.required("mac"));
        }
        Duration timeout = Duration.ofSeconds(args.integer("timeout", 15));
        Path save = args.optional("save").isPresent() ? Files.createDirectories(Path.of(args.required("save")))
                : Files.createTempDirectory("phone-sim");
        PhoneSim phone = new PhoneSim(mac, args.optional("model").orElse("7965"), args.optional("current-load"), save);
        phone.tftpPort = args.integer("tftp-port", 69);
        phone.tftp.setDefaultTimeout(Duration.ofSeconds(2));
        phone.tftp.setMaxTimeouts(5);
        phone.rejects = args.optional("rejects");
        phone.trustList = args.flag("trust-list");
        phone.factoryReset = args.flag("factory-reset");
        phone.ignoreConfig = args.flag("ignore-config");
        phone.blockDelayMillis = args.integer("block-delay-ms", 0);
        Optional<String> server = args.optional("server");
        if (args.flag("dhcp-only")) {
            phone.dhcp(args.required("interface"), timeout);
            return 0;
        }
        if (args.flag("no-files")) {
            // Alternate TFTP set on the phone: it takes the box's lease and fetches its files from a server of its own.
            phone.dhcp(args.required("interface"), timeout);
            int linger = args.integer("linger", 0);
            phone.say("Alternate TFTP set: asking this box for nothing" + (linger > 0 ? " for " + linger + " s" : ""));
            sleep(linger * 1000L);
            return 0;
        }
        try (DeviceInfoPage page = DeviceInfoPage.start(args.integer("http-port", 80), mac, phone.model, () -> phone.currentLoad)) {
            int boots = args.integer("max-boots", 6);
            for (int boot = 1; boot <= boots; boot++) {
                phone.server = server.isPresent() ? InetAddress.getByName(server.get()) : phone.dhcp(args.required("interface"), timeout);
                // A phone's application needs a moment after DHCP before it asks for files.
                sleep(args.integer("boot-delay-ms", 1000));
                Boot result;
                try {
                    result = phone.boot();
                } catch (IOException e) {
                    // A real phone whose download breaks off (the box restarted, a cable was pulled) starts over.
                    phone.say("transfer failed (" + e.getMessage() + "): rebooting");
                    sleep(2000);
                    result = Boot.REBOOT;
                }
                if (result == Boot.FAILED) {
                    return 1;
                }
                if (result == Boot.UP) {
                    // Once it took a check-sync it does not wait for another: the bench asks for one.
                    if (phone.registeredAndToldToSync(phone.synced ? Duration.ZERO : Duration.ofSeconds(args.integer("sip-wait", 30)))) {
                        phone.synced = true;
                        phone.say("check-sync: restarting to fetch my config again");
                        boot--; // a restart the box asked for, not a boot that failed to come up
                        continue;
                    }
                    phone.linger(args.integer("linger", 0));
                    return 0;
                }
                phone.say("rebooting (boot " + boot + " of at most " + boots + ")");
            }
            phone.say("FAILED: still not on a stable load after " + boots + " boots");
            return 1;
        }
    }

    /** How a boot ended: up and running, rebooting (after a flash or a rejected config), or failed. */
    enum Boot { UP, REBOOT, FAILED }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stays up so the box can read the phone's DeviceInformationX page and see it on target. */
    private void linger(int seconds) {
        if (seconds > 0) {
            say("up on " + currentLoad.orElse("an unknown load") + "; answering DeviceInformationX for " + seconds + " s");
            sleep(seconds * 1000L);
        }
    }

    private InetAddress dhcp(String iface, Duration timeout) throws IOException {
        String vendor = "Cisco Systems, Inc. IP Phone CP-" + model + "G";
        say("DHCP DISCOVER on " + iface + " as " + mac + " (" + vendor + ")");
        SimDhcpClient.SimLease lease = new SimDhcpClient(iface, HexFormat.of().parseHex(mac), vendor, timeout).lease();
        say("DHCP ACK " + lease.address().getHostAddress() + " mask " + host(lease.mask()) + " from " + host(lease.serverId())
                + ": option 150 " + host(lease.option150()) + ", option 66 " + lease.option66() + ", siaddr " + host(lease.siaddr()));
        if (lease.option150() == null) {
            throw new IOException("the ACK carries no option 150");
        }
        int prefix = Integer.bitCount(ByteBuffer.wrap(lease.mask().getAddress()).getInt());
        configure(iface, lease.address().getHostAddress() + "/" + prefix);
        return lease.option150();
    }

    /**
     * A phone takes the address it was given, and only that one: the sim replaces whatever the interface had with
     * ip(8) in its namespace, so several simulated phones run one after another in a namespace never share a source.
     */
    private static void configure(String iface, String cidr) throws IOException {
        ip(List.of("ip", "-4", "addr", "flush", "dev", iface, "scope", "global"));
        ip(List.of("ip", "addr", "add", cidr, "dev", iface));
    }

    private static void ip(List<String> command) throws IOException {
        Process ip = new ProcessBuilder(command).inheritIO().start();
        try {
            if (ip.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Boot boot() throws IOException {
        tftp.open();
        try {
            // Trust lists are optional: a fast "not found" lets the phone go on.
            for (String optional : List.of("CTLSEP" + mac + ".tlv", "ITLSEP" + mac + ".tlv", "ITLFile.tlv")) {
                fetch(optional);
            }
            if (factoryReset) {
                // A factory-reset phone takes what termNN.default.loads lists, before and whatever its config says.
                factoryReset = false;
                String term = "term" + model.substring(2) + ".default";
                Optional<Path> loads = fetch(term + ".loads");
                if (loads.isPresent()) {
                    Optional<String> flashed = flash(term, loads.get());
                    if (flashed.isEmpty()) {
                        return Boot.FAILED;
                    }
                    currentLoad = flashed;
                    return Boot.REBOOT;
                }
                say(term + ".loads not served: booting the load it has");
            }
            Optional<Path> config = fetch("SEP" + mac + ".cnf.xml");
            if (config.isEmpty()) {
                config = fetch("XMLDefault.cnf.xml");
            }
            if (config.isEmpty()) {
                say("FAILED: no config (neither SEP" + mac + ".cnf.xml nor XMLDefault.cnf.xml)");
                return Boot.FAILED;
            }
            lastConfig = config;
            if (trustList) {
                say("config not signed by the trust list's call manager: ignored, restarting");
                return Boot.REBOOT;
            }
            if (ignoreConfig) {
                say("config ignored (the load it runs does not take it): asking for nothing, restarting");
                return Boot.REBOOT;
            }
            Optional<String> load = loadFor(config.get());
            if (load.isEmpty() || currentLoad.filter(load.get()::equalsIgnoreCase).isPresent()) {
                say(load.isEmpty() ? "config names no load for Cisco " + model + ": staying on the current load"
                        : "running " + load.get() + ", the load the config names: nothing to flash");
                fetch("dialplan.xml");
                return Boot.UP;
            }
            if (rejects.filter(load.get()::equalsIgnoreCase).isPresent()) {
                // What a 7965 did with 9.2(1) (HomeIPhone): back to its default load, again and again.
                say("rejects " + load.get() + ": asking for its default load instead");
                fetch("term" + model.substring(2) + ".default.loads");
                return Boot.REBOOT;
            }
            if (!flash(load.get())) {
                return Boot.FAILED;
            }
            currentLoad = load;
            return Boot.REBOOT;
        } finally {
            tftp.close();
        }
    }

    /**
     * Its SIP application on the config it came up with: the line registers with the SIP server the config names when
     * that is the box it booted from (the bench config; a home config's PBX is not on this link and is left alone), and
     * waits up to {@code wait} for the box's NOTIFY check-sync. True when that came.
     */
    private boolean registeredAndToldToSync(Duration wait) throws IOException {
        Optional<SipLine> line = lastConfig.flatMap(PhoneSim::sipLine);
        if (line.isEmpty()) {
            say("config names no SIP line: not registering");
            return false;
        }
        SipLine l = line.get();
        say("config: SIP server " + l.server() + ":" + l.port() + " over " + l.transport() + ", line " + l.account().user()
                + ", label '" + l.label() + "'" + (l.idleUrl().isEmpty() ? "" : ", idle page " + l.idleUrl()));
        if (!l.server().equals(server.getHostAddress())) {
            say("its SIP server is not the box it booted from (a home config): not registering on this link");
            return false;
        }
        InetAddress local;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(server, l.port());
            local = probe.getLocalAddress();
        }
        try (SimSip sip = new SimSip(local, SIP_PORT, l.transport())) {
            javax.sip.message.Response answer = sip.register(server, l.port(), l.account(), 3600, Duration.ofSeconds(10));
            if (answer == null) {
                say("REGISTER " + l.account().user() + ": no answer");
                return false;
            }
            say("REGISTER " + l.account().user() + " over " + l.transport() + " -> " + answer.getStatusCode() + " " + answer.getReasonPhrase());
            if (answer.getStatusCode() != 200) {
                return false;
            }
            if (wait.isZero()) {
                return false;
            }
            if (sip.awaitCheckSync(wait)) {
                say("NOTIFY check-sync from the box");
                return true;
            }
            say("no check-sync within " + wait.toSeconds() + " s");
            return false;
        } catch (javax.sip.SipException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            say("SIP failed: " + e.getMessage());
            return false;
        }
    }

    /** The phones listen for SIP on 5060 (the config's voipControlPort, which the box writes as the profile's port). */
    static final int SIP_PORT = 5060;

    /** The line and SIP server a SEP&lt;MAC&gt;.cnf.xml names. */
    record SipLine(String server, int port, String transport, SimSip.Account account, String label, String idleUrl) {}

    static Optional<SipLine> sipLine(Path config) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(config.toFile());
            String server = first(doc.getDocumentElement(), "processNodeName");
            NodeList lines = doc.getElementsByTagName("line");
            for (int i = 0; i < lines.getLength(); i++) {
                Element line = (Element) lines.item(i);
                if ("9".equals(first(line, "featureID")) && server != null && !server.isEmpty()) {
                    String port = first(doc.getDocumentElement(), "sipPort");
                    // transportLayerProtocol: 1 TCP, 2 UDP (cisco-notes).
                    String transport = "1".equals(first(doc.getDocumentElement(), "transportLayerProtocol")) ? "tcp" : "udp";
                    return Optional.of(new SipLine(server, port == null ? 5060 : Integer.parseInt(port), transport,
                            new SimSip.Account(first(line, "name"), first(line, "authName"), Optional.ofNullable(first(line, "authPassword")).orElse("")),
                            Optional.ofNullable(first(doc.getDocumentElement(), "phoneLabel")).orElse(""),
                            Optional.ofNullable(first(doc.getDocumentElement(), "idleURL")).orElse("")));
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String first(Element in, String tag) {
        NodeList nodes = in.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    private boolean flash(String load) throws IOException {
        Optional<Path> loadsPath = fetch(load + ".loads");
        if (loadsPath.isEmpty()) {
            say("FAILED: " + load + ".loads not served");
            return false;
        }
        return flash(load, loadsPath.get()).isPresent();
    }

    /** Fetches and checks every component a fetched .loads lists; the load it flashed (its header's name), if done. */
    private Optional<String> flash(String asked, Path loadsPath) throws IOException {
        LoadsFile loads;
        try {
            loads = LoadsFile.parse(ByteBuffer.wrap(Files.readAllBytes(loadsPath)));
        } catch (SignedHeader.BadHeader e) {
            say("FAILED: " + asked + ".loads is not a valid .loads file: " + e.getMessage());
            return Optional.empty();
        }
        String load = loads.header().fileName().map(n -> n.replaceFirst("(?i)\\.loads$", "")).orElse(asked);
        say(load + " lists " + loads.components().size() + " components: " + String.join(", ", loads.components()));
        long total = 0;
        for (String component : loads.components()) {
            Optional<Path> file = fetch(component);
            if (file.isEmpty()) {
                say("FAILED: component " + component + " not served");
                return Optional.empty();
            }
            Optional<String> problem = ComponentCheck.problem(component, file.get());
            if (problem.isPresent()) {
                say("FAILED: " + problem.get());
                return Optional.empty();
            }
            total += Files.size(file.get());
        }
        say("flashed " + load + ": " + loads.components().size() + " components, " + total + " bytes; rebooting");
        return Optional.of(load);
    }

    private Optional<String> loadFor(Path config) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(config.toFile());
        } catch (Exception e) {
            throw new IOException("config " + config.getFileName() + " is not XML: " + e.getMessage(), e);
        }
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            String name = element.getTagName();
            if (!name.startsWith("loadInformation")) {
                continue;
            }
            // SEP<MAC>.cnf.xml: <loadInformation>; XMLDefault.cnf.xml: <loadInformationNNN model="Cisco 7965">.
            boolean mine = name.equals("loadInformation") || ("Cisco " + model).equals(element.getAttribute("model"));
            String text = element.getTextContent().strip();
            if (mine && !text.isEmpty()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private Optional<Path> fetch(String name) throws IOException {
        Path target = save.resolve(name.replace('/', '_'));
        long started = System.nanoTime();
        try (OutputStream out = paced(Files.newOutputStream(target))) {
            int bytes = tftp.receiveFile(name, TFTP.BINARY_MODE, out, server, tftpPort);
            say("RRQ " + name + " -> " + bytes + " bytes in " + millis(started) + " ms");
            return Optional.of(target);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            if (String.valueOf(e.getMessage()).startsWith("Error code 1 ")) {
                say("RRQ " + name + " -> not found (error 1) in " + millis(started) + " ms");
                return Optional.empty();
            }
            throw new IOException("RRQ " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** The TFTP client writes each block before it ACKs it, so a slow write paces the transfer like a real phone. */
    private OutputStream paced(OutputStream out) {
        if (blockDelayMillis <= 0) {
            return out;
        }
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                try {
                    Thread.sleep(blockDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
        };
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String host(InetAddress address) {
        return address == null ? "none" : address.getHostAddress();
    }

    private void say(String line) {
        System.out.println("[phone " + mac + "] " + line);
        System.out.flush();
    }
}
