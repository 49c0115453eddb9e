package org.phoneflasher.firmware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.phoneflasher.sim.LookAlike;

/** Look-alike firmware and archives built in memory: real names and header shape, random payload, no Cisco bytes. */
final class Fixtures {
    private Fixtures() {}

    /** The signed header shape, as the look-alike firmware of the demo has it. */
    static byte[] header(String name, Random random) {
        return new LookAlike(random.nextLong()).header(name);
    }

    static byte[] signed(String name, int payload, Random random) {
        byte[] body = new byte[payload];
        random.nextBytes(body);
        return concat(header(name, random), body);
    }

    static byte[] loads(String fileName, List<String> components, Random random) {
        StringBuilder text = new StringBuilder("# RELEASE load version 9-4-2SR3-1S\r\n#HARDWARE_COMP_1 15\r\n");
        components.forEach(c -> text.append(c).append("\r\n"));
        return concat(header(fileName, random), text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A 79x5-style SIP bundle for a model code ("45", "75"): .loads, termNN.default.loads, five small .sbn. */
    static Map<String, byte[]> bundle(String model, String term, Random random) {
        String load = "SIP" + model + ".9-4-2SR3-1S";
        List<String> components = new ArrayList<>();
        for (String part : List.of("jar%ssip", "cnu%s", "apps%s", "dsp%s", "cvm%ssip")) {
            components.add(part.formatted(model) + ".9-4-2ES26.sbn");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(load + ".loads", loads(load + ".loads", components, random));
        files.put(term + ".default.loads", loads(term + ".default.loads", components, random));
        for (String component : components) {
            files.put(component, signed(component, 2_000 + random.nextInt(6_000), random));
        }
        return files;
    }

    static Map<String, byte[]> prefixed(String prefix, Map<String, byte[]> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((name, data) -> out.put(prefix + name, data));
        return out;
    }

    static Map<String, byte[]> with(Map<String, byte[]> files, String name, byte[] data) {
        Map<String, byte[]> out = new LinkedHashMap<>(files);
        out.put(name, data);
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] tar(Map<String, byte[]> files) {
        Tar tar = new Tar();
        files.forEach(tar::file);
        return tar.bytes();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    /** A tar built entry by entry, names kept exactly as given (absolute ones too), links included. */
    static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar file(String name, byte[] data) {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            return put(entry, data);
        }

        Tar dir(String name) {
            return put(new TarArchiveEntry(name, TarConstants.LF_DIR, true), new byte[0]);
        }

        Tar symlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            entry.setLinkName(target);
            return put(entry, new byte[0]);
        }

        Tar hardlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            entry.setLinkName(target);
            return put(entry, new byte[0]);
        }

        private Tar put(TarArchiveEntry entry, byte[] data) {
            try {
                out.putArchiveEntry(entry);
                out.write(data);
                out.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] bytes() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** A zip holding a Unix symbolic link, which java.util.zip cannot write. */
    static byte[] zipWithSymlink(String name, String target, Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry link = new ZipArchiveEntry(name);
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
