package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * k8s/ is rendered here with {@code kubectl kustomize} (no cluster needed) and the rendered objects are checked
 * against what the services themselves declare: their ports, the settings they cannot run without, the Kafka
 * topics they use, their databases, the images the build makes and docker-compose.yml runs. What the services
 * need is read from their application.properties and from platform's Topics.java, so a new topic, a new
 * {@code ${SETTING}} or a new service route is checked without changing this test.
 */
class KubernetesManifestsTest {

    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    static final List<String> SERVICES = List.of("approval-service", "complaint-service", "evaluation-service", "integration-service");
    static final List<String> APPS = List.of("gateway", "approval-service", "complaint-service", "evaluation-service", "integration-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        List<String> kustomize = kustomizeCommand();
        for (String overlay : OVERLAYS) {
            List<String> cmd = new ArrayList<>(kustomize);
            cmd.add(PROJECT.resolve("k8s/overlays").resolve(overlay).toString());
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
            assertThat(p.exitValue()).as("%s failed: %s", cmd, new String(err.get(), StandardCharsets.UTF_8)).isZero();
            List<JsonNode> objects = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(out)) {
                if (doc != null) {
                    objects.add(JSON.valueToTree(doc));
                }
            }
            RENDERED.put(overlay, objects);
        }
    }

    /**
     * kubectl with its built-in kustomize v5 (or a standalone kustomize). Missing is a failure, not a skip: the
     * manifests would otherwise go unchecked. .ci/run installs kubectl where it is absent.
     */
    static List<String> kustomizeCommand() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            assertThat(Path.of(explicit)).as("KUBECTL=%s must be an executable kubectl", explicit).isExecutable();
            return List.of(explicit, "kustomize");
        }
        List<Path> path = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        for (Path dir : path) {
            if (Files.isExecutable(dir.resolve("kubectl"))) {
                return List.of(dir.resolve("kubectl").toString(), "kustomize");
            }
        }
        for (Path dir : path) {
            if (Files.isExecutable(dir.resolve("kustomize"))) {
                return List.of(dir.resolve("kustomize").toString(), "build");
            }
        }
        return fail("kubectl (1.27 or newer, with kustomize v5 built in) is needed to render k8s/overlays, but it is not "
                + "on the PATH and KUBECTL is not set. .ci/run installs it when absent; elsewhere install kubectl or set "
                + "KUBECTL=/path/to/kubectl.");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The services' workloads

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsProbedBoundedAndRunsNonRootOnAReadOnlyFileSystem(String overlay) throws IOException {
        for (String app : APPS) {
            JsonNode deployment = object(overlay, "Deployment", app);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = container(deployment, app);
            String port = applicationProperties(app).getProperty("quarkus.http.port");
            String at = overlay + " " + app;

            assertThat(containerPort(container, "http")).as("%s container port http", at).isEqualTo(port);
            for (Map.Entry<String, String> probe : Map.of("startupProbe", "/q/health/started",
                    "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready").entrySet()) {
                JsonNode get = container.path(probe.getKey()).path("httpGet");
                assertThat(get.path("path").asText()).as("%s %s", at, probe.getKey()).isEqualTo(probe.getValue());
                assertThat(resolvePort(container, get.path("port"))).as("%s %s port", at, probe.getKey()).isEqualTo(port);
            }
            assertResources(container, at);

            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", at).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(at).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                    .as("%s mounts no service account token", at).isTrue();
            JsonNode sc = container.path("securityContext");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", at).isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                    .as("%s allowPrivilegeEscalation false", at).isTrue();
            assertThat(texts(sc.path("capabilities").path("drop"))).as("%s drops all capabilities", at).contains("ALL");
            // Read-only root: the JVM's and Vert.x's temporary files need a writable /tmp.
            String tmpVolume = stream(container.path("volumeMounts")).filter(m -> m.path("mountPath").asText().equals("/tmp"))
                    .map(m -> m.path("name").asText()).findFirst().orElse(null);
            assertThat(tmpVolume).as("%s mounts /tmp", at).isNotNull();
            assertThat(stream(pod.path("volumes")).anyMatch(v -> v.path("name").asText().equals(tmpVolume) && v.has("emptyDir")))
                    .as("%s /tmp is an emptyDir", at).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadHasProbesResourcesAndANonRootUser(String overlay) {
        List<JsonNode> workloads = objects(overlay, "Deployment", "StatefulSet");
        assertThat(workloads).isNotEmpty();
        for (JsonNode workload : workloads) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                String at = overlay + " " + workload.path("kind").asText() + " " + name(workload) + "/" + container.path("name").asText();
                assertThat(container.has("livenessProbe")).as("%s livenessProbe", at).isTrue();
                assertThat(container.has("readinessProbe")).as("%s readinessProbe", at).isTrue();
                assertResources(container, at);
                boolean nonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean()
                        || container.path("securityContext").path("runAsNonRoot").asBoolean();
                assertThat(nonRoot).as("%s runAsNonRoot", at).isTrue();
                assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                        .as("%s allowPrivilegeEscalation false", at).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void serviceImagesAreTheOnesTheBuildNamesAndDockerComposeRuns(String overlay) throws IOException {
        String version = Files.readString(PROJECT.resolve("pom.xml"))
                .replaceAll("(?s).*?<artifactId>xiaoneng-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        for (String app : APPS) {
            Properties p = applicationProperties(app);
            String built = p.getProperty("quarkus.container-image.group") + "/" + p.getProperty("quarkus.application.name") + ":" + version;
            String image = container(object(overlay, "Deployment", app), app).path("image").asText();
            assertThat(image).as("%s %s image", overlay, app).isEqualTo(built).isEqualTo(composeImage(app));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySettingAServiceCannotRunWithoutIsProvided(String overlay) throws IOException {
        for (String app : APPS) {
            JsonNode container = container(object(overlay, "Deployment", app), app);
            Map<String, EnvSource> env = environment(overlay, container);
            String at = overlay + " " + app;
            for (String name : requiredEnvironment(app)) {
                assertThat(env).as("%s must set %s", at, name).containsKey(name);
                assertThat(env.get(name).value()).as("%s %s is empty", at, name).isNotEqualTo("");
            }
            // Credentials and keys come from Secrets, never from a literal or a ConfigMap.
            for (Map.Entry<String, EnvSource> e : env.entrySet()) {
                if (e.getKey().matches(".*(PASSWORD|SECRET|_KEY)$")) {
                    assertThat(e.getValue().fromSecret()).as("%s %s comes from a Secret", at, e.getKey()).isTrue();
                }
            }
            for (EnvSource source : env.values()) {
                if (source.secret() == null) {
                    continue;
                }
                if (overlay.equals("dev")) {
                    JsonNode secret = object(overlay, "Secret", source.secret());
                    assertThat(secret.path("data").has(source.key())).as("%s secret %s has %s", at, source.secret(), source.key()).isTrue();
                }
            }
        }
    }

    @Test
    void productionCommitsNoSecretAndTheGuideNamesEveryOneItNeeds() throws IOException {
        assertThat(objects("prod", "Secret")).as("prod renders no Secret").isEmpty();
        String guide = Files.readString(PROJECT.resolve("docs/operations.md"));
        Set<String> names = new TreeSet<>();
        for (JsonNode o : RENDERED.get("prod")) {
            collectSecretNames(o, null, names);
        }
        assertThat(names).contains("approval-service-db", "approval-service-pii", "xiaoneng-keycloak-clients", "keycloak-db");
        for (String name : names) {
            assertThat(guide).as("docs/operations.md describes the Secret %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void devSecretsAreGeneratedObviouslyDevValues() {
        List<JsonNode> secrets = objects("dev", "Secret");
        assertThat(secrets).isNotEmpty();
        for (JsonNode secret : secrets) {
            secret.path("data").fields().forEachRemaining(e -> {
                String value = new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.ISO_8859_1);
                if (e.getKey().equals("username")) {
                    return;
                }
                if (e.getKey().equals("key")) { // an AES-256 key is base64 of 32 bytes
                    value = new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
                    assertThat(value).as("%s is 32 bytes", name(secret)).hasSize(32);
                }
                assertThat(value).as("dev secret %s/%s", name(secret), e.getKey()).startsWith("dev-only-");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayRoutesEveryPrefixToAServiceThatListensThere(String overlay) throws IOException {
        Properties gateway = applicationProperties("gateway");
        JsonNode container = container(object(overlay, "Deployment", "gateway"), "gateway");
        Map<String, EnvSource> env = environment(overlay, container);
        Pattern routeKey = Pattern.compile("xiaoneng\\.gateway\\.routes\\.([a-z0-9-]+)\\.url");
        int routes = 0;
        for (String key : gateway.stringPropertyNames()) {
            Matcher m = routeKey.matcher(key);
            if (!m.matches()) {
                continue;
            }
            routes++;
            String url = env.get(envName(key)).value();
            Matcher target = Pattern.compile("http://([a-z0-9-]+):(\\d+)").matcher(url);
            assertThat(target.matches()).as("%s route %s = %s", overlay, m.group(1), url).isTrue();
            String service = target.group(1);
            assertThat(service).isEqualTo(m.group(1) + "-service");
            JsonNode svc = object(overlay, "Service", service);
            JsonNode servicePort = stream(svc.path("spec").path("ports"))
                    .filter(p -> p.path("port").asText().equals(target.group(2))).findFirst().orElse(null);
            assertThat(servicePort).as("%s Service %s port %s", overlay, service, target.group(2)).isNotNull();
            JsonNode deployment = object(overlay, "Deployment", service);
            assertThat(selects(svc.path("spec").path("selector"), deployment.path("spec").path("template").path("metadata").path("labels")))
                    .as("%s Service %s selects its pods", overlay, service).isTrue();
            assertThat(resolvePort(container(deployment, service), servicePort.path("targetPort")))
                    .isEqualTo(applicationProperties(service).getProperty("quarkus.http.port"));
        }
        assertThat(routes).isEqualTo(SERVICES.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesLetOnlyTheGatewayInAndOnlyTheInfrastructureOut(String overlay) throws IOException {
        JsonNode gatewayPods = podLabels(overlay, "gateway");
        for (String app : APPS) {
            String at = overlay + " " + app;
            Properties props = applicationProperties(app);
            String port = props.getProperty("quarkus.http.port");
            JsonNode labels = podLabels(overlay, app);
            JsonNode policy = objects(overlay, "NetworkPolicy").stream()
                    .filter(np -> selects(np.path("spec").path("podSelector").path("matchLabels"), labels)).findFirst()
                    .orElseGet(() -> fail("%s: no NetworkPolicy selects its pods", at));
            assertThat(texts(policy.path("spec").path("policyTypes"))).as(at).contains("Ingress", "Egress");

            for (JsonNode rule : policy.path("spec").path("ingress")) {
                assertThat(ports(rule)).as("%s ingress only to its HTTP port", at).containsOnly(port);
                if (!app.equals("gateway")) {
                    assertThat(rule.path("from").size()).as("%s ingress names its peers", at).isPositive();
                    for (JsonNode peer : rule.path("from")) {
                        boolean fromGateway = peer.has("podSelector") && !peer.has("namespaceSelector")
                                && selects(peer.path("podSelector").path("matchLabels"), gatewayPods);
                        boolean fromMonitoring = !peer.has("podSelector") && peer.path("namespaceSelector").path("matchLabels")
                                .path("kubernetes.io/metadata.name").asText().equals("monitoring");
                        assertThat(fromGateway || fromMonitoring).as("%s ingress peer %s", at, peer).isTrue();
                    }
                }
            }
            assertThat(policy.path("spec").path("ingress").size()).as("%s has ingress rules", at).isPositive();

            List<JsonNode> egress = list(policy.path("spec").path("egress"));
            assertThat(egress.stream().anyMatch(r -> ports(r).contains("53"))).as("%s may resolve names (DNS)", at).isTrue();
            for (JsonNode rule : egress) {
                assertThat(rule.path("to").size()).as("%s egress names its peers", at).isPositive();
            }
            if (app.equals("gateway")) {
                for (String service : SERVICES) {
                    assertEgressTo(overlay, egress, podLabels(overlay, service)::equals,
                            applicationProperties(service).getProperty("quarkus.http.port"), at + " -> " + service);
                }
            }
            if (props.containsKey("quarkus.datasource.db-kind")) {
                assertEgressTo(overlay, egress, infrastructure(overlay, "postgres"), "5432", at + " -> PostgreSQL");
            }
            if (props.containsKey("kafka.bootstrap.servers")) {
                // dev: the plaintext broker; prod: Strimzi's tls listener with SCRAM (9093)
                assertEgressTo(overlay, egress, infrastructure(overlay, "kafka"), overlay.equals("prod") ? "9093" : "9092", at + " -> Kafka");
            }
            if (props.containsKey("quarkus.oidc.auth-server-url")) {
                assertEgressTo(overlay, egress, infrastructure(overlay, "keycloak"), "8080", at + " -> Keycloak");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Production

    @Test
    void everyTopicTheServicesUseIsAKafkaTopicInProduction() throws IOException {
        JsonNode kafka = single("prod", "Kafka");
        assertThat(kafka.path("spec").path("kafka").path("config").path("auto.create.topics.enable").asText())
                .as("topics exist only as declared").isEqualTo("false");
        int brokers = objects("prod", "KafkaNodePool").stream()
                .filter(pool -> texts(pool.path("spec").path("roles")).contains("broker"))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode t : objects("prod", "KafkaTopic")) {
            topics.put(t.path("spec").path("topicName").asText(name(t)), t);
        }
        Set<String> used = topicsTheServicesUse();
        assertThat(used).as("topics found in Topics.java and the services' configuration")
                .contains("xiaoneng.approval.org", "xiaoneng.approval.calendar", "xiaoneng.approval.applications");
        Set<String> compacted = compactedTopics();
        for (String topic : used) {
            JsonNode t = topics.get(topic);
            assertThat(t).as("KafkaTopic %s", topic).isNotNull();
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(topic).isEqualTo(name(kafka));
            assertThat(t.path("spec").path("partitions").asInt()).as("%s partitions", topic).isPositive();
            assertThat(t.path("spec").path("replicas").asInt()).as("%s replicas", topic).isBetween(3, brokers);
            JsonNode config = t.path("spec").path("config");
            assertThat(config.path("min.insync.replicas").asInt()).as("%s min.insync.replicas", topic).isGreaterThanOrEqualTo(2);
            if (compacted.contains(topic)) {
                assertThat(config.path("cleanup.policy").asText()).as("%s is log-compacted", topic).isEqualTo("compact");
            } else {
                assertThat(config.path("cleanup.policy").asText()).as("%s cleanup.policy", topic).isEqualTo("delete");
                assertThat(config.has("retention.ms")).as("%s retention.ms", topic).isTrue();
            }
        }
        assertThat(compacted).as("the compacted topics are among the used ones").isSubsetOf(used);
    }

    @Test
    void productionKafkaRunsInKRaftModeWhereTheServicesLookForIt() throws IOException {
        JsonNode kafka = single("prod", "Kafka");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        List<JsonNode> pools = objects("prod", "KafkaNodePool");
        assertThat(pools.stream().flatMap(p -> texts(p.path("spec").path("roles")).stream())).contains("controller", "broker");
        for (JsonNode pool : pools) {
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(name(kafka));
            assertThat(pool.path("spec").path("replicas").asInt()).as("an odd KRaft quorum of at least 3").isGreaterThanOrEqualTo(3).isOdd();
        }
        JsonNode secured = stream(kafka.path("spec").path("kafka").path("listeners"))
                .filter(l -> l.path("name").asText().equals("tls")).findFirst().orElseThrow();
        assertThat(infrastructureSetting("prod", "XIAONENG_KAFKA_BOOTSTRAP"))
                .isEqualTo(name(kafka) + "-kafka-bootstrap:" + secured.path("port").asText());
    }

    @Test
    void productionKafkaIsReachedOnlyOverTlsWithAScramUserPerService() throws IOException {
        JsonNode kafka = single("prod", "Kafka");
        List<JsonNode> listeners = list(kafka.path("spec").path("kafka").path("listeners"));
        assertThat(listeners).as("listeners of the production cluster").isNotEmpty();
        for (JsonNode listener : listeners) {
            String at = "listener " + listener.path("name").asText();
            assertThat(listener.path("tls").asBoolean()).as("%s encrypts", at).isTrue();
            assertThat(listener.path("authentication").path("type").asText()).as("%s authenticates", at).isEqualTo("scram-sha-512");
        }
        Map<String, JsonNode> users = new HashMap<>();
        for (JsonNode user : objects("prod", "KafkaUser")) {
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(name(user)).isEqualTo(name(kafka));
            assertThat(user.path("spec").path("authentication").path("type").asText()).as(name(user)).isEqualTo("scram-sha-512");
            users.put(name(user), user);
        }
        Set<String> identities = new TreeSet<>();
        for (String app : APPS) {
            if (!applicationProperties(app).containsKey("kafka.bootstrap.servers")) {
                continue;
            }
            String at = "prod " + app;
            Map<String, EnvSource> env = environment("prod", container(object("prod", "Deployment", app), app));
            // kafka.security.protocol, kafka.sasl.mechanism, kafka.ssl.truststore.type as environment variables
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).as(at).isNotNull();
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").value()).as(at).isEqualTo("SASL_SSL");
            assertThat(env.get("KAFKA_SASL_MECHANISM").value()).as(at).isEqualTo("SCRAM-SHA-512");
            assertThat(env.get("KAFKA_SSL_TRUSTSTORE_TYPE").value()).as(at).isEqualTo("PEM");
            EnvSource jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas).as("%s authenticates to Kafka", at).isNotNull();
            assertThat(jaas.fromSecret()).as("%s jaas config from a Secret", at).isTrue();
            assertThat(jaas.key()).as(at).isEqualTo("sasl.jaas.config");
            assertThat(users).as("%s: the Secret %s is a KafkaUser's", at, jaas.secret()).containsKey(jaas.secret());
            identities.add(jaas.secret());
            EnvSource ca = env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
            assertThat(ca).as("%s trusts the cluster CA", at).isNotNull();
            assertThat(ca.secret()).as(at).isEqualTo(name(kafka) + "-cluster-ca-cert");
            assertThat(ca.key()).as(at).isEqualTo("ca.crt");
        }
        assertThat(identities).as("one Kafka identity per service").hasSize(SERVICES.size());
    }

    @Test
    void productionPostgresHasEachServicesDatabaseItsOwnRoleAndBackups() throws IOException {
        JsonNode cluster = single("prod", "Cluster");
        assertThat(cluster.path("spec").path("instances").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(infrastructureSetting("prod", "XIAONENG_DB_HOST")).isEqualTo(name(cluster) + "-rw");
        Map<String, String> rolePasswordSecret = new HashMap<>();
        for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
            rolePasswordSecret.put(role.path("name").asText(), role.path("passwordSecret").path("name").asText());
        }
        for (String app : SERVICES) {
            String database = databaseOf(app);
            JsonNode db = objects("prod", "Database").stream()
                    .filter(d -> d.path("spec").path("name").asText().equals(database)
                            && d.path("spec").path("cluster").path("name").asText().equals(name(cluster)))
                    .findFirst().orElseGet(() -> fail("no CloudNativePG Database %s for %s", database, app));
            String owner = db.path("spec").path("owner").asText();
            JsonNode container = container(object("prod", "Deployment", app), app);
            String secret = environment("prod", container).get("QUARKUS_DATASOURCE_PASSWORD").secret();
            assertThat(rolePasswordSecret.get(owner)).as("%s owner %s logs in with the Secret the service reads", database, owner)
                    .isEqualTo(secret);
            assertThat(environment("prod", container).get("QUARKUS_DATASOURCE_USERNAME").secret()).isEqualTo(secret);
        }
        JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
        assertThat(store.path("destinationPath").asText()).startsWith("s3://");
        assertThat(cluster.path("spec").path("backup").path("retentionPolicy").asText()).isNotEmpty();
        assertThat(objects("prod", "ScheduledBackup")).anySatisfy(b ->
                assertThat(b.path("spec").path("cluster").path("name").asText()).isEqualTo(name(cluster)));
    }

    @Test
    void productionKeycloakImportsTheProjectsRealmWithoutItsDevSettings() throws IOException {
        JsonNode keycloak = single("prod", "Keycloak");
        JsonNode realmImport = single("prod", "KeycloakRealmImport");
        assertThat(realmImport.path("spec").path("keycloakCRName").asText()).isEqualTo(name(keycloak));
        JsonNode prod = realmImport.path("spec").path("realm");
        JsonNode dev = JSON.readTree(PROJECT.resolve("keycloak/xiaoneng-realm.json").toFile());

        assertThat(prod.path("realm")).isEqualTo(dev.path("realm"));
        assertThat(prod.path("roles")).as("the same roles").isEqualTo(dev.path("roles"));
        assertThat(prod.path("components")).as("the same user profile (department)").isEqualTo(dev.path("components"));
        Map<String, JsonNode> devClients = new LinkedHashMap<>();
        dev.path("clients").forEach(c -> devClients.put(c.path("clientId").asText(), c));
        assertThat(stream(prod.path("clients")).map(c -> c.path("clientId").asText()).toList())
                .containsExactlyElementsOf(devClients.keySet());
        Set<String> placeholders = new LinkedHashSet<>();
        realmImport.path("spec").path("placeholders").fieldNames().forEachRemaining(placeholders::add);
        for (JsonNode client : prod.path("clients")) {
            String id = client.path("clientId").asText();
            assertThat(client.path("protocolMappers")).as("%s mappers (audience, department)", id)
                    .isEqualTo(devClients.get(id).path("protocolMappers"));
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as("%s password grant", id).isFalse();
            assertThat(texts(client.path("webOrigins"))).as("%s web origins", id).doesNotContain("*");
            if (client.has("secret")) {
                Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(client.path("secret").asText());
                assertThat(m.matches()).as("%s secret is a placeholder", id).isTrue();
                assertThat(placeholders).as("%s secret placeholder", id).contains(m.group(1));
            }
        }
        assertThat(prod.has("users")).as("no demo users").isFalse();
        assertThat(prod.path("sslRequired").asText()).isNotEqualTo("none");
        assertThat(prod.path("bruteForceProtected").asBoolean()).isTrue();

        String issuer = keycloak.path("spec").path("hostname").path("hostname").asText() + "/realms/" + dev.path("realm").asText();
        assertThat(infrastructureSetting("prod", "QUARKUS_OIDC_TOKEN_ISSUER")).isEqualTo(issuer);
        assertThat(infrastructureSetting("prod", "XIAONENG_KEYCLOAK_URL")).isEqualTo("http://" + name(keycloak) + "-service:8080");
        assertThat(keycloak.path("spec").path("http").path("httpEnabled").asBoolean()).isTrue();
    }

    @Test
    void productionRunsThreeReplicasOfEachServiceSpreadOverNodesAndReachableFromOutside() throws IOException {
        for (String app : APPS) {
            JsonNode deployment = object("prod", "Deployment", app);
            assertThat(deployment.path("spec").path("replicas").asInt()).as("%s replicas", app).isGreaterThanOrEqualTo(3);
            JsonNode hpa = objects("prod", "HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(app)).findFirst()
                    .orElseGet(() -> fail("no HorizontalPodAutoscaler for %s", app));
            assertThat(hpa.path("spec").path("minReplicas").asInt()).as("%s minReplicas", app).isGreaterThanOrEqualTo(3);
            assertThat(hpa.path("spec").path("maxReplicas").asInt()).isGreaterThan(hpa.path("spec").path("minReplicas").asInt());
            JsonNode labels = podLabels("prod", app);
            assertThat(objects("prod", "PodDisruptionBudget")).as("%s PodDisruptionBudget", app).anySatisfy(pdb -> {
                assertThat(selects(pdb.path("spec").path("selector").path("matchLabels"), labels)).isTrue();
                assertThat(pdb.path("spec").path("maxUnavailable").asInt(0) + pdb.path("spec").path("minAvailable").asInt(0)).isPositive();
            });
            JsonNode spread = deployment.path("spec").path("template").path("spec").path("topologySpreadConstraints");
            assertThat(stream(spread)).as("%s spread over nodes", app).anySatisfy(c -> {
                assertThat(c.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
                assertThat(c.path("whenUnsatisfiable").asText()).isEqualTo("DoNotSchedule");
                assertThat(selects(c.path("labelSelector").path("matchLabels"), labels)).isTrue();
                assertThat(texts(c.path("matchLabelKeys"))).contains("app.kubernetes.io/name");
            });
        }
        Set<String> gateways = new TreeSet<>();
        objects("prod", "Gateway").forEach(g -> gateways.add(name(g)));
        String gatewayPort = applicationProperties("gateway").getProperty("quarkus.http.port");
        assertThat(objects("prod", "HTTPRoute")).anySatisfy(route -> {
            assertThat(stream(route.path("spec").path("parentRefs")).map(p -> p.path("name").asText())).isNotEmpty().allMatch(gateways::contains);
            assertThat(stream(route.path("spec").path("rules")).flatMap(r -> stream(r.path("backendRefs"))))
                    .anySatisfy(b -> {
                        assertThat(b.path("name").asText()).isEqualTo("gateway");
                        assertThat(b.path("port").asText()).isEqualTo(gatewayPort);
                    });
        });
    }

    @Test
    void productionScrapesEveryApplicationAndAlertsOnMetricsTheServicesRegister() throws IOException {
        JsonNode monitor = single("prod", "PodMonitor");
        for (String app : APPS) {
            JsonNode labels = podLabels("prod", app);
            assertThat(stream(monitor.path("spec").path("selector").path("matchExpressions")))
                    .as("the PodMonitor selects %s", app)
                    .anySatisfy(e -> {
                        assertThat(labels.path(e.path("key").asText()).asText()).isNotEmpty();
                        assertThat(texts(e.path("values"))).contains(labels.path(e.path("key").asText()).asText());
                    });
            JsonNode container = container(object("prod", "Deployment", app), app);
            assertThat(stream(monitor.path("spec").path("podMetricsEndpoints"))).as("%s scraped", app).anySatisfy(endpoint -> {
                assertThat(containerPort(container, endpoint.path("port").asText())).as("%s port %s", app, endpoint.path("port")).isNotNull();
                assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            });
        }

        Set<String> registered = registeredMeters();
        // Not the services' own: Quarkus' HTTP server metrics and Prometheus' own series.
        Set<String> provided = Set.of("http_server_requests_seconds_count", "up");
        String guide = Files.readString(PROJECT.resolve("docs/operations.md"));
        List<JsonNode> rules = stream(single("prod", "PrometheusRule").path("spec").path("groups"))
                .flatMap(g -> stream(g.path("rules"))).toList();
        assertThat(rules).isNotEmpty();
        Pattern metric = Pattern.compile("\\b(xiaoneng_[a-z0-9_]+|http_server_[a-z_]+|up)\\b(?=\\s*[{\\[)]|\\s*==|\\s*>)");
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(alert).as("every rule is an alert with a name").matches("Xiaoneng[A-Za-z]+");
            assertThat(rule.path("labels").path("severity").asText()).as("%s severity", alert).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as("%s summary", alert).isNotBlank();
            assertThat(rule.path("annotations").path("runbook").asText()).as("%s runbook", alert)
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(guide).as("docs/operations.md says what to do on %s", alert).contains("**" + alert + "**");
            Matcher m = metric.matcher(rule.path("expr").asText());
            Set<String> used = new TreeSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(used).as("%s watches a metric", alert).isNotEmpty();
            for (String name : used) {
                assertThat(registered.contains(name) || provided.contains(name))
                        .as("%s uses %s, which no service registers (registered: %s)", alert, name, registered).isTrue();
            }
        }
    }

    /**
     * The Prometheus names of the meters the services register by a literal name: a counter's name with dots as
     * underscores plus {@code _total}, a gauge's plus its base unit.
     */
    static Set<String> registeredMeters() throws IOException {
        Pattern meter = Pattern.compile("(Counter|Gauge|Timer)\\.builder\\(\\s*\"(xiaoneng\\.[a-z0-9.]+)\"([^;]*?)\\.register\\("
                + "|registry\\.counter\\(\\s*\"(xiaoneng\\.[a-z0-9.]+)\"|\\(\"(xiaoneng\\.inbox\\.[a-z0-9.]+)\"\\)", Pattern.DOTALL);
        Set<String> names = new TreeSet<>();
        for (String module : List.of("platform", "approval-service", "complaint-service", "evaluation-service", "integration-service", "gateway")) {
            try (Stream<Path> files = Files.walk(PROJECT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = meter.matcher(Files.readString(file));
                    while (m.find()) {
                        if (m.group(2) != null) {
                            String base = m.group(2).replace('.', '_');
                            Matcher unit = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)").matcher(m.group(3));
                            String suffix = unit.find() ? "_" + unit.group(1) : "";
                            names.add(m.group(1).equals("Gauge") ? base + suffix : base + suffix + "_total");
                        } else {
                            // registry.counter("…") and the inbox's counter names kept in its Outcome enum
                            names.add((m.group(4) != null ? m.group(4) : m.group(5)).replace('.', '_') + "_total");
                        }
                    }
                }
            }
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Development

    @Test
    void devRunsOneReplicaOfEachServiceOnTheInfrastructureDockerComposeUses() throws IOException {
        for (String app : APPS) {
            assertThat(object("dev", "Deployment", app).path("spec").path("replicas").asInt()).as(app).isEqualTo(1);
        }
        assertThat(objects("dev", "HorizontalPodAutoscaler")).isEmpty();
        assertThat(objects("dev", "PodDisruptionBudget")).isEmpty();
        for (String infra : List.of("postgres", "kafka", "keycloak")) {
            JsonNode workload = objects("dev", "Deployment", "StatefulSet").stream().filter(w -> name(w).equals(infra)).findFirst()
                    .orElseGet(() -> fail("dev %s", infra));
            assertThat(container(workload, infra).path("image").asText()).as("dev %s image", infra).isEqualTo(composeImage(infra));
        }
        assertThat(infrastructureSetting("dev", "XIAONENG_DB_HOST")).isEqualTo("postgres");
        assertThat(infrastructureSetting("dev", "XIAONENG_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
        assertThat(infrastructureSetting("dev", "XIAONENG_KEYCLOAK_URL")).isEqualTo("http://keycloak:8180");
    }

    @Test
    void devPostgresCreatesEveryServicesDatabaseAndKeycloakImportsTheProjectsRealm() throws IOException {
        String init = objects("dev", "ConfigMap").stream().filter(c -> name(c).startsWith("postgres-init"))
                .findFirst().orElseThrow().path("data").path("init-databases.sh").asText();
        for (String app : SERVICES) {
            assertThat(init).contains("create database " + databaseOf(app) + " owner xiaoneng;");
        }
        JsonNode keycloak = object("dev", "Deployment", "keycloak");
        JsonNode container = container(keycloak, "keycloak");
        assertThat(texts(container.path("args"))).contains("start-dev", "--import-realm");
        String volume = stream(container.path("volumeMounts"))
                .filter(m -> m.path("mountPath").asText().equals("/opt/keycloak/data/import")).findFirst().orElseThrow()
                .path("name").asText();
        String configMap = stream(keycloak.path("spec").path("template").path("spec").path("volumes"))
                .filter(v -> v.path("name").asText().equals(volume)).findFirst().orElseThrow()
                .path("configMap").path("name").asText();
        assertThat(object("dev", "ConfigMap", configMap).path("data").path("xiaoneng-realm.json").asText())
                .as("the realm file as it is in keycloak/")
                .isEqualTo(Files.readString(PROJECT.resolve("keycloak/xiaoneng-realm.json")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the services declare

    /** Environment variables a service cannot do without on a cluster, read from its application.properties. */
    static Set<String> requiredEnvironment(String app) throws IOException {
        Properties props = applicationProperties(app);
        Set<String> required = new TreeSet<>();
        Pattern placeholder = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue; // another profile (test, dev)
            }
            String value = props.getProperty(key);
            Matcher m = placeholder.matcher(value);
            while (m.find()) {
                String name = m.group(1);
                boolean hasDefault = m.group(2) != null;
                if (name.matches("[A-Z][A-Z0-9_]*")) {
                    required.add(name); // an environment variable by name: its default, if any, is a development value
                } else if (!hasDefault && !props.containsKey(name)) {
                    required.add(envName(name)); // nothing in the file provides it
                }
            }
            // An address of the developer's machine must be replaced on a cluster.
            if (value.matches(".*(127\\.0\\.0\\.1|localhost).*") && !value.contains("${")) {
                required.add(envName(key));
            }
        }
        if (props.containsKey("quarkus.datasource.db-kind")) {
            required.add("QUARKUS_DATASOURCE_USERNAME");
            required.add("QUARKUS_DATASOURCE_PASSWORD");
        }
        return required;
    }

    /** Topics named in platform's Topics.java and in the services' configuration and code. */
    static Set<String> topicsTheServicesUse() throws IOException {
        Set<String> topics = new TreeSet<>();
        String constants = Files.readString(PROJECT.resolve("platform/src/main/java/io/xiaoneng/platform/events/Topics.java"));
        Matcher c = Pattern.compile("static\\s+final\\s+String\\s+\\w+\\s*=\\s*\"([^\"]+)\"").matcher(constants);
        while (c.find()) {
            topics.add(c.group(1));
        }
        for (String app : SERVICES) {
            Properties props = applicationProperties(app);
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("%") && !key.startsWith("%prod.")) {
                    continue;
                }
                String k = key.replaceFirst("^%prod\\.", "");
                if (k.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic") || k.endsWith(".dead-letter-queue.topic")) {
                    topics.add(props.getProperty(key).trim());
                }
            }
            topics.addAll(compactedTopics(props));
        }
        // Topics written as literals in the code: EventType.of(..., "topic") and *TOPIC* = "topic" constants.
        Pattern literal = Pattern.compile("(?:EventType\\.of\\([^;]*?,\\s*|TOPIC\\w*\\s*=\\s*)\"(xiaoneng\\.[a-z0-9.-]+)\"");
        for (String module : List.of("platform", "approval-service", "complaint-service", "evaluation-service", "integration-service")) {
            Path src = PROJECT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = literal.matcher(Files.readString(file));
                    while (m.find()) {
                        topics.add(m.group(1));
                    }
                }
            }
        }
        return topics;
    }

    static Set<String> compactedTopics() throws IOException {
        Set<String> compacted = new TreeSet<>();
        for (String app : SERVICES) {
            compacted.addAll(compactedTopics(applicationProperties(app)));
        }
        return compacted;
    }

    static Set<String> compactedTopics(Properties props) {
        Set<String> compacted = new TreeSet<>();
        for (String key : List.of("xiaoneng.outbox.compacted-topics", "%prod.xiaoneng.outbox.compacted-topics")) {
            for (String t : props.getProperty(key, "").split(",")) {
                if (!t.isBlank()) {
                    compacted.add(t.trim());
                }
            }
        }
        return compacted;
    }

    static String databaseOf(String app) throws IOException {
        String url = applicationProperties(app).getProperty("quarkus.datasource.jdbc.url");
        Matcher m = Pattern.compile("jdbc:postgresql://[^/]+/(\\w+).*").matcher(url);
        assertThat(m.matches()).as("%s jdbc url %s", app, url).isTrue();
        return m.group(1);
    }

    static Properties applicationProperties(String module) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(PROJECT.resolve(module).resolve("src/main/resources/application.properties"))));
        return p;
    }

    /** MicroProfile Config's environment name of a property: upper case, every other character an underscore. */
    static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    static String composeImage(String service) throws IOException {
        Object yaml = new Yaml().load(Files.readString(PROJECT.resolve("docker-compose.yml")));
        JsonNode image = JSON.valueToTree(yaml).path("services").path(service).path("image");
        assertThat(image.isTextual()).as("docker-compose.yml service %s image", service).isTrue();
        return image.asText();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading the rendered objects

    record EnvSource(String value, String secret, String key) {
        boolean fromSecret() {
            return secret != null;
        }
    }

    /** The container's environment: its env entries and what its envFrom ConfigMaps and Secrets hold. */
    static Map<String, EnvSource> environment(String overlay, JsonNode container) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                JsonNode cm = object(overlay, "ConfigMap", from.path("configMapRef").path("name").asText());
                cm.path("data").fields().forEachRemaining(e -> env.put(prefix + e.getKey(), new EnvSource(e.getValue().asText(), null, null)));
            } else if (from.has("secretRef")) {
                fail("%s: envFrom a Secret hides which keys a service needs; use env with secretKeyRef", container.path("name").asText());
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            JsonNode valueFrom = e.path("valueFrom");
            if (valueFrom.has("secretKeyRef")) {
                env.put(name, new EnvSource(null, valueFrom.path("secretKeyRef").path("name").asText(),
                        valueFrom.path("secretKeyRef").path("key").asText()));
            } else if (valueFrom.has("configMapKeyRef")) {
                JsonNode ref = valueFrom.path("configMapKeyRef");
                JsonNode data = object(overlay, "ConfigMap", ref.path("name").asText()).path("data");
                assertThat(data.has(ref.path("key").asText())).as("%s ConfigMap key %s", name, ref).isTrue();
                env.put(name, new EnvSource(data.path(ref.path("key").asText()).asText(), null, null));
            } else if (e.has("value")) {
                env.put(name, new EnvSource(e.path("value").asText(), null, null));
            } else {
                fail("env %s without a value", name);
            }
        }
        return env;
    }

    static String infrastructureSetting(String overlay, String name) {
        JsonNode container = container(object(overlay, "Deployment", "approval-service"), "approval-service");
        EnvSource source = environment(overlay, container).get(name);
        assertThat(source).as("%s %s", overlay, name).isNotNull();
        return source.value();
    }

    /** Where pods of the named infrastructure get their labels: a dev workload, or an operator's resource in prod. */
    static Predicate<JsonNode> infrastructure(String overlay, String kind) throws IOException {
        List<JsonNode> labelSets = new ArrayList<>();
        if (overlay.equals("dev")) {
            for (JsonNode w : objects(overlay, "Deployment", "StatefulSet")) {
                String image = w.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText();
                if (image.equals(composeImage(kind))) {
                    labelSets.add(w.path("spec").path("template").path("metadata").path("labels"));
                }
            }
        } else {
            switch (kind) {
                case "postgres" -> objects(overlay, "Cluster").forEach(c -> labelSets.add(c.path("spec").path("inheritedMetadata").path("labels")));
                case "kafka" -> objects(overlay, "KafkaNodePool").forEach(p -> labelSets.add(p.path("spec").path("template").path("pod").path("metadata").path("labels")));
                case "keycloak" -> objects(overlay, "Keycloak").forEach(k -> labelSets.add(k.path("spec").path("unsupported").path("podTemplate").path("metadata").path("labels")));
                default -> fail(kind);
            }
        }
        assertThat(labelSets).as("%s %s pods", overlay, kind).isNotEmpty();
        return labelSets::contains;
    }

    /** An egress rule whose pod selector selects the target's pods and whose ports include the port. */
    static void assertEgressTo(String overlay, List<JsonNode> egress, Predicate<JsonNode> target, String port, String what) {
        List<JsonNode> all = new ArrayList<>(objects(overlay, "Deployment", "StatefulSet").stream()
                .map(w -> w.path("spec").path("template").path("metadata").path("labels")).toList());
        for (String kind : List.of("Cluster", "KafkaNodePool", "Keycloak")) {
            objects(overlay, kind).forEach(o -> {
                all.add(o.path("spec").path("inheritedMetadata").path("labels"));
                all.add(o.path("spec").path("template").path("pod").path("metadata").path("labels"));
                all.add(o.path("spec").path("unsupported").path("podTemplate").path("metadata").path("labels"));
            });
        }
        boolean allowed = egress.stream().filter(rule -> ports(rule).contains(port)).anyMatch(rule ->
                stream(rule.path("to")).anyMatch(peer -> peer.has("podSelector") && !peer.has("namespaceSelector")
                        && all.stream().filter(target).anyMatch(labels -> selects(peer.path("podSelector").path("matchLabels"), labels))));
        assertThat(allowed).as("%s: an egress rule to its pods on port %s", what, port).isTrue();
    }

    static JsonNode podLabels(String overlay, String app) {
        return object(overlay, "Deployment", app).path("spec").path("template").path("metadata").path("labels");
    }

    static void collectSecretNames(JsonNode node, String field, Set<String> names) {
        if (node.isObject()) {
            boolean secretish = field != null && (field.toLowerCase().contains("secret") || field.equals("accessKeyId")
                    || field.equals("certificateRefs") || field.equals("usernameSecret"));
            if (secretish && node.path("name").isTextual()) {
                names.add(node.path("name").asText());
            }
            node.fields().forEachRemaining(e -> collectSecretNames(e.getValue(), e.getKey(), names));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collectSecretNames(item, field, names);
            }
        }
    }

    static List<String> ports(JsonNode rule) {
        return stream(rule.path("ports")).map(p -> p.path("port").asText()).toList();
    }

    /** A selector's every label is on the pod. */
    static boolean selects(JsonNode matchLabels, JsonNode podLabels) {
        if (!matchLabels.isObject() || matchLabels.size() == 0) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!podLabels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    static void assertResources(JsonNode container, String at) {
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.path("resources").path(bound).path(resource).asText())
                        .as("%s resources.%s.%s", at, bound, resource).isNotEmpty();
            }
        }
    }

    static String containerPort(JsonNode container, String name) {
        return stream(container.path("ports")).filter(p -> p.path("name").asText().equals(name))
                .map(p -> p.path("containerPort").asText()).findFirst().orElse(null);
    }

    static String resolvePort(JsonNode container, JsonNode port) {
        return port.isTextual() && !port.asText().matches("\\d+") ? containerPort(container, port.asText()) : port.asText();
    }

    static JsonNode container(JsonNode workload, String name) {
        return stream(workload.path("spec").path("template").path("spec").path("containers"))
                .filter(c -> c.path("name").asText().equals(name)).findFirst()
                .orElseGet(() -> fail("%s has no container %s", name(workload), name));
    }

    static List<JsonNode> objects(String overlay, String... kinds) {
        List<String> wanted = List.of(kinds);
        return RENDERED.get(overlay).stream().filter(o -> wanted.contains(o.path("kind").asText())).toList();
    }

    /** The object of that kind whose name is the given one, or the given one plus kustomize's hash suffix. */
    static JsonNode object(String overlay, String kind, String name) {
        return objects(overlay, kind).stream()
                .filter(o -> name(o).equals(name) || (name(o).startsWith(name + "-") && name(o).substring(name.length() + 1).matches("[a-z0-9]{10}")))
                .findFirst().orElseGet(() -> fail("%s renders no %s %s", overlay, kind, name));
    }

    static JsonNode single(String overlay, String kind) {
        List<JsonNode> found = objects(overlay, kind);
        assertThat(found).as("%s %s", overlay, kind).hasSize(1);
        return found.get(0);
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    static List<JsonNode> list(JsonNode array) {
        return stream(array).toList();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
