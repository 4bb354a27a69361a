package io.caracal.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /metrics} in the Prometheus text format 0.0.4: Caracal's own series plus the JVM's. Open by
 * default (the admin port is loopback-only, and Prometheus scrapes without credentials by
 * convention); {@code metrics.auth = true} requires the console's credentials.
 */
@Component(service = Servlet.class, configurationPid = ConsoleConfig.PID)
@Designate(ocd = ConsoleConfig.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("caracal-metrics")
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    // A registry of our own: the client's default registry is a JVM-wide static that other bundles
    // embedding the client could share by accident.
    private final transient PrometheusRegistry registry = new PrometheusRegistry();
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final transient ConsoleCredentials credentials;
    private volatile boolean authRequired;

    @Activate
    public MetricsServlet(@Reference AdminSource source, BundleContext context, ConsoleConfig config) {
        this(source, ConsoleCredentials.from(context::getProperty), config.metrics_auth(), true);
    }

    MetricsServlet(AdminSource source, ConsoleCredentials credentials, boolean authRequired, boolean jvmMetrics) {
        this.credentials = credentials;
        this.authRequired = authRequired;
        registry.register(new ProxyMetricsCollector(source));
        if (jvmMetrics) {
            JvmCollectors.register(registry);
        }
    }

    @Modified
    void modified(ConsoleConfig config) {
        authRequired = config.metrics_auth();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (authRequired && !BasicAuth.check(credentials, request, response)) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16384);
        try {
            writer.write(body, registry.scrape());
        } catch (RuntimeException e) {
            LOG.error("Collecting the metrics failed", e);
            Json.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "collecting the metrics failed: " + e);
            return;
        }
        // Rendered whole before sending, so a failure never leaves a half-written 200.
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }
}
