package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for assertions: every line must be a HELP,
 * a TYPE or a sample of a declared family, or it throws. (The Java client has no parser.)
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            parsed.line(lines[i], i + 1);
        }
        return parsed;
    }

    private void line(String line, int number) {
        if (line.isEmpty() || HELP.matcher(line).matches()) {
            return;
        }
        Matcher type = TYPE.matcher(line);
        if (type.matches()) {
            if (types.put(type.group(1), type.group(2)) != null) {
                throw new IllegalArgumentException("line " + number + ": TYPE given twice for " + type.group(1));
            }
            return;
        }
        if (line.startsWith("#")) {
            throw new IllegalArgumentException("line " + number + ": unknown comment: " + line);
        }
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
        }
        String name = sample.group(1);
        if (family(name) == null) {
            throw new IllegalArgumentException("line " + number + ": no TYPE for " + name);
        }
        samples.add(new Sample(name, labels(sample.group(3) == null ? "" : sample.group(3), number),
                value(sample.group(4), number)));
    }

    /** The declared family a sample belongs to (histograms add _bucket, _sum, _count). */
    String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, int number) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int end = 0;
        while (end < text.length() && m.find(end) && m.start() == end) {
            labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("line " + number + ": bad labels: " + text);
        }
        return labels;
    }

    private static double value(String text, int number) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + number + ": bad value " + text);
                }
            }
        };
    }

    /** The value of the one sample with this name and (at least) these labels. */
    double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + name + " " + List.of(labelPairs) + ", found " + found);
        }
        return found.get(0).value();
    }

    List<Sample> find(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        outer:
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    continue outer;
                }
            }
            found.add(s);
        }
        return found;
    }
}
