package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.phoneflasher.sim.SampleStick;
import org.w3c.dom.Document;

/**
 * The status page as a person sees it: a laptop on the phone's link opens it in Chromium while the simulated 7965
 * flashes, and watches the bars move and the phone reach its target without reloading. Then the phone's own screen,
 * and the admin side: changes need the password, and the password never comes back out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {
    static final Duration T = Duration.ofSeconds(30);
    static final String MAC = "001E7A2B3C4D";
    static final String PAGE = "http://" + BoxProcess.ADDRESS + ":" + BoxProcess.STATUS_PORT;
    /** At 10 % of real sizes and 4 ms per block the sim's flash lasts several seconds: long enough to watch. */
    static final int PERCENT = 10;
    static final String BLOCK_DELAY_MS = "4";

    final String password = "pw-" + UUID.randomUUID();
    Rig rig;
    Rig.Host laptop;
    Rig.Host phone;
    BoxProcess server;
    Browser browser;
    Path work;

    @BeforeAll
    void start() throws Exception {
        work = Rig.tempDir("status");
        Path stick = Files.createDirectories(work.resolve("stick"));
        SampleStick.write(stick, PERCENT);
        Files.writeString(stick.resolve("flasher.conf"), "admin.password = " + password + "\n");
        rig = new Rig();
        Rig.Switch link = rig.newSwitch("link");
        Rig.Host box = rig.host("box");
        phone = rig.host("phone");
        laptop = rig.host("laptop");
        rig.plug(box, "vbox", link, BoxProcess.ADDRESS + "/24");
        // The phone gets its address from the box, as a real one does: the box knows it by that address.
        rig.plug(phone, "vphone", link, null);
        rig.plug(laptop, "vlaptop", link, "10.99.0.3/24");
        server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
        browser = new Browser(rig, laptop, work, 1200, 1500);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    @Order(1)
    void thePageFollowsAFlashLiveWithoutReloading() throws Exception {
        browser.driver.get(PAGE + "/");
        await("the live stream connects", () -> "live".equals(text("conn")));
        browser.js("window.__samePage = 'not reloaded'");
        assertTrue(text("box-dhcp").contains("serving"), text("box-dhcp"));
        assertTrue(text("box-stick").contains("present"), text("box-stick"));
        assertTrue(browser.driver.findElement(By.id("targets")).getText().contains(SampleStick.LOAD_7965));

        rig.start(phone, work.resolve("phone.log"), "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim", "--interface",
                "vphone", "--mac", MAC, "--model", "7965", "--block-delay-ms", BLOCK_DELAY_MS, "--linger", "60");
        List<Long> whole = new ArrayList<>();
        List<Long> file = new ArrayList<>();
        List<String> today = new ArrayList<>();
        boolean flashingShot = false;
        String state = null;
        java.util.Set<String> seenStates = new java.util.LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            @SuppressWarnings("unchecked")
            Map<String, Object> card = (Map<String, Object>) browser.js("""
                    const c = document.querySelector('article.phone[data-mac="%s"]');
                    if (!c) return null;
                    const w = c.querySelector('.bar.whole progress'), f = c.querySelector('.bar.file progress');
                    const t = document.getElementById('today').dataset;
                    return {state: c.dataset.state, whole: w ? w.value : -1, file: f ? f.value : -1,
                      today: (t.done || '-') + '/' + (t.working || '-') + '/' + (t.failed || '-')};
                    """.formatted(MAC));
            if (card != null) {
                state = (String) card.get("state");
                long w = ((Number) card.get("whole")).longValue();
                long f = ((Number) card.get("file")).longValue();
                if (today.isEmpty() || !today.get(today.size() - 1).equals(card.get("today"))) {
                    today.add((String) card.get("today"));
                }
                if ("DOWNLOADING".equals(state) && w >= 0 && (whole.isEmpty() || whole.get(whole.size() - 1) != w)) {
                    whole.add(w);
                }
                if ("DOWNLOADING".equals(state) && f >= 0) {
                    file.add(f);
                }
                if (!flashingShot && w >= 30 && w <= 80) {
                    browser.screenshot("status-flashing.png");
                    flashingShot = true;
                }
                seenStates.add(state);
                if ("DONE".equals(state)) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertEquals("DONE", state, "the phone is done on the page; phone log:\n" + Files.readString(work.resolve("phone.log")));
        assertTrue(seenStates.contains("REGISTERED"), "the page showed it registered on the bench first: " + seenStates);
        assertEquals("not reloaded", browser.js("return window.__samePage"), "the page updated itself, it was not reloaded");
        List<Long> between = whole.stream().filter(v -> v > 0 && v < 100).distinct().toList();
        assertTrue(between.size() >= 3, "the whole-flash bar moved through several values: " + whole);
        for (int i = 1; i < whole.size(); i++) {
            assertTrue(whole.get(i) >= whole.get(i - 1), "the whole-flash bar never goes back: " + whole);
        }
        assertTrue(file.stream().anyMatch(v -> v > 0 && v < 100), "a file's bar showed a partial file: " + file);
        // The day's summary (done/working/failed) followed the phone: working while it flashed, then done.
        assertTrue(today.contains("0/1/0"), "the summary counted the phone as working while it flashed: " + today);
        await("the summary counts the phone done", () -> "1 done".equals(browser.js(
                "return document.querySelector('#today .yes') && document.querySelector('#today .yes').textContent"))
                && text("today").contains("0 working"));
        assertTrue(text("today").contains("0 failed"), text("today"));
        WebElement card = browser.driver.findElement(By.cssSelector("article.phone[data-mac='" + MAC + "']"));
        assertTrue(card.getText().contains(SampleStick.LOAD_7965), card.getText());
        assertTrue(card.getText().contains("Done-unplug"), "the short label the phone's own screen shows: " + card.getText());
        await("the phone's serial number from its own page", () -> browser.driver.findElement(
                By.cssSelector("article.phone[data-mac='" + MAC + "'] .serial")).getText().equals("S/N FCH7A2B3C4D, hw rev 2"));
        browser.screenshot("status.png");

        // The log, newest first, filtered to this phone, then to one kind.
        String all = text("events");
        assertTrue(all.indexOf("DHCP lease") < all.indexOf("stick indexed"), "newest first:\n" + all);
        browser.driver.findElement(By.id("filter-mac")).sendKeys(MAC);
        String mine = text("events");
        assertTrue(mine.contains("DHCP lease") && mine.contains("TFTP sent") && !mine.contains("stick indexed"), mine);
        browser.js("const m = document.getElementById('filter-mac'); m.value = ''; m.dispatchEvent(new Event('input'))");
        browser.js("const s = document.getElementById('filter-kind'); s.value = 'stick'; s.dispatchEvent(new Event('change'))");
        String sticks = text("events");
        assertTrue(sticks.contains("stick indexed") && !sticks.contains("DHCP lease"), sticks);
        browser.js("const s = document.getElementById('filter-kind'); s.value = ''; s.dispatchEvent(new Event('change'))");

        // A phone-sized browser: everything fits the width, nothing scrolls sideways.
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        await("the window at a phone's width", () -> ((Number) browser.js("return window.innerWidth")).longValue() <= 390);
        long overflow = ((Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
        assertTrue(overflow <= 0, "the page is " + overflow + " px wider than a phone's screen");
        browser.screenshot("status-phone.png");
        browser.driver.manage().window().setSize(new Dimension(1200, 1500));
    }

    @Test
    @Order(2)
    void thePhonesOwnScreenSaysItIsDoneWithinThePhonesLimits() throws Exception {
        Exec.Result r = rig.run(laptop, T, "curl", "-sS", "-D", "-", PAGE + "/phone/" + MAC).ok();
        String[] parts = r.out().split("\r\n\r\n", 2);
        String headers = parts[0].toLowerCase();
        assertTrue(headers.contains("content-type: text/xml"), headers);
        assertTrue(headers.contains("refresh: "), headers);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(parts[1].getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("CiscoIPPhoneText", doc.getDocumentElement().getTagName());
        String title = doc.getElementsByTagName("Title").item(0).getTextContent();
        String prompt = doc.getElementsByTagName("Prompt").item(0).getTextContent();
        String text = doc.getElementsByTagName("Text").item(0).getTextContent();
        assertTrue(title.length() <= 32 && prompt.length() <= 32 && text.length() <= 4000, title + " / " + prompt);
        assertTrue(text.contains("Done: flashed to " + SampleStick.LOAD_7965), text);
        assertTrue(text.contains("unplug me"), text);
    }

    @Test
    @Order(3)
    void changesNeedThePasswordAndACsrfTokenAndThePasswordNeverComesBack() throws Exception {
        assertEquals("401", post("/api/rescan", null, null), "no session");
        assertEquals("403", curl("-X", "POST", "--data-urlencode", "password=wrong", "-o", "/dev/null", "-w", "%{http_code}",
                PAGE + "/api/login"), "a wrong password");
        Path jar = work.resolve("cookies.txt");
        String login = curl("-c", jar.toString(), "-X", "POST", "--data-urlencode", "password=" + password, PAGE + "/api/login");
        Matcher csrf = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(login);
        assertTrue(csrf.find(), login);
        String cookies = Files.readString(jar);
        assertTrue(cookies.contains("#HttpOnly_"), "the session cookie is HttpOnly: " + cookies);
        assertEquals("403", post("/api/rescan", jar, null), "a session without the CSRF token");
        assertEquals("403", post("/api/rescan", jar, "not-the-token"), "a wrong CSRF token");
        assertEquals("403", curl("-b", jar.toString(), "-H", "X-CSRF-Token: " + csrf.group(1), "-H", "Origin: http://evil.example",
                "-X", "POST", "-o", "/dev/null", "-w", "%{http_code}", PAGE + "/api/rescan"), "another site's page");
        assertEquals("200", post("/api/rescan", jar, csrf.group(1)));
        assertEquals("400", post("/api/target", jar, csrf.group(1), "model=7965", "load=" + SampleStick.LOAD_7960),
                "a load for another model is refused");
        assertEquals("200", post("/api/target", jar, csrf.group(1), "model=7965", "load=" + SampleStick.LOAD_7965));
        assertTrue(curl(PAGE + "/api/status").contains("chosen on the status page"));
        assertEquals("200", post("/api/target", jar, csrf.group(1), "model=7965", "load="));
        await("the flash in the history (written behind, within a second or so)", () -> curl(PAGE + "/api/history.csv").contains(MAC));
        // Read back as a spreadsheet would: RFC 4180, one record per flash, ten cells each, none a formula.
        List<CSVRecord> rows = CSVParser.parse(curl(PAGE + "/api/history.csv"), CSVFormat.RFC4180).getRecords();
        assertEquals(List.of("mac", "model", "from_load", "to_load", "started", "finished", "result", "duration_s",
                "serial_number", "hardware_revision"), rows.get(0).toList());
        CSVRecord flash = rows.stream().filter(r -> r.get(0).equals(MAC)).findFirst().orElseThrow();
        assertEquals(10, flash.size(), flash.toString());
        assertTrue(flash.stream().noneMatch(cell -> !cell.isEmpty() && "=+-@\t\r\n".indexOf(cell.charAt(0)) >= 0), flash.toString());
        assertEquals("200", post("/api/history/clear", jar, csrf.group(1)));
        assertEquals("mac,model,from_load,to_load,started,finished,result,duration_s,serial_number,hardware_revision",
                curl(PAGE + "/api/history.csv").strip());

        // The browser's own login form does the same through the page.
        browser.driver.get(PAGE + "/");
        browser.driver.findElement(By.id("admin-h")).click();
        await("the login form", () -> browser.driver.findElement(By.id("password")).isDisplayed());
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.cssSelector("#login button")).click();
        await("the admin buttons", () -> browser.driver.findElement(By.id("rescan")).isDisplayed());
        browser.driver.findElement(By.id("rescan")).click();
        await("the rescan's answer", () -> text("admin-msg").contains("stick indexed"));

        for (String path : List.of("/", "/app.js", "/api/status", "/api/bundles", "/api/events", "/api/phones", "/api/session",
                "/api/reset-help", "/api/history.csv", "/phone/" + MAC)) {
            assertFalse(curl("-b", jar.toString(), PAGE + path).contains(password), path + " shows the password");
        }
        Exec.Result stream = rig.run(laptop, T, "curl", "-sS", "--max-time", "2", PAGE + "/api/stream");
        assertTrue(stream.out().contains("event: phones"), stream.out());
        assertFalse(stream.out().contains(password), "the live stream shows the password");
        Exec.Result tftp = rig.run(laptop, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "flasher.conf",
                work.resolve("got.conf").toString());
        assertTrue(tftp.all().contains("Error code 1"), "flasher.conf is never served: " + tftp.all());
        assertFalse(rig.run(laptop, T, "curl", "-sS", "http://" + BoxProcess.ADDRESS + ":6970/flasher.conf").out().contains(password));
        assertFalse(server.log().contains(password), "the box's log shows the password");
    }

    private String post(String path, Path cookies, String csrf, String... fields) {
        List<String> args = new ArrayList<>(List.of("-X", "POST", "-o", "/dev/null", "-w", "%{http_code}"));
        if (cookies != null) {
            args.addAll(List.of("-b", cookies.toString()));
        }
        if (csrf != null) {
            args.addAll(List.of("-H", "X-CSRF-Token: " + csrf));
        }
        for (String field : fields) {
            args.addAll(List.of("--data-urlencode", field));
        }
        if (fields.length == 0) {
            args.addAll(List.of("-d", ""));
        }
        args.add(PAGE + path);
        return curl(args.toArray(String[]::new));
    }

    private String curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        return rig.run(laptop, T, command.toArray(String[]::new)).ok().out();
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Browser.await(what, condition, () -> "not on the page");
    }
}
