package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The real jar, `serve` on the box host's vbox, as a user would start it. */
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
        command.addAll(List.of("java", "-Xmx128m", "-jar", jar, "serve", "--interface", "vbox", "--usb", stick.toString(),
                "--data", data.toString(), "--http-port", String.valueOf(STATUS_PORT), "--pool", POOL, "--guard-wait", "1"));
        command.addAll(List.of(extra));
    }

    /** Runs the box with at most {@code n} file descriptors (soft and hard), as an appliance's service limit would. */
    BoxProcess fdLimit(int n) {
        command.addAll(0, List.of("prlimit", "--nofile=" + n + ":" + n, "--"));
        return this;
    }

    /** The gate opened, or closed for a reason other than the probe still running. */
    private static final Pattern DHCP_DECIDED =
            Pattern.compile("DHCP serving: |DHCP not served: (?!checking )");

    BoxProcess start() throws IOException, InterruptedException {
        int from = log().length();
        process = rig.start(host, log, command.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String since = log().substring(from);
            // Up, and the DHCP gate has decided (the guard probes in the background while the box starts).
            if (since.contains(" on vbox: TFTP ") && DHCP_DECIDED.matcher(since).find()) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the box exited " + process.exitValue() + ":\n" + since);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the box did not start within 30 s:\n" + log());
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
    void awaitLog(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the box never logged \"" + text + "\":\n" + log());
            }
            Thread.sleep(50);
        }
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
