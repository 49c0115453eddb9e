package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The br2-external tree holds together without Buildroot (CI cannot fetch it; scripts/check-image.sh is the gate with
 * it): every path our defconfigs and package files name through BR2_EXTERNAL_PHONEFLASHER_PATH exists, scripts are
 * executable, and the files that must agree (fstab and the partition table, the conf and the package) do.
 */
class ImageTreeIT {
    private static final Pattern EXTERNAL_PATH = Pattern.compile("\\$\\(?BR2_EXTERNAL_PHONEFLASHER_PATH\\)?/([^\\s\"')]+)");

    private final Path image = Repo.file("image");

    @Test
    void theExternalTreeIsNamedAsItsFilesUseIt() {
        assertTrue(Repo.read(image.resolve("external.desc")).lines().anyMatch(l -> l.equals("name: PHONEFLASHER")));
        for (Path file : imageFiles()) {
            Matcher other = Pattern.compile("BR2_EXTERNAL_(\\w+?)_PATH").matcher(Repo.read(file));
            while (other.find()) {
                assertEquals("PHONEFLASHER", other.group(1), file + " names another external tree");
            }
        }
    }

    @Test
    void everyPathTheDefconfigsAndThePackageNameExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int seen = 0;
        for (Path file : imageFiles()) {
            Matcher m = EXTERNAL_PATH.matcher(Repo.read(file));
            while (m.find()) {
                seen++;
                String relative = m.group(1);
                if (!exists(image, relative)) {
                    missing.add(image.relativize(file) + ": $(BR2_EXTERNAL_PHONEFLASHER_PATH)/" + relative);
                }
            }
        }
        assertTrue(seen >= 10, "found only " + seen + " paths: is the pattern still right?");
        assertEquals(List.of(), missing, "paths that do not exist (app/target needs mvn package first)");
    }

    @Test
    void bothDefconfigsBuildTheBoxWithAPinnedHeadlessJdk() {
        for (String name : List.of("phoneflasher_rpi4_defconfig", "phoneflasher_qemu_aarch64_defconfig")) {
            List<String> lines = defconfig(name);
            for (String line : List.of("BR2_aarch64=y", "BR2_PACKAGE_PHONEFLASHER=y", "BR2_PACKAGE_OPENJDK=y",
                    "BR2_PACKAGE_OPENJDK_VERSION_17=y", "BR2_SYSTEM_DHCP=\"\"", "BR2_ROOTFS_DEVICE_CREATION_DYNAMIC_MDEV=y",
                    "BR2_ROOTFS_OVERLAY=\"$(BR2_EXTERNAL_PHONEFLASHER_PATH)/../overlay\"",
                    "# BR2_TARGET_GENERIC_REMOUNT_ROOTFS_RW is not set")) { // the root stays read-only, as VmBootIT boots it
                assertTrue(lines.contains(line), name + " lacks " + line);
            }
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("BR2_PACKAGE_OPENJDK_X11=y")), name + ": headless");
            for (String script : List.of("BR2_ROOTFS_POST_BUILD_SCRIPT", "BR2_ROOTFS_POST_IMAGE_SCRIPT")) {
                String relative = value(lines, script).replace("$(BR2_EXTERNAL_PHONEFLASHER_PATH)/", "");
                assertTrue(Files.isExecutable(image.resolve(relative)), name + ": " + relative + " is not executable");
            }
        }
        assertTrue(defconfig("phoneflasher_qemu_aarch64_defconfig").contains("BR2_TOOLCHAIN_BUILDROOT_CXX=y"), "openjdk needs C++");
    }

    @Test
    void theDataPartitionInFstabIsTheOneTheImageHas() {
        assertDataPartition("raspberrypi4-64", "genimage.cfg.in", "sdcard.img", "/dev/mmcblk0p");
        assertDataPartition("qemu-aarch64", "genimage.cfg", "disk.img", "/dev/vda");
    }

    @Test
    void theOverlayRunsWhatThePackageInstalls() {
        Path overlay = Repo.file("overlay");
        assertTrue(Files.isExecutable(image.resolve("package/phoneflasher/S99phoneflasher")));
        String conf = Repo.read(overlay.resolve("etc/phoneflasher.conf"));
        String mk = Repo.read(image.resolve("package/phoneflasher/phoneflasher.mk"));
        assertTrue(mk.contains("PHONEFLASHER_INSTALL_INIT_SYSV") && mk.contains("$(TARGET_DIR)/etc/init.d/S99phoneflasher"),
                "the package installs the init script");
        assertTrue(mk.contains("$(TARGET_DIR)" + confValue(conf, "PF_JAR")), "the package installs PF_JAR");
        assertTrue(mk.contains("$(TARGET_DIR)" + confValue(conf, "PF_USB")), "the package makes the stick's mount point");
        assertTrue(mk.contains("phoneflasher -1 " + confValue(conf, "PF_GROUP")) && confValue(conf, "PF_USER").equals("phoneflasher"),
                "the package makes PF_USER");
        assertTrue(confValue(conf, "PF_DATA").startsWith("/data/"), "the data partition is mounted on /data");

        // phoneflasher.txt's address: the root is read-only, so the network file ifup reads is S03settings' copy in /run
        assertTrue(mk.contains("$(TARGET_DIR)/etc/init.d/S03settings"), "the package installs S03settings");
        Path network = overlay.resolve("etc/network/interfaces");
        assertTrue(Files.isSymbolicLink(network), "etc/network/interfaces is a link");
        String written = confValue(conf, "PF_NETWORK");
        assertTrue(written.startsWith("/run/"), "PF_NETWORK is in tmpfs: " + written);
        try {
            assertEquals(Path.of(written), Files.readSymbolicLink(network), "etc/network/interfaces links to PF_NETWORK");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(Files.isRegularFile(overlay.resolve(confValue(conf, "PF_NETWORK_DEFAULT").substring(1))), "PF_NETWORK_DEFAULT is in the overlay");

        List<String> rules = Repo.read(overlay.resolve("etc/mdev.conf")).lines().filter(l -> l.startsWith("sd")).toList();
        assertEquals(List.of("sd[a-z][0-9]*\troot:disk 660 */lib/mdev/usb-stick"), rules);
        assertTrue(Files.isExecutable(overlay.resolve("lib/mdev/usb-stick")));
    }

    /** fstab's /data line, written by the board's post-build script, names the partition genimage calls "data". */
    private void assertDataPartition(String board, String genimage, String disk, String devicePrefix) {
        String postBuild = Repo.read(image.resolve("board/" + board + "/post-build.sh"));
        Matcher fstab = Pattern.compile(Pattern.quote(devicePrefix) + "(\\d+)\\\\t/data\\\\t").matcher(postBuild);
        assertTrue(fstab.find(), board + ": post-build.sh adds no " + devicePrefix + "N /data line");
        String cfg = Repo.read(image.resolve("board/" + board + "/" + genimage));
        String diskImage = cfg.substring(cfg.indexOf("image " + disk + " {"));
        List<String> partitions = new ArrayList<>();
        Matcher p = Pattern.compile("partition (\\w+) \\{").matcher(diskImage);
        while (p.find()) {
            partitions.add(p.group(1));
        }
        int index = Integer.parseInt(fstab.group(1));
        assertTrue(index >= 1 && index <= partitions.size(), board + ": fstab names partition " + index + " of " + partitions);
        assertEquals("data", partitions.get(index - 1), board + ": fstab names partition " + index + " of " + partitions);
    }

    private static boolean exists(Path base, String relative) throws IOException {
        if (!relative.contains("*")) {
            return Files.exists(base.resolve(relative).normalize());
        }
        var glob = FileSystems.getDefault().getPathMatcher("glob:" + base + "/" + relative);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.anyMatch(glob::matches);
        }
    }

    private List<Path> imageFiles() {
        return Repo.files().stream().filter(p -> p.startsWith(image)).toList();
    }

    private List<String> defconfig(String name) {
        return Repo.read(image.resolve("configs/" + name)).lines().toList();
    }

    private static String value(List<String> lines, String symbol) {
        return lines.stream().filter(l -> l.startsWith(symbol + "=")).findFirst()
                .map(l -> l.substring(symbol.length() + 1).replace("\"", "")).orElseThrow(() -> new AssertionError("no " + symbol));
    }

    private static String confValue(String conf, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"?([^\"\\n]*)\"?$").matcher(conf);
        assertTrue(m.find(), "no " + name + " in phoneflasher.conf");
        return m.group(1);
    }

    @Test
    void thePackageNamesItsVersionAndLicenseAndRefusesAStaleJar(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String mk = Repo.read(image.resolve("package/phoneflasher/phoneflasher.mk"));
        Matcher pom = Pattern.compile("<version>([^<]+)</version>").matcher(Repo.read(Repo.file("pom.xml")));
        assertTrue(pom.find());
        assertTrue(mk.contains("PHONEFLASHER_VERSION = " + pom.group(1).replace("-SNAPSHOT", "") + "\n"), "the package's version is pom.xml's");
        assertTrue(mk.contains("PHONEFLASHER_LICENSE = Apache-2.0") && mk.contains("PHONEFLASHER_LICENSE_FILES = LICENSE"));
        assertTrue(Repo.read(Repo.file("LICENSE")).contains("Apache License"), "the license file the package names");
        assertTrue(mk.contains("--include=LICENSE"), "the package copies the license Maven puts beside the jar");

        // The check the package's build step runs, on a stand-in clone.
        Path check = image.resolve("package/phoneflasher/check-jar.sh");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path source = Files.createDirectories(repo.resolve("app/src/main/java")).resolve("Box.java");
        Files.writeString(source, "class Box {}");
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.writeString(repo.resolve("app/pom.xml"), "<project/>");
        Path jar = Files.createDirectories(repo.resolve("app/target")).resolve("phoneflasher.jar");
        org.phoneflasher.e2e.Exec.Result missing = org.phoneflasher.e2e.Exec.run(java.time.Duration.ofSeconds(10),
                List.of(check.toString(), jar.toString(), repo.toString()));
        assertEquals(1, missing.exit(), "no jar: refused");
        Files.writeString(jar, "jar");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        for (Path p : List.of(source, repo.resolve("pom.xml"), repo.resolve("app/pom.xml"))) {
            Files.setLastModifiedTime(p, old);
        }
        assertEquals(0, org.phoneflasher.e2e.Exec.run(java.time.Duration.ofSeconds(10),
                List.of(check.toString(), jar.toString(), repo.toString())).exit(), "a jar newer than its sources is taken");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        org.phoneflasher.e2e.Exec.Result stale = org.phoneflasher.e2e.Exec.run(java.time.Duration.ofSeconds(10),
                List.of(check.toString(), jar.toString(), repo.toString()));
        assertEquals(1, stale.exit(), "a source newer than the jar: refused");
        assertTrue(stale.all().contains("is older than") && stale.all().contains("Box.java"), stale.all());
    }
}
