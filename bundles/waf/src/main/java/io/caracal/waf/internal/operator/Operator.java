package io.caracal.waf.internal.operator;

/**
 * A ModSecurity operator ({@code @rx}, {@code @pm}, ...) bound to its argument.
 *
 * <p>Inputs are byte strings (one char per byte). Operators are immutable and thread-safe;
 * per-call state lives in the {@link MatchContext}. Negation ({@code !@op}) is the caller's job.
 */
@FunctionalInterface
public interface Operator {

    boolean matches(String input, MatchContext context);
}
