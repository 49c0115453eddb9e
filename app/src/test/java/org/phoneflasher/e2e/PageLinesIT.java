package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A line assigned on the status page: the simulated 7965 is plugged in and flashed with the stick's line, an admin
 * gives it another line in Chromium, the phone is power-cycled and its next config carries the page's line. The
 * stick is never written; the change is refused without the session or its CSRF token.
 */
class PageLinesIT {
    static final Duration T = Duration.ofSeconds(120);
    static final String MAC = PhonesIT.MAC;
    static final String PAGE = "http://" + BoxProcess.ADDRESS + ":" + BoxProcess.STATUS_PORT;
    static final String CARD = "article.phone[data-mac='" + MAC + "'] ";

    final String admin = "admin-" + UUID.randomUUID();
    final String linePassword = "line-" + UUID.randomUUID();

    @Test
    void aLineAssignedInTheBrowserReachesThePhonesNextConfig() throws Exception {
        Path work = Rig.tempDir("pagelines");
        Path stick = Files.createDirectories(work.resolve("stick"));
        Path data = work.resolve("data");
        PhonesIT.writeTarget(stick);
        Files.writeString(stick.resolve("flasher.conf"), "admin.password = " + admin + "\nsip.server = 10.99.0.254\n");
        String stickCsv = "MAC,Label,Extension,Auth name,Password,Display name\n" + MAC + ",Stick,601,,stick-pw,Stick line\n";
        Files.writeString(stick.resolve("phones.csv"), stickCsv);
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host boxHost = rig.boxOn(link);
            Rig.Host phone = rig.phoneOn(link, null);
            Rig.Host laptop = rig.join(link, "laptop", "10.99.0.3/24");
            BoxProcess box = new BoxProcess(rig, boxHost, stick, data).start();

            // Plugged in: flashed, registered on the bench with the stick's line, done.
            Path first = work.resolve("boot1");
            sim(rig, phone, first, "--linger", "1").ok();
            assertTrue(Files.readString(first.resolve("SEP" + MAC + ".cnf.xml")).contains("<name>601</name>"), "the stick's line first");

            try (Browser browser = new Browser(rig, laptop, work, 1200, 1500)) {
                browser.driver.get(PAGE + "/");
                await(browser, "the phone's card", () -> browser.driver.findElement(By.cssSelector(CARD + ".mac")).getText().equals(MAC));
                assertTrue(browser.driver.findElements(By.cssSelector(CARD + "details.line")).isEmpty(), "no line form before a login");
                browser.driver.findElement(By.id("admin-h")).click();
                await(browser, "the login form", () -> browser.driver.findElement(By.id("password")).isDisplayed());
                browser.driver.findElement(By.id("password")).sendKeys(admin);
                browser.driver.findElement(By.cssSelector("#login button")).click();
                await(browser, "the card's line form, for the admin", () -> browser.driver.findElement(By.cssSelector(CARD + "details.line summary")).isDisplayed());
                click(browser, CARD + "details.line summary");
                await(browser, "the stick's line in the form", () -> field(browser, "extension").getAttribute("value").equals("601"));
                assertTrue(text(browser, ".source").contains("stick's phones.csv"), text(browser, ".source"));
                assertEquals("unchanged", field(browser, "password").getAttribute("placeholder"), "a password is stored: not shown");
                assertEquals("", field(browser, "password").getAttribute("value"));

                // An empty extension is refused by the parser, in the form, and nothing is written.
                field(browser, "extension").clear();
                click(browser, CARD + ".line-form button[type=submit]");
                await(browser, "the problem in the form", () -> text(browser, ".problems").contains("extension: missing"));
                assertEquals("true", field(browser, "extension").getAttribute("aria-invalid"));
                assertFalse(Files.exists(data.resolve("phones.csv")), "a refused line writes nothing");

                field(browser, "extension").sendKeys("801");
                field(browser, "password").sendKeys(linePassword);
                field(browser, "label").clear();
                field(browser, "label").sendKeys("Desk, page");
                click(browser, CARD + ".line-form button[type=submit]");
                await(browser, "saved", () -> text(browser, ".msg").contains("power-cycle the phone to take it"));
                await(browser, "the page's line, the rule shown", () -> text(browser, ".source").contains("names this phone too"));
                assertEquals("801", field(browser, "extension").getAttribute("value"));
                assertEquals("", field(browser, "password").getAttribute("value"), "the password is never sent back");
                assertEquals("unchanged", field(browser, "password").getAttribute("placeholder"));
                assertFalse(((String) browser.js("return document.documentElement.outerHTML")).contains(linePassword));
                browser.screenshot("status-line.png");
                // The form fits a phone-sized window too: nothing scrolls sideways.
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                await(browser, "the window at a phone's width", () -> ((Number) browser.js("return window.innerWidth")).longValue() <= 390);
                long overflow = ((Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
                assertTrue(overflow <= 0, "the page is " + overflow + " px wider than a phone's screen");
                browser.screenshot("status-line-phone.png");
            }
            String saved = Files.readString(data.resolve("phones.csv"));
            assertTrue(saved.contains(MAC + ",\"Desk, page\",801,,") && saved.contains(linePassword), saved);
            assertEquals(stickCsv, Files.readString(stick.resolve("phones.csv")), "the stick is not written");

            // Without the session, or with it but without the CSRF token, the change is refused and nothing changes.
            String body = "{\"line\":\"1\",\"extension\":\"999\",\"password\":\"x\"}";
            assertEquals("401", postLine(rig, laptop, null, null, body));
            Path jar = work.resolve("cookies.txt");
            String login = curl(rig, laptop, "-c", jar.toString(), "-X", "POST", "--data-urlencode", "password=" + admin, PAGE + "/api/login");
            Matcher csrf = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(login);
            assertTrue(csrf.find(), login);
            assertEquals("403", postLine(rig, laptop, jar, null, body), "the session without the CSRF token");
            assertEquals("403", postLine(rig, laptop, jar, "wrong", body), "a wrong CSRF token");
            assertEquals("401", curl(rig, laptop, "-o", "/dev/null", "-w", "%{http_code}", PAGE + "/api/lines/" + MAC),
                    "the lines are not read without the session");
            String read = curl(rig, laptop, "-b", jar.toString(), PAGE + "/api/lines/" + MAC);
            assertTrue(read.contains("\"extension\":\"801\"") && read.contains("\"stickAlsoNames\":true"), read);
            assertFalse(read.contains(linePassword) || read.contains("stick-pw"), "no password comes back: " + read);
            assertEquals(saved, Files.readString(data.resolve("phones.csv")), "the refused posts wrote nothing");

            // Power-cycled: its next config carries the page's line, and the box's log never shows the password.
            Path second = work.resolve("boot2");
            sim(rig, phone, second, "--current-load", PhonesIT.TARGET, "--linger", "1").ok();
            String config = Files.readString(second.resolve("SEP" + MAC + ".cnf.xml"));
            assertTrue(config.contains("<name>801</name>") && config.contains("<featureLabel>Desk, page</featureLabel>"), config);
            assertTrue(config.contains("<authPassword>" + linePassword + "</authPassword>"), "the password typed on the page");
            assertFalse(config.contains(">601<"), "the stick's line is left out: " + config);
            assertFalse(box.log().contains(linePassword), "the box's log shows the line's password");
        }
    }

    private static Exec.Result sim(Rig rig, Rig.Host phone, Path save, String... extra) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                "--interface", "vphone", "--mac", MAC, "--model", "7965", "--save", save.toString()));
        command.addAll(List.of(extra));
        return rig.run(phone, T, command.toArray(String[]::new));
    }

    private static String postLine(Rig rig, Rig.Host laptop, Path cookies, String csrf, String body) {
        List<String> args = new ArrayList<>(List.of("-X", "POST", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                "Content-Type: application/json", "--data-binary", body));
        if (cookies != null) {
            args.addAll(List.of("-b", cookies.toString()));
        }
        if (csrf != null) {
            args.addAll(List.of("-H", "X-CSRF-Token: " + csrf));
        }
        args.add(PAGE + "/api/lines/" + MAC);
        return curl(rig, laptop, args.toArray(String[]::new));
    }

    private static String curl(Rig rig, Rig.Host laptop, String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        return rig.run(laptop, Duration.ofSeconds(30), command.toArray(String[]::new)).ok().out();
    }

    /** The page's header is sticky: an element is brought to the middle of the window before it is clicked. */
    private static void click(Browser browser, String css) {
        WebElement e = browser.driver.findElement(By.cssSelector(css));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    private static WebElement field(Browser browser, String name) {
        return browser.driver.findElement(By.cssSelector(CARD + ".line-form [name='" + name + "']"));
    }

    private static String text(Browser browser, String css) {
        return browser.driver.findElement(By.cssSelector(CARD + "details.line " + css)).getText();
    }

    private static void await(Browser browser, String what, java.util.function.BooleanSupplier condition) {
        Browser.await(what, condition, () -> String.valueOf(browser.js("const c = document.querySelector(\"" + CARD.strip().replace("'", "\\'")
                + "\"); return c ? c.innerText : 'no card'")));
    }
}
