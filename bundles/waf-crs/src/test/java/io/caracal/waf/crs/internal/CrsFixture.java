package io.caracal.waf.crs.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.waf.RuleFile;
import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.BodyVariables;
import io.caracal.waf.internal.engine.RequestData;
import io.caracal.waf.internal.engine.RuleCompiler;
import io.caracal.waf.internal.engine.RuleExclusions;
import io.caracal.waf.internal.engine.RulePlan;
import io.caracal.waf.internal.engine.Transaction;
import io.caracal.waf.internal.engine.VarValue;

/**
 * The OWASP CRS that Debian installed (the build runs install-crs.sh first), compiled by the WAF
 * engine with this bundle's settings, and requests run through it as the filter runs them.
 */
final class CrsFixture {

    private CrsFixture() {
    }

    static CrsSettings settings(int paranoiaLevel) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", "crs");
        properties.put("paranoia.level", Integer.toString(paranoiaLevel));
        return CrsSettings.read(properties);
    }

    static RulePlan compile(int paranoiaLevel) throws Exception {
        return compile(settings(paranoiaLevel), RuleExclusions.NONE);
    }

    static RulePlan compile(CrsSettings settings, RuleExclusions exclusions) throws Exception {
        CrsRuleSet ruleSet = new CrsRuleSet(settings);
        List<RuleCompiler.Source> sources = new ArrayList<>();
        for (RuleFile file : ruleSet.files()) {
            sources.add(new RuleCompiler.Source(file.name(), file.content(),
                    name -> List.of(ruleSet.dataFile(file, name).split("\r?\n"))));
        }
        return RuleCompiler.compile(sources, exclusions);
    }

    /**
     * A request as a browser would send it. Extra headers come as name/value pairs: a name the
     * browser defaults already have replaces that default, a null value removes it.
     */
    static RequestData request(String method, String target, String contentType, byte[] body, String... headers) {
        List<VarValue> fields = new ArrayList<>();
        fields.add(header("Host", "shop.example.com"));
        fields.add(header("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0 Safari/537.36"));
        fields.add(header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        fields.add(header("Accept-Language", "en-US,en;q=0.5"));
        fields.add(header("Accept-Encoding", "gzip, deflate, br"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            String name = headers[i];
            int at = indexOf(fields, name);
            if (headers[i + 1] == null) {
                fields.removeIf(f -> f.key().equalsIgnoreCase(name));
            } else if (at >= 0) {
                fields.set(at, header(name, headers[i + 1]));
            } else {
                fields.add(header(name, headers[i + 1]));
            }
        }
        if (body != null) {
            fields.add(header("Content-Type", contentType));
            fields.add(header("Content-Length", Integer.toString(body.length)));
        }
        return request(method, ByteStrings.fromText(target), "HTTP/1.1", fields, body);
    }

    /** A request exactly as given: the target is a byte string, sent as is; headers in this order. */
    static RequestData request(String method, String target, String protocol, List<VarValue> headers, byte[] body) {
        int q = target.indexOf('?');
        return new RequestData(method, q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                protocol, List.copyOf(headers), "198.51.100.7", 51234, "shop.example.com", 443, body, true);
    }

    private static int indexOf(List<VarValue> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).key().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static RequestData get(String target, String... headers) {
        return request("GET", target, null, null, headers);
    }

    static RequestData post(String target, String contentType, String body, String... headers) {
        return request("POST", target, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static VarValue header(String name, String value) {
        return new VarValue("REQUEST_HEADERS", name, ByteStrings.fromText(value));
    }

    static Transaction run(RulePlan plan, RequestData request) {
        Transaction t = plan.begin(request, "test", false, BodyVariables::parse);
        plan.run(t, 1);
        plan.run(t, 2);
        return t;
    }

    /** The request's inbound anomaly score as CRS's blocking evaluation sums it; 0 when no rule added to it. */
    static int anomalyScore(Transaction t) {
        String score = t.tx("anomaly_score");
        return score == null || score.isEmpty() ? 0 : Integer.parseInt(score);
    }
}
