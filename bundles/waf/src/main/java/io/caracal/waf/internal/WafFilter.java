package io.caracal.waf.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestBody;
import io.caracal.api.filter.RequestBodyFilter;
import io.caracal.api.http.RequestView;
import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.MatchEvent;
import io.caracal.waf.internal.engine.RequestData;
import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;
import io.caracal.waf.internal.engine.VarValue;

/**
 * The filter a route runs: phases 1 and 2 of the compiled rule sets on each request, then 403
 * (or the rule's status) with a request id when a rule denies it. The service object stays the
 * same across configuration and rule-set changes; what it runs is swapped whole.
 */
final class WafFilter implements RequestBodyFilter {

    /** What the filter runs now. */
    record State(WafSettings settings, RulePlan plan, List<String> missingRuleSets) {

        /** Whether the rules have outbound phases, decided once per compilation. */
        boolean inspectsResponses() {
            return plan != null && plan.inspectsResponses();
        }
    }

    private volatile State state;

    WafFilter(State initial) {
        this.state = initial;
    }

    void switchTo(State next) {
        state = next;
    }

    State state() {
        return state;
    }

    @Override
    public int bodyInspectionLimit() {
        return state.settings().bodyLimit();
    }

    @Override
    public FilterDecision apply(FilterContext context) {
        State current = state;
        WafSettings settings = current.settings();
        String requestId = RequestIds.next();
        if (!current.missingRuleSets().isEmpty() && settings.requireRuleSets()) {
            return FilterDecision.reject(503, "the web application firewall is not ready (request id " + requestId + ")",
                    List.of(Map.entry("X-Request-Id", requestId)));
        }
        RulePlan plan = current.plan();
        if (plan == null) {
            return FilterDecision.proceed();
        }
        RequestView view = context.request();
        RequestBody body = context.requestBody();
        byte[] bodyBytes = null;
        boolean complete = true;
        if (body != null && settings.bodyLimit() > 0) {
            complete = body.complete();
            if (!complete && settings.rejectLongerBodies()) {
                return FilterDecision.reject(413, "the request body is longer than the web application firewall inspects ("
                        + settings.bodyLimit() + " bytes; request id " + requestId + ")",
                        List.of(Map.entry("X-Request-Id", requestId)));
            }
            ByteBuffer content = body.content();
            int length = Math.min(content.remaining(), settings.bodyLimit());
            bodyBytes = new byte[length];
            content.get(bodyBytes);
        }
        RequestData data = new RequestData(view.method(), ByteStrings.fromServer(view.path()), ByteStrings.fromServer(view.query()),
                view.protocol() == null ? "HTTP/1.1" : view.protocol(), headers(view), view.clientAddress(),
                view.clientPort(), view.host(), view.serverPort(), bodyBytes, complete);
        Transaction t = plan.begin(data, requestId, settings.detectionOnly(), io.caracal.waf.internal.engine.BodyVariables::parse);
        plan.run(t, 1);
        plan.run(t, 2);
        boolean blocked = t.interruptedBy() != null;
        Logged logged = new Logged(context, settings);
        logged.logNew(t, blocked, "anomaly_score");
        if (blocked) {
            return FilterDecision.reject(t.interruptStatus(), "request blocked by the web application firewall (request id "
                    + requestId + ")", List.of(Map.entry("X-Request-Id", requestId)));
        }
        if (settings.inspectResponses() && current.inspectsResponses()) {
            context.inspectResponse(new WafResponseInspector(plan, t, settings, logged));
        }
        return FilterDecision.proceed();
    }

    private static List<VarValue> headers(RequestView view) {
        List<Map.Entry<String, String>> fields = view.headerFields();
        List<VarValue> headers = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> field : fields) {
            headers.add(new VarValue("REQUEST_HEADERS", field.getKey(), ByteStrings.fromServer(field.getValue())));
        }
        return headers;
    }

    /** Writes a transaction's matches to the match log, each once: the request's, later the response's. */
    static final class Logged {

        /** What the match log says of the request, read during apply (the view is not valid later). */
        private record Seen(String filter, String route, String client, String method, String path, String query) {
        }

        private final Seen request;
        private int written;

        Logged(FilterContext context, WafSettings settings) {
            RequestView view = context.request();
            this.request = new Seen(settings.name(), context.route(), view.clientAddress(), view.method(), view.path(),
                    view.query());
        }

        void logNew(Transaction t, boolean blocked, String scoreVariable) {
            List<MatchEvent> events = t.events();
            // The logger's level is asked only when there is something to log: most requests match nothing.
            if (written < events.size() && MatchLog.enabled()) {
                String uri = request.query() == null ? request.path() : request.path() + "?" + request.query();
                MatchLog.RequestFacts facts = new MatchLog.RequestFacts(t.uniqueId(), request.filter(), request.route(),
                        request.client(), request.method(), uri);
                for (int i = written; i < events.size(); i++) {
                    MatchEvent event = events.get(i);
                    MatchLog.Action action = !event.disruptive() ? MatchLog.Action.MATCHED
                            : blocked ? MatchLog.Action.BLOCKED : MatchLog.Action.DETECTED;
                    MatchLog.write(facts, event, action, event.disruptive() ? t.tx(scoreVariable) : null);
                }
            }
            written = events.size();
        }
    }

    @Override
    public String toString() {
        State current = state;
        String rules = current.plan() == null ? "no rules" : current.plan().report().rules() + " rules";
        return "WAF " + current.settings().name() + " (" + String.join(", ", current.settings().ruleSets()) + "; "
                + rules + (current.settings().detectionOnly() ? "; detection only" : "")
                + (current.missingRuleSets().isEmpty() ? "" : "; missing " + current.missingRuleSets()) + ")";
    }
}
