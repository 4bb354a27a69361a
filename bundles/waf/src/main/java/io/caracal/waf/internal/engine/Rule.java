package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.caracal.waf.internal.operator.Operator;
import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.transform.Transformation;

/**
 * A compiled rule: a {@code SecRule} (one link of a chain), a {@code SecAction} (no operator) or a
 * {@code SecMarker}. Built by the {@link RuleCompiler}, then only read.
 */
final class Rule {

    final long id;
    final String location;
    /** The rule text's operator, for logs: {@code @rx ...}. */
    String operatorText;

    int phase = 2;
    final List<Target> targets = new ArrayList<>();
    final List<Target> exclusions = new ArrayList<>();
    /** Null for SecAction and markers. */
    Operator operator;
    boolean negated;
    /**
     * What every input the operator matches contains, bound to the plan's scanner; null when
     * nothing is known (or the operator's answer depends on more than the input).
     */
    Condition prefilter;
    /**
     * Where a value's memo keeps this operator's answers after this link's transformation list
     * (one slot per operator and list), or -1 when the answer depends on more than the input (an
     * argument with macros).
     */
    int operatorSlot = -1;
    Transformation[] transformations = new Transformation[0];
    /** The transformations' names, lower case, in order. */
    final List<String> transformationNames = new ArrayList<>();
    /** Identifies the transformation list, for the per-request cache of transformed values. */
    int transformationChain;
    /**
     * Where a transaction keeps the values this link's variable list selects, shared with every
     * link that selects the same list; -1 when the list names variables rules change (TX …).
     */
    int selectionSlot = -1;
    /**
     * The link's only target when that is one TX variable or its count ({@code TX:paranoia_level},
     * {@code &TX:max_num_args}) without exclusions: about half of CRS's links per request, read
     * straight from the TX map. Null otherwise.
     */
    Target singleTxVariable;
    boolean multiMatch;
    boolean capture;

    Disruptive disruptive = Disruptive.INHERIT;
    int status;
    /** Whether a match is written to the match log; null until resolved against the phase's default. */
    Boolean log;
    Macro msg = Macro.parse(null);
    Macro logdata = Macro.parse(null);
    int severity = -1;
    final List<String> tags = new ArrayList<>();
    String version;

    final List<SetVar> setVars = new ArrayList<>();
    final List<Ctl> ctls = new ArrayList<>();
    /** Collections a rule initializes (initcol); kept per request. */
    final List<String> initCollections = new ArrayList<>();

    String skipAfter;
    /** Index of the rule after the marker within this phase's list, resolved at compile time; -1 to the end. */
    int skipAfterIndex = -1;
    int skip;

    /** Whether this rule ends with {@code chain}: the next link must match too. */
    boolean chain;
    Rule next;
    /** Whether this rule is a link after the first of a chain. */
    boolean chained;

    /** The marker's name for a SecMarker. */
    String marker;

    Rule(long id, String location) {
        this.id = id;
        this.location = location;
    }

    boolean isMarker() {
        return marker != null;
    }

    /** A copy that the compiler can change (a SecRuleUpdateTarget… of one filter) without touching the original. */
    Rule copy() {
        Rule copy = new Rule(id, location);
        copy.operatorText = operatorText;
        copy.phase = phase;
        copy.targets.addAll(targets);
        copy.exclusions.addAll(exclusions);
        copy.operator = operator;
        copy.negated = negated;
        copy.prefilter = prefilter;
        copy.operatorSlot = operatorSlot;
        copy.transformations = transformations;
        copy.transformationNames.addAll(transformationNames);
        copy.transformationChain = transformationChain;
        copy.selectionSlot = selectionSlot;
        copy.multiMatch = multiMatch;
        copy.capture = capture;
        copy.disruptive = disruptive;
        copy.status = status;
        copy.log = log;
        copy.msg = msg;
        copy.logdata = logdata;
        copy.severity = severity;
        copy.tags.addAll(tags);
        copy.version = version;
        copy.setVars.addAll(setVars);
        copy.ctls.addAll(ctls);
        copy.initCollections.addAll(initCollections);
        copy.skipAfter = skipAfter;
        copy.skip = skip;
        copy.chain = chain;
        copy.next = next == null ? null : next.copy();
        copy.chained = chained;
        copy.marker = marker;
        return copy;
    }

    boolean hasTag(String tag) {
        for (String t : tags) {
            if (t.equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    static String severityName(int severity) {
        return switch (severity) {
            case 0 -> "EMERGENCY";
            case 1 -> "ALERT";
            case 2 -> "CRITICAL";
            case 3 -> "ERROR";
            case 4 -> "WARNING";
            case 5 -> "NOTICE";
            case 6 -> "INFO";
            case 7 -> "DEBUG";
            default -> null;
        };
    }

    @Override
    public String toString() {
        return marker != null ? "SecMarker " + marker : "rule " + id + " (" + location + ")";
    }
}
