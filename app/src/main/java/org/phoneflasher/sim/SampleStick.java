package org.phoneflasher.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.phoneflasher.Args;

/**
 * Writes a stick of look-alike firmware: real file names and header shape, random payload of realistic size. Real
 * firmware is Cisco's and never ships with the project; this is what the demo and the tests flash.
 */
public final class SampleStick {
    public static final String USAGE = "sample-stick --out DIR [--percent N]   (N% of real sizes, default 100)";

    /** The 7945/7965 SIP 9.4(2)SR3 set, with component sizes close to the real ones. */
    public static final String LOAD_7965 = "SIP45.9-4-2SR3-1S";
    static final List<Component> COMPONENTS_7965 = List.of(
            new Component("jar45sip.9-4-2ES26.sbn", 2_310_000),
            new Component("cnu45.9-4-2ES26.sbn", 560_000),
            new Component("apps45.9-4-2ES26.sbn", 2_290_000),
            new Component("dsp45.9-4-2ES26.sbn", 363_000),
            new Component("cvm45sip.9-4-2ES26.sbn", 3_780_000));
    /** 7940/7960 SIP 8.12: loader and application, LF line ends. */
    public static final String LOAD_7960 = "P0S3-8-12-00";
    static final List<Component> COMPONENTS_7960 = List.of(
            new Component("P0S3-8-12-00.sb2", 760_000),
            new Component("P003-8-12-00.sbn", 240_000));

    record Component(String name, int size) {}

    private SampleStick() {}

    public static int run(List<String> argv) throws Args.UsageError, IOException {
        Args args = new Args(argv, Set.of("out", "percent"), Set.of());
        Path out = Path.of(args.required("out"));
        int percent = args.integer("percent", 100);
        if (percent < 1 || percent > 100) {
            throw new Args.UsageError("--percent must be 1..100");
        }
        write(out, percent);
        System.out.println("sample stick written to " + out.toAbsolutePath());
        return 0;
    }

    public static void write(Path stick, int percent) throws IOException {
        Files.createDirectories(stick);
        Random random = new Random(7965);
        writeLoad(stick, LOAD_7965, "9-4-2SR3-1S", COMPONENTS_7965, "\r\n", percent, random);
        // After a factory reset a 7965 asks for term65.default.loads, a 7945 for term45: both list the same set.
        Files.copy(stick.resolve(LOAD_7965 + ".loads"), stick.resolve("term65.default.loads"));
        Files.copy(stick.resolve(LOAD_7965 + ".loads"), stick.resolve("term45.default.loads"));
        writeLoad(stick, LOAD_7960, "8-12-00", COMPONENTS_7960, "\n", percent, random);
        Files.writeString(stick.resolve("OS79XX.TXT"), "P003-8-12-00\n");
        Path locale = Files.createDirectories(stick.resolve("English_United_States"));
        Files.writeString(locale.resolve("7960-font.xml"), "<fonts/>\n");
        Files.writeString(stick.resolve("XMLDefault.cnf.xml"), xmlDefault());
    }

    private static void writeLoad(Path stick, String load, String version, List<Component> components, String eol,
            int percent, Random random) throws IOException {
        StringBuilder text = new StringBuilder("# RELEASE load version ").append(version).append(eol);
        text.append("#HARDWARE_COMP_1 15").append(eol);
        for (Component component : components) {
            text.append(component.name()).append(eol);
            writeSigned(stick.resolve(component.name()), component.name(),
                    Math.max(1024, (long) component.size() * percent / 100), random);
        }
        byte[] header = header(load + ".loads", random);
        byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer file = ByteBuffer.allocate(header.length + body.length).put(header).put(body);
        Files.write(stick.resolve(load + ".loads"), file.array());
    }

    /** Header, then random payload, streamed in 64 KB pieces. */
    private static void writeSigned(Path path, String name, long payload, Random random) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(header(name, random)));
            byte[] chunk = new byte[64 * 1024];
            for (long left = payload; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left)));
            }
        }
    }

    /** Tag 1 version 1.0, tag 2 header length, tag 3 signer, tag 14 own name, tag 12 a 256-byte "signature". */
    static byte[] header(String name, Random random) {
        byte[] signer = "CN=look-alike;OU=phoneflasher".getBytes(StandardCharsets.US_ASCII);
        byte[] fileName = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[256];
        random.nextBytes(signature);
        int length = 5 + 5 + (3 + signer.length) + (3 + fileName.length) + (3 + signature.length);
        ByteBuffer h = ByteBuffer.allocate(length);
        h.put((byte) 1).putShort((short) 2).put((byte) 1).put((byte) 0);
        h.put((byte) 2).putShort((short) 2).putShort((short) length);
        h.put((byte) 3).putShort((short) signer.length).put(signer);
        h.put((byte) 14).putShort((short) fileName.length).put(fileName);
        h.put((byte) 12).putShort((short) signature.length).put(signature);
        return h.array();
    }

    /** Hand-written until the box generates configs: points every 7965 at the sample load. */
    private static String xmlDefault() {
        return """
                <Default>
                  <callManagerGroup>
                    <members>
                      <member priority="0">
                        <callManager>
                          <ports><ethernetPhonePort>2000</ethernetPhonePort><sipPort>5060</sipPort></ports>
                          <processNodeName>127.0.0.1</processNodeName>
                        </callManager>
                      </member>
                    </members>
                  </callManagerGroup>
                  <loadInformation436 model="Cisco 7965">%s</loadInformation436>
                  <loadInformation435 model="Cisco 7945">%s</loadInformation435>
                  <loadInformation7 model="Cisco 7960">%s</loadInformation7>
                </Default>
                """.formatted(LOAD_7965, LOAD_7965, LOAD_7960);
    }
}
