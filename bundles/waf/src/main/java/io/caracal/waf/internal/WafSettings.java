package io.caracal.waf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.api.config.ConfigException;
import io.caracal.api.config.ConfigReader;
import io.caracal.waf.internal.engine.RuleExclusions;

/** A WAF filter's configuration, checked. */
record WafSettings(String name, List<String> ruleSets, boolean detectionOnly, int bodyLimit,
        boolean rejectLongerBodies, RuleExclusions exclusions, boolean requireRuleSets, boolean inspectResponses,
        int responseBodyLimit, List<String> responseBodyTypes) {

    static WafSettings read(Map<String, Object> properties) throws ConfigException {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        List<String> ruleSets = config.strings("rulesets");
        if (ruleSets.isEmpty()) {
            throw config.error("rulesets", "name at least one rule set, e.g. crs");
        }
        String mode = config.string("mode", "blocking").toLowerCase(Locale.ROOT);
        if (!mode.equals("blocking") && !mode.equals("detection-only")) {
            throw config.error("mode", "must be 'blocking' or 'detection-only', got '" + mode + "'");
        }
        int bodyLimit = config.intValue("body.limit", 1_048_576, 0, 64 * 1024 * 1024);
        String action = config.string("body.limit.action", "reject").toLowerCase(Locale.ROOT);
        if (!action.equals("reject") && !action.equals("inspect-partially")) {
            throw config.error("body.limit.action", "must be 'reject' or 'inspect-partially', got '" + action + "'");
        }
        RuleExclusions exclusions;
        String key = "exclude.rules";
        try {
            List<String> ids = config.strings(key);
            key = "exclude.tags";
            List<String> tags = config.strings(key);
            key = "exclude.targets";
            List<String> targets = config.strings(key);
            exclusions = RuleExclusions.parse(ids, tags, targets);
        } catch (IllegalArgumentException e) {
            throw config.error(key, e.getMessage());
        }
        boolean require = config.booleanValue("require.rulesets", false);
        boolean responses = config.booleanValue("responses", true);
        int responseLimit = config.intValue("response.body.limit", 65_536, 0, 16 * 1024 * 1024);
        List<String> types = config.strings("response.body.types");
        if (types.isEmpty()) {
            types = List.of("text/plain", "text/html", "text/xml");
        }
        List<String> lowerTypes = new ArrayList<>();
        for (String type : types) {
            lowerTypes.add(type.toLowerCase(Locale.ROOT));
        }
        return new WafSettings(name, new ArrayList<>(ruleSets), mode.equals("detection-only"), bodyLimit,
                action.equals("reject"), exclusions, require, responses, responseLimit, List.copyOf(lowerTypes));
    }
}
