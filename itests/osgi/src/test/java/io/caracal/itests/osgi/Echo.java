package io.caracal.itests.osgi;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the demo origin's JSON echo. Runs inside the framework only (Jackson comes from the runtime
 * feature through the probe's dynamic imports), which is why it lives apart from the test classes
 * the driver loads.
 */
final class Echo {

    private Echo() {
    }

    /** The value of request header {@code name} as the origin received it (case-insensitive), or null. */
    static String requestHeader(String json, String name) throws Exception {
        JsonNode headers = new ObjectMapper().readTree(json).path("headers");
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }
}
