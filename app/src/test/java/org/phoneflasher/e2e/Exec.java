package org.phoneflasher.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real program with a time limit; output goes to files so a chatty program can never block on a pipe. */
public final class Exec {
    private Exec() {}

    public record Result(List<String> command, int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }

        public String all() {
            return out + err;
        }
    }

    public static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("exec", ".out");
            Path err = Files.createTempFile("exec", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Result(command, -1, read(out), read(err) + "\n[killed after " + timeout.toSeconds() + " s]");
                }
                return new Result(command, p.exitValue(), read(out), read(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}
