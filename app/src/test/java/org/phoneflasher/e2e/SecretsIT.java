package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.phoneflasher.sim.SampleStick;

/**
 * What a laptop on the phone's link can get out of the box, tried with real clients: neither settings file, nor a
 * link to one, nor a listed phone's config (it holds the line's password), nor the status API through a rebound name.
 * The phone itself, at the address the box leased it, gets its config with its password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsIT {
    static final Duration T = Duration.ofSeconds(20);
    static final String MAC = "001E7A00AAAA";
    static final String PASSWORD = "pw-office-secret";
    static final String ADMIN = "admin-secret-7";
    static final String FILES = "http://" + BoxProcess.ADDRESS + ":6970/";
    static final String PAGE = "http://" + BoxProcess.ADDRESS + ":" + BoxProcess.STATUS_PORT;

    Rig rig;
    Rig.Host phone;
    Rig.Host laptop;
    BoxProcess server;
    Path work;
    String leased;

    @BeforeAll
    void start() throws Exception {
        work = Rig.tempDir("secrets");
        Path stick = Files.createDirectories(work.resolve("stick"));
        SampleStick.write(stick, 10);
        Files.writeString(stick.resolve("phones.csv"), "MAC,Label,Extension,Auth name,Password,Display name,Profile\n"
                + "00:1E:7A:00:AA:AA,Line 1,office,office," + PASSWORD + ",Reception,\n");
        Files.writeString(stick.resolve("flasher.conf"), "admin.password = " + ADMIN + "\nsip.server = 10.99.0.254\n");
        Files.createSymbolicLink(stick.resolve("ringer1.raw"), stick.resolve("phones.csv"));
        Files.createLink(stick.resolve("Desktop.png"), stick.resolve("flasher.conf"));
        rig = new Rig();
        Rig.Switch link = rig.newSwitch("link");
        Rig.Host box = rig.join(link, "box", BoxProcess.ADDRESS + "/24");
        phone = rig.join(link, "phone", null);
        laptop = rig.join(link, "laptop", "10.99.0.3/24");
        rig.run(phone, T, "ip", "link", "set", "vphone", "address", "00:1e:7a:00:aa:aa").ok();
        server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
        // The phone leases its address from the box and puts it on its port, as a phone does.
        Path script = work.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && ip addr add \"$ip/$mask\" dev \"$interface\" && echo \"$ip\" > "
                + work.resolve("leased") + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        rig.run(phone, T, "busybox", "udhcpc", "-i", "vphone", "-f", "-q", "-n", "-t", "4", "-T", "1", "-s", script.toString(),
                "-V", "Cisco Systems, Inc. IP Phone CP-7965G").ok();
        leased = Files.readString(work.resolve("leased")).strip();
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    Exec.Result tftp(Rig.Host host, String name) throws Exception {
        Path out = work.resolve("got-" + host.ns() + "-" + name.replace('/', '_'));
        Files.deleteIfExists(out);
        Exec.Result r = rig.run(host, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", name, out.toString());
        String got = Files.exists(out) ? Files.readString(out) : "";
        assertFalse(got.contains(PASSWORD) || got.contains(ADMIN), name + " reached " + host.ns() + ": " + got);
        return r;
    }

    /** Status code and body of a GET, from {@code host}. */
    String[] http(Rig.Host host, String url, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}"));
        args.addAll(List.of(extra));
        args.add(url);
        String out = rig.run(host, T, args.toArray(String[]::new)).out();
        int cut = out.lastIndexOf('\n');
        return new String[] {out.substring(cut + 1).strip(), out.substring(0, Math.max(cut, 0))};
    }

    @Test
    void neitherSettingsFileNorALinkToOneIsServed() throws Exception {
        for (String name : List.of("phones.csv", "PHONES.CSV", "/phones.csv", "flasher.conf", "Flasher.Conf")) {
            assertTrue(tftp(laptop, name).all().contains("Error code 1"), name + " is not found by TFTP");
            String[] got = http(laptop, FILES + name.replaceFirst("^/", ""));
            assertEquals("404", got[0], name + " over HTTP: " + got[1]);
        }
        for (String name : List.of("ringer1.raw", "Desktop.png")) {
            Exec.Result r = tftp(laptop, name);
            assertTrue(r.all().contains("Error code 2"), name + " (a link to a settings file) is refused: " + r.all());
            String[] got = http(laptop, FILES + name);
            assertEquals("403", got[0], name + " over HTTP");
            assertFalse(got[1].contains(PASSWORD) || got[1].contains(ADMIN), got[1]);
        }
        String bundles = server.api("/api/bundles") + server.api("/api/status");
        assertTrue(bundles.toLowerCase().contains("desktop.png: the same file as the box's own flasher.conf"), "the stick's report says why: " + bundles);
    }

    @Test
    void aListedPhonesConfigGoesOnlyToTheAddressTheBoxLeasedIt() throws Exception {
        for (String name : List.of("SEP" + MAC + ".cnf.xml", "sep001e7a00aaaa.CNF.XML", "SIP" + MAC + ".cnf")) {
            Exec.Result r = tftp(laptop, name);
            assertTrue(r.all().contains("Error code 2"), "the laptop is refused " + name + ": " + r.all());
            String[] got = http(laptop, FILES + name);
            assertEquals("403", got[0], name + " over HTTP");
            assertFalse(got[1].contains(PASSWORD), got[1]);
        }
        Path mine = work.resolve("mine.cnf.xml");
        rig.run(phone, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "SEP" + MAC + ".cnf.xml", mine.toString()).ok();
        assertTrue(Files.readString(mine).contains("<authPassword>" + PASSWORD + "</authPassword>"), Files.readString(mine));
        String[] overHttp = http(phone, FILES + "SIP" + MAC + ".cnf");
        assertEquals("200", overHttp[0]);
        assertTrue(overHttp[1].contains(PASSWORD), "the 7940/7960 file too, over HTTP, from " + leased);
        String events = server.api("/api/events");
        assertTrue(events.contains("leased to that phone, not to 10.99.0.3"), "the page says why the laptop was refused: " + events);
        assertFalse(server.log().contains(PASSWORD), "no password in the log");
    }

    @Test
    void theStatusApiAnswersOnlyToTheBoxsOwnAddress() {
        for (String host : List.of("rebind.example", "rebind.example:8080", "10.99.0.1.nip.example", "localhost")) {
            String[] got = http(laptop, PAGE + "/api/phones", "-H", "Host: " + host);
            assertEquals("421", got[0], host + ": " + got[1]);
            assertFalse(got[1].contains(MAC), got[1]);
        }
        String[] own = http(laptop, PAGE + "/api/phones");
        assertEquals("200", own[0]);
        assertTrue(own[1].contains(MAC), "the phone that leased is listed: " + own[1]);
        assertEquals("200", http(laptop, PAGE + "/api/status", "-H", "Host: " + BoxProcess.ADDRESS)[0], "the address without a port");
        assertEquals("421", http(laptop, PAGE + "/api/stream", "-H", "Host: rebind.example")[0], "the live stream too");
    }
}
