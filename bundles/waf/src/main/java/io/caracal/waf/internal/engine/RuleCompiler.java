package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.PatternSyntaxException;

import io.caracal.waf.internal.operator.DataFiles;
import io.caracal.waf.internal.operator.Operator;
import io.caracal.waf.internal.operator.Operators;
import io.caracal.waf.internal.operator.UnsupportedOperatorException;
import io.caracal.waf.internal.prefilter.Condition;
import io.caracal.waf.internal.prefilter.LiteralScanner;
import io.caracal.waf.internal.seclang.ActionListParser;
import io.caracal.waf.internal.seclang.ActionSpec;
import io.caracal.waf.internal.seclang.Directive;
import io.caracal.waf.internal.seclang.RuleSyntaxException;
import io.caracal.waf.internal.seclang.SecLangParser;
import io.caracal.waf.internal.seclang.VariableListParser;
import io.caracal.waf.internal.seclang.VariableSpec;
import io.caracal.waf.internal.transform.Transformation;
import io.caracal.waf.internal.transform.Transformations;

/**
 * Compiles rule files, in order, into a {@link RulePlan}: parses each directive, builds rules and
 * chains, applies the removal and update directives to the rules read so far (as ModSecurity
 * does), then the filter's own exclusions, and lays the rules out per phase with their skip targets.
 */
public final class RuleCompiler {

    /** A rule file and how to read the data files its rules name. */
    public record Source(String name, String content, DataFiles dataFiles) {
    }

    /** Operators without data files or macros, shared between compilations (a rule set reload recompiles little). */
    private static final Map<String, Operator> OPERATOR_CACHE = new ConcurrentHashMap<>();
    private static final int OPERATOR_CACHE_LIMIT = 20_000;

    /** Directives that configure ModSecurity itself; the proxy's own settings (body limits, logs) take their place. */
    private static final Set<String> IGNORED_DIRECTIVES = Set.of("secruleengine", "secrequestbodyaccess",
            "secrequestbodylimit", "secrequestbodynofileslimit", "secrequestbodyinmemorylimit",
            "secrequestbodylimitaction", "secrequestbodyjsondepthlimit", "secargumentslimit",
            "secresponsebodyaccess", "secresponsebodymimetype", "secresponsebodylimit", "secresponsebodylimitaction",
            "secauditengine", "secauditlog", "secauditlog2", "secauditlogparts", "secauditlogrelevantstatus",
            "secauditlogtype", "secauditlogstoragedir", "secauditlogformat", "secauditlogdirmode",
            "secauditlogfilemode", "secdebuglog", "secdebugloglevel", "sectmpdir", "secdatadir", "secuploaddir",
            "secuploadkeepfiles", "secuploadfilemode", "secuploadfilelimit", "secargumentseparator",
            "seccookieformat", "secunicodemapfile", "secunicodecodepage", "secstatusengine",
            "seccollectiontimeout", "seccomponentsignature", "secpcrematchlimit", "secpcrematchlimitrecursion",
            "secserversignature", "sechttpblkey", "secgeolookupdb", "secconnengine", "sectmpsaveuploadedfiles",
            "secxmlexternalentity", "secwebappid", "secsensorid", "seccachetransformations");

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Integer> chains = new HashMap<>();
    private final Disruptive[] defaultDisruptive = new Disruptive[6];
    private final boolean[] defaultLog = new boolean[6];
    private final Set<String> unsupported = new LinkedHashSet<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private final Set<Long> ids = new HashSet<>();
    private Rule openChain;

    private RuleCompiler() {
        java.util.Arrays.fill(defaultDisruptive, Disruptive.PASS);
        java.util.Arrays.fill(defaultLog, true);
    }

    /**
     * @throws RuleSyntaxException naming the file and line of the first directive that cannot be
     *     compiled; operators, actions and directives that are known but not supported are not
     *     errors: they are listed in the plan's {@link RulePlan.LoadReport}
     */
    public static RulePlan compile(List<Source> sources, RuleExclusions exclusions) throws RuleSyntaxException {
        RuleCompiler compiler = new RuleCompiler();
        for (Source source : sources) {
            for (Directive directive : SecLangParser.parse(source.name(), source.content())) {
                compiler.directive(directive, source);
            }
        }
        if (compiler.openChain != null) {
            throw new RuleSyntaxException(compiler.openChain.location, "the last rule ends with 'chain' but no rule follows");
        }
        return compiler.plan(exclusions, sources.size());
    }

    private void directive(Directive d, Source source) throws RuleSyntaxException {
        String name = d.name().toLowerCase(Locale.ROOT);
        List<String> args = d.arguments();
        try {
            switch (name) {
                case "secrule" -> {
                    if (args.size() < 2 || args.size() > 3) {
                        throw new RuleSyntaxException(d.location(), "SecRule takes VARIABLES \"OPERATOR\" [\"ACTIONS\"]");
                    }
                    secRule(d, args.get(0), args.get(1), args.size() == 3 ? args.get(2) : "", source);
                }
                case "secaction" -> {
                    if (args.size() != 1) {
                        throw new RuleSyntaxException(d.location(), "SecAction takes one \"ACTIONS\" argument");
                    }
                    secRule(d, null, null, args.get(0), source);
                }
                case "secmarker" -> {
                    requireArguments(d, 1);
                    closeChainCheck(d);
                    Rule marker = new Rule(0, d.location());
                    marker.marker = args.get(0);
                    rules.add(marker);
                }
                case "secdefaultaction" -> {
                    requireArguments(d, 1);
                    defaultAction(d, args.get(0));
                }
                case "secruleremovebyid" -> {
                    IdRanges removed = IdRanges.parse(String.join(" ", args));
                    rules.removeIf(r -> !r.isMarker() && removed.contains(r.id));
                }
                case "secruleremovebytag" -> {
                    requireArguments(d, 1);
                    rules.removeIf(r -> !r.isMarker() && r.hasTag(args.get(0)));
                }
                case "secruleremovebymsg" -> {
                    requireArguments(d, 1);
                    rules.removeIf(r -> !r.isMarker() && r.msg.toString().equals(args.get(0)));
                }
                case "secruleupdatetargetbyid" -> updateTargets(d, r -> IdRanges.parse(args.get(0)).contains(r.id));
                case "secruleupdatetargetbytag" -> updateTargets(d, r -> r.hasTag(args.get(0)));
                case "secruleupdatetargetbymsg" -> updateTargets(d, r -> r.msg.toString().equals(args.get(0)));
                case "secruleupdateactionbyid" -> updateActions(d, source);
                case "include", "includeoptional" -> throw new RuleSyntaxException(d.location(),
                        d.name() + " is not supported in a rule set: a rule set lists its files itself");
                default -> {
                    if (IGNORED_DIRECTIVES.contains(name)) {
                        ignored.add(d.name());
                    } else {
                        throw new RuleSyntaxException(d.location(), "unknown directive '" + d.name() + "'");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new RuleSyntaxException(d.location(), e.getMessage());
        }
    }

    private static void requireArguments(Directive d, int count) throws RuleSyntaxException {
        if (d.arguments().size() != count) {
            throw new RuleSyntaxException(d.location(), d.name() + " takes " + count + " argument(s)");
        }
    }

    private void closeChainCheck(Directive d) throws RuleSyntaxException {
        if (openChain != null) {
            throw new RuleSyntaxException(d.location(), "rule " + openChain.id + " ends with 'chain', so a SecRule must follow");
        }
    }

    private void defaultAction(Directive d, String text) throws RuleSyntaxException {
        Rule template = new Rule(0, d.location());
        for (ActionSpec action : ActionListParser.parse(d.location(), text)) {
            applyAction(template, action, d, null);
        }
        int phase = template.phase;
        if (template.disruptive != Disruptive.INHERIT && template.disruptive != Disruptive.BLOCK) {
            defaultDisruptive[phase] = template.disruptive;
        }
        if (template.log != null) {
            defaultLog[phase] = template.log;
        }
    }

    private void secRule(Directive d, String variables, String operator, String actions, Source source)
            throws RuleSyntaxException {
        List<ActionSpec> specs = ActionListParser.parse(d.location(), actions);
        long id = 0;
        for (ActionSpec spec : specs) {
            if (spec.name().equals("id")) {
                try {
                    id = Long.parseLong(spec.argument());
                } catch (NumberFormatException | NullPointerException e) {
                    throw new RuleSyntaxException(d.location(), "id must be a number, got '" + spec.argument() + "'");
                }
            }
        }
        boolean link = openChain != null;
        if (!link) {
            if (id <= 0) {
                throw new RuleSyntaxException(d.location(), "a rule needs an id (id:<number>)");
            }
            if (!ids.add(id)) {
                throw new RuleSyntaxException(d.location(), "rule id " + id + " is used twice");
            }
        } else if (variables == null) {
            throw new RuleSyntaxException(d.location(), "rule " + chainStart().id + " ends with 'chain', so a SecRule must follow");
        }
        Rule rule = new Rule(link ? chainStart().id : id, d.location());
        if (link) {
            rule.chained = true;
            rule.phase = chainStart().phase;
        }
        for (ActionSpec spec : specs) {
            applyAction(rule, spec, d, source);
        }
        if (variables != null) {
            for (VariableSpec variable : VariableListParser.parse(d.location(), variables)) {
                Target target = Target.of(variable);
                checkVariable(d, target.collection);
                (target.exclusion ? rule.exclusions : rule.targets).add(target);
            }
            if (rule.targets.isEmpty()) {
                throw new RuleSyntaxException(d.location(), "the rule only excludes variables, it selects none");
            }
            operator(rule, operator, d, source);
        }
        rule.transformationChain = chainId(rule);
        if (link) {
            openChain.next = rule;
        } else {
            rules.add(rule);
        }
        openChain = rule.chain ? rule : null;
    }

    private Rule chainStart() {
        Rule start = rules.get(rules.size() - 1);
        return start;
    }

    private void operator(Rule rule, String text, Directive d, Source source) throws RuleSyntaxException {
        String op = text.strip();
        boolean negated = op.startsWith("!");
        if (negated) {
            op = op.substring(1).stripLeading();
        }
        String name;
        String argument;
        if (op.startsWith("@")) {
            int space = op.indexOf(' ');
            name = (space < 0 ? op.substring(1) : op.substring(1, space)).toLowerCase(Locale.ROOT);
            argument = space < 0 ? "" : op.substring(space + 1);
        } else {
            name = "rx";
            argument = op;
        }
        rule.negated = negated;
        rule.operatorText = (negated ? "!@" : "@") + name + (argument.isEmpty() ? "" : " " + argument);
        boolean fileBased = name.endsWith("fromfile") || name.equals("pmf");
        String key = name + '\u0000' + argument;
        try {
            Operator compiled = fileBased || argument.contains("%{") ? null : OPERATOR_CACHE.get(key);
            if (compiled == null) {
                compiled = Operators.create(name, argument, source.dataFiles());
                if (!fileBased && !argument.contains("%{")) {
                    if (OPERATOR_CACHE.size() > OPERATOR_CACHE_LIMIT) {
                        OPERATOR_CACHE.clear();
                    }
                    OPERATOR_CACHE.put(key, compiled);
                }
            }
            rule.operator = compiled;
        } catch (UnsupportedOperatorException e) {
            unsupported.add("@" + name + " (rule " + rule.id + ", " + d.location() + ")");
            rule.operator = (input, context) -> false;
            rule.negated = false;
        } catch (PatternSyntaxException e) {
            throw new RuleSyntaxException(d.location(), "@" + name + ": " + e.getMessage());
        }
    }

    private void applyAction(Rule rule, ActionSpec action, Directive d, Source source) throws RuleSyntaxException {
        String arg = action.argument();
        switch (action.name()) {
            case "id" -> {
            }
            case "phase" -> rule.phase = phase(d, arg);
            case "t" -> {
                if (arg == null) {
                    throw new RuleSyntaxException(d.location(), "t: needs a transformation name");
                }
                if (arg.equalsIgnoreCase("none")) {
                    rule.transformations = new Transformation[0];
                } else {
                    Transformation[] longer = java.util.Arrays.copyOf(rule.transformations, rule.transformations.length + 1);
                    longer[longer.length - 1] = Transformations.byName(arg);
                    rule.transformations = longer;
                    rule.transformationNames.add(arg.toLowerCase(Locale.ROOT));
                }
                if (arg.equalsIgnoreCase("none")) {
                    rule.transformationNames.clear();
                }
            }
            case "msg" -> rule.msg = Macro.parse(arg);
            case "logdata" -> rule.logdata = Macro.parse(arg);
            case "severity" -> rule.severity = severity(d, arg);
            case "tag" -> rule.tags.add(arg == null ? "" : arg);
            case "ver" -> rule.version = arg;
            case "rev", "accuracy", "maturity", "auditlog", "noauditlog", "sanitisearg", "sanitisematched",
                 "sanitisematchedbytes", "sanitiserequestheader", "sanitiseresponseheader", "expirevar", "setenv",
                 "xmlns", "deprecatevar", "setuid", "setsid", "setrsc" -> {
                // Metadata and ModSecurity audit-log or persistent-collection details the proxy does not keep.
            }
            case "log" -> rule.log = true;
            case "nolog" -> rule.log = false;
            case "pass" -> rule.disruptive = Disruptive.PASS;
            case "block" -> rule.disruptive = Disruptive.BLOCK;
            case "deny" -> rule.disruptive = Disruptive.DENY;
            case "drop" -> rule.disruptive = Disruptive.DROP;
            case "redirect" -> rule.disruptive = Disruptive.REDIRECT;
            case "allow" -> rule.disruptive = arg == null ? Disruptive.ALLOW
                    : arg.equalsIgnoreCase("phase") ? Disruptive.ALLOW_PHASE
                    : arg.equalsIgnoreCase("request") ? Disruptive.ALLOW_REQUEST : Disruptive.ALLOW;
            case "status" -> {
                try {
                    rule.status = Integer.parseInt(arg);
                } catch (NumberFormatException | NullPointerException e) {
                    throw new RuleSyntaxException(d.location(), "status must be a number, got '" + arg + "'");
                }
                if (rule.status < 400 || rule.status > 599) {
                    throw new RuleSyntaxException(d.location(), "a denial's status must be 4xx or 5xx, got " + rule.status);
                }
            }
            case "chain" -> rule.chain = true;
            case "skip" -> {
                try {
                    rule.skip = Integer.parseInt(arg);
                } catch (NumberFormatException | NullPointerException e) {
                    throw new RuleSyntaxException(d.location(), "skip must be a number, got '" + arg + "'");
                }
            }
            case "skipafter" -> rule.skipAfter = arg;
            case "capture" -> rule.capture = true;
            case "multimatch" -> rule.multiMatch = true;
            case "setvar" -> rule.setVars.add(SetVar.parse(requireArgument(d, action)));
            case "ctl" -> rule.ctls.add(Ctl.parse(requireArgument(d, action)));
            case "initcol" -> {
                String spec = requireArgument(d, action);
                int eq = spec.indexOf('=');
                rule.initCollections.add((eq < 0 ? spec : spec.substring(0, eq)).strip().toUpperCase(Locale.ROOT));
            }
            case "exec", "append", "prepend", "proxy", "pause" -> unsupported.add(action.name()
                    + " (rule " + rule.id + ", " + d.location() + ")");
            default -> throw new RuleSyntaxException(d.location(), "unknown action '" + action.name() + "'");
        }
    }

    private static String requireArgument(Directive d, ActionSpec action) throws RuleSyntaxException {
        if (action.argument() == null || action.argument().isEmpty()) {
            throw new RuleSyntaxException(d.location(), action.name() + " needs an argument");
        }
        return action.argument();
    }

    private static int phase(Directive d, String arg) throws RuleSyntaxException {
        if (arg == null) {
            throw new RuleSyntaxException(d.location(), "phase needs a value");
        }
        switch (arg.toLowerCase(Locale.ROOT)) {
            case "request":
                return 2;
            case "response":
                return 4;
            case "logging":
                return 5;
            default:
                try {
                    int phase = Integer.parseInt(arg);
                    if (phase >= 1 && phase <= 5) {
                        return phase;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new RuleSyntaxException(d.location(), "phase must be 1 to 5, request, response or logging, got '" + arg + "'");
        }
    }

    private static int severity(Directive d, String arg) throws RuleSyntaxException {
        if (arg == null) {
            throw new RuleSyntaxException(d.location(), "severity needs a value");
        }
        String[] names = {"EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"};
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(arg)) {
                return i;
            }
        }
        try {
            int level = Integer.parseInt(arg);
            if (level >= 0 && level <= 7) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleSyntaxException(d.location(), "unknown severity '" + arg + "'");
    }

    /** multiMatch rules get ids of their own: what their memo remembers means "no step matched". */
    private int chainId(Rule rule) {
        String key = (rule.multiMatch ? "multi:" : "") + String.join(",", rule.transformationNames);
        return chains.computeIfAbsent(key, k -> chains.size());
    }

    private void updateTargets(Directive d, java.util.function.Predicate<Rule> which) throws RuleSyntaxException {
        if (d.arguments().size() < 2) {
            throw new RuleSyntaxException(d.location(), d.name() + " takes the rule selector and \"TARGETS\"");
        }
        List<VariableSpec> specs = VariableListParser.parse(d.location(), d.arguments().get(1));
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.isMarker() || !which.test(rule)) {
                continue;
            }
            Rule updated = rule.copy();
            if (d.arguments().size() == 3) {
                // Replace the named target with the new one(s).
                Target replaced = Target.parse(d.arguments().get(2), false);
                updated.targets.removeIf(t -> t.toString().equalsIgnoreCase(replaced.toString()));
            }
            for (VariableSpec spec : specs) {
                Target target = Target.of(spec);
                checkVariable(d, target.collection);
                (target.exclusion ? updated.exclusions : updated.targets).add(target);
            }
            rules.set(i, updated);
        }
    }

    private void updateActions(Directive d, Source source) throws RuleSyntaxException {
        if (d.arguments().size() != 2) {
            throw new RuleSyntaxException(d.location(), "SecRuleUpdateActionById takes the rule id and \"ACTIONS\"");
        }
        IdRanges which = IdRanges.parse(d.arguments().get(0));
        List<ActionSpec> specs = ActionListParser.parse(d.location(), d.arguments().get(1));
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.isMarker() || !which.contains(rule.id)) {
                continue;
            }
            Rule updated = rule.copy();
            for (ActionSpec spec : specs) {
                if (spec.name().equals("id") || spec.name().equals("phase") || spec.name().equals("chain")) {
                    throw new RuleSyntaxException(d.location(), "SecRuleUpdateActionById cannot change " + spec.name());
                }
                if (spec.name().equals("tag") && updated.tags.contains(spec.argument())) {
                    continue;
                }
                applyAction(updated, spec, d, source);
            }
            updated.transformationChain = chainId(updated);
            rules.set(i, updated);
        }
    }

    private static final Set<String> KNOWN_VARIABLES = Set.of("ARGS", "ARGS_GET", "ARGS_POST", "ARGS_NAMES",
            "ARGS_GET_NAMES", "ARGS_POST_NAMES", "ARGS_COMBINED_SIZE", "REQUEST_HEADERS", "REQUEST_HEADERS_NAMES",
            "REQUEST_COOKIES", "REQUEST_COOKIES_NAMES", "FILES", "FILES_NAMES", "FILES_SIZES", "FILES_TMPNAMES",
            "FILES_TMP_CONTENT", "FILES_COMBINED_SIZE", "MULTIPART_PART_HEADERS", "XML", "TX", "IP", "GLOBAL",
            "SESSION", "USER", "RESOURCE", "ENV", "RULE", "GEO", "MATCHED_VAR", "MATCHED_VAR_NAME", "MATCHED_VARS",
            "MATCHED_VARS_NAMES", "REQUEST_METHOD", "REQUEST_URI", "REQUEST_URI_RAW", "REQUEST_FILENAME",
            "REQUEST_BASENAME", "REQUEST_LINE", "REQUEST_PROTOCOL", "QUERY_STRING", "REQUEST_BODY",
            "REQUEST_BODY_LENGTH", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER", "SERVER_NAME",
            "SERVER_ADDR", "SERVER_PORT", "UNIQUE_ID", "REQBODY_PROCESSOR", "REQBODY_ERROR", "REQBODY_ERROR_MSG",
            "REQBODY_PROCESSOR_ERROR", "REQBODY_PROCESSOR_ERROR_MSG", "HIGHEST_SEVERITY", "DURATION", "TIME",
            "TIME_EPOCH", "TIME_DAY", "TIME_HOUR", "TIME_MIN", "TIME_MON", "TIME_SEC", "TIME_WDAY", "TIME_YEAR",
            "URLENCODED_ERROR", "INBOUND_DATA_ERROR", "OUTBOUND_DATA_ERROR", "AUTH_TYPE", "PATH_INFO",
            "FULL_REQUEST", "FULL_REQUEST_LENGTH", "RESPONSE_BODY", "RESPONSE_HEADERS", "RESPONSE_HEADERS_NAMES",
            "RESPONSE_STATUS", "RESPONSE_PROTOCOL", "RESPONSE_CONTENT_TYPE", "RESPONSE_CONTENT_LENGTH",
            "STATUS_LINE", "WEBSERVER_ERROR_LOG", "USERID", "SESSIONID", "WEBAPPID", "SCRIPT_FILENAME",
            "SCRIPT_BASENAME", "STREAM_INPUT_BODY", "STREAM_OUTPUT_BODY", "MODSEC_BUILD", "USERAGENT_IP");

    private static void checkVariable(Directive d, String collection) throws RuleSyntaxException {
        if (!KNOWN_VARIABLES.contains(collection) && !collection.startsWith("MULTIPART_")) {
            throw new RuleSyntaxException(d.location(), "unknown variable '" + collection + "'");
        }
    }

    /** Numbers the operators whose answer depends on the input alone (no macros in the argument). */
    private static int assignOperatorSlots(List<Rule> rules) {
        // One slot per operator and transformation list: a value's answers for all of them fit in
        // one small bit set (a cache line or two for CRS), read by every rule that looks at the value.
        record Answer(Operator operator, int transformationChain) {
        }
        Map<Answer, Integer> slots = new HashMap<>();
        for (Rule starter : rules) {
            for (Rule rule = starter; rule != null; rule = rule.next) {
                if (rule.operator != null && rule.operatorText != null && !rule.operatorText.contains("%{")) {
                    rule.operatorSlot = slots.computeIfAbsent(new Answer(rule.operator, rule.transformationChain),
                            a -> slots.size());
                }
            }
        }
        return slots.size();
    }

    /**
     * Variables whose values stay the same within a phase (until the body is parsed or the response
     * arrives): what the request and response carry. TX and the other collections, MATCHED_VARS,
     * RULE, time and the like change as rules run.
     */
    private static final Set<String> STABLE_VARIABLES = Set.of("ARGS", "ARGS_GET", "ARGS_POST", "ARGS_NAMES",
            "ARGS_GET_NAMES", "ARGS_POST_NAMES", "ARGS_COMBINED_SIZE", "REQUEST_HEADERS", "REQUEST_HEADERS_NAMES",
            "REQUEST_COOKIES", "REQUEST_COOKIES_NAMES", "FILES", "FILES_NAMES", "FILES_SIZES", "FILES_COMBINED_SIZE",
            "MULTIPART_PART_HEADERS", "XML", "REQUEST_METHOD", "REQUEST_URI", "REQUEST_URI_RAW", "REQUEST_FILENAME",
            "PATH_INFO", "REQUEST_BASENAME", "REQUEST_LINE", "REQUEST_PROTOCOL", "QUERY_STRING", "REQUEST_BODY",
            "REQUEST_BODY_LENGTH", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "SERVER_NAME", "SERVER_PORT",
            "RESPONSE_HEADERS", "RESPONSE_HEADERS_NAMES", "RESPONSE_BODY", "RESPONSE_STATUS", "RESPONSE_PROTOCOL",
            "STATUS_LINE", "RESPONSE_CONTENT_TYPE", "RESPONSE_CONTENT_LENGTH");

    /**
     * Prefilter words are cut to this many bytes. For CRS that turns 4,861 words into 1,304: the
     * scanner's table (270 KB instead of 13 MB) and each value's scan result shrink with no
     * measurable loss, since a rule is nearly always ruled out by a word's start already.
     */
    private static final int PREFILTER_WORD_LENGTH = 3;

    /**
     * Gives each link whose operator answers from the input alone the condition every match
     * meets, and builds the scanner that finds all their words in a value at once.
     */
    private static LiteralScanner assignPrefilters(List<Rule> rules) {
        Map<Rule, Condition> conditions = new java.util.IdentityHashMap<>();
        Set<String> words = new LinkedHashSet<>();
        for (Rule starter : rules) {
            for (Rule rule = starter; rule != null; rule = rule.next) {
                if (rule.operator != null && rule.operatorSlot >= 0) {
                    Condition condition = Condition.shorten(rule.operator.condition(), PREFILTER_WORD_LENGTH);
                    if (!(condition instanceof Condition.All)) {
                        conditions.put(rule, condition);
                        Condition.words(condition, words);
                    }
                }
            }
        }
        LiteralScanner scanner = LiteralScanner.of(words);
        conditions.forEach((rule, condition) -> rule.prefilter = Condition.bind(condition, scanner));
        return scanner;
    }

    /** Gives links that select the same stable variable list (with the same exclusions) one selection slot. */
    private static int assignSelectionSlots(List<Rule> rules) {
        Map<String, Integer> slots = new HashMap<>();
        for (Rule starter : rules) {
            for (Rule rule = starter; rule != null; rule = rule.next) {
                if (rule.operator == null || rule.targets.isEmpty()) {
                    continue;
                }
                boolean stable = true;
                for (Target target : rule.targets) {
                    stable &= STABLE_VARIABLES.contains(target.collection);
                }
                if (stable) {
                    String key = rule.targets + " " + rule.exclusions;
                    rule.selectionSlot = slots.computeIfAbsent(key, k -> slots.size());
                }
                Target only = rule.targets.get(0);
                if (rule.targets.size() == 1 && rule.exclusions.isEmpty() && !rule.multiMatch
                        && only.collection.equals("TX") && only.key != null && only.pattern == null) {
                    rule.singleTxVariable = only;
                }
            }
        }
        return slots.size();
    }

    private RulePlan plan(RuleExclusions exclusions, int files) throws RuleSyntaxException {
        List<Rule> kept = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            if (rule.isMarker() || !exclusions.removes(rule)) {
                kept.add(rule);
            }
        }
        if (!exclusions.removedTargets.isEmpty()) {
            for (int i = 0; i < kept.size(); i++) {
                Rule rule = kept.get(i);
                Rule updated = null;
                for (Object[] entry : exclusions.removedTargets) {
                    if (!rule.isMarker() && ((IdRanges) entry[0]).contains(rule.id)) {
                        if (updated == null) {
                            updated = rule.copy();
                        }
                        // The exclusion applies to every link of a chain, as SecRuleUpdateTargetById does.
                        for (Rule link = updated; link != null; link = link.next) {
                            link.exclusions.add((Target) entry[1]);
                        }
                    }
                }
                if (updated != null) {
                    kept.set(i, updated);
                }
            }
        }
        Rule[][] phases = new Rule[6][];
        int count = 0;
        for (int phase = 1; phase <= 5; phase++) {
            List<Rule> list = new ArrayList<>();
            for (Rule rule : kept) {
                if (rule.isMarker() || rule.phase == phase) {
                    list.add(rule);
                }
            }
            phases[phase] = list.toArray(new Rule[0]);
            for (int i = 0; i < list.size(); i++) {
                Rule rule = list.get(i);
                if (rule.isMarker()) {
                    continue;
                }
                count++;
                if (rule.skipAfter != null) {
                    rule.skipAfterIndex = -1;
                    for (int j = i + 1; j < list.size(); j++) {
                        if (rule.skipAfter.equals(list.get(j).marker)) {
                            rule.skipAfterIndex = j + 1;
                            break;
                        }
                    }
                }
            }
        }
        phases[0] = new Rule[0];
        int slots = assignOperatorSlots(kept);
        int selectionSlots = assignSelectionSlots(kept);
        LiteralScanner scanner = assignPrefilters(kept);
        return new RulePlan(phases, Math.max(1, chains.size()), chains.getOrDefault("", -1), slots, selectionSlots, scanner,
                defaultDisruptive.clone(),
                defaultLog.clone(),
                new RulePlan.LoadReport(count, files, new ArrayList<>(unsupported), new ArrayList<>(ignored)));
    }
}
