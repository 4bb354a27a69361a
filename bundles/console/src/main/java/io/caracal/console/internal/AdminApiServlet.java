package io.caracal.console.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.caracal.api.admin.ProxyStatus;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin REST API under {@code /api/v1}: JSON views of the live state and the operator actions.
 * Every request needs the web console's credentials; state-changing ones must also come from the
 * admin origin itself (see {@link CsrfGuard}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(AdminApiServlet.PATTERN)
@HttpWhiteboardServletName("caracal-admin-api")
public final class AdminApiServlet extends HttpServlet {

    static final String PATTERN = "/api/v1/*";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApiServlet.class);

    private final transient AdminSource source;
    private final transient ConsoleCredentials credentials;
    private final transient Duration purgeTimeout;

    @Activate
    public AdminApiServlet(@Reference AdminSource source, BundleContext context) {
        this(source, ConsoleCredentials.from(context::getProperty));
    }

    AdminApiServlet(AdminSource source, ConsoleCredentials credentials) {
        this(source, credentials, AdminActions.PURGE_TIMEOUT);
    }

    AdminApiServlet(AdminSource source, ConsoleCredentials credentials, Duration purgeTimeout) {
        this.source = source;
        this.credentials = credentials;
        this.purgeTimeout = purgeTimeout;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refusal = CsrfGuard.refusal(request);
        if (refusal != null) {
            Json.error(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        if (!BasicAuth.check(credentials, request, response)) {
            return;
        }
        List<String> path = PathSegments.of(request.getPathInfo());
        try {
            switch (request.getMethod()) {
                case "GET", "HEAD" -> read(path, response);
                case "POST" -> act(path, request, response);
                default -> notAllowed(path, response);
            }
        } catch (RuntimeException e) {
            LOG.error("Admin API request {} {} failed", request.getMethod(), request.getRequestURI(), e);
            Json.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
    }

    private void read(List<String> path, HttpServletResponse response) throws IOException {
        if (AdminActions.isAction(path)) {
            notAllowed(path, response);
            return;
        }
        String resource = path.size() == 1 ? path.get(0) : "";
        switch (resource) {
            case "listeners" -> Json.write(response, HttpServletResponse.SC_OK, source.listeners());
            case "plugins" -> Json.write(response, HttpServletResponse.SC_OK, source.plugins());
            case "status", "routes", "clusters", "caches", "warnings" -> readCore(resource, response);
            default -> Json.error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource; try " + ENDPOINTS);
        }
    }

    private void readCore(String resource, HttpServletResponse response) throws IOException {
        ProxyStatus proxy = source.proxy();
        if (proxy == null) {
            Json.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, AdminActions.CORE_MISSING);
            return;
        }
        Object body = switch (resource) {
            case "routes" -> proxy.routes();
            case "clusters" -> proxy.clusters();
            case "caches" -> proxy.caches();
            case "warnings" -> proxy.warnings();
            default -> StatusReport.status(proxy, source);
        };
        Json.write(response, HttpServletResponse.SC_OK, body);
    }

    private void act(List<String> path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AdminActions.Outcome outcome = AdminActions.perform(source.proxy(), path, request.getParameterMap(),
                purgeTimeout);
        if (outcome == null) {
            if (isReadable(path)) {
                notAllowed(path, response);
            } else {
                Json.error(response, HttpServletResponse.SC_NOT_FOUND, "no such action; try " + ACTIONS);
            }
            return;
        }
        Json.write(response, outcome.status(), outcome.body());
    }

    private static void notAllowed(List<String> path, HttpServletResponse response) throws IOException {
        boolean action = AdminActions.isAction(path);
        if (!action && !isReadable(path)) {
            Json.error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource; try " + ENDPOINTS);
            return;
        }
        response.setHeader("Allow", action ? "POST" : "GET, HEAD");
        Json.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                action ? "actions are POST requests" : "this resource is read-only (GET)");
    }

    private static boolean isReadable(List<String> path) {
        return path.size() == 1 && List.of("status", "routes", "clusters", "caches", "listeners", "warnings",
                "plugins")
                .contains(path.get(0));
    }

    private static final String ENDPOINTS = "GET /api/v1/status, /routes, /clusters, /caches, /listeners, "
            + "/warnings, /plugins";
    private static final String ACTIONS = "POST /api/v1/clusters/<cluster>/upstreams/<host:port>/drain|undrain, "
            + "/api/v1/routes/<route>/disable|enable, /api/v1/caches/purge[?route=<route>][&prefix=<url prefix>]";
}
