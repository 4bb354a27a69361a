package io.caracal.waf.internal.operator;

import java.util.BitSet;
import java.util.regex.MatchResult;

/**
 * A Java match result seen the PCRE way: capturing groups inside negative assertions are
 * always unset (Java can leave values behind from the failed assertion attempt).
 */
final class PcreMatchResult implements MatchResult {

    private final MatchResult match;
    private final BitSet hiddenGroups;

    PcreMatchResult(MatchResult match, BitSet hiddenGroups) {
        this.match = match;
        this.hiddenGroups = hiddenGroups;
    }

    @Override
    public int start() {
        return match.start();
    }

    @Override
    public int start(int group) {
        return hiddenGroups.get(group) ? -1 : match.start(group);
    }

    @Override
    public int end() {
        return match.end();
    }

    @Override
    public int end(int group) {
        return hiddenGroups.get(group) ? -1 : match.end(group);
    }

    @Override
    public String group() {
        return match.group();
    }

    @Override
    public String group(int group) {
        return hiddenGroups.get(group) ? null : match.group(group);
    }

    @Override
    public int groupCount() {
        return match.groupCount();
    }
}
