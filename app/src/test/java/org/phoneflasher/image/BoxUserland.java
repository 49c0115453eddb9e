package org.phoneflasher.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.phoneflasher.e2e.Exec;

/**
 * The box's userland, as near as a test host gets: a folder of busybox applets first in PATH (sh, mount, logger's
 * place, kill, sleep...), the host's java, curl and util-linux setpriv after them. Syslog is a file: a stand-in
 * {@code logger} appends "tag: line" for each message, so a test reads what the box would log.
 */
final class BoxUserland {
    final Path bin;
    final Path syslog;

    BoxUserland(Path dir) throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        syslog = dir.resolve("syslog");
        Files.createFile(syslog);
        String applets = Exec.run(Duration.ofSeconds(20), List.of(busybox(), "--list")).ok().out();
        for (String applet : applets.split("\\s+")) {
            if (!applet.isBlank()) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of(busybox()));
            }
        }
        for (String needed : List.of("sh", "mount", "umount", "setsid", "mkfifo", "kill", "sleep")) {
            if (!Files.exists(bin.resolve(needed))) {
                throw new AssertionError("this busybox has no " + needed + ": " + applets);
            }
        }
        Path logger = bin.resolve("logger");
        Files.deleteIfExists(logger);
        Files.writeString(logger, """
                #!/bin/sh
                tag=logger
                while getopts t:p: o; do [ "$o" = t ] && tag=$OPTARG; done
                shift $((OPTIND - 1))
                if [ $# -gt 0 ]; then echo "$tag: $*"; else while IFS= read -r l; do echo "$tag: $l"; done; fi >> %s
                """.formatted(syslog));
        Files.setPosixFilePermissions(logger, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** PATH with the applets first. */
    String path() {
        return bin + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    }

    /** {@code env PATH=… PHONEFLASHER_CONF=conf busybox sh script args…}: a box script as busybox runs it. */
    List<String> script(Path conf, Path script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("env", "PATH=" + path(), "PHONEFLASHER_CONF=" + conf,
                busybox(), "sh", script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    String syslog() throws IOException {
        return Files.readString(syslog);
    }

    /** A temp dir of the image tests' own (other suites clean up theirs by prefix). */
    static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory("pf-image-" + name);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String busybox() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "busybox");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("no busybox in PATH (scripts/install-deps installs it)");
    }
}
