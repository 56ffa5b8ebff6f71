package io.lookalike.analysis.ops;

import static io.lookalike.analysis.ops.KubernetesManifests.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lookalike.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests of deploy/k8s (no cluster): every file parses and is used by a kustomization, each
 * service's Deployment has health probes, resources and a graceful shutdown, the environment names what the
 * services' application.properties read, the addresses name the operators' Services and Secrets, every topic the
 * services use is a KafkaTopic, and embed-service scales on its own consumer group up to the partitions of its
 * topic. Rendering by kustomize and admission by a cluster are not checked here (no cluster on these machines).
 */
class KubernetesManifestsTest {
    static final Path BASE = K8S.resolve("base");
    static final Path COMPONENTS = K8S.resolve("components");
    static final Path OVERLAYS = K8S.resolve("overlays");
    static final List<String> SERVICES = List.of("ingest-service", "embed-service", "analysis-service");
    /** The channel embed-service's workers consume, and so scale on. */
    static final String SCALED_CHANNEL = "mp.messaging.incoming.photos-uploaded.";
    /** Quarkus keys the manifests set by environment; application.properties leaves them at Quarkus' default. */
    static final Set<String> QUARKUS_VARIABLES = Set.of("QUARKUS_SHUTDOWN_TIMEOUT");
    /** Read from Secrets, never from a ConfigMap or a literal. */
    static final Set<String> SECRET_VARIABLES = Set.of("LOOKALIKE_DB_PASSWORD", "LOOKALIKE_API_KEYS");
    /** What {@link #environment} gives for a variable read from a Secret. */
    static final String FROM_SECRET = "<secretKeyRef>";
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(LOOKALIKE_[A-Z0-9_]+)(?::([^}]*))?}");
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    @Test
    void everyManifestNamesItsApiVersionKindAndName() {
        List<Manifest> all = manifests(K8S);
        assertTrue(all.size() > 20, "manifests found: " + all.size());
        Set<String> seen = new HashSet<>();
        for (Manifest m : all) {
            assertFalse(m.node().path("apiVersion").asText().isBlank(), m + ": apiVersion");
            assertFalse(m.kind().isBlank(), m + ": kind");
            assertTrue(DNS_SUBDOMAIN.matcher(m.name()).matches(), m + ": metadata.name must be a DNS subdomain");
            assertTrue(seen.add(m.kind() + "/" + m.name() + " in " + K8S.relativize(m.file().getParent())),
                m + ": the same kind and name twice");
        }
    }

    @Test
    void everyKustomizationEntryExistsAndEveryFileIsUsed() {
        Set<Path> used = new HashSet<>();
        for (Path kustomization : files(K8S, "kustomization.yaml")) {
            Path dir = kustomization.getParent();
            JsonNode k = single(kustomization);
            boolean component = k.path("kind").asText().equals("Component");
            assertEquals(component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1",
                k.path("apiVersion").asText(), kustomization + ": apiVersion");
            for (String resource : texts(k.path("resources"))) {
                Path target = dir.resolve(resource).normalize();
                assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
                    kustomization + ": resource " + resource + " is neither a file nor a kustomization");
                used.add(target);
            }
            for (String entry : texts(k.path("components"))) {
                JsonNode c = single(dir.resolve(entry).resolve("kustomization.yaml"));
                assertEquals("Component", c.path("kind").asText(), kustomization + ": " + entry + " is no Component");
            }
            for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                for (JsonNode g : k.path(generator)) {
                    for (String file : generatorFiles(g)) {
                        Path target = dir.resolve(file).normalize();
                        Path example = target.resolveSibling(target.getFileName() + ".example");
                        assertTrue(Files.isRegularFile(target) || Files.isRegularFile(example),
                            kustomization + ": " + generator + " file " + file + " (nor its .example)");
                        used.add(target);
                        used.add(example);
                    }
                }
            }
        }
        for (Path file : files(K8S, null)) {
            String name = file.getFileName().toString();
            if (!name.equals("kustomization.yaml") && !gitIgnored(file)) {
                assertTrue(used.contains(file), K8S.relativize(file) + " is used by no kustomization");
            }
        }
    }

    @Test
    void everyOverlayTakesBaseInfraAndExactlyOneScaler() {
        List<Path> overlays = dirs(OVERLAYS);
        assertFalse(overlays.isEmpty(), "no overlay");
        for (Path overlay : overlays) {
            JsonNode k = single(overlay.resolve("kustomization.yaml"));
            Set<Path> resources = new HashSet<>();
            texts(k.path("resources")).forEach(r -> resources.add(overlay.resolve(r).normalize()));
            assertTrue(resources.containsAll(Set.of(BASE, K8S.resolve("infra"))), overlay + ": base and infra");
            List<Path> scalers = texts(k.path("components")).stream()
                .map(c -> overlay.resolve(c).normalize()).filter(c -> c.getParent().equals(COMPONENTS)).toList();
            assertEquals(1, scalers.size(), overlay + ": KEDA or HPA, exactly one of " + dirs(COMPONENTS));
        }
    }

    @Test
    void everyDeploymentHasHealthProbesResourcesAndAGracefulShutdown() {
        assertEquals(SERVICES, deployments().stream().map(Manifest::name).sorted(this::byServiceOrder).toList());
        for (Manifest d : deployments()) {
            Properties props = properties(d.name());
            JsonNode pod = d.node().path("spec").path("template").path("spec");
            JsonNode container = container(d);
            assertEquals("lookalike/" + d.name(), container.path("image").asText(), d + ": image");

            int port = Integer.parseInt(props.getProperty("quarkus.http.port"));
            assertEquals(List.of(port), ints(container.path("ports"), "containerPort"), d + ": container port");
            assertHealthProbe(d, container, "readinessProbe", "/q/health/ready");
            assertHealthProbe(d, container, "livenessProbe", "/q/health/live");
            assertHealthProbe(d, container, "startupProbe", "/q/health/started");

            List<JsonNode> all = new ArrayList<>();
            pod.path("initContainers").forEach(all::add);
            pod.path("containers").forEach(all::add);
            for (JsonNode c : all) {
                for (String bound : List.of("requests", "limits")) {
                    JsonNode r = c.path("resources").path(bound);
                    assertTrue(r.hasNonNull("cpu") && r.hasNonNull("memory"),
                        d + " / " + c.path("name").asText() + ": resources." + bound + " cpu and memory");
                }
            }

            // SIGTERM comes after the preStop sleep; the grace period must cover the sleep and Quarkus' own wait.
            int sleep = preStopSleepSeconds(d, container);
            assertTrue(sleep > 0, d + ": preStop sleep");
            String timeout = environment(d).get("QUARKUS_SHUTDOWN_TIMEOUT");
            assertNotNull(timeout, d + ": QUARKUS_SHUTDOWN_TIMEOUT (quarkus.shutdown.timeout)");
            long shutdown = Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            long grace = pod.path("terminationGracePeriodSeconds").asLong();
            assertTrue(grace >= sleep + shutdown + 10,
                d + ": terminationGracePeriodSeconds " + grace + " < preStop " + sleep + " s + shutdown " + shutdown
                    + " s + 10 s for the Kafka clients to commit and close");
        }
    }

    @Test
    void everyServiceSelectsItsDeploymentOnTheServicesPort() {
        List<Manifest> services = manifests(BASE).stream().filter(m -> m.kind().equals("Service")).toList();
        assertEquals(SERVICES.size(), services.size(), "one Service per service");
        for (Manifest s : services) {
            Manifest d = deployment(s.name());
            JsonNode selector = s.node().path("spec").path("selector");
            assertEquals(d.node().path("spec").path("selector").path("matchLabels"), selector, s + ": selector");
            JsonNode labels = d.node().path("spec").path("template").path("metadata").path("labels");
            selector.fields().forEachRemaining(e ->
                assertEquals(e.getValue(), labels.path(e.getKey()), s + ": the pods' label " + e.getKey()));
            int port = Integer.parseInt(properties(s.name()).getProperty("quarkus.http.port"));
            assertEquals(List.of(port), ints(s.node().path("spec").path("ports"), "port"), s + ": port");
            assertEquals(ints(container(d).path("ports"), "containerPort"),
                ints(s.node().path("spec").path("ports"), "targetPort"), s + ": targetPort = containerPort");
        }
    }

    @Test
    void theEnvironmentIsWhatEachServiceReads() {
        for (Manifest d : deployments()) {
            String text = propertiesText(d.name());
            Map<String, String> defaults = new LinkedHashMap<>();
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                defaults.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
            Map<String, String> env = environment(d);
            for (String name : env.keySet()) {
                assertTrue(defaults.containsKey(name) || QUARKUS_VARIABLES.contains(name),
                    d + ": " + name + " is read by no ${...} of " + d.name() + "'s application.properties");
            }
            // A default that points at this machine (127.0.0.1, the home folder) is wrong in a pod.
            defaults.forEach((name, fallback) -> {
                if (fallback.contains("127.0.0.1") || fallback.contains("user.home")) {
                    assertTrue(env.containsKey(name), d + ": " + name + " keeps its local default " + fallback);
                }
            });
            for (String secret : SECRET_VARIABLES) {
                if (defaults.containsKey(secret)) {
                    assertEquals(FROM_SECRET, env.get(secret), d + ": " + secret + " from a Secret");
                }
            }
        }
    }

    @Test
    void addressesNameTheOperatorsServicesAndSecrets() {
        Map<String, String> common = configMap("lookalike-common");
        Manifest pg = only("Cluster");
        Manifest kafka = only("Kafka");
        assertEquals(pg.name() + "-rw", common.get("LOOKALIKE_PG_HOST"), "CloudNativePG's read-write Service");
        assertEquals("5432", common.get("LOOKALIKE_PG_PORT"));
        int plain = -1;
        for (JsonNode listener : kafka.node().path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean() && listener.path("type").asText().equals("internal")) {
                plain = listener.path("port").asInt();
            }
        }
        assertEquals(kafka.name() + "-kafka-bootstrap:" + plain, common.get("LOOKALIKE_KAFKA"), "Strimzi's bootstrap");
        for (Manifest d : deployments()) {
            environment(d).forEach((name, value) -> {
                if (name.endsWith("_URL")) {
                    Matcher url = Pattern.compile("http://([a-z-]+):(\\d+)").matcher(value);
                    assertTrue(url.matches(), d + ": " + name + "=" + value);
                    Manifest target = deployment(url.group(1));
                    assertEquals(properties(target.name()).getProperty("quarkus.http.port"), url.group(2),
                        d + ": " + name + " port");
                }
            });
            for (JsonNode var : container(d).path("env")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                String secret = ref.path("name").asText();
                String key = ref.path("key").asText();
                if (var.path("name").asText().equals("LOOKALIKE_DB_PASSWORD")) {
                    // CloudNativePG writes the owner's generated password there.
                    assertEquals(pg.name() + "-app", secret, d + ": database Secret");
                    assertEquals("password", key, d + ": database Secret key");
                } else if (!secret.isEmpty()) {
                    for (Path overlay : dirs(OVERLAYS)) {
                        assertTrue(generatedSecretKeys(overlay, secret).contains(key),
                            d + ": " + overlay.getFileName() + " generates no Secret " + secret + " with key " + key);
                    }
                }
            }
        }
    }

    @Test
    void postgresHasPgvectorAndTheServicesDatabase() {
        JsonNode spec = only("Cluster").node().path("spec");
        // CloudNativePG's "standard" images carry pgvector; its "minimal" ones do not.
        assertTrue(spec.path("imageName").asText().matches("ghcr\\.io/cloudnative-pg/postgresql:15[.\\d]*-standard-.*"),
            "a PostgreSQL 15 standard image: " + spec.path("imageName").asText());
        JsonNode initdb = spec.path("bootstrap").path("initdb");
        for (String service : SERVICES) {
            Properties props = properties(service);
            String url = props.getProperty("quarkus.datasource.jdbc.url");
            assertEquals(url.substring(url.lastIndexOf('/') + 1), initdb.path("database").asText(),
                service + ": database");
            assertEquals(props.getProperty("quarkus.datasource.username"), initdb.path("owner").asText(),
                service + ": user");
        }
        assertTrue(texts(initdb.path("postInitApplicationSQL")).stream()
            .anyMatch(sql -> sql.matches("(?i)CREATE EXTENSION( IF NOT EXISTS)? vector\\b.*")),
            "the vector extension, created as superuser: the migrations' user may not create it");
    }

    @Test
    void everyTopicTheServicesUseIsAKafkaTopicWithEnoughPartitions() {
        Set<String> used = new TreeSet<>(List.of(Topics.ALL));
        for (String service : SERVICES) {
            properties(service).forEach((key, value) -> {
                if (!key.toString().startsWith("%") && key.toString().endsWith(".topic")) {
                    used.add(value.toString());
                }
            });
        }
        Map<String, Integer> partitions = topicPartitions();
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(partitions.keySet());
        assertEquals(Set.of(), missing, "topics the services use without a KafkaTopic");
        used.forEach(t -> assertTrue(partitions.get(t) >= Topics.MIN_PARTITIONS, t + ": partitions"));
    }

    @Test
    void embedServiceScalesOnItsConsumerGroupUpToThePartitions() {
        Properties embed = properties("embed-service");
        String topic = embed.getProperty(SCALED_CHANNEL + "topic");
        int partitions = topicPartitions().get(topic);
        assertFalse(deployment("embed-service").node().path("spec").has("replicas"),
            "embed-service's replicas belong to the scaler: an apply would reset them");
        for (Path component : dirs(COMPONENTS)) {
            List<Manifest> scalers = manifests(component).stream()
                .filter(m -> Set.of("ScaledObject", "HorizontalPodAutoscaler").contains(m.kind())).toList();
            assertEquals(1, scalers.size(), component + ": one scaler");
            JsonNode spec = scalers.get(0).node().path("spec");
            assertEquals("embed-service", spec.path("scaleTargetRef").path("name").asText(), component + ": target");
            assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText("Deployment"),
                component + ": kind");
            boolean keda = scalers.get(0).kind().equals("ScaledObject");
            int min = spec.path(keda ? "minReplicaCount" : "minReplicas").asInt();
            int max = spec.path(keda ? "maxReplicaCount" : "maxReplicas").asInt();
            // Never zero: analysis-service's search calls embed-service.
            assertTrue(min >= 1 && min <= max, component + ": 1 <= min <= max");
            assertTrue(max <= partitions, component + ": " + max + " replicas, but " + topic + " has " + partitions
                + " partitions: the extra consumers would idle");
            if (keda) {
                assertEquals(1, spec.path("triggers").size(), component + ": one trigger");
                JsonNode trigger = spec.path("triggers").get(0);
                assertEquals("kafka", trigger.path("type").asText());
                JsonNode meta = trigger.path("metadata");
                assertEquals(topic, meta.path("topic").asText(), "topic");
                assertEquals(embed.getProperty(SCALED_CHANNEL + "group.id"), meta.path("consumerGroup").asText(),
                    "the channel's consumer group");
                assertEquals(embed.getProperty(SCALED_CHANNEL + "auto.offset.reset"),
                    meta.path("offsetResetPolicy").asText(), "offset reset policy as the channel's");
                assertEquals(configMap("lookalike-common").get("LOOKALIKE_KAFKA"),
                    meta.path("bootstrapServers").asText(), "the broker the services use");
                assertTrue(Integer.parseInt(meta.path("lagThreshold").asText()) > 0, "lagThreshold");
            }
        }
    }

    @Test
    void noSecretIsCommitted() {
        for (Manifest m : manifests(K8S)) {
            assertFalse(m.kind().equals("Secret"), m + ": Secrets come from a generator or an operator");
        }
        for (Path kustomization : files(K8S, "kustomization.yaml")) {
            for (JsonNode g : single(kustomization).path("secretGenerator")) {
                assertFalse(g.has("literals"), kustomization + ": literal secrets");
                for (String file : generatorFiles(g)) {
                    Path source = kustomization.resolveSibling(file).normalize();
                    assertTrue(gitIgnored(source), K8S.relativize(source) + " must be in .gitignore");
                    Map<String, String> example = envFile(source.resolveSibling(source.getFileName() + ".example"));
                    assertFalse(example.isEmpty(), source + ".example names the keys");
                    example.forEach((key, value) ->
                        assertEquals("", value, source + ".example: " + key + " has a value"));
                }
            }
        }
    }

    /**
     * kustomize itself renders each overlay (a kustomization field it does not know, a clash between generators and
     * manifests), with the secrets.env of a fresh checkout made from its .example. Uses kubectl's built-in
     * kustomize where kubectl is installed; skipped without it.
     */
    @Test
    void everyOverlayRendersWithKustomize(@TempDir Path tmp) throws IOException, InterruptedException {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: rendering by kustomize not checked");
        Path copy = tmp.resolve("k8s");
        for (Path file : files(K8S, null)) {
            if (!gitIgnored(file)) {
                Path target = copy.resolve(K8S.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
                if (file.getFileName().toString().endsWith(".example")) {
                    String name = file.getFileName().toString();
                    Files.copy(file, target.resolveSibling(name.substring(0, name.length() - ".example".length())));
                }
            }
        }
        for (Path overlay : dirs(OVERLAYS)) {
            Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize",
                copy.resolve(K8S.relativize(overlay).toString()).toString())
                .redirectError(tmp.resolve("stderr").toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), overlay + ": " + Files.readString(tmp.resolve("stderr")));
            List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out).readAll();
            String namespace = single(overlay.resolve("kustomization.yaml")).path("namespace").asText();
            Set<String> names = new HashSet<>();
            for (JsonNode doc : docs) {
                String kind = doc.path("kind").asText();
                names.add(kind + "/" + doc.path("metadata").path("name").asText());
                if (!kind.equals("Namespace")) {
                    assertEquals(namespace, doc.path("metadata").path("namespace").asText(), overlay + ": " + kind);
                }
            }
            assertEquals(1, docs.stream().filter(d -> Set.of("ScaledObject", "HorizontalPodAutoscaler")
                .contains(d.path("kind").asText())).count(), overlay + ": one scaler");
            // Generated names carry a hash: every reference must have been rewritten to one that exists.
            for (JsonNode doc : docs) {
                for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
                    for (JsonNode from : c.path("envFrom")) {
                        String ref = "ConfigMap/" + from.path("configMapRef").path("name").asText();
                        assertTrue(names.contains(ref), overlay + ": " + ref + " is not rendered");
                    }
                    for (JsonNode var : c.path("env")) {
                        String secret = var.path("valueFrom").path("secretKeyRef").path("name").asText();
                        assertTrue(secret.isEmpty() || secret.equals(only("Cluster").name() + "-app")
                            || names.contains("Secret/" + secret), overlay + ": Secret " + secret + " is not rendered");
                    }
                }
            }
        }
    }

    static List<Manifest> deployments() {
        return manifests(BASE).stream().filter(m -> m.kind().equals("Deployment")).toList();
    }

    static Manifest deployment(String name) {
        return deployments().stream().filter(d -> d.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    static Manifest only(String kind) {
        List<Manifest> found = manifests(K8S).stream().filter(m -> m.kind().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    /** The service's own container, named as the Deployment. */
    static JsonNode container(Manifest d) {
        for (JsonNode c : d.node().path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(d.name())) {
                return c;
            }
        }
        throw new AssertionError(d + ": no container " + d.name());
    }

    /** The container's environment: env entries (Secret references as {@link #FROM_SECRET}) and envFrom ConfigMaps. */
    static Map<String, String> environment(Manifest d) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode c = container(d);
        for (JsonNode from : c.path("envFrom")) {
            assertTrue(from.has("configMapRef"), d + ": envFrom only for ConfigMaps (Secrets key by key)");
            env.putAll(configMap(from.path("configMapRef").path("name").asText()));
        }
        for (JsonNode var : c.path("env")) {
            String name = var.path("name").asText();
            assertTrue(var.has("value") || var.path("valueFrom").has("secretKeyRef"), d + ": " + name);
            env.put(name, var.has("value") ? var.path("value").asText() : FROM_SECRET);
        }
        return env;
    }

    /** A ConfigMap of the base's configMapGenerator, as its env files say. */
    static Map<String, String> configMap(String name) {
        for (JsonNode g : single(BASE.resolve("kustomization.yaml")).path("configMapGenerator")) {
            if (g.path("name").asText().equals(name)) {
                Map<String, String> values = new LinkedHashMap<>();
                generatorFiles(g).forEach(f -> values.putAll(envFile(BASE.resolve(f))));
                return values;
            }
        }
        throw new AssertionError("no ConfigMap " + name + " in " + BASE);
    }

    /** The keys of Secret name as the overlay's secretGenerator makes it (from the files' .example). */
    static Set<String> generatedSecretKeys(Path overlay, String name) {
        for (JsonNode g : single(overlay.resolve("kustomization.yaml")).path("secretGenerator")) {
            if (g.path("name").asText().equals(name)) {
                Set<String> keys = new HashSet<>();
                generatorFiles(g).forEach(f -> keys.addAll(envFile(overlay.resolve(f + ".example")).keySet()));
                return keys;
            }
        }
        return Set.of();
    }

    /** topicName (or the name) of every KafkaTopic, with its partitions. */
    static Map<String, Integer> topicPartitions() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (Manifest t : manifests(K8S)) {
            if (t.kind().equals("KafkaTopic")) {
                String name = t.node().path("spec").path("topicName").asText(t.name());
                Integer before = partitions.put(name, t.node().path("spec").path("partitions").asInt());
                assertTrue(before == null, name + " twice");
            }
        }
        return partitions;
    }

    static void assertHealthProbe(Manifest d, JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), d + ": " + probe);
        JsonNode port = get.path("port");
        boolean declared = false;
        for (JsonNode p : container.path("ports")) {
            declared |= port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                : p.path("name").asText().equals(port.asText());
        }
        assertTrue(declared, d + ": " + probe + " port " + port + " is no container port");
    }

    static int preStopSleepSeconds(Manifest d, JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asInt();
        }
        List<String> command = texts(preStop.path("exec").path("command"));
        if (command.size() == 2 && command.get(0).equals("sleep")) {
            return Integer.parseInt(command.get(1));
        }
        return fail(d + ": preStop is no sleep: " + preStop);
    }

    int byServiceOrder(String a, String b) {
        return Integer.compare(SERVICES.indexOf(a), SERVICES.indexOf(b));
    }
}
