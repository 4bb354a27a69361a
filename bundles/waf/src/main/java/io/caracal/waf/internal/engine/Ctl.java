package io.caracal.waf.internal.engine;

import java.util.Locale;

/** A {@code ctl} action: changes how the rest of this transaction is processed. */
final class Ctl {

    enum Kind {
        RULE_ENGINE, RULE_REMOVE_BY_ID, RULE_REMOVE_BY_TAG, RULE_REMOVE_TARGET_BY_ID, RULE_REMOVE_TARGET_BY_TAG,
        REQUEST_BODY_PROCESSOR, REQUEST_BODY_ACCESS,
        /** Settings of ModSecurity's audit log and body variables: the proxy keeps its own log and always fills REQUEST_BODY. */
        IGNORED
    }

    final Kind kind;
    final String value;
    final IdRanges ids;
    final String tag;
    final Target target;

    private Ctl(Kind kind, String value, IdRanges ids, String tag, Target target) {
        this.kind = kind;
        this.value = value;
        this.ids = ids;
        this.tag = tag;
        this.target = target;
    }

    static Ctl parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("ctl needs option=value, got '" + text + "'");
        }
        String option = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(eq + 1).strip();
        return switch (option) {
            case "ruleengine" -> new Ctl(Kind.RULE_ENGINE, value.toLowerCase(Locale.ROOT), null, null, null);
            case "ruleremovebyid" -> new Ctl(Kind.RULE_REMOVE_BY_ID, value, IdRanges.parse(value), null, null);
            case "ruleremovebytag" -> new Ctl(Kind.RULE_REMOVE_BY_TAG, value, null, value, null);
            case "ruleremovetargetbyid" -> {
                int semi = value.indexOf(';');
                if (semi < 0) {
                    throw new IllegalArgumentException("ctl:ruleRemoveTargetById needs id;TARGET, got '" + value + "'");
                }
                yield new Ctl(Kind.RULE_REMOVE_TARGET_BY_ID, value, IdRanges.parse(value.substring(0, semi)), null,
                        Target.parse(value.substring(semi + 1), true));
            }
            case "ruleremovetargetbytag" -> {
                int semi = value.indexOf(';');
                if (semi < 0) {
                    throw new IllegalArgumentException("ctl:ruleRemoveTargetByTag needs tag;TARGET, got '" + value + "'");
                }
                yield new Ctl(Kind.RULE_REMOVE_TARGET_BY_TAG, value, null, value.substring(0, semi),
                        Target.parse(value.substring(semi + 1), true));
            }
            case "requestbodyprocessor" -> new Ctl(Kind.REQUEST_BODY_PROCESSOR, value.toUpperCase(Locale.ROOT), null, null, null);
            case "requestbodyaccess" -> new Ctl(Kind.REQUEST_BODY_ACCESS, value.toLowerCase(Locale.ROOT), null, null, null);
            case "auditengine", "auditlogparts", "forcerequestbodyvariable", "debugloglevel", "responsebodyaccess",
                 "hashengine", "hashenforcement" -> new Ctl(Kind.IGNORED, value, null, null, null);
            default -> throw new IllegalArgumentException("unsupported ctl option '" + option + "'");
        };
    }
}
