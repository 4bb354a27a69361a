package io.caracal.waf.crs.internal;

import java.nio.file.Path;
import java.util.Map;

import io.caracal.api.config.ConfigReader;

/** A CRS rule set's configuration, checked. */
record CrsSettings(String name, Path rules, Path setup, Path before, Path after, int paranoiaLevel,
        int executingParanoiaLevel, int inboundThreshold, int outboundThreshold, String allowedMethods,
        String allowedContentTypes, boolean utf8TextExclusion, int checkIntervalSeconds, String source) {

    static CrsSettings read(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.string("name", "crs");
        Path rules = path(config, "rules", "/usr/share/modsecurity-crs/rules");
        Path setup = path(config, "setup", "/etc/modsecurity/crs/crs-setup.conf");
        Path before = path(config, "before", "/etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf");
        Path after = path(config, "after", "/etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf");
        int paranoia = config.intValue("paranoia.level", 1, 1, 4);
        int executing = config.intValue("executing.paranoia.level", 0, 0, 4);
        if (executing != 0 && executing < paranoia) {
            throw config.error("executing.paranoia.level", "must be at least paranoia.level (" + paranoia + ") or 0");
        }
        int inbound = config.intValue("inbound.threshold", 5, 1, 100_000);
        int outbound = config.intValue("outbound.threshold", 4, 1, 100_000);
        String methods = config.string("allowed.methods", "");
        if (!methods.matches("[A-Za-z -]*")) {
            throw config.error("allowed.methods", "must be method names separated by spaces, got '" + methods + "'");
        }
        String types = config.string("allowed.request.content.types", "");
        if (types.contains("'") || types.contains("\"")) {
            throw config.error("allowed.request.content.types", "must not contain quotes");
        }
        boolean utf8 = config.booleanValue("utf8.text.exclusion", true);
        int interval = config.intValue("check.interval.s", 10, 1, 86_400);
        return new CrsSettings(name, rules, setup, before, after, paranoia, executing == 0 ? paranoia : executing,
                inbound, outbound, methods.strip(), types.strip(), utf8, interval, config.source());
    }

    private static Path path(ConfigReader config, String key, String fallback) {
        String text = config.string(key, fallback);
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw config.error(key, "'" + text + "' is not a path");
        }
    }

    /**
     * The settings as rules that load after crs-setup.conf: they set what its commented-out
     * SecActions (900000, 900110, 900200, 900220) would, so the configuration wins over the template.
     */
    String settingsRules() {
        StringBuilder rules = new StringBuilder();
        rules.append("# Caracal's settings for this rule set (configuration ").append(source).append(")\n");
        rules.append("SecAction \"id:900901,phase:1,pass,nolog,t:none")
                .append(",setvar:tx.paranoia_level=").append(paranoiaLevel)
                .append(",setvar:tx.executing_paranoia_level=").append(executingParanoiaLevel)
                .append(",setvar:tx.inbound_anomaly_score_threshold=").append(inboundThreshold)
                .append(",setvar:tx.outbound_anomaly_score_threshold=").append(outboundThreshold);
        if (!allowedMethods.isEmpty()) {
            rules.append(",setvar:'tx.allowed_methods=").append(allowedMethods).append('\'');
        }
        if (!allowedContentTypes.isEmpty()) {
            rules.append(",setvar:'tx.allowed_request_content_type=").append(allowedContentTypes).append('\'');
        }
        rules.append("\"\n");
        return rules.toString();
    }
}
