package org.phoneflasher.image;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assembled box (scripts/vm/assemble.sh) in qemu-system-x86_64 under TCG, run in a network namespace whose tap
 * is its eth0. Its serial console and QMP are UNIX sockets in the work folder: the console is read all the time (and
 * kept in a file) and a root shell on it runs commands; QMP plugs devices in. {@link #powerCut()} kills qemu,
 * {@link #start()} boots the same disk again.
 */
final class Vm implements AutoCloseable {
    private static final Pattern END = Pattern.compile("@@end(\\d+) (\\d+)");
    /** The RTC at every power-on, as a Pi without one starts: 1970-01-02 (a day in, so no time zone makes it negative). */
    static final String RTC_BASE = "1970-01-02T00:00:00";

    record Result(int exit, String out) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exited " + exit + ":\n" + out);
            }
            return this;
        }
    }

    private final List<String> command;
    private final Path work;
    private final Path consoleLog;
    private final StringBuffer console = new StringBuffer();
    private Path stickAtBoot;
    private Process qemu;
    private SocketChannel serial;
    private Thread reader;
    private int commands;
    private long startedNanos;

    /**
     * {@code netns}: the namespace qemu runs in, where {@code tap} is; {@code images}: assemble.sh's output; the
     * console of every boot is appended to {@code consoleLog}.
     */
    Vm(String netns, String tap, String mac, Path images, Path disk, Path work, Path consoleLog) throws IOException {
        this.work = work;
        this.consoleLog = consoleLog;
        Files.deleteIfExists(consoleLog);
        command = List.of("ip", "netns", "exec", netns, "qemu-system-x86_64", "-M", "q35", "-m", "1024", "-smp", "2",
                "-display", "none", "-no-reboot",
                "-kernel", images.resolve("bzImage").toString(), "-initrd", images.resolve("initramfs.cpio.gz").toString(),
                "-append", "root=/dev/vda1 ro console=ttyS0 panic=-1",
                "-drive", "file=" + disk + ",if=virtio,format=raw",
                "-netdev", "tap,id=eth0,ifname=" + tap + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=eth0,mac=" + mac,
                "-device", "qemu-xhci,id=xhci", "-device", "i6300esb",
                // the watchdog's reset pauses the VM instead: the test then sees that it was the watchdog that fired
                "-action", "watchdog=pause",
                // a board without a clock: every power-on starts at the same moment in 1970 (S06clock must do better)
                "-rtc", "base=" + RTC_BASE + ",clock=vm",
                "-chardev", "socket,id=serial,path=" + serialSocket() + ",server=on,wait=off",
                "-serial", "chardev:serial",
                "-qmp", "unix:" + qmpSocket() + ",server=on,wait=off");
    }

    private Path serialSocket() {
        return work.resolve("serial.sock");
    }

    private Path qmpSocket() {
        return work.resolve("qmp.sock");
    }

    /** From the next power-on, a stick image is plugged in (read-only) when the box boots. */
    void plugAtBoot(Path stick) {
        stickAtBoot = stick;
    }

    /** Powers the VM on and attaches to its console; returns once the console is connected. */
    Vm start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(this.command);
        if (stickAtBoot != null) {
            command.addAll(List.of("-drive", "file=" + stickAtBoot + ",if=none,id=stick,format=raw,readonly=on",
                    "-device", "usb-storage,bus=xhci.0,drive=stick,removable=on"));
        }
        Files.deleteIfExists(serialSocket());
        Files.deleteIfExists(qmpSocket());
        console.setLength(0);
        startedNanos = System.nanoTime();
        qemu = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("qemu.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (serial == null) {
            if (!qemu.isAlive()) {
                throw new AssertionError("qemu exited " + qemu.exitValue() + ": " + Files.readString(work.resolve("qemu.log")));
            }
            try {
                serial = SocketChannel.open(UnixDomainSocketAddress.of(serialSocket()));
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("qemu's serial console never opened: " + notYet);
                }
                Thread.sleep(20);
            }
        }
        SocketChannel channel = serial;
        reader = new Thread(() -> read(channel), "vm-console");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /**
     * Powers the VM on and waits for its kernel to hand over to init. Under TCG with two vCPUs the kernel has been
     * seen (once, on a loaded 2-core host) to stop in its PCI scan a second into boot and never go on: that is the
     * emulator, not the box, so such a boot is powered off and started once more, and the test says so.
     */
    Vm startPastEarlyBoot(Duration early) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            start();
            try {
                await("Run /init as init process", 0, early);
                return this;
            } catch (AssertionError hung) {
                if (attempt == 2) {
                    throw hung;
                }
                System.out.println("VmBootIT: the kernel did not reach init within " + early.toSeconds()
                        + " s (stopped at: " + lastLine() + "); powering the VM off and on again");
                powerCut();
            }
        }
    }

    private String lastLine() {
        String all = console.toString().strip();
        return all.substring(all.lastIndexOf('\n') + 1);
    }

    /** Nanoseconds since qemu was started. */
    long sinceStart() {
        return System.nanoTime() - startedNanos;
    }

    private void read(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try (OutputStream log = Files.newOutputStream(consoleLog, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (channel.read(buffer.clear()) > 0) {
                log.write(buffer.array(), 0, buffer.position());
                log.flush();
                console.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // qemu gone: the console ends
        }
    }

    String console() {
        return console.toString();
    }

    /** Waits for {@code text} on the console after position {@code from}; returns where it ends. */
    int await(String text, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int at = console.indexOf(text, from);
            if (at >= 0) {
                return at + text.length();
            }
            if (System.nanoTime() > deadline || !qemu.isAlive()) {
                throw new AssertionError("not on the console within " + timeout.toSeconds() + " s"
                        + (qemu.isAlive() ? "" : " (qemu exited)") + ": \"" + text + "\"\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    /** Logs in as root on the serial console (no password, as on the box) and quiets the kernel there. */
    void login(Duration timeout) throws IOException, InterruptedException {
        int prompt = await("phoneflasher login: ", 0, timeout);
        type("root\n");
        await("# ", prompt, Duration.ofSeconds(30));
        run("dmesg -n 1", Duration.ofSeconds(30)).ok();
    }

    /** Runs a shell command as root on the serial console: its output (stdout and stderr) and exit code. */
    synchronized Result run(String shell, Duration timeout) throws IOException, InterruptedException {
        int n = ++commands;
        int from = console.length();
        // The markers are printed, not typed: the echo of the typed line does not match them.
        type("printf '@@beg%s\\n' " + n + "; { " + shell + "; } 2>&1; printf '@@end%s %s\\n' " + n + " $?\n");
        int begin = await("@@beg" + n + "\r\n", from, timeout);
        await("@@end" + n + " ", begin, timeout);
        int end = console.indexOf("@@end" + n + " ", begin);
        await("\n", end, timeout);
        Matcher m = END.matcher(console.substring(end));
        if (!m.lookingAt()) {
            throw new AssertionError("unreadable end of " + shell + ":\n" + tail());
        }
        return new Result(Integer.parseInt(m.group(2)), console.substring(begin, end).replace("\r", ""));
    }

    private void type(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            serial.write(bytes);
        }
    }

    /** Sends QMP commands (JSON objects, one each) after the handshake; returns qemu's answers, failing on an error. */
    List<String> qmp(String... commandsJson) throws IOException {
        try (SocketChannel qmp = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            qmp.connect(UnixDomainSocketAddress.of(qmpSocket()));
            QmpLines lines = new QmpLines(qmp);
            lines.next(); // the greeting
            List<String> answers = new ArrayList<>();
            List<String> all = new ArrayList<>(List.of("{\"execute\":\"qmp_capabilities\"}"));
            all.addAll(List.of(commandsJson));
            for (String c : all) {
                qmp.write(ByteBuffer.wrap((c + "\n").getBytes(StandardCharsets.UTF_8)));
                String answer;
                do {
                    answer = lines.next();
                } while (answer.startsWith("{\"event\""));
                if (!answer.startsWith("{\"return\"")) {
                    throw new AssertionError("QMP " + c + " answered " + answer);
                }
                answers.add(answer);
            }
            return answers;
        }
    }

    /** qemu's run state (QMP query-status): "running", or "watchdog" once the watchdog has fired. */
    String runState() throws IOException {
        Matcher m = Pattern.compile("\"status\": ?\"([a-z-]+)\"").matcher(qmp("{\"execute\":\"query-status\"}").get(1));
        if (!m.find()) {
            throw new AssertionError("QMP query-status without a status");
        }
        return m.group(1);
    }

    /** Lines from a QMP socket. */
    private static final class QmpLines {
        private final SocketChannel channel;
        private final StringBuilder pending = new StringBuilder();

        QmpLines(SocketChannel channel) {
            this.channel = channel;
        }

        String next() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (pending.indexOf("\n") < 0) {
                if (channel.read(buffer.clear()) < 0) {
                    throw new IOException("QMP closed");
                }
                pending.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            }
            int nl = pending.indexOf("\n");
            String line = pending.substring(0, nl).strip();
            pending.delete(0, nl + 1);
            return line;
        }
    }

    /** The power cord pulled: qemu killed, nothing flushed or unmounted. */
    void powerCut() throws IOException, InterruptedException {
        if (qemu != null && qemu.isAlive()) {
            qemu.destroyForcibly().waitFor();
        }
        if (serial != null) {
            serial.close();
            serial = null;
        }
        if (reader != null) {
            reader.join(5000);
        }
    }

    String tail() {
        String all = console.toString();
        return all.substring(Math.max(0, all.length() - 4000));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        powerCut();
    }
}
