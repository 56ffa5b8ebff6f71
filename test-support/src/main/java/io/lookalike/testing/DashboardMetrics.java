package io.lookalike.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the Grafana dashboards ({@code deploy/grafana/dashboards/*.json}) query, read from every panel's
 * PromQL. They are Prometheus sample names, exactly as a line of {@code /q/metrics} starts: a Micrometer timer
 * {@code a.b} is queried as {@code a_b_seconds_bucket}, {@code a_b_seconds_count}, {@code a_b_seconds_sum} (and
 * {@code a_b_seconds_max}), a distribution summary as {@code a_b_count}, {@code a_b_sum}, {@code a_b_max}, a counter as
 * {@code a_b_total}, a gauge as {@code a_b}. So a live check is
 * {@code PrometheusText.sampleNames(scrapes).containsAll(DashboardMetrics.metricNames(DashboardMetrics.dashboardsDir()))}.
 */
public final class DashboardMetrics {
    /** PromQL functions and aggregation operators: names that are followed by arguments, not metrics. */
    private static final Set<String> FUNCTIONS = Set.of(
        "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
        "limitk", "limit_ratio", "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "resets",
        "changes", "histogram_quantile", "histogram_count", "histogram_sum", "histogram_avg", "histogram_fraction",
        "histogram_stddev", "histogram_stdvar", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
        "count_over_time", "last_over_time", "present_over_time", "quantile_over_time", "stddev_over_time",
        "stdvar_over_time", "abs", "ceil", "floor", "round", "sqrt", "exp", "ln", "log2", "log10", "clamp", "clamp_min",
        "clamp_max", "scalar", "vector", "time", "timestamp", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc",
        "label_replace", "label_join", "absent", "absent_over_time", "sgn");
    /** Keywords and literals; grouping label lists after by/without/on/ignoring are cut out before. */
    private static final Set<String> KEYWORDS = Set.of(
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2",
        "inf", "nan", "le");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*\\}|\\$\\w+|\\[\\[\\w+\\]\\]");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern GROUPING = Pattern.compile(
        "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code deploy/grafana/dashboards} of this repository, found from the working directory (a module or the root). */
    public static Path dashboardsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/grafana/dashboards");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No deploy/grafana/dashboards above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code *.json} file in the folder, by name. */
    public static List<Path> dashboards(Path dashboardsDir) {
        try (Stream<Path> files = Files.list(dashboardsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dashboard file as JSON; an invalid file fails here. */
    public static JsonNode read(Path dashboard) {
        try {
            return JSON.readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid JSON: " + dashboard, e);
        }
    }

    /** The panels of a dashboard, the ones inside collapsed rows included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every query ({@code targets[].expr}) of every panel of a dashboard. */
    public static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    exprs.add(target.get("expr").asText());
                }
            }
        }
        return exprs;
    }

    /** The metric names every dashboard in the folder queries, sorted. */
    public static Set<String> metricNames(Path dashboardsDir) {
        Set<String> names = new TreeSet<>();
        for (Path dashboard : dashboards(dashboardsDir)) {
            expressions(read(dashboard)).forEach(expr -> names.addAll(metricNames(expr)));
        }
        return names;
    }

    /**
     * The metric names in one PromQL expression. Strings, Grafana variables, range selectors, label matchers and
     * grouping label lists are cut out first; of the identifiers left, functions, aggregations, keywords and any name
     * followed by "(" are not metrics, nor is the unit letter of a number or duration (an identifier right after a digit).
     */
    public static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = VARIABLE.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean afterDigitOrDot = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (afterDigitOrDot || FUNCTIONS.contains(name.toLowerCase()) || KEYWORDS.contains(name.toLowerCase())
                || nextNonBlank(s, m.end()) == '(') {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private static char nextNonBlank(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return 0;
    }

    private DashboardMetrics() {
    }
}
