package org.phoneflasher.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.e2e.Exec;

/**
 * Each board's post-image script, run as Buildroot runs it (BINARIES_DIR, BUILD_DIR) on stand-in binaries: the DTBs
 * the defconfig builds and rpi-firmware's files as the defconfig selects them, holding random bytes, the board's own
 * config.txt and cmdline.txt, and a small real ext4 root. Debian's genimage assembles the disk; the test reads it back
 * with sfdisk, mtools and blkid. What it cannot show: that Buildroot's real kernel and firmware fit, or boot.
 */
class ImageAssemblyIT {
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final String PLACEHOLDER = "#BOOT_FILES#";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Path dir;
    private Path binaries;
    private Path build;

    /** One partition of the disk's MBR, as sfdisk --json tells it. */
    record Partition(int number, long start, long sectors, String type, boolean bootable) {}

    @BeforeEach
    void setUp() throws Exception {
        for (String[] tool : new String[][] {{"genimage", "genimage"}, {"mcopy", "mtools"}, {"mkdosfs", "dosfstools"},
                {"sfdisk", "fdisk"}, {"mkfs.ext4", "e2fsprogs"}, {"blkid", "util-linux"}}) {
            tool(tool[0], tool[1]);
        }
        dir = BoxUserland.tempDir("assembly");
        binaries = Files.createDirectories(dir.resolve("images"));
        build = Files.createDirectories(dir.resolve("build"));
    }

    @AfterEach
    void tearDown() throws Exception {
        BoxUserland.deleteTree(dir);
    }

    @Test
    void thePiCardBootsFromFatHoldsTheRootWhereCmdlineSaysAndAnEmptyDataPartitionWhereFstabSays() throws Exception {
        Path board = Repo.file("image/board/raspberrypi4-64");
        List<String> defconfig = Repo.read(Repo.file("image/configs/phoneflasher_rpi4_defconfig")).lines().toList();
        Map<String, byte[]> boot = new TreeMap<>(); // what the FAT partition must hold, by path on it
        for (String dts : value(defconfig, "BR2_LINUX_KERNEL_INTREE_DTS_NAME").split("\\s+")) {
            String dtb = dts.substring(dts.lastIndexOf('/') + 1) + ".dtb"; // the kernel installs them in BINARIES_DIR
            boot.put(dtb, standIn(binaries, dtb, 4096));
        }
        assertTrue(boot.containsKey("bcm2711-rpi-4-b.dtb"), "the Pi 4 B's DTB is built: " + boot.keySet());
        assertTrue(defconfig.contains("BR2_PACKAGE_RPI_FIRMWARE_VARIANT_PI4=y"), "the stand-in firmware is the Pi 4 variant's");
        Path firmware = Files.createDirectories(binaries.resolve("rpi-firmware"));
        boot.put("start4.elf", standIn(firmware, "start4.elf", 65536));
        boot.put("fixup4.dat", standIn(firmware, "fixup4.dat", 4096));
        boot.put("config.txt", copy(board(defconfig, "BR2_PACKAGE_RPI_FIRMWARE_CONFIG_FILE"), firmware.resolve("config.txt")));
        boot.put("cmdline.txt", copy(board(defconfig, "BR2_PACKAGE_RPI_FIRMWARE_CMDLINE_FILE"), firmware.resolve("cmdline.txt")));
        String config = new String(boot.get("config.txt"));
        // the overlays config.txt asks for, with the map and README rpi-firmware installs beside them
        Path overlays = Files.createDirectories(firmware.resolve("overlays"));
        for (String overlay : values(config, "dtoverlay")) {
            boot.put("overlays/" + overlay + ".dtbo", standIn(overlays, overlay + ".dtbo", 1024));
        }
        boot.put("overlays/overlay_map.dtb", standIn(overlays, "overlay_map.dtb", 1024));
        boot.put("overlays/README", standIn(overlays, "README", 0));
        List<String> kernel = values(config, "kernel");
        assertEquals(1, kernel.size(), "config.txt names one kernel");
        boot.put(kernel.get(0), standIn(binaries, kernel.get(0), 1 << 20));
        // the box's own settings, as the board ships them: every line a comment, so the card boots as built
        byte[] settings = Files.readAllBytes(board.resolve("phoneflasher.txt"));
        assertTrue(new String(settings).lines().allMatch(l -> l.isBlank() || l.startsWith("#")), "phoneflasher.txt changes nothing");
        boot.put("phoneflasher.txt", settings);
        byte[] rootfs = rootfs();

        Exec.Result made = postImage(board);
        assertEquals(0, made.exit(), "post-image.sh:\n" + made.all());
        assertOnlyThePlaceholderLineIsFilledIn(Repo.read(board.resolve("genimage.cfg.in")), Repo.read(binaries.resolve("genimage.cfg")));

        Path card = binaries.resolve("sdcard.img");
        List<Partition> partitions = partitions(card);
        assertEquals(3, partitions.size(), partitions.toString());
        Partition fat = partitions.get(0);
        assertEquals("c", fat.type(), "the firmware boots from a FAT32 (LBA) partition: " + fat);
        assertTrue(fat.bootable(), fat.toString());
        assertBytesEqual(boot, bootFiles(card, fat));

        String cmdline = new String(boot.get("cmdline.txt"));
        Matcher root = Pattern.compile("(?:^|\\s)root=/dev/mmcblk0p(\\d+)(?:\\s|$)").matcher(cmdline.trim());
        assertTrue(root.find(), "cmdline.txt names the root partition: " + cmdline);
        assertRootAndData(card, partitions, Integer.parseInt(root.group(1)), rootfs, dataPartition("raspberrypi4-64", "/dev/mmcblk0p"),
                Repo.read(board.resolve("genimage.cfg.in")));
        assertFalse(partitions.get(1).bootable() || partitions.get(2).bootable(), partitions.toString());
    }

    @Test
    void theQemuDiskHoldsTheRootWhereRunQemuBootsItAndAnEmptyDataPartitionWhereFstabSays() throws Exception {
        Path board = Repo.file("image/board/qemu-aarch64");
        byte[] rootfs = rootfs();
        Exec.Result made = postImage(board);
        assertEquals(0, made.exit(), "post-image.sh:\n" + made.all());

        Path disk = binaries.resolve("disk.img");
        List<Partition> partitions = partitions(disk);
        assertEquals(2, partitions.size(), "qemu loads the kernel itself: no boot partition " + partitions);
        Matcher root = Pattern.compile("root=/dev/vda(\\d+)").matcher(Repo.read(Repo.file("scripts/run-qemu.sh")));
        assertTrue(root.find(), "scripts/run-qemu.sh names the root partition");
        assertRootAndData(disk, partitions, Integer.parseInt(root.group(1)), rootfs, dataPartition("qemu-aarch64", "/dev/vda"),
                Repo.read(board.resolve("genimage.cfg")));
        assertFalse(partitions.stream().anyMatch(Partition::bootable), partitions.toString());
    }

    /** Outside the list of names, genimage.cfg is the template, comments and all; the list is libconfuse's syntax. */
    private static void assertOnlyThePlaceholderLineIsFilledIn(String template, String cfg) {
        List<String> lines = template.lines().toList();
        int at = lines.indexOf(PLACEHOLDER);
        assertTrue(at >= 0 && lines.lastIndexOf(PLACEHOLDER) == at, "one placeholder line in genimage.cfg.in");
        List<String> out = cfg.lines().toList();
        int listed = out.size() - lines.size() + 1;
        assertTrue(listed > 0, "genimage.cfg:\n" + cfg);
        assertEquals(lines.subList(0, at), out.subList(0, at), "genimage.cfg before the list:\n" + cfg);
        assertEquals(lines.subList(at + 1, lines.size()), out.subList(at + listed, out.size()), "genimage.cfg after the list:\n" + cfg);
        List<String> list = out.subList(at, at + listed);
        for (int i = 0; i < list.size(); i++) {
            String comma = i < list.size() - 1 ? "," : "";
            assertTrue(list.get(i).matches("\\s*\"[^\"\\\\]+\"" + comma), "entry " + i + " of the list: " + list.get(i));
        }
    }

    /**
     * The root partition (number rootNumber, 1-based) holds rootfs.ext4 byte for byte; the data partition, which
     * fstab mounts on /data, is a fresh ext4 with the cfg's label and size.
     */
    private static void assertRootAndData(Path disk, List<Partition> partitions, int rootNumber, byte[] rootfs, int dataNumber, String cfg)
            throws IOException {
        Partition root = partitions.get(rootNumber - 1);
        assertEquals("83", root.type(), root.toString());
        assertTrue(root.sectors() * 512 >= rootfs.length, root.toString());
        assertArrayEquals(rootfs, read(disk, root.start() * 512, rootfs.length), "partition " + rootNumber + " is rootfs.ext4");

        assertTrue(dataNumber != rootNumber, "fstab mounts the root partition on /data");
        Partition data = partitions.get(dataNumber - 1);
        assertEquals("83", data.type(), data.toString());
        Matcher image = Pattern.compile("(?s)image data\\.ext4 \\{(.*?)\\n}").matcher(cfg);
        assertTrue(image.find(), "the cfg makes data.ext4");
        Matcher label = Pattern.compile("label = \"([^\"]+)\"").matcher(image.group(1));
        Matcher size = Pattern.compile("size = (\\d+)M").matcher(image.group(1));
        assertTrue(label.find() && size.find(), image.group(1));
        assertEquals(Long.parseLong(size.group(1)) << 20, data.sectors() * 512, "the data partition's size, as the cfg says");
        Map<String, String> probe = blkid(disk, data.start() * 512);
        assertEquals("ext4", probe.get("TYPE"), probe.toString());
        assertEquals(label.group(1), probe.get("LABEL"), probe.toString());
    }

    /** The partition post-build.sh's /data line in fstab names (device prefix + number), as the script writes it. */
    private int dataPartition(String board, String devicePrefix) throws IOException {
        Path target = StandInTarget.write(dir.resolve("target-" + board), StandInTarget.INITTAB);
        Exec.run(SHORT, List.of(Repo.file("image/board/" + board + "/post-build.sh").toString(), target.toString())).ok();
        String line = Files.readString(target.resolve("etc/fstab")).lines().filter(l -> l.matches("\\S+\\s+/data\\s.*"))
                .findFirst().orElseThrow(() -> new AssertionError(board + ": post-build.sh adds no /data line"));
        Matcher device = Pattern.compile(Pattern.quote(devicePrefix) + "(\\d+)\\s").matcher(line);
        assertTrue(device.lookingAt(), line);
        return Integer.parseInt(device.group(1));
    }

    private Exec.Result postImage(Path board) {
        return Exec.run(SHORT, List.of("env", "PATH=" + path(), "BINARIES_DIR=" + binaries, "BUILD_DIR=" + build,
                board.resolve("post-image.sh").toString()));
    }

    /** A small real root file system, as Buildroot's rootfs.ext4 is one: made from a folder with mkfs.ext4 -d. */
    private byte[] rootfs() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(tree.resolve("hostname"), "phoneflasher\n");
        Path image = binaries.resolve("rootfs.ext4");
        Exec.run(SHORT, List.of(tool("mkfs.ext4", "e2fsprogs"), "-q", "-F", "-L", "rootfs", "-d", tree.getParent().toString(),
                image.toString(), "8M")).ok();
        return Files.readAllBytes(image);
    }

    /** The partitions of disk, from sfdisk --json. */
    private static List<Partition> partitions(Path disk) {
        String json = Exec.run(SHORT, List.of(tool("sfdisk", "fdisk"), "--json", disk.toString())).ok().out();
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) ((Map<String, Object>) new JSON().fromJSON(json)).get("partitiontable");
        assertEquals("dos", table.get("label"), json);
        assertEquals(512L, ((Number) table.get("sectorsize")).longValue(), json);
        List<Partition> partitions = new ArrayList<>();
        for (Object entry : (Object[]) table.get("partitions")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) entry;
            partitions.add(new Partition(partitions.size() + 1, ((Number) p.get("start")).longValue(), ((Number) p.get("size")).longValue(),
                    (String) p.get("type"), Boolean.TRUE.equals(p.get("bootable"))));
        }
        return partitions;
    }

    /** Every file on the FAT partition, by path on it, read with mtools straight from the disk image. */
    private Map<String, byte[]> bootFiles(Path disk, Partition fat) throws IOException {
        Path out = Files.createDirectories(dir.resolve("boot-read-back"));
        Exec.run(SHORT, List.of("env", "MTOOLS_SKIP_CHECK=1", tool("mcopy", "mtools"), "-s", "-n", "-i",
                disk + "@@" + fat.start() * 512, "::*", out.toString())).ok();
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static Map<String, String> blkid(Path disk, long offset) {
        String out = Exec.run(SHORT, List.of(tool("blkid", "util-linux"), "-p", "-o", "export", "-O", String.valueOf(offset),
                disk.toString())).ok().out();
        Map<String, String> values = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return values;
    }

    private static void assertBytesEqual(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "the boot partition's files");
        for (var file : expected.entrySet()) {
            assertArrayEquals(file.getValue(), actual.get(file.getKey()), file.getKey() + " on the boot partition");
        }
    }

    private static byte[] standIn(Path dir, String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        Files.write(dir.resolve(name), bytes);
        return bytes;
    }

    private static byte[] copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
        return Files.readAllBytes(to);
    }

    private static byte[] read(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[length];
            in.seek(offset);
            in.readFully(bytes);
            return bytes;
        }
    }

    /** A file of ours the defconfig names through BR2_EXTERNAL_PHONEFLASHER_PATH. */
    private static Path board(List<String> defconfig, String symbol) {
        return Repo.file("image/" + value(defconfig, symbol).replace("$(BR2_EXTERNAL_PHONEFLASHER_PATH)/", ""));
    }

    private static String value(List<String> defconfig, String symbol) {
        return defconfig.stream().filter(l -> l.startsWith(symbol + "=")).findFirst()
                .map(l -> l.substring(symbol.length() + 1).replace("\"", "")).orElseThrow(() -> new AssertionError("no " + symbol));
    }

    /** The values of name=value lines in config.txt. */
    private static List<String> values(String config, String name) {
        return config.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1).trim()).toList();
    }

    /** PATH with the sbin folders, where mkdosfs, mke2fs and sfdisk live. */
    private static String path() {
        return System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
    }

    /** A host tool the assembly needs: missing, the test fails (CI installs them), it does not skip. */
    private static String tool(String name, String debianPackage) {
        for (String folder : path().split(":")) {
            Path candidate = Path.of(folder, name);
            if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not installed: the image assembly test needs Debian's " + debianPackage
                + " (scripts/install-deps installs it)");
    }
}
