package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A filter's own changes to the rule sets it runs (per route, since a route names its filter):
 * rules removed by id or tag, and values removed from rules' targets, as
 * {@code SecRuleRemoveById}, {@code SecRuleRemoveByTag} and {@code SecRuleUpdateTargetById "!ARGS:x"} would.
 */
public final class RuleExclusions {

    public static final RuleExclusions NONE = new RuleExclusions(List.of(), List.of(), List.of());

    final List<IdRanges> removedIds;
    final List<String> removedTags;
    /** Pairs of rule ids and the target they no longer look at. */
    final List<Object[]> removedTargets;

    private RuleExclusions(List<IdRanges> removedIds, List<String> removedTags, List<Object[]> removedTargets) {
        this.removedIds = removedIds;
        this.removedTags = removedTags;
        this.removedTargets = removedTargets;
    }

    /**
     * Reads exclusion settings.
     *
     * @param ids rule ids and ranges: {@code 942100}, {@code 920300-920399}, {@code 9421*}
     * @param tags tags such as {@code attack-sqli} or {@code paranoia-level/2}
     * @param targets {@code <ids>:<VARIABLE>[:<key or /regex/>]}, e.g. {@code 942100:ARGS:password}
     *     or {@code 941000-941999:REQUEST_COOKIES:/^session/}
     * @throws IllegalArgumentException naming the item that cannot be read
     */
    public static RuleExclusions parse(List<String> ids, List<String> tags, List<String> targets) {
        List<IdRanges> removedIds = new ArrayList<>();
        for (String id : ids) {
            removedIds.add(IdRanges.parse(id));
        }
        List<Object[]> removedTargets = new ArrayList<>();
        for (String item : targets) {
            int colon = item.indexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new IllegalArgumentException("a target exclusion is <rule ids>:<VARIABLE>[:<key>], got '" + item + "'");
            }
            removedTargets.add(new Object[] {IdRanges.parse(item.substring(0, colon)),
                    Target.parse(item.substring(colon + 1).strip(), true)});
        }
        return new RuleExclusions(List.copyOf(removedIds), List.copyOf(tags), removedTargets);
    }

    boolean removes(Rule rule) {
        for (IdRanges ids : removedIds) {
            if (ids.contains(rule.id)) {
                return true;
            }
        }
        for (String tag : removedTags) {
            if (rule.hasTag(tag)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return removedIds.isEmpty() && removedTags.isEmpty() && removedTargets.isEmpty();
    }
}
