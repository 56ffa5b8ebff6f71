package io.lookalike.analysis.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reading deploy/k8s for {@link KubernetesManifestsTest}: the YAML documents of the manifests, kustomizations, the
 * env files of generators, the services' application.properties and the repository's .gitignore.
 */
final class KubernetesManifests {
    static final Path ROOT = repositoryRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    static final YAMLMapper YAML = new YAMLMapper();

    /** One YAML document of a manifest file. */
    record Manifest(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return K8S.relativize(file) + " " + kind() + "/" + name();
        }
    }

    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }

    /** Every document of every YAML file under dir but the kustomizations. */
    static List<Manifest> manifests(Path dir) {
        List<Manifest> all = new ArrayList<>();
        for (Path file : files(dir, null)) {
            if (file.toString().endsWith(".yaml") && !file.getFileName().toString().equals("kustomization.yaml")) {
                try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    for (JsonNode doc : docs.readAll()) {
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            assertTrue(doc.isObject(), file + ": a document that is no mapping");
                            all.add(new Manifest(file, doc));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Not valid YAML: " + file, e);
                }
            }
        }
        return all;
    }

    static JsonNode single(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid YAML: " + file, e);
        }
    }

    static List<String> generatorFiles(JsonNode generator) {
        List<String> files = new ArrayList<>(texts(generator.path("envs")));
        files.addAll(texts(generator.path("files")));
        return files;
    }

    static Properties properties(String service) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(propertiesFile(service))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    static String propertiesText(String service) {
        try {
            return Files.readString(propertiesFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path propertiesFile(String service) {
        return ROOT.resolve(service).resolve("src/main/resources/application.properties");
    }

    /** KEY=VALUE lines; # starts a comment line. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    int eq = trimmed.indexOf('=');
                    assertTrue(eq > 0, file + ": not KEY=VALUE: " + line);
                    values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** Whether a line of the repository's .gitignore (a glob from the root, as ours are) matches the file. */
    static boolean gitIgnored(Path file) {
        try {
            Path relative = ROOT.relativize(file);
            for (String line : Files.readAllLines(ROOT.resolve(".gitignore"))) {
                String pattern = line.strip();
                if (pattern.contains("/") && !pattern.startsWith("#")
                    && FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(relative)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under dir, named name when given, in a stable order. */
    static List<Path> files(Path dir, String name) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                .filter(f -> name == null || f.getFileName().toString().equals(name)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> dirs(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static List<Integer> ints(JsonNode array, String field) {
        List<Integer> ints = new ArrayList<>();
        array.forEach(n -> ints.add(n.path(field).asInt()));
        return ints;
    }

    /** The repository root, found from the working directory (a module or the root itself). */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No deploy/k8s above " + Path.of("").toAbsolutePath());
    }


    private KubernetesManifests() {
    }
}
