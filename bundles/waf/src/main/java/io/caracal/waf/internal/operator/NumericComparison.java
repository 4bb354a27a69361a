package io.caracal.waf.internal.operator;

/** {@code @eq @ge @gt @le @lt}, comparing {@code input <op> argument}. */
enum NumericComparison {
    EQ {
        @Override
        boolean test(long input, long argument) {
            return input == argument;
        }
    },
    GE {
        @Override
        boolean test(long input, long argument) {
            return input >= argument;
        }
    },
    GT {
        @Override
        boolean test(long input, long argument) {
            return input > argument;
        }
    },
    LE {
        @Override
        boolean test(long input, long argument) {
            return input <= argument;
        }
    },
    LT {
        @Override
        boolean test(long input, long argument) {
            return input < argument;
        }
    };

    abstract boolean test(long input, long argument);
}
