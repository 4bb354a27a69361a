package io.caracal.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.apache.felix.webconsole.servlet.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Caracal" page of the Felix Web Console ({@code /system/console/caracal}): listeners, routes,
 * clusters, caches, plugins and block counts, refreshed by polling {@code status.json}, with drain
 * and route switches and cache purges. The console authenticates every request; actions additionally need the page's
 * CSRF token ({@code X-Caracal-CSRF}) and must come from the console's own origin.
 */
@Component(service = Servlet.class, configurationPid = ConsoleConfig.PID, property = {
        ServletConstants.PLUGIN_LABEL + "=" + CaracalConsolePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Caracal",
        ServletConstants.PLUGIN_CATEGORY + "=Caracal",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + CaracalConsolePlugin.LABEL + "/res/caracal.css"})
public final class CaracalConsolePlugin extends AbstractServlet {

    static final String LABEL = "caracal";
    static final String STATUS = "status.json";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CaracalConsolePlugin.class);
    private static final Set<String> RESOURCES = Set.of("caracal.js", "caracal.css");

    private final transient AdminSource source;
    private final transient CsrfTokens tokens = new CsrfTokens();
    private final transient Duration purgeTimeout;
    private volatile int refreshIntervalMs;

    @Activate
    public CaracalConsolePlugin(@Reference AdminSource source, ConsoleConfig config) {
        this(source, config.refresh_interval_ms());
    }

    CaracalConsolePlugin(AdminSource source, int refreshIntervalMs) {
        this(source, refreshIntervalMs, AdminActions.PURGE_TIMEOUT);
    }

    CaracalConsolePlugin(AdminSource source, int refreshIntervalMs, Duration purgeTimeout) {
        this.source = source;
        this.refreshIntervalMs = refreshIntervalMs;
        this.purgeTimeout = purgeTimeout;
    }

    @Modified
    void modified(ConsoleConfig config) {
        refreshIntervalMs = config.refresh_interval_ms();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = pluginPath(request);
        if (path.isEmpty()) {
            return; // the console renders its frame and calls renderContent
        }
        if (path.size() == 1 && path.get(0).equals(STATUS)) {
            Json.write(response, HttpServletResponse.SC_OK,
                    StatusReport.page(source, refreshIntervalMs, System.currentTimeMillis()));
        } else if (path.size() == 2 && path.get(0).equals("res") && RESOURCES.contains(path.get(1))) {
            spoolResource(request, response);
        } else {
            Json.error(response, HttpServletResponse.SC_NOT_FOUND, "no such page or resource");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Always answer with a status: the console renders its page for anything left unanswered.
        String refusal = CsrfGuard.refusal(request);
        if (refusal == null && !tokens.valid(user(request), request.getHeader(CsrfTokens.HEADER))) {
            refusal = "missing or wrong " + CsrfTokens.HEADER + " token: reload the page";
        }
        if (refusal != null) {
            Json.error(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        try {
            AdminActions.Outcome outcome = AdminActions.perform(source.proxy(), pluginPath(request),
                    request.getParameterMap(), purgeTimeout);
            if (outcome == null) {
                Json.error(response, HttpServletResponse.SC_NOT_FOUND, "no such action");
            } else {
                Json.write(response, outcome.status(), outcome.body());
            }
        } catch (RuntimeException e) {
            LOG.error("Console action {} failed", request.getPathInfo(), e);
            Json.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = pluginRoot(request);
        String page = template().replace("@ROOT@", Html.escape(root))
                .replace("@CSRF@", Html.escape(tokens.tokenFor(user(request))))
                .replace("@REFRESH@", Integer.toString(refreshIntervalMs));
        PrintWriter writer = response.getWriter();
        writer.write(page);
        writer.flush();
    }

    @Override
    protected URL getResource(String path) {
        List<String> segments = PathSegments.of(path);
        if (segments.size() == 3 && segments.get(1).equals("res") && RESOURCES.contains(segments.get(2))) {
            return CaracalConsolePlugin.class.getResource("res/" + segments.get(2));
        }
        return null;
    }

    /** The path below the plugin's label: the console hands us {@code /caracal/...}. */
    static List<String> pluginPath(HttpServletRequest request) {
        List<String> segments = PathSegments.of(request.getPathInfo());
        return segments.isEmpty() ? segments : segments.subList(1, segments.size());
    }

    private static String pluginRoot(HttpServletRequest request) {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        return root != null ? root.toString() : request.getContextPath() + request.getServletPath() + "/" + LABEL;
    }

    /** The console's user: the token binds to it, so a token leaked for one user is useless to another. */
    static String user(HttpServletRequest request) {
        if (request.getRemoteUser() != null) {
            return request.getRemoteUser();
        }
        Object remote = request.getAttribute(ServletContextHelper.REMOTE_USER);
        if (remote != null) {
            return remote.toString();
        }
        Object user = request.getAttribute(User.USER_ATTRIBUTE);
        if (user instanceof User consoleUser && consoleUser.getUserObject() instanceof String name) {
            return name;
        }
        return "";
    }

    private static String template() throws IOException {
        try (InputStream in = CaracalConsolePlugin.class.getResourceAsStream("res/caracal.html")) {
            if (in == null) {
                throw new IOException("res/caracal.html is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
