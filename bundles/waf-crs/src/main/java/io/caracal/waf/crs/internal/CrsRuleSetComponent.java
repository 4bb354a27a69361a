package io.caracal.waf.crs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.NamedServiceRegistration;
import io.caracal.api.waf.RuleSet;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OWASP CRS rule set per factory configuration ({@code io.caracal.waf.crs-<name>.cfg}). The
 * rule set is registered while its files are there; they are checked every few seconds, so
 * installing the Debian package later, or upgrading it, takes effect without a restart (the WAF
 * filters naming the rule set recompile).
 */
@Component(configurationPid = CrsRuleSetComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = CrsConfig.class, factory = true)
public final class CrsRuleSetComponent {

    static final String FACTORY_PID = "io.caracal.waf.crs";
    private static final Logger LOG = LoggerFactory.getLogger(CrsRuleSetComponent.class);

    private final NamedServiceRegistration<RuleSet> registration;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "caracal-crs-files");
        thread.setDaemon(true);
        return thread;
    });
    private CrsSettings settings;
    private ScheduledFuture<?> check;
    /** Sizes and modification times of the files last published; null when nothing is published. */
    private List<Object> published;
    private boolean reportedMissing;

    @Activate
    public CrsRuleSetComponent(BundleContext context, Map<String, Object> properties) {
        registration = new NamedServiceRegistration<>(context, RuleSet.class, RuleSet.NAME_PROPERTY);
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
        registration.withdraw();
    }

    private synchronized void configure(Map<String, Object> properties) {
        CrsSettings next;
        try {
            next = CrsSettings.read(properties);
        } catch (ConfigException e) {
            LOG.error("OWASP CRS rule set not changed: {}", e.getMessage());
            return;
        }
        settings = next;
        published = null;
        reportedMissing = false;
        refresh();
        if (check != null) {
            check.cancel(false);
        }
        check = checker.scheduleWithFixedDelay(this::refresh, next.checkIntervalSeconds(), next.checkIntervalSeconds(),
                TimeUnit.SECONDS);
    }

    /** Publishes the rule set anew when its files changed, withdraws it when they are gone. */
    private synchronized void refresh() {
        CrsSettings current = settings;
        List<Object> state;
        try {
            state = fileState(current);
        } catch (IOException e) {
            if (!reportedMissing) {
                LOG.warn("OWASP CRS rule set '{}' ({}) not available: {}; install the Debian package "
                        + "modsecurity-crs (as root: bin/install-crs.sh) or set 'rules' and 'setup'", current.name(), current.source(),
                        e.getMessage());
                reportedMissing = true;
            }
            if (published != null) {
                registration.withdraw();
                published = null;
            }
            return;
        }
        if (state.equals(published)) {
            return;
        }
        reportedMissing = false;
        registration.publish(current.name(), new CrsRuleSet(current), Map.of("caracal.waf.paranoia.level",
                current.paranoiaLevel()));
        published = state;
        LOG.info("OWASP CRS rule set '{}' from {} (paranoia level {}, inbound threshold {})", current.name(),
                current.rules(), current.paranoiaLevel(), current.inboundThreshold());
    }

    private static List<Object> fileState(CrsSettings settings) throws IOException {
        if (!Files.isDirectory(settings.rules())) {
            throw new IOException("no rules folder " + settings.rules() + " (key 'rules')");
        }
        if (!Files.isRegularFile(settings.setup())) {
            throw new IOException("no setup template " + settings.setup() + " (key 'setup')");
        }
        List<Object> state = new ArrayList<>();
        List<Path> paths = new ArrayList<>(CrsRuleSet.ruleFiles(settings.rules()));
        paths.add(settings.setup());
        paths.add(settings.before());
        paths.add(settings.after());
        for (Path path : paths) {
            state.add(path.toString());
            if (Files.exists(path)) {
                state.add(Files.size(path));
                state.add(Files.getLastModifiedTime(path).toMillis());
            }
        }
        return state;
    }
}
