package io.caracal.waf.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Requests and rule runs for the engine's tests. */
final class Requests {

    private Requests() {
    }

    static RequestData get(String target, String... headers) {
        return request("GET", target, null, null, headers);
    }

    static RequestData post(String target, String contentType, String body, String... headers) {
        return request("POST", target, contentType, body, headers);
    }

    static RequestData request(String method, String target, String contentType, String body, String... headers) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        List<VarValue> fields = new ArrayList<>();
        fields.add(new VarValue("REQUEST_HEADERS", "Host", "example.com"));
        fields.add(new VarValue("REQUEST_HEADERS", "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"));
        fields.add(new VarValue("REQUEST_HEADERS", "Accept", "text/html"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            fields.add(new VarValue("REQUEST_HEADERS", headers[i], io.caracal.waf.internal.body.ByteStrings.fromText(headers[i + 1])));
        }
        byte[] bytes = null;
        if (body != null) {
            bytes = body.getBytes(StandardCharsets.UTF_8);
            fields.add(new VarValue("REQUEST_HEADERS", "Content-Type", contentType));
            fields.add(new VarValue("REQUEST_HEADERS", "Content-Length", Integer.toString(bytes.length)));
        }
        return new RequestData(method, path, query, "HTTP/1.1", fields, "192.0.2.10", 40000, "example.com", 80,
                bytes, true);
    }

    static RulePlan compile(String rules) throws Exception {
        return compile(rules, RuleExclusions.NONE);
    }

    static RulePlan compile(String rules, RuleExclusions exclusions) throws Exception {
        return RuleCompiler.compile(List.of(new RuleCompiler.Source("test.conf", rules, name -> List.of())), exclusions);
    }

    /** Runs phases 1 and 2. */
    static Transaction run(RulePlan plan, RequestData request) {
        return run(plan, request, false);
    }

    static Transaction run(RulePlan plan, RequestData request, boolean detectionOnly) {
        Transaction t = plan.begin(request, "test-id", detectionOnly, BodyVariables::parse);
        plan.run(t, 1);
        plan.run(t, 2);
        return t;
    }
}
