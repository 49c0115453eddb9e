package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.e2e.Exec;

/**
 * Each board's post-build script, run as Buildroot runs it (the target directory its first argument) on a stand-in
 * target: what it changes, line by line, and that a second run (Buildroot re-runs it on a rebuild) changes nothing.
 */
class PostBuildIT {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = BoxUserland.tempDir("post-build");
    }

    @AfterEach
    void tearDown() throws Exception {
        BoxUserland.deleteTree(dir);
    }

    @Test
    void thePiMountsDataOnItsThirdPartitionLogsInOnHdmiAndStartsNoCups() {
        Path target = StandInTarget.write(dir.resolve("target"), StandInTarget.INITTAB);
        Map<String, String> before = StandInTarget.files(target);
        Map<String, String> after = runTwice("raspberrypi4-64", target);

        assertEquals(List.of("/dev/mmcblk0p3", "/data", "ext4", "noatime,noauto", "0", "2"), fields(addedLine(before, after, "etc/fstab")));
        List<String> inittab = new ArrayList<>(before.get("etc/inittab").lines().toList());
        String tty1 = after.get("etc/inittab").lines().filter(l -> l.startsWith("tty1::")).findFirst()
                .orElseThrow(() -> new AssertionError("no tty1 line:\n" + after.get("etc/inittab")));
        assertTrue(tty1.startsWith("tty1::respawn:/sbin/getty ") && fields(tty1).contains("tty1"), tty1);
        inittab.add(inittab.indexOf(StandInTarget.GETTY) + 1, tty1);
        assertEquals(inittab, after.get("etc/inittab").lines().toList(), "tty1's getty comes after the serial one, the rest stays");
        assertOnlyCupsGoesBesides(before, after, "etc/fstab", "etc/inittab");
    }

    @Test
    void theQemuBoxMountsDataOnItsSecondPartitionAndStartsNoCups() {
        Path target = StandInTarget.write(dir.resolve("target"), StandInTarget.INITTAB);
        Map<String, String> before = StandInTarget.files(target);
        Map<String, String> after = runTwice("qemu-aarch64", target);

        assertEquals(List.of("/dev/vda2", "/data", "ext4", "noatime,noauto", "0", "2"), fields(addedLine(before, after, "etc/fstab")));
        assertOnlyCupsGoesBesides(before, after, "etc/fstab");
    }

    @Test
    void withoutTheSerialGettyToFollowThePiScriptSaysSoInsteadOfLeavingHdmiWithoutALogin() {
        String inittab = StandInTarget.INITTAB.replace(StandInTarget.GETTY + "\n", "");
        Path target = StandInTarget.write(dir.resolve("target"), inittab);
        Exec.Result result = postBuild("raspberrypi4-64", target);
        assertNotEquals(0, result.exit(), result.all());
        assertTrue(result.err().contains("GENERIC_SERIAL"), result.all());
    }

    /** Runs the board's script twice: the second run must leave every file as the first left it. */
    private Map<String, String> runTwice(String board, Path target) {
        postBuild(board, target).ok();
        Map<String, String> once = StandInTarget.files(target);
        postBuild(board, target).ok();
        assertEquals(once, StandInTarget.files(target), board + ": a second run changes the target");
        return once;
    }

    private static Exec.Result postBuild(String board, Path target) {
        Path script = Repo.file("image/board/" + board + "/post-build.sh");
        return Exec.run(Duration.ofSeconds(20), List.of(script.toString(), target.toString()));
    }

    /** The one line the script appended to file; everything before it unchanged. */
    private static String addedLine(Map<String, String> before, Map<String, String> after, String file) {
        List<String> was = before.get(file).lines().toList();
        List<String> is = after.get(file).lines().toList();
        assertEquals(was, is.subList(0, Math.min(was.size(), is.size())), file + " keeps its lines");
        assertEquals(was.size() + 1, is.size(), file + " gains one line:\n" + after.get(file));
        return is.get(is.size() - 1);
    }

    /** Besides the files checked line by line, the script removes cups' init script and touches nothing else. */
    private static void assertOnlyCupsGoesBesides(Map<String, String> before, Map<String, String> after, String... checked) {
        Map<String, String> expected = new TreeMap<>(before);
        assertTrue(expected.remove(StandInTarget.CUPS) != null);
        Map<String, String> rest = new TreeMap<>(after);
        for (String file : checked) {
            expected.remove(file);
            rest.remove(file);
        }
        assertEquals(expected, rest, "cups' init script goes, the others stay as they were");
    }

    private static List<String> fields(String line) {
        return List.of(line.trim().split("\\s+"));
    }
}
