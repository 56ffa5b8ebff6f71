package io.lookalike.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code /q/metrics} answers (Prometheus text format, as Micrometer's simpleclient registry writes it:
 * {@code name{label="value",} 1.0}), so tests assert on meters by their Prometheus names and labels.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The name of every sample line (comments skipped): what a PromQL query can select. */
    public static Set<String> sampleNames(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sum of the samples named {@code name} whose labels include every one given; 0 when there is none. */
    public static double sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find() && m.group(1).equals(name) && labels(m.group(2)).entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    public static double sum(String text, String name) {
        return sum(text, name, Map.of());
    }

    /** The values one label takes on the samples named {@code name}. */
    public static Set<String> labelValues(String text, String name, String label) {
        Set<String> values = new TreeSet<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find() && m.group(1).equals(name)) {
                String value = labels(m.group(2)).get(label);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    private static Map<String, String> labels(String labels) {
        if (labels == null) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        Matcher m = LABEL.matcher(labels);
        while (m.find()) {
            map.put(m.group(1), m.group(2));
        }
        return map;
    }

    private PrometheusText() {
    }
}
