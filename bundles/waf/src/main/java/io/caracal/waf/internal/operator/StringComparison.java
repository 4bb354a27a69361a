package io.caracal.waf.internal.operator;

/**
 * The byte-wise string tests of ModSecurity, each as {@code test(input, argument)}. As in
 * ModSecurity an empty argument matches everything for the substring-style tests, and an empty
 * input is within any argument.
 */
enum StringComparison {
    /** {@code @streq}: equal. */
    STREQ {
        @Override
        boolean test(String input, String argument) {
            return input.equals(argument);
        }
    },
    /** {@code @contains}: the argument occurs in the input. */
    CONTAINS {
        @Override
        boolean test(String input, String argument) {
            return input.contains(argument);
        }
    },
    /** {@code @beginsWith}. */
    BEGINS_WITH {
        @Override
        boolean test(String input, String argument) {
            return input.startsWith(argument);
        }
    },
    /** {@code @endsWith}. */
    ENDS_WITH {
        @Override
        boolean test(String input, String argument) {
            return input.endsWith(argument);
        }
    },
    /** {@code @within}: the input occurs in the argument (CRS passes lists such as "GET HEAD POST"). */
    WITHIN {
        @Override
        boolean test(String input, String argument) {
            return argument.contains(input);
        }
    },
    /** {@code @containsWord}: the argument occurs with a non-word char (or an end) on both sides. */
    CONTAINS_WORD {
        @Override
        boolean test(String input, String argument) {
            if (argument.isEmpty()) {
                return true;
            }
            for (int at = input.indexOf(argument); at >= 0; at = input.indexOf(argument, at + 1)) {
                int after = at + argument.length();
                boolean startsWord = at == 0 || !isWordChar(input.charAt(at - 1));
                boolean endsWord = after == input.length() || !isWordChar(input.charAt(after));
                if (startsWord && endsWord) {
                    return true;
                }
            }
            return false;
        }
    };

    abstract boolean test(String input, String argument);

    private static boolean isWordChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
