package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.phoneflasher.sim.SampleStick;

/**
 * One link, phone — box, and the real clients a user's laptop or phone would use: busybox udhcpc, tftp-hpa, atftp,
 * busybox tftp, curl, and the simulated 7965.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneLinkIT {
    static final Duration T = Duration.ofSeconds(60);
    static final int BIG = 3 * 1024 * 1024 + 123;
    static final int EXACT = 2000 * 512;

    Rig rig;
    Rig.Host box;
    Rig.Host phone;
    BoxProcess server;
    Path work;
    Path stick;
    Path secret;

    @BeforeAll
    void start() throws Exception {
        work = Rig.tempDir("link");
        stick = Files.createDirectories(work.resolve("stick"));
        SampleStick.write(stick, 20);
        random(stick.resolve("big.bin"), BIG, 1);
        random(stick.resolve("exact.bin"), EXACT, 2);
        Files.writeString(stick.resolve("phones.csv"), "MAC,Label,Extension,Auth name,Password,Display name,Profile\n"
                + "00:1E:7A:00:AA:AA,Line 1,office,office,pw-office-secret,Reception,\n");
        Files.writeString(stick.resolve("flasher.conf"), "sip.server = 10.99.0.254\ntimezone = W. Europe Standard/Daylight Time\n");
        secret = work.resolve("secret.txt");
        Files.writeString(secret, "the box's own file, never served");
        rig = new Rig();
        Rig.Switch link = rig.newSwitch("link");
        box = rig.boxOn(link);
        phone = rig.phoneOn(link, "10.99.0.2/24");
        server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    static void random(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(file, bytes);
    }

    static String sha(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    Exec.Result inPhone(String... command) {
        return rig.run(phone, T, command);
    }

    Path out(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve("out"));
        Path file = dir.resolve(name);
        Files.deleteIfExists(file);
        return file;
    }

    @Test
    void udhcpcGetsALeaseWhoseOption150Option66AndSiaddrAreTheBox() throws Exception {
        Path env = work.resolve("udhcpc.env");
        Path script = work.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + env + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        inPhone("busybox", "udhcpc", "-i", "vphone", "-f", "-q", "-n", "-t", "4", "-T", "1", "-s", script.toString(),
                "-O", "150", "-O", "66", "-V", "Cisco Systems, Inc. IP Phone CP-7965G").ok();
        Map<String, String> lease = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lease.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals(BoxProcess.ADDRESS, lease.get("siaddr"), lease.toString());
        assertEquals("0a630001", lease.get("opt150"), lease.toString());
        assertEquals(BoxProcess.ADDRESS, lease.get("tftp"), lease.toString());
        assertEquals(BoxProcess.ADDRESS, lease.get("serverid"), lease.toString());
        assertEquals("255.255.255.0", lease.get("subnet"), lease.toString());
        assertNull(lease.get("router"), "no router unless configured");
        assertTrue(lease.get("ip").startsWith("10.99.0.1") && !lease.get("ip").equals(BoxProcess.ADDRESS), lease.toString());
        String events = server.api("/api/events");
        assertTrue(events.contains("\"dhcp.ack\""), events);
        assertTrue(events.contains("Cisco Systems, Inc. IP Phone CP-7965G"), "option 60 recorded: " + events);
    }

    @Test
    void aListedPhonesConfigIsWithheldFromOthersAndAnyOtherPhoneGetsTheDefault() throws Exception {
        // 10.99.0.2 holds no lease for the listed MAC: its config holds a password, so it is not this host's to read
        // (SecretsIT shows the listed phone itself getting it).
        Path listed = out("SEP001E7A00AAAA.cnf.xml");
        Exec.Result refused = rig.run(phone, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "sep001e7a00aaaa.CNF.XML",
                listed.toString());
        assertTrue(refused.all().contains("Error code 2"), refused.all());

        // A phone the box leased an address to (its model from option 60) and phones.csv does not list.
        udhcpcGetsALeaseWhoseOption150Option66AndSiaddrAreTheBox();
        String mac = inPhone("cat", "/sys/class/net/vphone/address").ok().out().strip().replace(":", "").toUpperCase();
        Path other = out("SEP-other.cnf.xml");
        inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "SEP" + mac + ".cnf.xml", other.toString()).ok();
        org.w3c.dom.Document def = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(other.toFile());
        assertEquals(mac, text(def, "name"), "a placeholder line");
        assertEquals("", text(def, "authPassword"), "nothing secret");
        assertEquals(SampleStick.LOAD_7965, text(def, "loadInformation"), "the 7965 target from the stick");
        assertFalse(server.log().contains("pw-office-secret"), "no password in the log");
    }

    static String text(org.w3c.dom.Document doc, String tag) {
        var nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    @Test
    void tftpHpaDownloadsByteExactWithoutOptions() throws Exception {
        Path got = out("hpa.bin");
        Exec.Result r = inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "big.bin", got.toString()).ok();
        assertFalse(r.all().contains("Error"), r.all());
        assertEquals(sha(stick.resolve("big.bin")), sha(got));
    }

    @Test
    void atftpDownloadsByteExactWithBlksizeAndTsize() throws Exception {
        Path got = out("atftp.bin");
        inPhone("atftp", "--option", "blksize 1428", "--option", "tsize 0", "-g", "-r", "big.bin", "-l", got.toString(),
                BoxProcess.ADDRESS, "69").ok();
        assertEquals(sha(stick.resolve("big.bin")), sha(got));
        server.awaitLog("bytes in"); // the transfer's end is logged after the client's last ACK
        server.awaitLog("(blksize 1428)");
    }

    @Test
    void atftpDownloadsByteExactWithoutOptions() throws Exception {
        Path got = out("atftp-plain.bin");
        inPhone("atftp", "-g", "-r", "exact.bin", "-l", got.toString(), BoxProcess.ADDRESS, "69").ok();
        assertEquals(sha(stick.resolve("exact.bin")), sha(got), "a file of whole blocks ends with an empty block");
    }

    @Test
    void busyboxTftpDownloadsByteExactWithBlksize() throws Exception {
        Path got = out("busybox.bin");
        inPhone("busybox", "tftp", "-b", "8192", "-g", "-r", "big.bin", "-l", got.toString(), BoxProcess.ADDRESS).ok();
        assertEquals(sha(stick.resolve("big.bin")), sha(got));
    }

    @Test
    void curlDownloadsByteExactOverTftpAndOverHttp() throws Exception {
        Path tftp = out("curl-tftp.bin");
        inPhone("curl", "-sS", "--fail", "--tftp-blksize", "1428", "-o", tftp.toString(),
                "tftp://" + BoxProcess.ADDRESS + "/big.bin").ok();
        assertEquals(sha(stick.resolve("big.bin")), sha(tftp));
        Path http = out("curl-http.bin");
        inPhone("curl", "-sS", "--fail", "-o", http.toString(), "http://" + BoxProcess.ADDRESS + ":6970/BIG.BIN").ok();
        assertEquals(sha(stick.resolve("big.bin")), sha(http), "port 6970 serves the same files, case-insensitively");
    }

    @Test
    void theSimulated7965CompletesItsBootSequence() throws Exception {
        Path saved = Files.createDirectories(work.resolve("sim"));
        Exec.Result r = inPhone("java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim", "--interface", "vphone",
                "--mac", "00:1e:7a:2b:3c:4d", "--model", "7965", "--server", BoxProcess.ADDRESS, "--save", saved.toString());
        r.ok();
        String out = r.out();
        for (String optional : List.of("CTLSEP001E7A2B3C4D.tlv", "ITLSEP001E7A2B3C4D.tlv", "ITLFile.tlv", "SEP001E7A2B3C4D.cnf.xml")) {
            assertTrue(out.contains("RRQ " + optional + " -> not found (error 1)"), optional + " missing answered at once:\n" + out);
        }
        assertTrue(out.contains("RRQ XMLDefault.cnf.xml -> "), out);
        assertTrue(out.contains("flashed " + SampleStick.LOAD_7965), out);
        List<String> files = List.of(SampleStick.LOAD_7965 + ".loads", "jar45sip.9-4-2ES26.sbn", "cnu45.9-4-2ES26.sbn",
                "apps45.9-4-2ES26.sbn", "dsp45.9-4-2ES26.sbn", "cvm45sip.9-4-2ES26.sbn");
        for (String file : files) {
            assertEquals(sha(stick.resolve(file)), sha(saved.resolve(file)), file + " byte-exact");
        }
    }

    @Test
    void aWriteRequestIsRefused() throws Exception {
        Path local = work.resolve("upload.bin");
        Files.writeString(local, "firmware from a stranger");
        Exec.Result r = inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "put", local.toString(), "evil.bin");
        assertTrue(r.all().contains("Error code 2"), r.all());
        assertFalse(Files.exists(stick.resolve("evil.bin")));
    }

    @Test
    void everyTraversalAttemptIsRefusedAndLeaksNothing() throws Exception {
        String secretName = secret.getFileName().toString();
        for (String name : List.of("../" + secretName, "/../" + secretName, "English_United_States/../../" + secretName,
                "..\\" + secretName)) {
            Path got = out("traversal.bin");
            Exec.Result r = inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", name, got.toString());
            assertTrue(r.all().contains("Error code 2"), name + ": " + r.all());
            assertFalse(Files.exists(got) && Files.size(got) > 0, name + " leaked");
        }
        Path got = out("abs.bin");
        Exec.Result abs = inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", secret.toString(), got.toString());
        assertTrue(abs.all().contains("Error code"), abs.all());
        assertFalse(Files.exists(got) && Files.size(got) > 0, "absolute path leaked");
        for (String path : List.of("/../" + secretName, "/%2e%2e/" + secretName, "/English_United_States/..%2f..%2f" + secretName)) {
            Exec.Result r = inPhone("curl", "-sS", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://" + BoxProcess.ADDRESS + ":6970" + path);
            assertNotEquals("200", r.out().trim(), path);
        }
        assertFalse(server.log().contains("sent " + secretName));
    }

    @Test
    void aMissingFileIsAnsweredAtOnce() {
        long started = System.nanoTime();
        Exec.Result r = inPhone("tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "CTLSEP001E7A2B3C4D.tlv", "/dev/null");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(r.all().contains("Error code 1"), r.all());
        assertTrue(millis < 3000, "took " + millis + " ms");
    }
}
