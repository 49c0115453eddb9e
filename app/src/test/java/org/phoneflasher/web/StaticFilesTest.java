package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    @Test
    void thePageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsAndNoFraming() throws Exception {
        try (LocalServer server = new LocalServer(new StaticFiles())) {
            HttpResponse<String> page = server.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("<script src=\"/app.js\""), "no inline script: the policy forbids it");
            String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
            assertTrue(server.get("/app.js").body().contains("EventSource"));
            assertTrue(server.get("/style.css").headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
            assertEquals(404, server.get("/web/app.js").statusCode(), "only the listed files");
            assertNotEquals(200, server.get("/%2e%2e/pom.xml").statusCode());
        }
    }

    @Test
    void nothingOnThePageWritesNetworkTextAsHtml() throws Exception {
        try (LocalServer server = new LocalServer(new StaticFiles())) {
            String js = server.get("/app.js").body();
            // File names and event texts come from the link: they are only ever set as text.
            assertFalse(js.contains("innerHTML") || js.contains("outerHTML") || js.contains("insertAdjacentHTML")
                    || js.contains("document.write"), "app.js builds the page from text nodes only");
        }
    }
}
