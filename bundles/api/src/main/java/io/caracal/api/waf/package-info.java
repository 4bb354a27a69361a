/**
 * WAF rule sets: rules in the ModSecurity rule language that WAF filters load by name. A rule-set
 * bundle registers a {@link io.caracal.api.waf.RuleSet} service, or, when it only carries rule files,
 * declares them in its manifest ({@code Caracal-WafRuleSet}) and the WAF engine registers the service
 * for it.
 */
@Version("1.0.0")
@Export
package io.caracal.api.waf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
