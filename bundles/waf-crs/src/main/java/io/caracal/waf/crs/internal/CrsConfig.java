package io.caracal.waf.crs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of an OWASP CRS rule set (factory PID {@code io.caracal.waf.crs}). */
@ObjectClassDefinition(name = "Caracal WAF rule set: OWASP CRS", description = "The OWASP Core Rule Set as the "
        + "Debian package modsecurity-crs installs it, registered as a WAF rule set that WAF filters name "
        + "(rulesets = <name>). Anomaly scoring: each rule that matches adds to the request's score; the request "
        + "is denied when the score reaches the inbound threshold. Higher paranoia levels run more rules and "
        + "catch more, with more false positives.")
public @interface CrsConfig {

    @AttributeDefinition(name = "Name", description = "The rule set's name (service property caracal.waf.ruleset).")
    String name() default "crs";

    @AttributeDefinition(name = "Rules folder", description = "Where the CRS rule files and data files are: "
            + "every *.conf in this folder loads, in name order.")
    String rules() default "/usr/share/modsecurity-crs/rules";

    @AttributeDefinition(name = "Setup template", description = "crs-setup.conf, which loads first; the "
            + "settings below are applied after it and win.")
    String setup() default "/etc/modsecurity/crs/crs-setup.conf";

    @AttributeDefinition(name = "Exclusions before CRS", required = false, description = "A rule file loaded "
            + "after the setup and before the rules (skipped when it does not exist).")
    String before() default "/etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf";

    @AttributeDefinition(name = "Exclusions after CRS", required = false, description = "A rule file loaded "
            + "after the rules (skipped when it does not exist).")
    String after() default "/etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf";

    @AttributeDefinition(name = "Paranoia level", min = "1", max = "4", description = "1 (default) blocks with "
            + "few false positives; 2 to 4 run more rules.")
    int paranoia_level() default 1;

    @AttributeDefinition(name = "Executing paranoia level", min = "0", max = "4", required = false, description =
            "Run the rules up to this level too, but only log them (their scores do not block). 0: same as the "
            + "paranoia level.")
    int executing_paranoia_level() default 0;

    @AttributeDefinition(name = "Inbound anomaly threshold", min = "1", description = "A request is denied when "
            + "its score reaches this. A critical match scores 5.")
    int inbound_threshold() default 5;

    @AttributeDefinition(name = "Outbound anomaly threshold", min = "1", description = "The same for responses.")
    int outbound_threshold() default 4;

    @AttributeDefinition(name = "Allowed methods", required = false, description = "Space-separated request methods "
            + "the rules allow; empty keeps the CRS default (GET HEAD POST OPTIONS).")
    String allowed_methods() default "";

    @AttributeDefinition(name = "Allowed request content types", required = false, description = "CRS's list, "
            + "e.g. '|application/x-www-form-urlencoded| |multipart/form-data| |application/json|'; empty keeps "
            + "the CRS default.")
    String allowed_request_content_types() default "";

    @AttributeDefinition(name = "Skip 941310 for valid UTF-8", description = "Rule 941310 (US-ASCII malformed "
            + "encoding XSS) matches bytes that are part of ordinary UTF-8 text in most languages. When on, it is "
            + "skipped for requests whose inspected values are all valid UTF-8 (the attack needs invalid bytes).")
    boolean utf8_text_exclusion() default true;

    @AttributeDefinition(name = "Reload check interval (s)", min = "1", description = "How often the files are "
            + "checked for changes (a package upgrade); a change makes the WAF filters recompile.")
    int check_interval_s() default 10;

    String webconsole_configurationFactory_nameHint() default "OWASP CRS {name} (PL {paranoia.level})";
}
