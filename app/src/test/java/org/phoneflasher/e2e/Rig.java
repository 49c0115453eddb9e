package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts in network namespaces on switches (a bridge in a namespace of its own), so a test can build "phone — box"
 * or "phone, box and a rogue DHCP server on one link". Names carry this JVM's pid, so parallel or killed runs never
 * collide, and a run removes the leftovers of dead ones. Everything is deleted on close, pass or fail.
 */
public final class Rig implements AutoCloseable {
    private static final String PREFIX = "pfe";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration SHORT = Duration.ofSeconds(20);

    private final String id = PREFIX + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private int links;

    /** A host: a namespace with loopback up. */
    public record Host(String ns) {
        public List<String> exec(String... command) {
            List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            full.addAll(List.of(command));
            return full;
        }
    }

    /** A switch: a bridge inside its own namespace. */
    public record Switch(String ns) {}

    public Rig() {
        requireRoot();
        removeLeftovers();
    }

    public static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("end-to-end tests need root (network namespaces); run scripts/test as root");
        }
    }

    public Host host(String name) {
        String ns = id + name;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        return new Host(ns);
    }

    public Switch newSwitch(String name) {
        String ns = id + name;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0");
        ip("-n", ns, "link", "set", "br0", "up");
        return new Switch(ns);
    }

    /** Plugs host into the switch as interface {@code ifname}, optionally with an address such as 10.99.0.1/24. */
    public void plug(Host host, String ifname, Switch sw, String cidr) {
        String port = "p" + (++links);
        ip("link", "add", "name", ifname, "netns", host.ns(), "type", "veth", "peer", "name", port, "netns", sw.ns());
        ip("-n", sw.ns(), "link", "set", port, "master", "br0");
        ip("-n", sw.ns(), "link", "set", port, "up");
        if (cidr != null) {
            ip("-n", host.ns(), "addr", "add", cidr, "dev", ifname);
        }
        ip("-n", host.ns(), "link", "set", ifname, "up");
    }

    /** A new host plugged into {@code sw} as interface v&lt;name&gt;, with an address such as 10.99.0.3/24 or none. */
    /** The box's host, its phone port vbox on {@code sw} at {@link BoxProcess#ADDRESS}/24. */
    public Host boxOn(Switch sw) {
        Host box = host("box");
        plug(box, "vbox", sw, BoxProcess.ADDRESS + "/24");
        return box;
    }

    /** A phone's host, vphone on {@code sw}: with {@code cidr}, or none (it takes a lease). */
    public Host phoneOn(Switch sw, String cidr) {
        Host phone = host("phone");
        plug(phone, "vphone", sw, cidr);
        return phone;
    }

    public Host join(Switch sw, String name, String cidr) {
        Host host = host(name);
        plug(host, "v" + name, sw, cidr);
        return host;
    }

    public Exec.Result run(Host host, Duration timeout, String... command) {
        return Exec.run(timeout, host.exec(command));
    }

    /** A long-running program in a host, its output in {@code log}; stopped on close. */
    Process start(Host host, Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(host.exec(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(p);
        return p;
    }

    static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Exec.run(SHORT, command).ok();
    }

    @Override
    public void close() {
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (String ns : namespaces) {
            killAllIn(ns);
            Exec.run(SHORT, List.of("ip", "netns", "del", ns));
        }
    }

    /** Anything still running in a namespace (a daemonised dnsmasq) would keep it alive. */
    private static void killAllIn(String ns) {
        Exec.Result pids = Exec.run(SHORT, List.of("ip", "netns", "pids", ns));
        for (String pid : pids.out().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Namespaces of runs whose JVM is gone (killed mid-test) are removed, never those of a live run. */
    private static void removeLeftovers() {
        Exec.Result list = Exec.run(SHORT, List.of("ip", "netns", "list"));
        for (String line : list.out().split("\n")) {
            String ns = line.split("\\s")[0];
            if (!ns.startsWith(PREFIX) || !ns.contains("x")) {
                continue;
            }
            try {
                long pid = Long.parseLong(ns.substring(PREFIX.length(), ns.indexOf('x')));
                if (ProcessHandle.of(pid).isEmpty()) {
                    killAllIn(ns);
                    Exec.run(SHORT, List.of("ip", "netns", "del", ns));
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
    }

    /** A file of zeros that takes no disk: big enough that a lockstep download of it lasts seconds. */
    static void sparseFile(Path file, long size) throws IOException {
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory("pf-e2e-" + name);
    }
}
