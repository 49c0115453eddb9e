package org.phoneflasher.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A target directory as Buildroot hands it to the post-build scripts, reduced to what they touch: the skeleton's
 * fstab, busybox's inittab with the getty line Buildroot marks GENERIC_SERIAL, and init scripts, cups' among them
 * (openjdk selects cups). Written here in the shape Buildroot gives them, not copied from it.
 */
final class StandInTarget {
    static final String FSTAB = """
            # <file system>\t<mount pt>\t<type>\t<options>\t<dump>\t<pass>
            /dev/root\t/\t\text2\trw,noauto\t0\t1
            proc\t\t/proc\t\tproc\tdefaults\t0\t0
            tmpfs\t\t/tmp\t\ttmpfs\tmode=1777\t0\t0
            sysfs\t\t/sys\t\tsysfs\tdefaults\t0\t0
            """;
    static final String GETTY = "console::respawn:/sbin/getty -L  console 0 vt100 # GENERIC_SERIAL";
    static final String INITTAB = """
            # busybox init: what runs at boot, on which terminal, and at shutdown
            ::sysinit:/bin/mount -t proc proc /proc
            ::sysinit:/bin/mount -a
            ::sysinit:/etc/init.d/rcS
            %s
            ::shutdown:/etc/init.d/rcK
            ::shutdown:/bin/umount -a -r
            """.formatted(GETTY);
    static final String CUPS = "etc/init.d/S81cupsd";
    private static final String[] INIT_SCRIPTS = {"etc/init.d/rcS", "etc/init.d/rcK", "etc/init.d/S01syslogd", CUPS,
            "etc/init.d/S99phoneflasher"};

    private StandInTarget() {}

    /** Writes the stand-in under dir, with the given inittab. */
    static Path write(Path dir, String inittab) {
        try {
            Files.createDirectories(dir.resolve("etc/init.d"));
            Files.writeString(dir.resolve("etc/fstab"), FSTAB);
            Files.writeString(dir.resolve("etc/inittab"), inittab);
            for (String script : INIT_SCRIPTS) {
                Files.writeString(dir.resolve(script), "#!/bin/sh\n# " + script + " of the stand-in target\n");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under target, by relative path, with its content. */
    static Map<String, String> files(Path target) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(target.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
