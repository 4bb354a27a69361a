package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.caracal.waf.internal.prefilter.LiteralScanner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Compiled rule sets, ready to run: the rules of each phase in order (with the markers), plus
 * what loading them found. Immutable, shared by all requests of a filter.
 */
public final class RulePlan {

    /** Rules per phase, index 1 to 5; markers appear in every phase. */
    final Rule[][] phases;
    final int transformationChains;
    /** The default disruptive action and logging of each phase (SecDefaultAction). */
    final Disruptive[] defaultDisruptive;
    final boolean[] defaultLog;
    private final LoadReport report;
    private final boolean inspectsResponses;
    /** Operator and transformation-list pairs whose answers a {@link ValueMemo} keeps. */
    final int operatorSlots;
    /** The id of the empty transformation list (values as they are), or -1 when no rule has it. */
    final int untransformedChain;
    /** Distinct cacheable variable lists (see {@link Selection}). */
    final int selectionSlots;
    /** Finds the words of the rules' prefilters in a value. */
    final LiteralScanner scanner;
    /**
     * What rules worked out about values, across requests (see {@link ValueMemo}), for values seen
     * more than once. Caffeine's W-TinyLFU policy keeps the values that keep coming back (header
     * values, argument names) and lets the rare ones go first; maintenance runs on the calling thread.
     */
    private final Cache<String, ValueMemo> memos =
            Caffeine.newBuilder().maximumSize(MEMO_ENTRIES_LIMIT).executor(Runnable::run).build();
    /** Longer values are rare and would make the memo large: they get a memo of their request's own. */
    static final int MEMO_VALUE_LIMIT = 256;
    /**
     * Values up to this long get a memo for their request (transformed copies, scan results);
     * longer ones are transformed again for each rule rather than held in several copies.
     */
    static final int REQUEST_MEMO_VALUE_LIMIT = 65_536;
    static final int MEMO_ENTRIES_LIMIT = 4_096;
    /** Stands for "not memoized" where a value keeps its memo ({@link VarValue#memo}). */
    final ValueMemo unmemoized = new ValueMemo(this, 0, 0);

    RulePlan(Rule[][] phases, int transformationChains, int untransformedChain, int operatorSlots, int selectionSlots,
            LiteralScanner scanner, Disruptive[] defaultDisruptive, boolean[] defaultLog, LoadReport report) {
        this.untransformedChain = untransformedChain;
        this.scanner = scanner;
        this.operatorSlots = operatorSlots;
        this.selectionSlots = selectionSlots;
        this.inspectsResponses = anyRule(phases[3]) || anyRule(phases[4]);
        this.phases = phases;
        this.transformationChains = transformationChains;
        this.defaultDisruptive = defaultDisruptive;
        this.defaultLog = defaultLog;
        this.report = report;
    }

    /** Values seen lately: only those get a place in {@link #memos}. */
    private final SightingFilter sightings = new SightingFilter();

    /**
     * The memos found last, by hash, in front of {@link #memos}: most lookups are of the same few
     * dozen header values, names and arguments, and a slot read costs far less than the cache's
     * read path, whose access records the threads contend on. Slots are overwritten without locks.
     */
    private final Recent[] recent = new Recent[RECENT_SLOTS];
    private static final int RECENT_SLOTS = 4_096;

    /** A value and its memo: final fields, so a thread that reads the slot sees both (JLS 17.5). */
    private record Recent(String value, ValueMemo memo) {
    }

    /**
     * The shared memo of a value, created on its second sighting; for a value seen for the first
     * time or too long to share, a memo for the asking request alone; null for one too long even
     * for that.
     */
    ValueMemo memo(String value) {
        if (value.length() > MEMO_VALUE_LIMIT) {
            return value.length() > REQUEST_MEMO_VALUE_LIMIT ? null : new ValueMemo(this, transformationChains, operatorSlots);
        }
        int hash = value.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (RECENT_SLOTS - 1);
        Recent last = recent[slot];
        if (last != null && last.value().equals(value)) {
            return last.memo();
        }
        if (!sightings.sighted(hash)) {
            return new ValueMemo(this, transformationChains, operatorSlots);
        }
        ValueMemo memo = memos.getIfPresent(value);
        if (memo == null) {
            memo = new ValueMemo(this, transformationChains, operatorSlots);
            ValueMemo raced = memos.asMap().putIfAbsent(value, memo);
            if (raced != null) {
                memo = raced;
            }
        }
        recent[slot] = new Recent(value, memo);
        return memo;
    }

    public LoadReport report() {
        return report;
    }

    /**
     * Starts a transaction for a request.
     *
     * @param detectionOnly whether disruptive actions are only logged
     * @param bodyParser turns the request's buffered body into variables, when a phase 2 rule first needs them
     */
    public Transaction begin(RequestData request, String uniqueId, boolean detectionOnly,
            Function<Transaction, BodyView> bodyParser) {
        return new Transaction(this, request, uniqueId, detectionOnly, bodyParser);
    }

    /** Runs the rules of one phase, unless an earlier one stopped rule processing. */
    public void run(Transaction t, int phase) {
        Rule[] rules = phases[phase];
        t.enterPhase(phase);
        int i = 0;
        while (i < rules.length) {
            if (t.engineOff || t.allowAll || t.interruptedBy != null || (phase <= 2 && t.allowRequest)) {
                return;
            }
            Rule rule = rules[i];
            if (rule.isMarker() || t.isRemoved(rule)) {
                i++;
                continue;
            }
            RuleOutcome outcome = RuleEvaluator.evaluate(t, rule);
            if (outcome == RuleOutcome.STOP_PHASE) {
                return;
            }
            if (outcome == RuleOutcome.MATCHED) {
                if (rule.skipAfter != null) {
                    if (rule.skipAfterIndex < 0) {
                        return;
                    }
                    i = rule.skipAfterIndex;
                    continue;
                }
                if (rule.skip > 0) {
                    int skipped = 0;
                    i++;
                    while (i < rules.length && skipped < rule.skip) {
                        if (!rules[i].isMarker()) {
                            skipped++;
                        }
                        i++;
                    }
                    continue;
                }
            }
            i++;
        }
    }

    /** Whether any rule looks at responses (phases 3 and 4). */
    public boolean inspectsResponses() {
        return inspectsResponses;
    }

    private static boolean anyRule(Rule[] rules) {
        for (Rule rule : rules) {
            if (!rule.isMarker()) {
                return true;
            }
        }
        return false;
    }

    /** Everything the rules of the given phases are, for the console and tests. */
    public List<Long> ruleIds(int phase) {
        List<Long> ids = new ArrayList<>();
        for (Rule rule : phases[phase]) {
            if (!rule.isMarker()) {
                ids.add(rule.id);
            }
        }
        return ids;
    }

    /** What went into a plan: counts, and what was skipped or is not supported. */
    public record LoadReport(int rules, int files, List<String> unsupported, List<String> ignoredDirectives) {

        public LoadReport {
            unsupported = List.copyOf(unsupported);
            ignoredDirectives = List.copyOf(ignoredDirectives);
        }
    }
}
