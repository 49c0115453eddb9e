package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real jar, `serve` on the box host's vbox, as a user would start it, with the appliance's JVM options. */
final class BoxProcess {
    static final String ADDRESS = "10.99.0.1";
    static final String POOL = "10.99.0.100-10.99.0.199";
    static final int STATUS_PORT = 8080;

    private final Rig rig;
    private final Rig.Host host;
    private final List<String> command = new ArrayList<>();
    private final Path log;
    private Process process;

    BoxProcess(Rig rig, Rig.Host host, Path stick, Path data, String... extra) throws IOException {
        this.rig = rig;
        this.host = host;
        this.log = Files.createTempFile("pf-box", ".log");
        String jar = System.getProperty("phoneflasher.jar", "target/phoneflasher.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("no " + jar + ": build it with mvn package first");
        }
        command.add("java");
        command.addAll(applianceJavaOptions());
        command.addAll(List.of("-jar", jar, "serve", "--interface", "vbox", "--usb", stick.toString(),
                "--data", data.toString(), "--http-port", String.valueOf(STATUS_PORT), "--pool", POOL, "--guard-wait", "1"));
        command.addAll(List.of(extra));
    }

    /** PF_JAVA_OPTS of overlay/etc/phoneflasher.conf: the heap cap and collector the box has on a 1 GB board. */
    static List<String> applianceJavaOptions() {
        try {
            Matcher m = Pattern.compile("(?m)^PF_JAVA_OPTS=\"([^\"]*)\"$")
                    .matcher(Files.readString(org.phoneflasher.image.Repo.file("overlay/etc/phoneflasher.conf")));
            if (!m.find()) {
                throw new AssertionError("no PF_JAVA_OPTS in overlay/etc/phoneflasher.conf");
            }
            return List.of(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs the box with at most {@code n} file descriptors (soft and hard), as an appliance's service limit would. */
    BoxProcess fdLimit(int n) {
        command.addAll(0, List.of("prlimit", "--nofile=" + n + ":" + n, "--"));
        return this;
    }

    /** The gate opened, or closed for a reason other than the probe still running. */
    private static final Pattern DHCP_DECIDED = Pattern.compile("\"dhcp\":\\{\"serving\":(true|false),\"reason\":\"(?!checking )");

    BoxProcess start() throws IOException {
        int from = log().length();
        process = rig.start(host, log, command.toArray(String[]::new));
        // Up (its status answers), and the DHCP gate has decided (the guard probes in the background while it starts).
        Await.until("the box to start and its DHCP gate to decide", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the box exited " + process.exitValue() + ":\n" + logSince(from));
            }
            return DHCP_DECIDED.matcher(status()).find();
        }, () -> logSince(from));
        return this;
    }

    /** /api/status, or "" while the box does not answer yet. */
    private String status() {
        Exec.Result r = rig.run(host, Duration.ofSeconds(5), "curl", "-sS", "--max-time", "2",
                "http://" + ADDRESS + ":" + STATUS_PORT + "/api/status");
        return r.exit() == 0 ? r.out() : "";
    }

    /** The log, for failure messages. */
    String logOrError() {
        return logSince(0);
    }

    private String logSince(int from) {
        try {
            String all = log();
            return all.substring(Math.min(from, all.length()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Runs a command in the box's own mount namespace (ip netns exec gave it a private one), e.g. to mount a stick. */
    Exec.Result inMounts(String... command) {
        java.util.List<String> full = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(process.pid()), "-m"));
        full.addAll(List.of(command));
        return Exec.run(Duration.ofSeconds(20), full);
    }

    /** File descriptors the box holds now. */
    int openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for a line the box logs after the client is already done (a transfer's end is logged after its last ACK). */
    void awaitLog(String text) {
        Await.until("the box to log \"" + text + "\"", Duration.ofSeconds(15), () -> logSince(0).contains(text), () -> logSince(0));
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** GET /api/… on the status port, from the box's own namespace. */
    String api(String path) {
        return rig.run(host, Duration.ofSeconds(10), "curl", "-sS", "--max-time", "5",
                "http://" + ADDRESS + ":" + STATUS_PORT + path).ok().out();
    }
}
