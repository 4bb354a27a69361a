package io.caracal.waf.internal.body;

import java.util.ArrayList;
import java.util.List;

/** Collects arguments up to a fixed count (SecArgumentsLimit) and remembers when it said no. */
final class ArgList {
    private final int max;
    private final List<Arg> args = new ArrayList<>();
    private boolean limitExceeded;

    ArgList(int max) {
        this.max = max;
    }

    /** Adds the pair, or returns false (and flags the overflow) once the limit is reached. */
    boolean add(String name, String value) {
        if (args.size() >= max) {
            limitExceeded = true;
            return false;
        }
        args.add(new Arg(name, value));
        return true;
    }

    boolean limitExceeded() {
        return limitExceeded;
    }

    List<Arg> toList() {
        return List.copyOf(args);
    }

    static String limitMessage(int max) {
        return "Arguments limit exceeded: more than " + max + " arguments";
    }
}
