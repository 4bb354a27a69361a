package io.caracal.cache.disk.internal;

import java.util.regex.Pattern;

/** What a store may be called: routes refer to it by name, and the default directory is named after it. */
final class StoreNames {

    static final String RULE = "must be letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private StoreNames() {
    }

    static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }
}
