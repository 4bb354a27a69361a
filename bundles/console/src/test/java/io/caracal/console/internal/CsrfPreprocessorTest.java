package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The preprocessor in front of every servlet of the admin port (here: a stand-in for the web console). */
class CsrfPreprocessorTest {

    private final List<String> reached = new CopyOnWriteArrayList<>();
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        HttpServlet console = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                reached.add(request.getMethod() + " " + request.getRequestURI());
                response.setStatus(200);
            }
        };
        http = new JettyHarness().filter(new CsrfPreprocessor()).servlet(console, "/system/console/*").start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @Test
    void foreignOriginPostNeverReachesTheConsole() throws Exception {
        HttpResponse<String> response = http.post("/system/console/bundles/42", "Origin", "http://evil.example");
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("cross-origin request refused"));
        assertTrue(reached.isEmpty());
    }

    @Test
    void foreignRefererWithoutOriginIsRefused() throws Exception {
        assertEquals(403, http.post("/system/console/configMgr/x", "Referer", "http://evil.example/a").statusCode());
        assertEquals(403, http.post("/system/console/configMgr/x", "Origin", "null").statusCode());
        assertTrue(reached.isEmpty());
    }

    @Test
    void crossSiteAndSameSiteFetchesAreRefused() throws Exception {
        assertEquals(403, http.post("/system/console/bundles", "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(403, http.post("/system/console/bundles", "Sec-Fetch-Site", "same-site").statusCode());
        assertTrue(reached.isEmpty());
    }

    @Test
    void sameOriginScriptsAndSafeMethodsPass() throws Exception {
        assertEquals(200, http.post("/system/console/bundles/42", "Origin", http.origin(),
                "Sec-Fetch-Site", "same-origin").statusCode());
        assertEquals(200, http.post("/system/console/bundles/42", "Referer",
                http.origin() + "/system/console/bundles").statusCode());
        assertEquals(200, http.post("/system/console/bundles/42").statusCode()); // curl: no browser headers
        assertEquals(200, http.get("/system/console/bundles", "Origin", "http://evil.example").statusCode());
        assertEquals(4, reached.size());
    }

    @Test
    void putAndDeleteAreStateChangingToo() throws Exception {
        assertEquals(403, http.send(http.request("/system/console/x").DELETE().header("Origin", "http://evil.example"))
                .statusCode());
        assertEquals(403, http.send(http.request("/system/console/x")
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example"))
                .statusCode());
        assertTrue(reached.isEmpty());
    }
}
