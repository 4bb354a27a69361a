package io.caracal.waf.crs.internal;

import java.util.List;

import io.caracal.waf.internal.engine.RequestData;

/**
 * One request of a corpus.
 *
 * @param source the corpus file and line it comes from
 * @param label what identifies the sample in reports and in the known-miss list
 * @param families the rule-id prefixes of which at least one rule must match (empty for benign traffic)
 * @param scoreBelowThreshold for an anomaly CRS rates below its blocking threshold on purpose (a
 *     WARNING is 3 points, the threshold 5): the exact score expected instead of a denial; null
 *     when the sample must be denied
 * @param request the request
 */
record CorpusSample(String source, String label, List<String> families, Integer scoreBelowThreshold,
        RequestData request) {

    CorpusSample(String source, String label, List<String> families, RequestData request) {
        this(source, label, families, null, request);
    }

    @Override
    public String toString() {
        return label + " (" + source + ")";
    }
}
