package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.caracal.waf.internal.prefilter.Facts;
import io.caracal.waf.internal.transform.Transformation;

/**
 * Evaluates one rule (and its chain) against a transaction, as ModSecurity does: every selected
 * value of every target goes through the link's transformations and operator. Each match runs
 * the matching link's non-disruptive actions at once (setvar, ctl, capture), so a later link
 * sees what an earlier one set; each match of the last link is logged and runs the rule's
 * disruptive action. A link without any match ends the chain.
 */
final class RuleEvaluator {

    /** How much of a matched value the match log keeps. */
    static final int LOGGED_VALUE_LIMIT = 200;

    private RuleEvaluator() {
    }

    static RuleOutcome evaluate(Transaction t, Rule rule) {
        t.currentRule = rule;
        if (!t.matchedVars.isEmpty()) {
            t.matchedVars.clear();
        }
        t.rulesEvaluated++;
        if (rule.operator == null) {
            // SecAction: always matches, once.
            t.matchedVar = null;
            runActions(t, rule);
            return conclude(t, rule, null);
        }
        RuleOutcome outcome = RuleOutcome.NO_MATCH;
        for (Rule link = rule; link != null; link = link.next) {
            outcome = evaluateLink(t, rule, link);
            if (outcome == RuleOutcome.NO_MATCH || stops(t, outcome)) {
                break;
            }
        }
        return outcome;
    }

    /**
     * Matches one link's values. Each match joins MATCHED_VARS (the next link may read them) and
     * runs the link's own actions; on the last link it concludes the rule. NO_MATCH when no value
     * matched.
     */
    private static RuleOutcome evaluateLink(Transaction t, Rule rule, Rule link) {
        if (link.singleTxVariable != null && !t.hasRemovedTargets()) {
            return evaluateTxVariable(t, rule, link, link.singleTxVariable);
        }
        Selection values = select(t, link);
        t.valuesInspected += values.size();
        boolean last = link.next == null;
        RuleOutcome outcome = RuleOutcome.NO_MATCH;
        // Values known not to match are skipped all at once where the selection can tell.
        int[] only = link.operatorSlot >= 0 && !link.negated ? values.onlyUnsettled(t, link.operatorSlot) : null;
        int count = only == null ? values.size() : values.unsettledCount();
        for (int k = 0; k < count; k++) {
            int i = only == null ? k : only[k];
            VarValue value = values.values[i];
            RuleOutcome valueOutcome;
            if (link.multiMatch) {
                valueOutcome = multiMatch(t, rule, link, value, values.memo(t, i), last);
            } else {
                t.capturing(link.capture);
                String hit;
                try {
                    hit = single(t, link, value.value(), values.memo(t, i));
                } finally {
                    t.capturing(false);
                }
                valueOutcome = hit == null ? RuleOutcome.NO_MATCH : matched(t, rule, link, value, hit, last);
            }
            if (valueOutcome != RuleOutcome.NO_MATCH) {
                outcome = valueOutcome;
            }
            if (stops(t, outcome)) {
                break;
            }
        }
        return outcome;
    }

    /**
     * {@link #evaluateLink} for a link on one TX variable (or its count): the same steps without a
     * selection, and a {@link VarValue} only when it matches.
     */
    private static RuleOutcome evaluateTxVariable(Transaction t, Rule rule, Rule link, Target target) {
        String value = t.txValue(target.key);
        if (target.count) {
            value = value == null ? "0" : "1";
        } else if (value == null) {
            return RuleOutcome.NO_MATCH;
        }
        t.valuesInspected++;
        t.capturing(link.capture);
        String hit;
        try {
            hit = single(t, link, value, null);
        } finally {
            t.capturing(false);
        }
        if (hit == null) {
            return RuleOutcome.NO_MATCH;
        }
        VarValue selected = new VarValue(target.collection, target.count ? null : target.key, value);
        return matched(t, rule, link, selected, hit, link.next == null);
    }

    /** A match of one link: it joins MATCHED_VARS, runs the link's actions and, on the last link, concludes the rule. */
    private static RuleOutcome matched(Transaction t, Rule rule, Rule link, VarValue value, String hit, boolean last) {
        VarValue match = hit == value.value() ? value : new VarValue(value.collection(), value.key(), hit);
        t.matchedVars.add(match);
        t.matchedVar = match;
        runActions(t, link);
        return last ? conclude(t, rule, match) : RuleOutcome.MATCHED;
    }

    /** Whether rule processing stops after this outcome: the phase ended, the request is decided, the engine is off. */
    private static boolean stops(Transaction t, RuleOutcome outcome) {
        return outcome == RuleOutcome.STOP_PHASE || t.interruptedBy != null || t.engineOff || t.allowAll;
    }

    /** The transformed value if the operator matches it, else null. */
    private static String single(Transaction t, Rule rule, String value, ValueMemo memo) {
        if (memo == null) {
            String input = transform(rule, value);
            return matches(t, rule, input) ? input : null;
        }
        int chain = rule.transformationChain;
        int slot = rule.operatorSlot;
        if (slot >= 0 && !rule.negated && memo.knownNoMatch(slot)) {
            return null; // the common case, decided without even the transformed value
        }
        String input = memo.transformed(rule, value);
        if (slot >= 0) {
            if (memo.knownNoMatch(slot)) {
                return rule.negated ? input : null;
            }
            if (!rule.capture && memo.knownMatch(slot)) {
                return rule.negated ? null : input;
            }
            // A capturing match is remembered with what it captured, and captures it again.
            String[] captured = rule.capture ? memo.captured(slot) : null;
            if (captured != null) {
                t.recapture(captured);
                return rule.negated ? null : input;
            }
        }
        // One scan of the value answers every rule's prefilter; most rules stop here.
        int limitsHit = t.matchLimitsExceeded;
        int captureWrites = t.captureWrites;
        boolean matched = (rule.prefilter == null || rule.prefilter.test(memo.facts(chain, input, t.plan.scanner)))
                && rule.operator.matches(input, t);
        // An answer cut short by the regex step limit is not the value's answer: not remembered.
        if (slot >= 0 && limitsHit == t.matchLimitsExceeded) {
            if (!matched) {
                memo.rememberNoMatch(slot);
            } else if (!rule.capture) {
                memo.rememberMatch(slot);
            } else if (t.captureWrites - captureWrites == Transaction.CAPTURE_VARIABLES) {
                // the operator set or unset every one of TX.0-TX.9: that state is the whole answer
                memo.rememberCaptured(slot, t.captured());
            }
        }
        return matched != rule.negated ? input : null;
    }

    /**
     * multiMatch: the operator runs on the value as it is and again after each transformation that
     * changes it; every stage that matches is a match of its own, as in ModSecurity.
     */
    private static RuleOutcome multiMatch(Transaction t, Rule rule, Rule link, VarValue value, ValueMemo valueMemo,
            boolean last) {
        // Remembered like single(), under a transformation-list id of its own: "no stage matched".
        ValueMemo memo = link.negated || link.operatorSlot < 0 ? null : valueMemo;
        if (memo != null && memo.knownNoMatch(link.operatorSlot)) {
            return RuleOutcome.NO_MATCH;
        }
        RuleOutcome outcome = multiMatchStages(t, rule, link, value, valueMemo, last);
        if (memo != null && outcome == RuleOutcome.NO_MATCH) {
            memo.rememberNoMatch(link.operatorSlot);
        }
        return outcome;
    }

    private static RuleOutcome multiMatchStages(Transaction t, Rule rule, Rule link, VarValue value, ValueMemo memo,
            boolean last) {
        RuleOutcome outcome = RuleOutcome.NO_MATCH;
        String input = value.value();
        boolean changed = true;
        for (int stage = 0; ; stage++) {
            if (changed) {
                t.capturing(link.capture);
                boolean hit;
                try {
                    // each stage is a value of its own: scanned for the prefilter's words first (the
                    // value as it is has its scan in the memo, shared with the other rules)
                    hit = link.prefilter == null || link.prefilter.test(stageFacts(t, memo, stage, input))
                            ? matches(t, link, input) : link.negated;
                } finally {
                    t.capturing(false);
                }
                if (hit) {
                    outcome = matched(t, rule, link, value, input, last);
                    if (stops(t, outcome)) {
                        return outcome;
                    }
                }
            }
            if (stage == link.transformations.length) {
                return outcome;
            }
            String next = link.transformations[stage].apply(input);
            changed = !next.equals(input);
            input = next;
        }
    }

    private static Facts stageFacts(Transaction t, ValueMemo memo, int stage, String input) {
        int untransformed = t.plan.untransformedChain;
        if (stage == 0 && memo != null && untransformed >= 0) {
            memo.transformed[untransformed] = input;
            return memo.facts(untransformed, input, t.plan.scanner);
        }
        return t.plan.scanner.scan(input);
    }

    private static boolean matches(Transaction t, Rule rule, String input) {
        return rule.operator.matches(input, t) != rule.negated;
    }

    static String transform(Rule rule, String value) {
        String result = value;
        for (Transformation transformation : rule.transformations) {
            result = transformation.apply(result);
        }
        return result;
    }

    /**
     * The values a link looks at: its targets, minus its exclusions and the ones a ctl removed. A
     * stable variable list is selected once per epoch and shared by the links that name it.
     */
    private static Selection select(Transaction t, Rule rule) {
        // A ctl's target removals are per rule: those requests select for each rule, as before.
        if (rule.selectionSlot < 0 || t.hasRemovedTargets()) {
            return t.scratchSelection(targets(t, rule, t.hasRemovedTargets()), rule.selectionSlot >= 0);
        }
        Selection selection = t.selection(rule.selectionSlot);
        if (selection == null) {
            selection = t.keepSelection(rule.selectionSlot, targets(t, rule, false));
        }
        return selection;
    }

    private static List<VarValue> targets(Transaction t, Rule rule, boolean ctlExclusions) {
        List<VarValue> out = t.scratchValues();
        long ownerId = rule.chained ? t.currentRule.id : rule.id;
        boolean exclusions = !rule.exclusions.isEmpty() || ctlExclusions;
        for (int n = 0; n < rule.targets.size(); n++) {
            Target target = rule.targets.get(n);
            int from = out.size();
            t.select(target, out);
            if (exclusions) {
                int kept = from;
                for (int i = from; i < out.size(); i++) {
                    VarValue value = out.get(i);
                    if (!excluded(rule, value) && !(ctlExclusions && t.isTargetRemoved(t.currentRule, ownerId, value))) {
                        out.set(kept++, value);
                    }
                }
                out.subList(kept, out.size()).clear();
            }
            if (target.count) {
                int count = out.size() - from;
                out.subList(from, out.size()).clear();
                out.add(new VarValue(target.collection, null, Numbers.toString(count)));
            }
        }
        return out;
    }

    private static boolean excluded(Rule rule, VarValue value) {
        for (int i = 0; i < rule.exclusions.size(); i++) {
            if (rule.exclusions.get(i).excludes(value)) {
                return true;
            }
        }
        return false;
    }

    /** The non-disruptive actions of one link, run for each value it matched. */
    private static void runActions(Transaction t, Rule link) {
        // index loops: this runs for every match, and iterators would be garbage each time
        for (int i = 0; i < link.setVars.size(); i++) {
            link.setVars.get(i).apply(t);
        }
        for (int i = 0; i < link.ctls.size(); i++) {
            t.apply(link.ctls.get(i));
        }
        for (int i = 0; i < link.initCollections.size(); i++) {
            t.collection(link.initCollections.get(i));
        }
    }

    /** One match of the whole rule: the severity, the log entry, then the disruptive action. */
    private static RuleOutcome conclude(Transaction t, Rule rule, VarValue match) {
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
