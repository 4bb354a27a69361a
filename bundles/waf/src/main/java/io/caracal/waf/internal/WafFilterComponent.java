package io.caracal.waf.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.NamedServiceRegistration;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.waf.RuleFile;
import io.caracal.api.waf.RuleSet;
import io.caracal.waf.internal.engine.RuleCompiler;
import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.seclang.RuleSyntaxException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WAF filter per factory configuration ({@code io.caracal.filter.waf-<name>.cfg}). It follows
 * the rule-set services it names: when one arrives, is updated or leaves, the rules are compiled
 * again on a thread of the component's own and swapped in whole, while requests keep running on
 * the previous rules. A configuration or rule set that does not compile is logged (file, line,
 * reason) and the previous rules stay.
 */
@Component(configurationPid = WafFilterComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = WafConfig.class, factory = true)
public final class WafFilterComponent {

    static final String FACTORY_PID = "io.caracal.filter.waf";
    static final String TYPE = "waf";
    private static final Logger LOG = LoggerFactory.getLogger(WafFilterComponent.class);

    /** The rule-set services bound now, by service id. */
    private final Map<Long, Bound> ruleSets = new ConcurrentHashMap<>();
    private final ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "caracal-waf-compiler");
        thread.setDaemon(true);
        return thread;
    });
    private NamedServiceRegistration<RequestFilter> registration;
    private volatile WafFilter filter;
    private volatile WafSettings settings;
    /** What the last compilation used, to skip recompiling when nothing the filter names changed. */
    private List<Object> compiledFrom;

    private record Bound(String name, int ranking, long id, RuleSet ruleSet) {
    }

    @Reference(service = RuleSet.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedRuleSet")
    void bindRuleSet(RuleSet ruleSet, Map<String, Object> properties) {
        Object name = properties.get(RuleSet.NAME_PROPERTY);
        if (name == null) {
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        long id = (Long) properties.get(Constants.SERVICE_ID);
        ruleSets.put(id, new Bound(name.toString(), ranking instanceof Integer r ? r : 0, id, ruleSet));
        scheduleCompile();
    }

    void unbindRuleSet(RuleSet ruleSet, Map<String, Object> properties) {
        ruleSets.remove((Long) properties.get(Constants.SERVICE_ID));
        scheduleCompile();
    }

    void updatedRuleSet(RuleSet ruleSet, Map<String, Object> properties) {
        unbindRuleSet(ruleSet, properties);
        bindRuleSet(ruleSet, properties);
    }

    @Activate
    void activate(BundleContext bundleContext, Map<String, Object> properties) {
        registration = new NamedServiceRegistration<>(bundleContext, RequestFilter.class, RequestFilter.NAME_PROPERTY);
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        compiler.shutdownNow();
        registration.withdraw();
    }

    private void configure(Map<String, Object> properties) {
        WafSettings next;
        try {
            next = WafSettings.read(properties);
        } catch (ConfigException e) {
            LOG.error("WAF filter not changed: {}", e.getMessage());
            return;
        }
        synchronized (this) {
            settings = next;
            compiledFrom = null;
        }
        // The first compilation runs here, so that the filter is published with its rules.
        compile();
    }

    private void scheduleCompile() {
        if (settings == null) {
            return; // not activated yet: activation compiles
        }
        try {
            compiler.execute(this::compile);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated
        }
    }

    /** Compiles the rule sets the filter names, as bound now, and swaps them in. */
    private synchronized void compile() {
        WafSettings current = settings;
        List<Bound> chosen = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : current.ruleSets()) {
            Bound best = null;
            for (Bound bound : ruleSets.values()) {
                if (bound.name().equals(name) && (best == null || bound.ranking() > best.ranking()
                        || (bound.ranking() == best.ranking() && bound.id() < best.id()))) {
                    best = bound;
                }
            }
            if (best == null) {
                missing.add(name);
            } else {
                chosen.add(best);
            }
        }
        List<Object> from = new ArrayList<>(chosen.size() + 1);
        from.add(current);
        for (Bound bound : chosen) {
            from.add(bound.id());
        }
        if (from.equals(compiledFrom)) {
            return;
        }
        RulePlan plan = null;
        if (!chosen.isEmpty()) {
            try {
                plan = RuleCompiler.compile(sources(chosen), current.exclusions());
            } catch (RuleSyntaxException | IOException | RuntimeException e) {
                LOG.error("WAF filter '{}': rule sets {} not loaded, {}: {}", current.name(), current.ruleSets(),
                        filter == null ? "the filter is not available" : "the previous rules stay", e.getMessage());
                return;
            }
            RulePlan.LoadReport report = plan.report();
            LOG.info("WAF filter '{}' runs {} rules from {} ({} files){}", current.name(), report.rules(),
                    chosen.stream().map(Bound::name).toList(), report.files(),
                    current.detectionOnly() ? " in detection-only mode" : "");
            if (!report.unsupported().isEmpty()) {
                LOG.info("WAF filter '{}': not supported, these never match: {}", current.name(), report.unsupported());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("WAF filter '{}': rule set(s) {} not available; {}", current.name(), missing,
                    current.requireRuleSets() ? "requests are refused (503) until they are"
                            : "the filter runs without them");
        }
        WafFilter.State state = new WafFilter.State(current, plan, List.copyOf(missing));
        compiledFrom = from;
        if (filter == null) {
            filter = new WafFilter(state);
        } else {
            filter.switchTo(state);
        }
        registration.publish(current.name(), filter, Map.of(RequestFilter.TYPE_PROPERTY, TYPE));
    }

    private static List<RuleCompiler.Source> sources(List<Bound> chosen) throws IOException {
        List<RuleCompiler.Source> sources = new ArrayList<>();
        for (Bound bound : chosen) {
            RuleSet ruleSet = bound.ruleSet();
            for (RuleFile file : ruleSet.files()) {
                sources.add(new RuleCompiler.Source(file.name(), file.content(),
                        dataFile -> lines(ruleSet.dataFile(file, dataFile))));
            }
        }
        return sources;
    }

    private static List<String> lines(String content) {
        return List.of(content.split("\r?\n"));
    }
}
