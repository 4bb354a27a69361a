package io.caracal.waf.internal.engine;

import java.util.Locale;

/**
 * A {@code setvar} action: {@code tx.score=+%{tx.critical_anomaly_score}}, {@code !tx.flag},
 * {@code tx.name=value}, {@code tx.flag} (sets 1).
 */
final class SetVar {

    enum Kind { SET, ADD, SUBTRACT, DELETE }

    final String collection;
    final Macro name;
    final Kind kind;
    final Macro value;

    /** The variable's name in lower case when it has no macro (nearly always), else null. */
    private final String constantKey;

    private SetVar(String collection, Macro name, Kind kind, Macro value) {
        this.collection = collection;
        this.name = name;
        this.kind = kind;
        this.value = value;
        // interned, as Target and Macro intern theirs: TX lookups then find their key by identity
        this.constantKey = name.isConstant() ? name.toString().toLowerCase(Locale.ROOT).intern() : null;
    }

    static SetVar parse(String text) {
        String spec = text.strip();
        boolean delete = spec.startsWith("!");
        if (delete) {
            spec = spec.substring(1);
        }
        int dot = spec.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("setvar needs collection.name, got '" + text + "'");
        }
        String collection = spec.substring(0, dot).strip().toUpperCase(Locale.ROOT);
        String rest = spec.substring(dot + 1);
        int eq = rest.indexOf('=');
        if (delete) {
            return new SetVar(collection, Macro.parse(rest.strip()), Kind.DELETE, null);
        }
        if (eq < 0) {
            return new SetVar(collection, Macro.parse(rest.strip()), Kind.SET, Macro.parse("1"));
        }
        String name = rest.substring(0, eq).strip();
        String value = rest.substring(eq + 1);
        Kind kind = Kind.SET;
        if (value.startsWith("+")) {
            kind = Kind.ADD;
            value = value.substring(1);
        } else if (value.startsWith("-")) {
            kind = Kind.SUBTRACT;
            value = value.substring(1);
        }
        return new SetVar(collection, Macro.parse(name), kind, Macro.parse(value));
    }

    void apply(Transaction transaction) {
        String key = constantKey != null ? constantKey : name.expand(transaction).toLowerCase(Locale.ROOT);
        java.util.Map<String, String> target = transaction.collection(collection);
        switch (kind) {
            case DELETE -> target.remove(key);
            case SET -> target.put(key, value.expand(transaction));
            case ADD, SUBTRACT -> {
                long current = Numbers.parse(target.get(key));
                long delta = Numbers.parse(value.expand(transaction));
                target.put(key, Numbers.toString(kind == Kind.ADD ? current + delta : current - delta));
            }
        }
    }
}
