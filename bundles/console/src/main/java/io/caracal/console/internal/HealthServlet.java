package io.caracal.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.caracal.api.admin.ListenerInfo;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Health checks for orchestrators and load balancers, without credentials (they reveal no more than
 * UP or DOWN and why): {@code /health/live} while the framework runs, {@code /health/ready} while
 * the core is there and at least one listener accepts connections.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health/*")
@HttpWhiteboardServletName("caracal-health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient AdminSource source;
    private final transient BooleanSupplier frameworkRunning;

    @Activate
    public HealthServlet(@Reference AdminSource source, BundleContext context) {
        this(source, () -> frameworkActive(context));
    }

    HealthServlet(AdminSource source, BooleanSupplier frameworkRunning) {
        this.source = source;
        this.frameworkRunning = frameworkRunning;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = PathSegments.of(request.getPathInfo());
        String check = path.size() == 1 ? path.get(0) : "";
        switch (check) {
            case "live" -> answer(response, frameworkRunning.getAsBoolean() ? List.of()
                    : List.of("the OSGi framework is stopping"));
            case "ready" -> answer(response, readiness());
            default -> Json.error(response, HttpServletResponse.SC_NOT_FOUND, "try /health/live or /health/ready");
        }
    }

    private List<String> readiness() {
        List<String> reasons = new ArrayList<>();
        if (!frameworkRunning.getAsBoolean()) {
            reasons.add("the OSGi framework is stopping");
        }
        if (source.proxy() == null) {
            reasons.add(AdminActions.CORE_MISSING);
        }
        List<ListenerInfo> listeners = source.listeners();
        if (listeners.stream().noneMatch(ListenerInfo::open)) {
            reasons.add(listeners.isEmpty() ? "no listener is configured" : "no listener is open");
        }
        return reasons;
    }

    private static void answer(HttpServletResponse response, List<String> reasons) throws IOException {
        if (reasons.isEmpty()) {
            Json.write(response, HttpServletResponse.SC_OK, Map.of("status", "UP"));
        } else {
            Json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, new Down("DOWN", reasons));
        }
    }

    record Down(String status, List<String> reasons) {
    }

    private static boolean frameworkActive(BundleContext context) {
        try {
            Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            return framework != null && framework.getState() == Bundle.ACTIVE;
        } catch (IllegalStateException e) {
            return false; // our own context is gone: we are stopping with it
        }
    }
}
