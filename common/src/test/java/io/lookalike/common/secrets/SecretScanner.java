package io.lookalike.common.secrets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text that looks like a secret: private keys and well-known token formats, long random-looking strings, and
 * passwords or keys written as literal values in configuration. Literals allowed: the documented local database
 * password {@code lookalike}, and anything on a {@code %test.} profile line (keys that exist only in tests).
 */
final class SecretScanner {
    /** A finding: file, 1-based line, and what it looks like (never the whole value). */
    record Finding(String file, int line, String kind) {
    }

    private static final Pattern KNOWN = Pattern.compile(String.join("|",
        "-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----",
        "AKIA[0-9A-Z]{16}",                     // AWS access key id
        "gh[pousr]_[A-Za-z0-9]{36}", "github_pat_[A-Za-z0-9_]{40,}",
        "xox[abprs]-[A-Za-z0-9-]{10,}",         // Slack
        "AIza[0-9A-Za-z_-]{35}",                // Google API key
        "sk_live_[0-9A-Za-z]{24,}"));           // Stripe
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{32,}={0,2}");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([^\"\\\\\\n]|\\\\.)*\"|'([^'\\\\\\n]|\\\\.)*'");
    private static final Pattern ASSIGNED = Pattern.compile(
        "(?i)(password|passwd|secret|api[_-]?keys?|token)[\"']?\\s*[:=]\\s*(\"[^\"]*\"|'[^']*'|[^\\s#]+)");
    private static final Set<String> CONFIG = Set.of("properties", "yml", "yaml", "env", "conf", "ini", "toml", "json",
        "xml", "sh", "service");
    private static final Set<String> ALLOWED = Set.of("", "lookalike");

    /** Everything in one file's text that looks like a secret. */
    List<Finding> scan(String file, String text) {
        List<Finding> findings = new ArrayList<>();
        String ext = file.contains(".") ? file.substring(file.lastIndexOf('.') + 1) : "";
        boolean code = ext.equals("java") || ext.equals("js");
        boolean config = CONFIG.contains(ext) || file.endsWith("Dockerfile") || file.endsWith("lookalike")
            || file.endsWith(".ci/run");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher known = KNOWN.matcher(line);
            if (known.find()) {
                findings.add(new Finding(file, i + 1, "a known key or token format (" + known.group().substring(0, 4) + "…)"));
            }
            // in code only string literals can hold a key (identifiers are long and varied too)
            for (String part : code ? literals(line) : List.of(line)) {
                Matcher token = TOKEN.matcher(part);
                while (token.find()) {
                    if (random(token.group())) {
                        findings.add(new Finding(file, i + 1, "a random-looking string of " + token.group().length() + " characters"));
                    }
                }
            }
            if (config && !line.strip().startsWith("%test.")) {
                Matcher assigned = ASSIGNED.matcher(line);
                while (assigned.find()) {
                    // the name inside a parameter expansion (${API_KEY:-…}): what counts is the expansion's default
                    int open = line.lastIndexOf("${", assigned.start());
                    boolean expansion = open >= 0 && line.indexOf('}', open) >= assigned.start(1);
                    String value = literal(expansion ? line.substring(open) : assigned.group(2));
                    if (value != null && !ALLOWED.contains(value)) {
                        findings.add(new Finding(file, i + 1, "a literal " + assigned.group(1).toLowerCase()));
                    }
                }
            }
        }
        return findings;
    }

    private static List<String> literals(String line) {
        List<String> parts = new ArrayList<>();
        Matcher m = STRING_LITERAL.matcher(line);
        while (m.find()) {
            parts.add(m.group());
        }
        return parts;
    }

    /**
     * The literal a value sets, or null when it comes from elsewhere: a variable ($X, ${X}), a required one
     * (${X:?…}), a command ($(…)), code (a call or a name). {@code ${X:default}} and {@code ${X:-default}} set the default.
     */
    static String literal(String raw) {
        String v = raw.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("${")) {
            int end = v.indexOf('}');
            String inner = v.substring(2, end < 0 ? v.length() : end);
            int colon = inner.indexOf(':');
            if (colon < 0 || inner.startsWith("?", colon + 1)) {
                return null;
            }
            return literal(inner.substring(colon + (inner.startsWith("-", colon + 1) ? 2 : 1)));
        }
        if (v.startsWith("$") || v.contains("(") || v.startsWith("%") || v.startsWith("@")) {
            return null; // a variable, a command or call, a printf format, a file reference
        }
        return v.replaceAll("[,;)]+$", "");
    }

    /** Long, varied and mixed: letters of both cases and digits, and near the entropy of random base64 (hex is not). */
    static boolean random(String token) {
        if (!(token.chars().anyMatch(Character::isDigit) && token.chars().anyMatch(Character::isUpperCase)
            && token.chars().anyMatch(Character::isLowerCase))) {
            return false;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        token.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double entropy = 0;
        for (int n : counts.values()) {
            double p = (double) n / token.length();
            entropy -= p * Math.log(p) / Math.log(2);
        }
        return entropy > 4.2;
    }
}
