package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.caracal.waf.internal.body.Arg;
import io.caracal.waf.internal.body.CookieParser;
import io.caracal.waf.internal.body.UrlEncodedParser;
import io.caracal.waf.internal.operator.MatchContext;

/**
 * The state of one request going through a {@link RulePlan}: its variables (parsed lazily),
 * the collections rules write (TX …), what matched, and how the request ends.
 */
public final class Transaction implements MatchContext {

    final RulePlan plan;
    final RequestData request;
    final String uniqueId;
    private final Function<Transaction, BodyView> bodyParser;
    private final long startNanos = System.nanoTime();

    /** Sized for CRS, which sets about 70 variables per request: no rehashing as they are added. */
    private final Map<String, String> tx = new LinkedHashMap<>(128);
    private Map<String, Map<String, String>> otherCollections;

    private List<VarValue> headers;
    /** REQUEST_FILENAME: the path with its escapes decoded. */
    private String decodedPath;
    private List<VarValue> headerNames;
    private List<VarValue> argsNames;
    /** The argument list {@link #argsNames} was made from. */
    private List<VarValue> argsNamesOf;
    private List<VarValue> cookieNames;
    private List<VarValue> argsGet;
    private List<VarValue> cookies;
    private List<VarValue> args;
    /** The body view {@link #args} was built with: phase 1 sees no body arguments, phase 2 does. */
    private BodyView argsBody;
    private BodyView body;
    String bodyProcessorOverride;
    boolean bodyAccess = true;

    /** The matches of the rule being evaluated (MATCHED_VARS). */
    final List<VarValue> matchedVars = new ArrayList<>();
    VarValue matchedVar;
    Rule currentRule;
    private boolean capturing;

    final List<MatchEvent> events = new ArrayList<>();
    int highestSeverity = 255;

    /** Per-request ctl changes; null until a ctl makes one. */
    List<IdRanges> removedIds;
    List<String> removedTags;
    List<Object[]> removedTargetsById;
    List<Object[]> removedTargetsByTag;
    boolean engineOff;
    boolean detectionOnly;

    /** Set when a rule stops rule processing: allow. */
    boolean allowAll;
    boolean allowRequest;

    /** The rule that interrupted the request, or null. */
    Rule interruptedBy;
    int interruptStatus;
    /** A disruptive match that detection-only mode did not enforce. */
    Rule wouldInterrupt;

    /** Variable lists selected in this request, by the plan's selection slot; valid in their epoch only. */
    private Selection[] selections;
    /**
     * Changes whenever a selected variable list may have changed: the body parsed (phase 2 adds its
     * arguments), the response handed over (phase 3).
     */
    private int selectionEpoch;

    /** The memos of this request's values (see {@link #memo}). */
    private HashMap<String, ValueMemo> memos;
    /** Rules (whole chains count once) and values put to an operator, for measuring rule-set volume. */
    int rulesEvaluated;
    int valuesInspected;

    Transaction(RulePlan plan, RequestData request, String uniqueId, boolean detectionOnly,
            Function<Transaction, BodyView> bodyParser) {
        this.plan = plan;
        this.request = request;
        this.uniqueId = uniqueId;
        this.detectionOnly = detectionOnly;
        this.bodyParser = bodyParser;
    }

    // ---------------------------------------------------------------- outcome

    /** The rule that denied the request, or null if it may proceed. */
    public Rule interruptedBy() {
        return interruptedBy;
    }

    public long interruptingRuleId() {
        return interruptedBy == null ? 0 : interruptedBy.id;
    }

    /** The status of the denial (403 unless the rule says {@code status:}). */
    public int interruptStatus() {
        return interruptStatus;
    }

    /** The rule that would have denied the request in blocking mode (detection-only), or null. */
    public Long wouldHaveInterrupted() {
        return wouldInterrupt == null ? null : wouldInterrupt.id;
    }

    public List<MatchEvent> events() {
        return events;
    }

    public String uniqueId() {
        return uniqueId;
    }

    /** A TX variable by its lower-case name. */
    String txValue(String key) {
        return tx.get(key);
    }

    /** A TX variable, for tests and logs (anomaly scores). */
    public String tx(String name) {
        return tx.get(name.toLowerCase(Locale.ROOT));
    }


    /** How many rules this request ran through (a chain counts once; markers and removed rules do not count). */
    public int rulesEvaluated() {
        return rulesEvaluated;
    }

    /** How many values the rules' operators were asked about (every link, every selected value). */
    public int valuesInspected() {
        return valuesInspected;
    }

    // ---------------------------------------------------------------- MatchContext

    @Override
    public String expand(String text) {
        return Macro.parseCached(text).expand(this);
    }

    @Override
    public boolean capturing() {
        return capturing;
    }

    private static final String[] CAPTURE_NAMES = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    /** TX.0 to TX.9. */
    static final int CAPTURE_VARIABLES = CAPTURE_NAMES.length;
    /** How often a capture variable was set or unset in this request. */
    int captureWrites;

    /** TX.0-TX.9 as they are now (null for unset), as a remembered capturing match repeats them. */
    String[] captured() {
        String[] values = new String[CAPTURE_VARIABLES];
        for (int i = 0; i < CAPTURE_VARIABLES; i++) {
            values[i] = tx.get(CAPTURE_NAMES[i]);
        }
        return values;
    }

    /** Sets TX.0-TX.9 as a remembered capturing match left them. */
    void recapture(String[] values) {
        for (int i = 0; i < CAPTURE_VARIABLES; i++) {
            capture(i, values[i]);
        }
    }

    @Override
    public void capture(int index, String value) {
        if (capturing && index >= 0 && index <= 9) {
            captureWrites++;
            if (value == null) {
                tx.remove(CAPTURE_NAMES[index]);
            } else {
                tx.put(CAPTURE_NAMES[index], value);
            }
        }
    }

    /**
     * PCRE's match limit in ModSecurity: the value counts as not matched, and TX:MSC_PCRE_LIMITS_EXCEEDED
     * is set, as ModSecurity sets it, for rules that want to act on it.
     */
    @Override
    public void matchLimitExceeded(String operator, String pattern) {
        matchLimitsExceeded++;
        tx.put("msc_pcre_limits_exceeded", "1");
    }

    /** How often a regular expression hit its limit in this request (such answers are not memoized). */
    int matchLimitsExceeded;

    void capturing(boolean on) {
        capturing = on;
    }

    // ---------------------------------------------------------------- collections

    Map<String, String> collection(String name) {
        if (name.equals("TX")) {
            return tx;
        }
        if (otherCollections == null) {
            otherCollections = new HashMap<>();
        }
        return otherCollections.computeIfAbsent(name, n -> new LinkedHashMap<>());
    }

    String macroValue(String collection, String key) {
        switch (collection) {
            case "TX", "IP", "GLOBAL", "SESSION", "USER", "RESOURCE", "ENV" -> {
                return key == null ? null : collection(collection).get(key);
            }
            case "MATCHED_VAR" -> {
                return matchedVar == null ? "" : matchedVar.value();
            }
            case "MATCHED_VAR_NAME" -> {
                return matchedVar == null ? "" : matchedVar.name();
            }
            case "RULE" -> {
                return ruleField(key);
            }
            default -> {
                List<VarValue> values = new ArrayList<>(1);
                collect(collection, key, values);
                return values.isEmpty() ? null : values.get(0).value();
            }
        }
    }

    private String ruleField(String key) {
        Rule rule = currentRule;
        if (rule == null || key == null) {
            return null;
        }
        return switch (key) {
            case "id" -> Long.toString(rule.id);
            case "msg" -> rule.msg.expand(this);
            case "severity" -> rule.severity < 0 ? null : Integer.toString(rule.severity);
            case "phase" -> Integer.toString(rule.phase);
            case "ver" -> rule.version;
            case "logdata" -> rule.logdata.expand(this);
            default -> null;
        };
    }

    /** Appends the values of {@code collection} selected by {@code key} (null: all). */
    private void collect(String collection, String key, List<VarValue> out) {
        List<VarValue> all = new ArrayList<>();
        values(collection, all);
        for (VarValue value : all) {
            if (key == null || (value.key() != null && value.key().equalsIgnoreCase(key))) {
                out.add(value);
            }
        }
    }

    /**
     * Appends the values a target selects. Named keys of the request's collections and of TX are
     * looked up directly: most CRS rules name one header or one TX variable, and copying whole
     * collections for each of them would dominate the cost of a request.
     */
    void select(Target target, List<VarValue> out) {
        String key = target.key;
        if (target.pattern != null && target.collection.equals("TX")) {
            // TX:/^HEADER_NAME_/ and the like: only the variables whose names match become values.
            for (Map.Entry<String, String> e : tx.entrySet()) {
                if (target.patternSelects(e.getKey())) {
                    out.add(new VarValue("TX", e.getKey(), e.getValue()));
                }
            }
            return;
        }
        if (key != null && target.pattern == null) {
            switch (target.collection) {
                case "TX", "IP", "GLOBAL", "SESSION", "USER", "RESOURCE", "ENV" -> {
                    Map<String, String> map = target.collection.equals("TX") ? tx
                            : otherCollections == null ? null : otherCollections.get(target.collection);
                    String value = map == null ? null : map.get(key);
                    if (value != null) {
                        out.add(new VarValue(target.collection, key, value));
                    }
                    return;
                }
                case "ARGS" -> {
                    keyed(args(), key, out);
                    return;
                }
                case "ARGS_GET" -> {
                    keyed(argsGet(), key, out);
                    return;
                }
                case "ARGS_POST" -> {
                    keyed(body().args(), key, out);
                    return;
                }
                case "REQUEST_HEADERS" -> {
                    keyed(headers(), key, out);
                    return;
                }
                case "REQUEST_COOKIES" -> {
                    keyed(cookies(), key, out);
                    return;
                }
                default -> {
                    // other collections: the general path below
                }
            }
        }
        int from = out.size();
        values(target.collection, out);
        if (key != null || target.pattern != null) {
            // Keep only what the key selects, in place.
            int kept = from;
            for (int i = from; i < out.size(); i++) {
                VarValue value = out.get(i);
                if (target.selects(value)) {
                    out.set(kept++, value);
                }
            }
            out.subList(kept, out.size()).clear();
        }
    }

    private static void keyed(List<VarValue> source, String key, List<VarValue> out) {
        for (int i = 0; i < source.size(); i++) {
            VarValue value = source.get(i);
            if (value.key() != null && value.key().equalsIgnoreCase(key)) {
                out.add(value);
            }
        }
    }

    /** Appends every value of a variable. Variables the request side does not have yield nothing. */
    void values(String collection, List<VarValue> out) {
        switch (collection) {
            case "ARGS" -> addAll(out, args());
            case "ARGS_GET" -> addAll(out, argsGet());
            case "ARGS_POST" -> addAll(out, body().args());
            case "ARGS_NAMES" -> {
                List<VarValue> all = args();
                if (argsNames == null || argsNamesOf != all) {
                    argsNamesOf = all;
                    argsNames = names("ARGS_NAMES", all);
                }
                addAll(out, argsNames);
            }
            case "ARGS_GET_NAMES" -> addAll(out, names("ARGS_GET_NAMES", argsGet()));
            case "ARGS_POST_NAMES" -> addAll(out, names("ARGS_POST_NAMES", body().args()));
            case "REQUEST_HEADERS" -> addAll(out, headers());
            case "REQUEST_HEADERS_NAMES" -> addAll(out, headerNames());
            case "REQUEST_COOKIES" -> addAll(out, cookies());
            case "REQUEST_COOKIES_NAMES" -> {
                if (cookieNames == null) {
                    cookieNames = names("REQUEST_COOKIES_NAMES", cookies());
                }
                addAll(out, cookieNames);
            }
            case "FILES" -> addAll(out, body().files());
            case "FILES_NAMES" -> addAll(out, body().fileNames());
            case "FILES_SIZES" -> addAll(out, body().fileSizes());
            case "MULTIPART_PART_HEADERS" -> addAll(out, body().partHeaders());
            case "XML" -> addAll(out, body().xml());
            case "TX", "IP", "GLOBAL", "SESSION", "USER", "RESOURCE", "ENV" -> {
                Map<String, String> map = collection.equals("TX") ? tx
                        : otherCollections == null ? null : otherCollections.get(collection);
                if (map != null) {
                    for (Map.Entry<String, String> e : map.entrySet()) {
                        out.add(new VarValue(collection, e.getKey(), e.getValue()));
                    }
                }
            }
            case "RESPONSE_HEADERS" -> {
                if (response != null) {
                    addAll(out, response.headers());
                }
            }
            case "RESPONSE_HEADERS_NAMES" -> {
                if (response != null) {
                    addAll(out, names("RESPONSE_HEADERS_NAMES", response.headers()));
                }
            }
            case "MATCHED_VARS" -> addAll(out, matchedVars);
            case "MATCHED_VARS_NAMES" -> {
                for (VarValue v : matchedVars) {
                    out.add(new VarValue("MATCHED_VARS_NAMES", v.name(), v.name()));
                }
            }
            case "RULE" -> {
                for (String k : new String[] {"id", "msg", "severity", "phase", "ver", "logdata"}) {
                    String v = ruleField(k);
                    if (v != null) {
                        out.add(new VarValue("RULE", k, v));
                    }
                }
            }
            default -> {
                String scalar = scalar(collection);
                if (scalar != null) {
                    out.add(new VarValue(collection, null, scalar));
                }
            }
        }
    }

    /** Like {@code out.addAll(values)}, without the copy ArrayList.addAll makes of its argument. */
    private static void addAll(List<VarValue> out, List<VarValue> values) {
        for (int i = 0; i < values.size(); i++) {
            out.add(values.get(i));
        }
    }

    private static List<VarValue> names(String collection, List<VarValue> source) {
        List<VarValue> names = new ArrayList<>(source.size());
        for (VarValue v : source) {
            names.add(new VarValue(collection, v.key(), v.key()));
        }
        return names;
    }

    /** Single-valued variables; null when the request has no such value. */
    private String scalar(String name) {
        RequestData r = request;
        return switch (name) {
            case "REQUEST_METHOD" -> r.method();
            case "REQUEST_URI", "REQUEST_URI_RAW" -> requestScalar(0);
            case "REQUEST_FILENAME", "PATH_INFO" -> decodedPath();
            case "REQUEST_BASENAME" -> RequestPath.basename(decodedPath());
            case "REQUEST_LINE" -> requestScalar(1);
            case "REQUEST_PROTOCOL" -> r.protocol();
            case "QUERY_STRING" -> r.query() == null ? "" : r.query();
            case "REQUEST_BODY" -> r.body() == null ? null : requestScalar(2);
            case "REQUEST_BODY_LENGTH" -> r.body() == null ? "0" : Integer.toString(r.body().length);
            case "REMOTE_ADDR", "REMOTE_HOST" -> r.remoteAddress();
            case "REMOTE_PORT" -> Integer.toString(r.remotePort());
            case "SERVER_NAME" -> r.serverName();
            case "SERVER_PORT" -> Integer.toString(r.serverPort());
            case "UNIQUE_ID" -> uniqueId;
            case "REQBODY_PROCESSOR" -> body().processor();
            case "REQBODY_ERROR", "REQBODY_PROCESSOR_ERROR" -> body().error() ? "1" : "0";
            case "REQBODY_ERROR_MSG", "REQBODY_PROCESSOR_ERROR_MSG" -> body().errorMessage() == null ? ""
                    : body().errorMessage();
            case "FILES_COMBINED_SIZE" -> Long.toString(body().filesCombinedSize());
            case "ARGS_COMBINED_SIZE" -> {
                long size = 0;
                for (VarValue arg : args()) {
                    size += arg.key().length() + arg.value().length();
                }
                yield Long.toString(size);
            }
            case "MATCHED_VAR" -> matchedVar == null ? null : matchedVar.value();
            case "MATCHED_VAR_NAME" -> matchedVar == null ? null : matchedVar.name();
            case "HIGHEST_SEVERITY" -> Integer.toString(highestSeverity);
            case "DURATION" -> Long.toString((System.nanoTime() - startNanos) / 1000);
            case "TIME_EPOCH" -> Long.toString(System.currentTimeMillis() / 1000);
            case "URLENCODED_ERROR" -> body().scalars().getOrDefault(name, "0");
            case "INBOUND_DATA_ERROR", "OUTBOUND_DATA_ERROR" -> "0";
            case "AUTH_TYPE" -> null;
            case "RESPONSE_STATUS" -> response == null ? null : Integer.toString(response.status());
            case "RESPONSE_PROTOCOL" -> response == null ? null : response.protocol();
            case "STATUS_LINE" -> response == null ? null : response.protocol() + " " + response.status();
            case "RESPONSE_CONTENT_TYPE" -> response == null ? null : response.header("Content-Type");
            case "RESPONSE_CONTENT_LENGTH" -> response == null ? null : response.header("Content-Length");
            case "RESPONSE_BODY" -> response == null || response.body() == null ? null : responseBody();
            default -> name.startsWith("MULTIPART_") ? body().scalars().getOrDefault(name, null) : null;
        };
    }

    /**
     * Request values built from parts, made once per request: the same instance each time keeps the
     * value memo's lookups cheap, and a large body is not copied for every rule that reads it.
     */
    private String[] requestScalars;

    private String requestScalar(int index) {
        if (requestScalars == null) {
            requestScalars = new String[3];
        }
        String value = requestScalars[index];
        if (value == null) {
            RequestData r = request;
            value = switch (index) {
                case 0 -> r.uri();
                case 1 -> r.method() + " " + r.uri() + " " + r.protocol();
                default -> io.caracal.waf.internal.body.ByteStrings.of(r.body());
            };
            requestScalars[index] = value;
        }
        return value;
    }

    // ---------------------------------------------------------------- the response (phases 3 and 4)

    private ResponseData response;
    private String responseBody;

    /** Hands the upstream's response to the outbound phases. */
    public void response(ResponseData data) {
        selectionEpoch++;
        this.response = data;
        this.responseBody = null;
    }

    private String responseBody() {
        if (responseBody == null) {
            responseBody = io.caracal.waf.internal.body.ByteStrings.of(response.body());
        }
        return responseBody;
    }

    // ---------------------------------------------------------------- lazily parsed request parts

    private String decodedPath() {
        if (decodedPath == null) {
            decodedPath = RequestPath.decode(request.path());
        }
        return decodedPath;
    }

    List<VarValue> headers() {
        if (headers == null) {
            headers = request.headers();
        }
        return headers;
    }

    private List<VarValue> headerNames() {
        if (headerNames == null) {
            List<VarValue> names = new ArrayList<>(headers().size());
            for (VarValue h : headers()) {
                names.add(new VarValue("REQUEST_HEADERS_NAMES", h.key(), h.key()));
            }
            headerNames = names;
        }
        return headerNames;
    }

    private List<VarValue> argsGet() {
        if (argsGet == null) {
            argsGet = request.query() == null ? List.of()
                    : toValues("ARGS_GET", UrlEncodedParser.parse(request.query()));
        }
        return argsGet;
    }

    private List<VarValue> cookies() {
        if (cookies == null) {
            List<String> values = new ArrayList<>(1);
            for (VarValue h : headers()) {
                if (h.key().equalsIgnoreCase("cookie")) {
                    values.add(h.value());
                }
            }
            cookies = values.isEmpty() ? List.of() : toValues("REQUEST_COOKIES", CookieParser.parse(values));
        }
        return cookies;
    }

    private List<VarValue> args() {
        BodyView parsedBody = body();
        if (args == null || argsBody != parsedBody) {
            argsBody = parsedBody;
            List<VarValue> get = argsGet();
            List<VarValue> post = parsedBody.args();
            List<VarValue> all = new ArrayList<>(get.size() + post.size());
            for (VarValue v : get) {
                all.add(new VarValue("ARGS", v.key(), v.value()));
            }
            for (VarValue v : post) {
                all.add(new VarValue("ARGS", v.key(), v.value()));
            }
            args = all;
        }
        return args;
    }

    /** The parsed body; parsed on first use, which is in phase 2 at the earliest (ctl in phase 1 may pick the processor). */
    BodyView body() {
        if (body == null) {
            if (currentRule != null && currentRule.phase < 2) {
                return BodyView.NONE;
            }
            body = bodyAccess && request.body() != null ? bodyParser.apply(this) : BodyView.NONE;
            if (body != BodyView.NONE) {
                selectionEpoch++; // body arguments, files, XML join the variables
            }
        }
        return body;
    }

    static List<VarValue> toValues(String collection, List<Arg> parsed) {
        List<VarValue> values = new ArrayList<>(parsed.size());
        for (Arg arg : parsed) {
            values.add(new VarValue(collection, arg.name(), arg.value()));
        }
        return values;
    }

    // ---------------------------------------------------------------- selection and transformation caches

    /** The variable list of a selection slot as selected earlier in this epoch, or null. */
    Selection selection(int slot) {
        Selection selection = selections == null ? null : selections[slot];
        return selection != null && selection.epoch == selectionEpoch ? selection : null;
    }

    /**
     * Called as a phase starts. Phase 2 sees the body's arguments, files and XML, which phase 1
     * did not: lists selected before are selected again (the body itself is parsed when first read).
     */
    void enterPhase(int phase) {
        if (phase == 2 && request.body() != null) {
            selectionEpoch++;
        }
    }

    private final List<VarValue> scratchValues = new ArrayList<>(16);
    private Selection scratchSelection;

    /**
     * An empty list to select values into; the same list each time. Only one link is evaluated at
     * a time, and a selection is either copied into a kept {@link Selection} or used by one link.
     */
    List<VarValue> scratchValues() {
        scratchValues.clear();
        return scratchValues;
    }

    /** {@code values} as a selection for one link's use (the same object each time). */
    Selection scratchSelection(List<VarValue> values, boolean memoized) {
        if (scratchSelection == null) {
            scratchSelection = new Selection(List.of(), -1);
        }
        return scratchSelection.refill(values, memoized);
    }

    /** Keeps a selection for the other rules of this epoch that select the same variable list. */
    Selection keepSelection(int slot, List<VarValue> values) {
        if (selections == null) {
            selections = new Selection[plan.selectionSlots];
        }
        Selection selection = new Selection(values, selectionEpoch);
        selections[slot] = selection;
        return selection;
    }

    /**
     * The plan's memo of a value, or null when the value is not memoized. Looked up once per value
     * and request: ARGS and ARGS_GET, REQUEST_URI and REQUEST_URI_RAW hold the same strings, and a
     * value seen for the first time or too long to share gets one memo of this request's own. By
     * content, not identity: the value's hash is needed for the plan's memo anyway, while an
     * identity hash would have to be made for every new string.
     */
    ValueMemo memo(String value) {
        if (memos == null) {
            memos = new HashMap<>(64);
        }
        ValueMemo memo = memos.get(value);
        if (memo == null) {
            memo = plan.memo(value);
            memos.put(value, memo == null ? plan.unmemoized : memo);
        }
        return memo == plan.unmemoized ? null : memo;
    }

    // ---------------------------------------------------------------- ctl

    /** Whether a ctl of this request removed the rule. */
    boolean isRemoved(Rule rule) {
        if (removedIds != null) {
            for (IdRanges ids : removedIds) {
                if (ids.contains(rule.id)) {
                    return true;
                }
            }
        }
        if (removedTags != null) {
            for (String tag : removedTags) {
                if (rule.hasTag(tag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a ctl of this request removed the value from the rule's targets. */
    boolean isTargetRemoved(Rule rule, long ruleId, VarValue value) {
        if (removedTargetsById != null) {
            for (Object[] entry : removedTargetsById) {
                if (((IdRanges) entry[0]).contains(ruleId) && ((Target) entry[1]).excludes(value)) {
                    return true;
                }
            }
        }
        if (removedTargetsByTag != null) {
            for (Object[] entry : removedTargetsByTag) {
                if (rule.hasTag((String) entry[0]) && ((Target) entry[1]).excludes(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean hasRemovedTargets() {
        return removedTargetsById != null || removedTargetsByTag != null;
    }

    void apply(Ctl ctl) {
        switch (ctl.kind) {
            case RULE_ENGINE -> {
                if (ctl.value.equals("off")) {
                    engineOff = true;
                } else if (ctl.value.equals("detectiononly")) {
                    detectionOnly = true;
                }
            }
            case RULE_REMOVE_BY_ID -> {
                if (removedIds == null) {
                    removedIds = new ArrayList<>(2);
                }
                removedIds.add(ctl.ids);
            }
            case RULE_REMOVE_BY_TAG -> {
                if (removedTags == null) {
                    removedTags = new ArrayList<>(2);
                }
                removedTags.add(ctl.tag);
            }
            case RULE_REMOVE_TARGET_BY_ID -> {
                if (removedTargetsById == null) {
                    removedTargetsById = new ArrayList<>(2);
                }
                removedTargetsById.add(new Object[] {ctl.ids, ctl.target});
            }
            case RULE_REMOVE_TARGET_BY_TAG -> {
                if (removedTargetsByTag == null) {
                    removedTargetsByTag = new ArrayList<>(2);
                }
                removedTargetsByTag.add(new Object[] {ctl.tag, ctl.target});
            }
            case REQUEST_BODY_PROCESSOR -> bodyProcessorOverride = ctl.value;
            case REQUEST_BODY_ACCESS -> bodyAccess = !ctl.value.equals("off");
            case IGNORED -> {
            }
        }
    }
}
