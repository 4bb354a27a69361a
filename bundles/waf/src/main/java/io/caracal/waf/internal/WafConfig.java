package io.caracal.waf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Metatype of a WAF filter (factory PID {@code io.caracal.filter.waf}). */
@ObjectClassDefinition(name = "Caracal WAF filter", description = "A web application firewall that routes list "
        + "by name (filters = <name>). It runs rule sets written in the ModSecurity rule language (such as the "
        + "OWASP Core Rule Set) on each request's method, URI, arguments, headers, cookies and body; a request "
        + "the rules deny gets 403 with a request id, and every rule match is written to the WAF match log.")
public @interface WafConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; routes list it in 'filters' "
            + "(service property caracal.filter).")
    String name();

    @AttributeDefinition(name = "Rule sets", description = "Names of the rule sets to run, in order "
            + "(service property caracal.waf.ruleset), e.g. 'crs' for the OWASP Core Rule Set bundle.")
    String[] rulesets();

    @AttributeDefinition(name = "Mode", description = "'blocking' denies what the rules deny; 'detection-only' "
            + "runs the rules and logs what they would deny, letting every request through.", options = {
                @Option(label = "Blocking", value = "blocking"),
                @Option(label = "Detection only", value = "detection-only")})
    String mode() default "blocking";

    @AttributeDefinition(name = "Body inspection limit (bytes)", min = "0", description = "How much of a request "
            + "body the rules see (form fields, JSON, multipart, XML). The proxy holds up to this much per request "
            + "in flight. 0 inspects no bodies.")
    int body_limit() default 1048576;

    @AttributeDefinition(name = "Longer bodies", description = "What happens to a body longer than the "
            + "inspection limit: 'reject' answers 413; 'inspect-partially' inspects the first part and forwards "
            + "the whole body.", options = {
                @Option(label = "Reject (413)", value = "reject"),
                @Option(label = "Inspect the first part", value = "inspect-partially")})
    String body_limit_action() default "reject";

    @AttributeDefinition(name = "Removed rules", required = false, description = "Rule ids or ranges this filter "
            + "does not run, e.g. '920350', '942100-942199' or '9421*'.")
    String[] exclude_rules() default {};

    @AttributeDefinition(name = "Removed tags", required = false, description = "Rules with any of these tags are "
            + "not run, e.g. 'attack-sqli'.")
    String[] exclude_tags() default {};

    @AttributeDefinition(name = "Removed targets", required = false, description = "Values rules no longer look at: "
            + "'<rule ids>:<VARIABLE>[:<name or /regex/>]', e.g. '942100-942999:ARGS:password' or "
            + "'941000-941999:REQUEST_COOKIES:/^session/'.")
    String[] exclude_targets() default {};

    @AttributeDefinition(name = "Inspect responses", description = "Run the outbound rules (phases 3 and 4: "
            + "status, headers and body of the upstream's response, such as CRS's data-leakage rules); a response "
            + "they deny is replaced by 403 before the client gets any of it.")
    boolean responses() default true;

    @AttributeDefinition(name = "Response body inspection limit (bytes)", min = "0", description = "How much of a "
            + "response body the outbound rules see; the proxy holds it back until they decided.")
    int response_body_limit() default 65536;

    @AttributeDefinition(name = "Inspected response types", required = false, description = "Media types whose "
            + "bodies the outbound rules see (others: status and headers only). Compressed bodies are not inspected.")
    String[] response_body_types() default {"text/plain", "text/html", "text/xml"};

    @AttributeDefinition(name = "Require the rule sets", description = "While a named rule set is missing, answer "
            + "503 (fail closed) instead of running the rule sets that are present.")
    boolean require_rulesets() default false;

    String webconsole_configurationFactory_nameHint() default "WAF {name}";
}
