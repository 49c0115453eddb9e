package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phoneflasher.e2e.Exec;

/** Every shell script of ours passes shellcheck: the host scripts, the box's init and mdev scripts, the board scripts. */
class ShellcheckIT {

    @Test
    void everyShellScriptPassesShellcheck() {
        List<Path> scripts = Repo.files().stream().filter(ShellcheckIT::isShellScript).toList();
        List<String> names = scripts.stream().map(p -> Repo.root().relativize(p).toString()).toList();
        for (String expected : List.of("scripts/test", "scripts/build-image.sh", "scripts/run-qemu.sh", "scripts/check-image.sh",
                "image/package/phoneflasher/S99phoneflasher", "image/package/phoneflasher/S03settings", "image/package/phoneflasher/S05data",
                "image/package/phoneflasher/S06clock", "image/package/phoneflasher/S15watchdog", "overlay/lib/mdev/usb-stick", "image/board/raspberrypi4-64/post-image.sh")) {
            assertTrue(names.contains(expected), expected + " is not among the scripts found: " + names);
        }

        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources"));
        command.addAll(names);
        Exec.Result result = Exec.run(Duration.ofMinutes(2), withCwd(command));
        assertEquals(0, result.exit(), "shellcheck found problems (scripts/install-deps installs shellcheck):\n" + result.all());
    }

    /** Run at the root: the findings name files as the repository does. */
    private static List<String> withCwd(List<String> command) {
        List<String> full = new ArrayList<>(List.of("env", "-C", Repo.root().toString()));
        full.addAll(command);
        return full;
    }

    /** A *.sh file, or one whose first line runs a shell (sh, bash, busybox sh). */
    static boolean isShellScript(Path file) {
        if (file.getFileName().toString().endsWith(".sh")) {
            return true;
        }
        String first = firstLine(file);
        return first.startsWith("#!") && first.matches("#!\\s*\\S*/(env\\s+)?(ba|da)?sh(\\s.*)?|#!\\s*\\S*/(env\\s+)?busybox\\s+sh.*");
    }

    private static String firstLine(Path file) {
        try (var in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(200), StandardCharsets.ISO_8859_1);
            int end = head.indexOf('\n');
            return end < 0 ? head : head.substring(0, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
