package io.caracal.waf.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.waf.internal.body.Arg;
import io.caracal.waf.internal.body.BodyProcessor;
import io.caracal.waf.internal.body.FilePart;
import io.caracal.waf.internal.body.Limits;
import io.caracal.waf.internal.body.ParsedBody;
import io.caracal.waf.internal.body.RequestBodyParser;

/** Runs the request body processor for a transaction and exposes the result as rule variables. */
public final class BodyVariables {

    private BodyVariables() {
    }

    /** Parses the transaction's buffered body with the processor its Content-Type (or a ctl) chose. */
    public static BodyView parse(Transaction t) {
        RequestData request = t.request;
        String contentType = request.header("Content-Type");
        ParsedBody parsed;
        if (t.bodyProcessorOverride != null) {
            BodyProcessor processor;
            try {
                processor = BodyProcessor.valueOf(t.bodyProcessorOverride.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                processor = null;
            }
            parsed = processor == null ? RequestBodyParser.parse(contentType, request.body(), request.bodyComplete(), Limits.DEFAULT)
                    : RequestBodyParser.parseAs(processor, contentType, request.body(), request.bodyComplete(), Limits.DEFAULT);
        } else {
            parsed = RequestBodyParser.parse(contentType, request.body(), request.bodyComplete(), Limits.DEFAULT);
        }
        return view(parsed);
    }

    static BodyView view(ParsedBody parsed) {
        List<VarValue> args = new ArrayList<>(parsed.args().size());
        for (Arg arg : parsed.args()) {
            args.add(new VarValue("ARGS_POST", arg.name(), arg.value()));
        }
        List<VarValue> files = new ArrayList<>();
        List<VarValue> fileNames = new ArrayList<>();
        List<VarValue> fileSizes = new ArrayList<>();
        for (FilePart file : parsed.files()) {
            files.add(new VarValue("FILES", file.fieldName(), file.fileName()));
            fileNames.add(new VarValue("FILES_NAMES", file.fieldName(), file.fieldName()));
            fileSizes.add(new VarValue("FILES_SIZES", file.fieldName(), Long.toString(file.size())));
        }
        List<VarValue> partHeaders = new ArrayList<>();
        for (Arg header : parsed.multipart().partHeaders()) {
            partHeaders.add(new VarValue("MULTIPART_PART_HEADERS", header.name(), header.value()));
        }
        List<VarValue> xml = new ArrayList<>();
        if (parsed.xml().rootText() != null) {
            xml.add(new VarValue("XML", "/*", parsed.xml().rootText()));
        }
        for (String attribute : parsed.xml().attributeValues()) {
            xml.add(new VarValue("XML", "//@*", attribute));
        }
        Map<String, String> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> flag : parsed.multipart().flags().entrySet()) {
            scalars.put(flag.getKey(), Integer.toString(flag.getValue()));
        }
        scalars.put("URLENCODED_ERROR", parsed.urlEncodedError() ? "1" : "0");
        return new BodyView(parsed.processor(), args, files, fileNames, fileSizes, parsed.multipart().filesCombinedSize(),
                partHeaders, xml, scalars, parsed.error(), parsed.errorMessage());
    }
}
