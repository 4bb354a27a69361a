package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.caracal.waf.internal.transform.Transformation;

/**
 * Evaluates one rule (and its chain) against a transaction, as ModSecurity does: every selected
 * value of every target goes through the rule's transformations and operator; a rule that is not
 * chained fires its actions once per matching value, a chain fires once when every link matched.
 */
final class RuleEvaluator {

    /** How much of a matched value the match log keeps. */
    static final int LOGGED_VALUE_LIMIT = 200;

    private RuleEvaluator() {
    }

    static RuleOutcome evaluate(Transaction t, Rule rule) {
        t.currentRule = rule;
        t.matchedVars.clear();
        if (rule.operator == null) {
            // SecAction: always matches, once.
            t.matchedVar = null;
            return fire(t, rule, null);
        }
        List<VarValue> matches = matchLink(t, rule);
        if (matches.isEmpty()) {
            return RuleOutcome.NO_MATCH;
        }
        if (!rule.chain) {
            RuleOutcome outcome = RuleOutcome.MATCHED;
            for (VarValue match : matches) {
                t.matchedVar = match;
                outcome = fire(t, rule, match);
                if (outcome == RuleOutcome.STOP_PHASE || t.interruptedBy != null || t.engineOff || t.allowAll) {
                    break;
                }
            }
            return outcome;
        }
        VarValue last = matches.get(matches.size() - 1);
        for (Rule link = rule.next; link != null; link = link.next) {
            List<VarValue> linkMatches = matchLink(t, link);
            if (linkMatches.isEmpty()) {
                return RuleOutcome.NO_MATCH;
            }
            last = linkMatches.get(linkMatches.size() - 1);
        }
        t.matchedVar = last;
        return fire(t, rule, last);
    }

    /** The values of one link that match its operator; they become MATCHED_VARS for the next link. */
    private static List<VarValue> matchLink(Transaction t, Rule rule) {
        List<VarValue> values = targets(t, rule);
        t.matchedVars.clear();
        if (values.isEmpty()) {
            return List.of();
        }
        List<VarValue> matched = null;
        t.capturing(rule.capture);
        try {
            for (VarValue value : values) {
                String hit = rule.multiMatch ? multiMatch(t, rule, value.value()) : single(t, rule, value.value());
                if (hit != null) {
                    VarValue m = hit == value.value() ? value : new VarValue(value.collection(), value.key(), hit);
                    if (matched == null) {
                        matched = new ArrayList<>(2);
                    }
                    matched.add(m);
                    t.matchedVars.add(m);
                    t.matchedVar = m;
                }
            }
        } finally {
            t.capturing(false);
        }
        return matched == null ? List.of() : matched;
    }

    /** The transformed value if the operator matches it, else null. */
    private static String single(Transaction t, Rule rule, String value) {
        String input = transform(t, rule, value);
        return matches(t, rule, input) ? input : null;
    }

    /** multiMatch: the operator runs on the value before and after each transformation that changes it. */
    private static String multiMatch(Transaction t, Rule rule, String value) {
        String input = value;
        if (matches(t, rule, input)) {
            return input;
        }
        for (Transformation transformation : rule.transformations) {
            String next = transformation.apply(input);
            if (!next.equals(input) && matches(t, rule, next)) {
                return next;
            }
            input = next;
        }
        return null;
    }

    private static boolean matches(Transaction t, Rule rule, String input) {
        return rule.operator.matches(input, t) != rule.negated;
    }

    static String transform(Transaction t, Rule rule, String value) {
        Transformation[] chain = rule.transformations;
        if (chain.length == 0) {
            return value;
        }
        String[] slots = t.transformedSlots(value, t.plan.transformationChains);
        String cached = slots[rule.transformationChain];
        if (cached != null) {
            return cached;
        }
        String result = value;
        for (Transformation transformation : chain) {
            result = transformation.apply(result);
        }
        slots[rule.transformationChain] = result;
        return result;
    }

    /** The values a link looks at: its targets, minus its exclusions and the ones a ctl removed. */
    private static List<VarValue> targets(Transaction t, Rule rule) {
        List<VarValue> out = new ArrayList<>();
        List<VarValue> scratch = new ArrayList<>();
        long ownerId = rule.chained ? t.currentRule.id : rule.id;
        boolean ctlExclusions = t.hasRemovedTargets();
        for (Target target : rule.targets) {
            scratch.clear();
            t.values(target.collection, scratch);
            int count = 0;
            for (VarValue value : scratch) {
                if (!target.selects(value) || excluded(rule, value)
                        || (ctlExclusions && t.isTargetRemoved(t.currentRule, ownerId, value))) {
                    continue;
                }
                if (target.count) {
                    count++;
                } else {
                    out.add(value);
                }
            }
            if (target.count) {
                out.add(new VarValue(target.collection, null, Integer.toString(count)));
            }
        }
        return out;
    }

    private static boolean excluded(Rule rule, VarValue value) {
        for (Target exclusion : rule.exclusions) {
            if (exclusion.excludes(value)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a matched rule's actions: variables and ctl of every link, the log entry, then the disruptive action. */
    private static RuleOutcome fire(Transaction t, Rule rule, VarValue match) {
        for (Rule link = rule; link != null; link = link.next) {
            for (SetVar setVar : link.setVars) {
                setVar.apply(t);
            }
            for (Ctl ctl : link.ctls) {
                t.apply(ctl);
            }
            for (String collection : link.initCollections) {
                t.collection(collection);
            }
        }
        if (rule.severity >= 0 && rule.severity < t.highestSeverity) {
            t.highestSeverity = rule.severity;
        }
        RulePlan plan = t.plan;
        Disruptive disruptive = rule.disruptive;
        if (disruptive == Disruptive.INHERIT || disruptive == Disruptive.BLOCK) {
            disruptive = plan.defaultDisruptive[rule.phase];
        }
        boolean log = rule.log != null ? rule.log : plan.defaultLog[rule.phase];
        boolean interrupts = disruptive.interrupts();
        if (log || interrupts) {
            t.events.add(event(t, rule, match, interrupts));
        }
        switch (disruptive) {
            case DENY, DROP, REDIRECT -> {
                if (t.detectionOnly) {
                    if (t.wouldInterrupt == null) {
                        t.wouldInterrupt = rule;
                    }
                } else {
                    t.interruptedBy = rule;
                    t.interruptStatus = rule.status > 0 ? rule.status : 403;
                }
            }
            case ALLOW -> t.allowAll = true;
            case ALLOW_REQUEST -> t.allowRequest = true;
            case ALLOW_PHASE -> {
                return RuleOutcome.STOP_PHASE;
            }
            default -> {
            }
        }
        return RuleOutcome.MATCHED;
    }

    private static MatchEvent event(Transaction t, Rule rule, VarValue match, boolean disruptive) {
        return new MatchEvent(rule.id, rule.phase, rule.msg.expand(t), truncate(rule.logdata.expand(t)),
                match == null ? null : match.name(), match == null ? null : truncate(match.value()),
                Rule.severityName(rule.severity), List.copyOf(rule.tags), disruptive);
    }

    static String truncate(String value) {
        if (value == null || value.length() <= LOGGED_VALUE_LIMIT) {
            return value;
        }
        return value.substring(0, LOGGED_VALUE_LIMIT) + "…";
    }
}
