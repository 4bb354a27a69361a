package io.caracal.waf.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;
import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.ResponseData;
import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;
import io.caracal.waf.internal.engine.VarValue;

/**
 * The outbound half of a request's WAF transaction: phases 3 (status and headers) and 4 (the start
 * of the body, for the configured text types) of the same rules, with the request's variables and
 * anomaly scores, so CRS's outbound threshold works as in ModSecurity.
 */
final class WafResponseInspector implements ResponseInspector {

    private final RulePlan plan;
    private final Transaction transaction;
    private final WafSettings settings;
    private final WafFilter.Logged logged;

    WafResponseInspector(RulePlan plan, Transaction transaction, WafSettings settings, WafFilter.Logged logged) {
        this.plan = plan;
        this.transaction = transaction;
        this.settings = settings;
        this.logged = logged;
    }

    @Override
    public int bodyLimit(int status, List<Map.Entry<String, String>> headers) {
        String type = null;
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("Content-Encoding")) {
                return 0; // compressed: the rules would see compressed bytes
            }
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                type = header.getValue();
            }
        }
        if (type == null) {
            return 0;
        }
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return settings.responseBodyTypes().contains(mediaType) ? settings.responseBodyLimit() : 0;
    }

    @Override
    public FilterDecision inspect(ResponseView response) {
        List<VarValue> headers = new ArrayList<>();
        for (Map.Entry<String, String> field : response.headerFields()) {
            headers.add(new VarValue("RESPONSE_HEADERS", field.getKey(), ByteStrings.fromServer(field.getValue())));
        }
        ByteBuffer content = response.body();
        byte[] body = null;
        if (content.hasRemaining()) {
            body = new byte[content.remaining()];
            content.get(body);
        }
        transaction.response(new ResponseData(response.status(), "HTTP/1.1", headers, body, response.bodyComplete()));
        plan.run(transaction, 3);
        if (body != null) {
            plan.run(transaction, 4);
        }
        boolean blocked = transaction.interruptedBy() != null;
        logged.logNew(transaction, blocked, "outbound_anomaly_score");
        if (blocked) {
            return FilterDecision.reject(transaction.interruptStatus(), "response blocked by the web application firewall "
                    + "(request id " + transaction.uniqueId() + ")", List.of(Map.entry("X-Request-Id", transaction.uniqueId())));
        }
        return FilterDecision.proceed();
    }
}
