package io.caracal.api.waf;

import java.io.IOException;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A WAF rule set, registered as an OSGi service with the service property {@value #NAME_PROPERTY}.
 * A WAF filter names the rule sets it runs ({@code rulesets = crs, shop-rules}), loads their files in
 * that order and compiles them once; a rule set that arrives, changes (a new service) or leaves makes
 * the filters that name it recompile, off the request path.
 *
 * <p>Rules are written in the ModSecurity rule language ({@code SecRule}, {@code SecAction},
 * {@code SecMarker}, {@code SecRuleRemoveById} …). Rule ids must be unique across the rule sets a
 * filter combines.
 */
@ConsumerType
public interface RuleSet {

    /** The service property that names a rule set. */
    String NAME_PROPERTY = "caracal.waf.ruleset";

    /**
     * The rule files, in the order they load. Called when a filter compiles the rule set, never
     * per request.
     *
     * @throws IOException if a file cannot be read; the filter keeps what it ran before
     */
    List<RuleFile> files() throws IOException;

    /**
     * Reads a data file that a rule names ({@code @pmFromFile}, {@code @ipMatchFromFile}).
     *
     * @param from the rule file whose rule names the data file
     * @param name the name as the rule gives it, usually relative to that rule file
     * @throws IOException if there is no such file
     */
    String dataFile(RuleFile from, String name) throws IOException;
}
