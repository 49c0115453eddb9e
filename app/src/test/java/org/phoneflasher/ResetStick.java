package org.phoneflasher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/**
 * A stick as a user fills it for 7965s: Cisco's SCCP set as a .cop.sgn and the SIP set as a cmterm zip, each with its
 * own term65.default.loads. By name the SCCP archive comes first, so the stick's own term65.default.loads is SCCP's.
 */
public final class ResetStick {
    public static final String SIP = "SIP45.9-4-2SR3-1S";
    public static final String SCCP = "SCCP45.8-5-2S";
    /** The SCCP set's first component: a reset phone sent to SCCP asks for it. */
    public static final String SCCP_COMPONENT = "jar45.8-5-2TH1-9.sbn";
    public static final String SCCP_BUNDLE = "cmterm-7945_7965-sccp.8-5-2.cop.sgn";
    public static final String SIP_BUNDLE = "cmterm-7945_7965-sip.9-4-2SR3-1.zip";

    private ResetStick() {}

    public static void write(Path stick, Path work) throws IOException {
        LookAlike firmware = new LookAlike(23);
        Path sccp = set(firmware, Files.createDirectories(work.resolve("sccp-set")), SCCP, "8-5-2S", "8-5-2TH1-9");
        Path sip = set(firmware, Files.createDirectories(work.resolve("sip-set")), SIP, "9-4-2SR3-1S", "9-4-2ES26");
        LookAlike header = new LookAlike(24);
        try (OutputStream out = Files.newOutputStream(stick.resolve(SCCP_BUNDLE))) {
            out.write(header.header(SCCP_BUNDLE));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
                for (Path file : files(sccp)) {
                    TarArchiveEntry entry = new TarArchiveEntry("usr/local/cm/tftp/" + file.getFileName());
                    entry.setSize(Files.size(file));
                    tar.putArchiveEntry(entry);
                    Files.copy(file, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(stick.resolve(SIP_BUNDLE)))) {
            for (Path file : files(sip)) {
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** A load, its two components, and a term65.default.loads listing them, as Cisco's sets hold one. */
    private static Path set(LookAlike firmware, Path dir, String load, String version, String tag) throws IOException {
        String family = load.startsWith("SIP") ? "sip" : "";
        List<Component> components = List.of(new Component("jar45" + family + "." + tag + ".sbn", 60_000),
                new Component("apps45." + tag + ".sbn", 40_000));
        firmware.writeLoad(dir, load, version, components, "\r\n");
        StringBuilder text = new StringBuilder("# RELEASE load version " + version + "\r\n");
        components.forEach(c -> text.append(c.name()).append("\r\n"));
        firmware.writeLoadsFile(dir.resolve("term65.default.loads"), "term65.default.loads", text.toString());
        return dir;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }
}
