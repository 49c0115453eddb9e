package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The bench step end to end, with the real box: a real SIP client (Debian's baresip, headless) registers with the
 * line of a config the box generated and the box says REGISTERED, a wrong password is refused; the simulated 7965
 * flashes, registers, takes the box's check-sync, restarts and leaves DONE with its home config; and
 * bench.register = false skips the step.
 */
class BenchIT {
    static final String MAC = PhonesIT.MAC;
    static final String TARGET = PhonesIT.TARGET;
    static final Pattern ACK = Pattern.compile("DHCP ACK (10\\.99\\.0\\.\\d+) ");
    static final String CSV = "MAC,Label,Extension,Auth name,Password\n" + MAC + ",Desk,201,desk201,pw-201\n";

    record Bench(Rig rig, Rig.Host phone, BoxProcess box, Path work) {}

    static Bench bench(Rig rig, String name, String flasherConf) throws Exception {
        Path work = Rig.tempDir(name);
        Path stick = Files.createDirectories(work.resolve("stick"));
        PhonesIT.writeTarget(stick);
        Files.writeString(stick.resolve("flasher.conf"), flasherConf);
        Files.writeString(stick.resolve("phones.csv"), CSV);
        Rig.Switch sw = rig.newSwitch("link");
        Rig.Host boxHost = rig.boxOn(sw);
        Rig.Host phone = rig.phoneOn(sw, null);
        BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data")).start();
        return new Bench(rig, phone, box, work);
    }

    static String phoneJson(Bench b) {
        return b.box().api("/api/phones/" + MAC);
    }

    static void awaitState(Bench b, String state) {
        Await.until("the phone " + state, Duration.ofSeconds(30), () -> phoneJson(b).contains("\"state\":\"" + state + "\""),
                () -> phoneJson(b) + "\n" + b.box().logOrError());
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(Document doc, String tag) {
        var nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /** The phone's config over HTTP (port 6970), fetched from the phone's address as the phone would. */
    static String config(Bench b) {
        return b.rig().run(b.phone(), Duration.ofSeconds(20), "curl", "-sS", "--max-time", "10",
                "http://" + BoxProcess.ADDRESS + ":6970/SEP" + MAC + ".cnf.xml").ok().out();
    }

    /** A headless baresip in the phone's namespace: one account, the account and menu modules only, no audio. */
    static Process baresip(Bench b, String name, String ip, String user, String authName, String password) throws Exception {
        Path dir = Files.createDirectories(b.work().resolve(name));
        Files.writeString(dir.resolve("config"), String.join("\n", "poll_method epoll", "sip_listen " + ip + ":5060",
                "module_path /usr/lib/baresip/modules", "module_app account.so", "module_app menu.so", ""));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + BoxProcess.ADDRESS + ">;auth_user=" + authName
                + ";auth_pass=" + password + ";regint=600\n");
        // -s: the SIP trace on stdout, so the log shows every message both ways.
        return b.rig().start(b.phone(), b.work().resolve(name + ".log"), "baresip", "-f", dir.toString(), "-s");
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void baresipRegistersWithTheGeneratedLineAndTheBoxSaysRegisteredAWrongPasswordIsRefused() throws Exception {
        Rig.requireRoot();
        assertEquals(0, Exec.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v baresip")).exit(),
                "no baresip: scripts/install-deps installs it (baresip-core)");
        try (Rig rig = new Rig()) {
            Bench b = bench(rig, "baresip", "sip.server = pbx.home.example\nphone.label = Home\n");
            // The phone's address and model, as a 7965 gets them; then its config, as it fetches it on its target.
            Exec.Result dhcp = rig.run(b.phone(), PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", MAC, "--model", "7965", "--dhcp-only").ok();
            Matcher m = ACK.matcher(dhcp.out());
            assertTrue(m.find(), dhcp.all());
            String ip = m.group(1);
            Document onBench = xml(config(b));
            assertEquals(BoxProcess.ADDRESS, text(onBench, "processNodeName"), "the bench config names the box's registrar");
            assertEquals("Wait-DONE", text(onBench, "phoneLabel"));
            String user = text(onBench, "name");
            String authName = text(onBench, "authName");
            String password = text(onBench, "authPassword");
            assertEquals(List.of("201", "desk201", "pw-201"), List.of(user, authName, password), "phones.csv's line");

            Process wrong = baresip(b, "baresip-wrong", ip, user, authName, "not-" + password);
            Path wrongLog = b.work().resolve("baresip-wrong.log");
            Await.until("baresip told 403", Duration.ofSeconds(20), () -> read(wrongLog).contains("403 Forbidden"), () -> read(wrongLog));
            b.box().awaitLog("SIP 403 to REGISTER for 201 from " + ip + ": wrong password");
            assertFalse(phoneJson(b).contains("\"state\":\"REGISTERED\""), phoneJson(b));
            assertFalse(b.box().log().contains("SIP registered"), "a wrong password registers nothing");
            wrong.destroy();
            assertTrue(wrong.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));

            Process right = baresip(b, "baresip", ip, user, authName, password);
            Path log = b.work().resolve("baresip.log");
            awaitState(b, "REGISTERED");
            assertTrue(read(log).contains("200 OK"), read(log));
            b.box().awaitLog("SIP registered 201 (" + MAC + ") from " + ip + " over UDP");
            // The box tells it to fetch its config (baresip, no Cisco phone, answers that it has no such subscription).
            Await.until("the NOTIFY check-sync at baresip", Duration.ofSeconds(10),
                    () -> read(log).contains("NOTIFY sip:201@" + ip) && read(log).contains("Event: check-sync"), () -> read(log));
            b.box().awaitLog("SIP NOTIFY check-sync to " + MAC + " at " + ip + ": ");
            right.destroy();

            // What the phone then fetches is its home config: the profile's server and label, nothing of the box.
            String home = config(b);
            assertEquals("pbx.home.example", text(xml(home), "processNodeName"));
            assertEquals("Home", text(xml(home), "phoneLabel"));
            assertFalse(home.contains(BoxProcess.ADDRESS), home);
            awaitState(b, "DONE");
        }
    }

    @Test
    void theSimulated7965GoesAllTheWayToDoneOverTcpAndItsLastConfigIsTheHomeOne() throws Exception {
        try (Rig rig = new Rig()) {
            Bench b = bench(rig, "sim", "sip.server = pbx.home.example\nsip.transport = tcp\nphone.label = Home\n");
            Path saved = b.work().resolve("phone");
            Exec.Result sim = rig.run(b.phone(), PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", MAC, "--model", "7965", "--save", saved.toString(), "--linger", "1");
            sim.ok();
            String out = sim.out();
            List<String> story = List.of("flashed " + TARGET, "label 'Wait-DONE'", "REGISTER 201 over tcp -> 200 OK",
                    "NOTIFY check-sync from the box", "check-sync: restarting", "SIP server pbx.home.example:5060 over tcp",
                    "not registering on this link");
            int at = 0;
            for (String step : story) {
                int next = out.indexOf(step, at);
                assertTrue(next >= 0, "\"" + step + "\" in order in:\n" + out);
                at = next;
            }
            awaitState(b, "DONE");
            String log = b.box().log();
            List<String> states = new ArrayList<>(List.of("downloading " + TARGET, "on target " + TARGET, "registered with the box",
                    "done: working on " + TARGET));
            at = 0;
            for (String state : states) {
                int next = log.indexOf(state, at);
                assertTrue(next >= 0, "\"" + state + "\" in order in:\n" + log);
                at = next;
            }
            assertTrue(log.contains("over TCP"), "it registered over the profile's transport");
            String home = Files.readString(saved.resolve("SEP" + MAC + ".cnf.xml"));
            Document doc = xml(home);
            assertEquals("pbx.home.example", text(doc, "processNodeName"), "the last config the phone fetched is its home one");
            assertEquals("Home", text(doc, "phoneLabel"));
            assertEquals("", text(doc, "idleURL"));
            assertEquals("", text(doc, "servicesURL"));
            assertFalse(home.contains(BoxProcess.ADDRESS), "nothing of the box: " + home);
            Await.until("the history row", Duration.ofSeconds(10), () -> b.box().api("/api/history.csv").contains(MAC),
                    () -> b.box().api("/api/history.csv"));
            String csv = b.box().api("/api/history.csv");
            assertTrue(csv.lines().anyMatch(l -> l.startsWith(MAC + ",7965,") && l.contains("," + TARGET + ",") && l.contains(",done")), csv);
            assertTrue(b.box().api("/api/phones").contains("\"state\":\"DONE\""));
        }
    }

    @Test
    void withBenchRegisterFalseAPhoneOnItsTargetGetsItsHomeConfigAtOnce() throws Exception {
        try (Rig rig = new Rig()) {
            Bench b = bench(rig, "nobench", "bench.register = false\nsip.server = pbx.home.example\nphone.label = Home\n");
            Path saved = b.work().resolve("phone");
            Exec.Result sim = rig.run(b.phone(), PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", MAC, "--model", "7965", "--save", saved.toString(), "--linger", "1");
            sim.ok();
            String out = sim.out();
            assertTrue(out.contains("flashed " + TARGET), out);
            assertFalse(out.contains("REGISTER"), "nothing to register with: " + out);
            assertTrue(out.contains("SIP server pbx.home.example"), "the config after the flash is the home one: " + out);
            awaitState(b, "DONE");
            String log = b.box().log();
            assertFalse(log.contains("on target " + TARGET) || log.contains("SIP registered"), log);
            assertEquals("Home", text(xml(Files.readString(saved.resolve("SEP" + MAC + ".cnf.xml"))), "phoneLabel"));
            Await.until("the history row", Duration.ofSeconds(10), () -> b.box().api("/api/history.csv").contains(MAC),
                    () -> b.box().api("/api/history.csv"));
        }
    }
}
