package org.phoneflasher.e2e;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Debian's headless Chromium in one of the rig's hosts, as a laptop on the phone's link would run it: chromedriver
 * runs inside the host's namespace (and starts Chromium there), and Selenium reaches it through a {@link NetnsTunnel}.
 * Nothing is downloaded: the binaries are the distribution's, named by path.
 */
final class Browser implements AutoCloseable {
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    private static final int DRIVER_PORT = 9515;

    final RemoteWebDriver driver;
    private final NetnsTunnel tunnel;

    Browser(Rig rig, Rig.Host host, Path work, int width, int height) throws Exception {
        if (!Files.isExecutable(Path.of(CHROMEDRIVER)) || !Files.isExecutable(Path.of(CHROMIUM))) {
            throw new AssertionError("no " + CHROMIUM + " or " + CHROMEDRIVER + ": run scripts/install-deps as root");
        }
        rig.start(host, work.resolve("chromedriver.log"), CHROMEDRIVER, "--port=" + DRIVER_PORT);
        tunnel = new NetnsTunnel(host.ns(), DRIVER_PORT);
        awaitDriver();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"));
        driver = new RemoteWebDriver(new URL("http://127.0.0.1:" + tunnel.port()), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** chromedriver takes a moment to listen; the tunnel drops connections until it does. */
    private void awaitDriver() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tunnel.port() + "/status"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(status, HttpResponse.BodyHandlers.ofString()).body().contains("\"ready\":true")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("chromedriver did not start within 20 s");
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Saves what the window shows as a PNG in target/screenshots, for whoever reads a run. */
    void screenshot(String name) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("phoneflasher.jar")).toAbsolutePath().getParent().resolve("screenshots"));
        Files.write(dir.resolve(name), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** Waits up to 20 s for a condition on the page; a lookup that throws (the element not drawn yet) counts as not yet. */
    static void await(String what, java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> seen) {
        Await.until(what, Duration.ofSeconds(20), () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false; // not on the page yet
            }
        }, seen);
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            tunnel.close();
        }
    }
}
