package io.caracal.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Caracal page of the web console ({@code /system/console/caracal}) in a real browser: Debian's
 * chromium, headless, driven through {@code /usr/bin/chromedriver} (both installed by
 * {@code src/test/scripts/install-browser.sh} in pre-integration-test).
 *
 * <p>Logging in: the console uses HTTP Basic auth. The browser first opens a console page with the
 * credentials in the URL ({@code http://admin:PASSWORD@127.0.0.1:PORT/system/console/bundles}),
 * which puts them in its HTTP auth cache for the console's realm; every later request to the admin
 * port, the navigation to the Caracal page without credentials in its URL and the page's own
 * {@code fetch()} calls, is authenticated from that cache. The Caracal page itself is not opened
 * with credentials in its URL: Chromium refuses {@code fetch()} of a relative URL from a page whose
 * URL carries credentials. No DevTools (CDP) authentication is used, so nothing ties the test to the
 * browser's version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CARACAL_PAGE = "/system/console/caracal";
    static final String LOGIN_PAGE = "/system/console/bundles";
    static final String CLUSTER = "watched";
    static final String ROUTE = "watched";
    /** Bounded waits in the browser: the page polls every ~2 s, health checks run every 300 ms. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Selenium logs through java.util.logging: warnings only, and not the two about its DevTools
     * (CDP) classes not matching the browser's version. This test uses no CDP on purpose, so that
     * Debian's chromium may move on without a matching selenium-devtools artifact. (Held in a
     * field: java.util.logging keeps only weak references to loggers.)
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            quiet("org.openqa.selenium", java.util.logging.Level.WARNING),
            quiet("org.openqa.selenium.devtools.CdpVersionFinder", java.util.logging.Level.SEVERE),
            quiet("org.openqa.selenium.chromium.ChromiumDriver", java.util.logging.Level.SEVERE));

    private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }

    private static TestOrigin origin;
    private static CaracalProcess caracal;
    private static ChromeDriverService driverService;
    private static WebDriver browser;
    private static String password;

    @RegisterExtension
    static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);

    /** On a failed test, a screenshot named after it, and the page's URL and title. */
    @RegisterExtension
    static final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String name = context.getTestMethod().map(method -> method.getName()).orElse("test");
            screenshot(name + "-failed");
        }
    };

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start("watched-origin");
        caracal = CaracalProcess.create("browser");
        // Cluster 'watched': the test origin (stopped by the test) and demo origin 1, health-checked
        // fast, so an upstream that stops answering turns unhealthy within a second.
        caracal.writeConfig("io.caracal.cluster-" + CLUSTER + ".cfg",
                "name = " + CLUSTER,
                "upstreams = " + origin.url() + ", " + caracal.demo1Url(),
                "health.check.path = /health",
                "health.check.interval.ms = 300",
                "health.check.timeout.ms = 250",
                "health.check.unhealthy.threshold = 2",
                "health.check.healthy.threshold = 1",
                "outlier.consecutive.failures = 0");
        caracal.writeConfig("io.caracal.route-" + ROUTE + ".cfg",
                "name = " + ROUTE,
                "path.prefix = /watched",
                "cluster = " + CLUSTER);
        caracal.start();
        caracal.awaitServing("/");
        caracal.awaitServing("/watched/ready");
        caracal.awaitConsole();
        password = caracal.adminPassword();
        browser = startBrowser();
    }

    /** Each step runs whatever the ones before it did. */
    @AfterAll
    static void stop() {
        quietly("quit the browser", () -> {
            if (browser != null) {
                browser.quit(); // stops chromedriver too
            }
        });
        quietly("stop chromedriver", () -> {
            if (driverService != null && driverService.isRunning()) {
                driverService.stop();
            }
        });
        quietly("stop Caracal", () -> {
            if (caracal != null) {
                caracal.close();
            }
        });
        quietly("stop the test origin", () -> {
            if (origin != null) {
                origin.close(); // the test may have stopped it already: closing again is harmless
            }
        });
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("[browser] could not " + what + ": " + e);
        }
    }

    /** Headless chromium through chromedriver, both Debian's: Selenium Manager is never asked. */
    private static WebDriver startBrowser() throws IOException {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: run itests/e2e/src/test/scripts/install-browser.sh"
                        + " (mvn verify runs it in pre-integration-test)");
            }
        }
        // A driver path given to the service skips Selenium Manager; should anything still start it,
        // SE_* system properties reach it as environment variables: never go online.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--disable-gpu",
                // No connections of its own: this machine has no network but the package registries.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--disable-quic");
        // A confirm() before an action is accepted, as an operator would.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.ACCEPT);

        Path logs = screenshotDir().getParent().resolve("chromedriver");
        Files.createDirectories(logs);
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(logs.resolve("chromedriver-" + caracal.adminPort() + ".log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(driverService, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Object version = driver.getCapabilities().getBrowserVersion();
        System.out.println("[browser] chromium " + version + " via " + CHROMEDRIVER);
        return driver;
    }

    // ---------------------------------------------------------------- tests

    /**
     * Logging in with the credentials in the URL of one console page authenticates the browser's
     * later requests to the console: a navigation without credentials and the page's own fetch().
     * Checked on a page of the Felix Web Console itself.
     */
    @Test
    @Order(1)
    void loginAuthenticatesNavigationAndThePagesOwnRequests() {
        logIn();
        browser.get(adminUrl(LOGIN_PAGE)); // no credentials in this URL
        assertEquals("Apache Felix Web Console - Bundles", browser.getTitle(), "a console page after login");
        assertFalse(browser.findElements(By.cssSelector("table")).isEmpty(), "the bundles page shows its table");

        Map<String, Object> fetched = fetchFromPage("/system/console/bundles.json", "same-origin");
        assertEquals(200L, ((Number) fetched.get("status")).longValue(), "fetch() from the page: " + fetched);
        assertTrue(String.valueOf(fetched.get("body")).contains("\"data\""), "bundles.json: " + fetched);
        // ... and it is the remembered login that does it: without credentials the same fetch gets 401.
        Map<String, Object> anonymous = fetchFromPage("/system/console/bundles.json", "omit");
        assertEquals(401L, ((Number) anonymous.get("status")).longValue(), "fetch() without credentials: " + anonymous);
    }

    @Test
    @Order(2)
    void caracalPageShowsHealthAndDrainsAnUpstream() throws Exception {
        String watchedOrigin = CLUSTER + "/127.0.0.1:" + origin.port();
        String demo = CLUSTER + "/" + caracal.demo1Url().substring("http://".length());
        try {
            logIn();
            browser.get(adminUrl(CARACAL_PAGE));
            // For a page it does not have, the web console answers "404 Not Found", which then
            // moves on to its default page (bundles).
            String title = browser.getTitle();
            assertTrue(browser.getCurrentUrl().contains(CARACAL_PAGE) && !title.contains("404"),
                    "the web console has a Caracal page: " + CARACAL_PAGE + " led to " + browser.getCurrentUrl()
                            + " titled '" + title + "'");
            WebDriverWait wait = waiting();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("caracal-routes")));
            for (String table : List.of("caracal-listeners", "caracal-routes", "caracal-clusters")) {
                assertEquals(1, browser.findElements(By.id(table)).size(), "table #" + table + " on the page");
            }
            wait.until(ExpectedConditions.presenceOfElementLocated(routeRow("default")));
            wait.until(ExpectedConditions.presenceOfElementLocated(routeRow(ROUTE)));
            wait.until(ExpectedConditions.textToBe(upstreamCell(watchedOrigin, "health"), "healthy"));
            wait.until(ExpectedConditions.textToBe(upstreamCell(demo, "drain-state"), "active"));

            // The page refreshes itself: its fetch() of the status JSON is authenticated.
            String updated = browser.findElement(By.id("caracal-updated")).getText();
            wait.until(driver -> !driver.findElement(By.id("caracal-updated")).getText().equals(updated));
            System.out.println("[browser] #caracal-updated went from '" + updated + "' to '"
                    + browser.findElement(By.id("caracal-updated")).getText() + "'");

            // An upstream that stops answering turns unhealthy on the page.
            origin.close();
            wait.until(ExpectedConditions.textToBe(upstreamCell(watchedOrigin, "health"), "unhealthy"));

            // Drain the other one from the page.
            click(By.cssSelector(upstreamRowSelector(demo) + " button.drain"));
            wait.until(ExpectedConditions.textToBe(upstreamCell(demo, "drain-state"), "drained"));

            // It really happened: the admin REST API says so too.
            JsonNode upstream = Poll.until(CaracalProcess.CHANGE_TIMEOUT,
                    "GET /api/v1/clusters to show " + demo + " drained by the operator",
                    () -> apiUpstream(CLUSTER, demo.substring(CLUSTER.length() + 1)),
                    node -> node != null && node.path("drainedByOperator").asBoolean(false));
            assertTrue(upstream.path("drained").asBoolean(false), "drained: " + upstream);
            assertNotEquals("drained", browser.findElement(upstreamCell(watchedOrigin, "drain-state")).getText(),
                    "only the clicked upstream is drained");

            List<String> warnings = browser.findElements(By.cssSelector("ul#caracal-warnings li")).stream()
                    .map(WebElement::getText).toList();
            System.out.println("[browser] warnings on the page: " + warnings);
        } finally {
            screenshot("console-caracal");
        }
    }

    // ---------------------------------------------------------------- browser helpers

    /**
     * Opens a console page with the credentials in its URL, which makes the browser remember them
     * for the console's realm, then leaves that URL (a page whose URL holds credentials may not
     * fetch() relative URLs).
     */
    private static void logIn() {
        String userInfo = "admin:" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        browser.get("http://" + userInfo + "@127.0.0.1:" + caracal.adminPort() + LOGIN_PAGE);
        String title = browser.getTitle();
        assertTrue(title.startsWith("Apache Felix Web Console"),
                "logged into the console with the generated password; got '" + title + "':\n" + browser.getPageSource());
        // Chromium: "Request cannot be constructed from a URL that includes credentials" for a
        // relative fetch() from this page. The credentials stay in the browser's auth cache.
        browser.get("about:blank");
    }

    private static String adminUrl(String path) {
        return caracal.adminUrl(path).toString();
    }

    /**
     * Runs {@code fetch(path, {credentials})} in the current page and returns its status and body
     * text; {@code same-origin} is fetch()'s default, {@code omit} sends no credentials at all.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetchFromPage(String path, String credentials) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: arguments[1]})"
                        + ".then(r => r.text().then(body => done({status: r.status, body: body})))"
                        + ".catch(e => done({status: -1, body: String(e)}));",
                path, credentials);
        return (Map<String, Object>) result;
    }

    /** Clicks what the selector finds, finding it again should a refresh replace it meanwhile. */
    private static void click(By selector) {
        waiting().until(driver -> {
            try {
                driver.findElement(selector).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static By routeRow(String route) {
        return By.cssSelector("tr[data-route=\"" + route + "\"]");
    }

    private static String upstreamRowSelector(String clusterAndHostPort) {
        return "tr[data-upstream=\"" + clusterAndHostPort + "\"]";
    }

    private static By upstreamCell(String clusterAndHostPort, String cellClass) {
        return By.cssSelector(upstreamRowSelector(clusterAndHostPort) + " td." + cellClass);
    }

    private static Path screenshotDir() {
        return Path.of(System.getProperty("caracal.e2e.screenshots", "target/screenshots")).toAbsolutePath();
    }

    /** Saves target/screenshots/NAME.png; never fails the test itself. */
    static void screenshot(String name) {
        if (browser == null) {
            return;
        }
        try {
            Path file = Files.createDirectories(screenshotDir()).resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            System.out.println("[browser] screenshot of " + browser.getCurrentUrl() + " (" + browser.getTitle()
                    + ") in " + file);
        } catch (IOException | RuntimeException e) {
            System.err.println("[browser] could not save screenshot " + name + ": " + e);
        }
    }

    // ---------------------------------------------------------------- admin REST API

    /** One upstream of a cluster as GET /api/v1/clusters shows it, or null. */
    private static JsonNode apiUpstream(String cluster, String hostPort) throws IOException, InterruptedException {
        HttpResponse<String> response = caracal.console("/api/v1/clusters");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/clusters: " + response.statusCode() + " " + response.body());
        }
        JsonNode root = JSON.readTree(response.body());
        JsonNode clusters = root.isArray() ? root : root.path("clusters");
        for (JsonNode node : clusters) {
            if (cluster.equals(node.path("name").asText())) {
                for (JsonNode upstream : node.path("upstreams")) {
                    if (hostPort.equals(upstream.path("id").asText())) {
                        return upstream;
                    }
                }
            }
        }
        return null;
    }

}
