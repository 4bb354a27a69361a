package io.caracal.waf.internal.engine;

import java.util.List;
import java.util.Map;

/**
 * What the request body processor made of a body, as variables: ARGS_POST, FILES…, XML,
 * MULTIPART_* flags and REQBODY_* results.
 */
public record BodyView(String processor, List<VarValue> args, List<VarValue> files, List<VarValue> fileNames,
        List<VarValue> fileSizes, long filesCombinedSize, List<VarValue> partHeaders, List<VarValue> xml,
        Map<String, String> scalars, boolean error, String errorMessage) {

    static final BodyView NONE = new BodyView(null, List.of(), List.of(), List.of(), List.of(), 0, List.of(),
            List.of(), Map.of(), false, null);
}
