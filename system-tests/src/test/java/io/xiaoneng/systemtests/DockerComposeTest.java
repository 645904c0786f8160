package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks its structure and that it agrees with
 * the services' own configuration: ports, database names, realm, start order and health checks. Where the
 * docker-compose CLI is installed, {@code docker-compose config} must accept the file too.
 */
class DockerComposeTest {

    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    static final List<String> APPS = List.of("approval-service", "complaint-service", "evaluation-service", "integration-service");
    static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        // SnakeYAML resolves the anchors, aliases and merge keys (<<) the file uses; Jackson's tree would not.
        Object yaml = new Yaml().load(Files.readString(PROJECT.resolve("docker-compose.yml")));
        compose = new ObjectMapper().valueToTree(yaml);
    }

    static JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        assertThat(s.isMissingNode()).as("service %s in docker-compose.yml", name).isFalse();
        return s;
    }

    static Properties applicationProperties(String module) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(PROJECT.resolve(module).resolve("src/main/resources/application.properties"))));
        return p;
    }

    @Test
    void infrastructureUsesTheOfficialImagesAtTheVersionsTheBuildRuns() {
        assertThat(service("postgres").path("image").asText()).isEqualTo("postgres:17");
        assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:4.1.");
        assertThat(service("keycloak").path("image").asText()).startsWith("quay.io/keycloak/keycloak:26.5.");
    }

    @Test
    void serviceImagesAreTheOnesTheBuildNames() throws IOException {
        String version = new String(Files.readAllBytes(PROJECT.resolve("pom.xml")))
                .replaceAll("(?s).*?<artifactId>xiaoneng-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        for (String module : List.of("approval-service", "complaint-service", "evaluation-service", "integration-service", "gateway")) {
            Properties p = applicationProperties(module);
            String image = p.getProperty("quarkus.container-image.group") + "/" + p.getProperty("quarkus.application.name") + ":" + version;
            assertThat(service(module).path("image").asText()).as(module).isEqualTo(image);
        }
    }

    @Test
    void everyContainerHasAHealthCheck() {
        for (String name : List.of("postgres", "kafka", "keycloak", "approval-service", "complaint-service", "evaluation-service", "integration-service", "gateway")) {
            assertThat(service(name).path("healthcheck").path("test").isArray()).as("%s healthcheck", name).isTrue();
        }
    }

    @Test
    void servicesStartAfterHealthyInfrastructureAndTheGatewayAfterTheServices() {
        for (String app : APPS) {
            JsonNode deps = service(app).path("depends_on");
            for (String infra : List.of("postgres", "kafka", "keycloak")) {
                assertThat(deps.path(infra).path("condition").asText()).as("%s waits for %s", app, infra).isEqualTo("service_healthy");
            }
        }
        for (String app : APPS) {
            assertThat(service("gateway").path("depends_on").path(app).path("condition").asText()).isEqualTo("service_healthy");
        }
    }

    @Test
    void portsMatchTheServicesConfiguration() throws IOException {
        for (String module : List.of("approval-service", "complaint-service", "evaluation-service", "integration-service", "gateway")) {
            String port = applicationProperties(module).getProperty("quarkus.http.port");
            JsonNode s = service(module);
            assertThat(s.path("environment").path("QUARKUS_HTTP_PORT").asText()).as(module).isEqualTo(port);
            assertThat(s.path("ports").get(0).asText()).as(module).isEqualTo(port + ":" + port);
        }
    }

    @Test
    void eachServiceFindsItsOwnDatabaseCreatedByTheInitScript() throws IOException {
        String init = Files.readString(PROJECT.resolve("devstack/compose/init-databases.sql"));
        for (String app : APPS) {
            String url = applicationProperties(app).getProperty("quarkus.datasource.jdbc.url");
            Matcher m = Pattern.compile("jdbc:postgresql://\\$\\{xiaoneng.db.host}:\\$\\{xiaoneng.db.port}/(\\w+)").matcher(url);
            assertThat(m.matches()).as("%s jdbc url %s", app, url).isTrue();
            assertThat(init).contains("create database " + m.group(1) + " owner xiaoneng");
            assertThat(service(app).path("environment").path("XIAONENG_DB_HOST").asText()).isEqualTo("postgres");
            assertThat(applicationProperties(app).getProperty("quarkus.datasource.username")).isEqualTo("xiaoneng");
        }
        assertThat(service("postgres").path("volumes").toString()).contains("init-databases.sql:/docker-entrypoint-initdb.d/");
    }

    @Test
    void servicesReachKafkaAndTheRealmOfTheProject() throws IOException {
        String kafkaAdvertised = service("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        for (String app : APPS) {
            JsonNode env = service(app).path("environment");
            assertThat(kafkaAdvertised).contains("PLAINTEXT://" + env.path("XIAONENG_KAFKA_BOOTSTRAP").asText());
            assertThat(applicationProperties(app).getProperty("quarkus.oidc.auth-server-url"))
                    .isEqualTo("${xiaoneng.keycloak.url}/realms/xiaoneng");
            assertThat(env.path("XIAONENG_KEYCLOAK_URL").asText()).isEqualTo("http://keycloak:8180");
            assertThat(env.path("QUARKUS_OIDC_TOKEN_ISSUER").asText()).endsWith("/realms/xiaoneng");
        }
        assertThat(service("keycloak").path("volumes").toString()).contains("./keycloak/xiaoneng-realm.json:/opt/keycloak/data/import/");
        assertThat(Files.exists(PROJECT.resolve("keycloak/xiaoneng-realm.json"))).isTrue();
        assertThat(service("keycloak").path("command").toString()).contains("--import-realm");
    }

    @Test
    void theGatewayRoutesEveryServiceToItsContainer() throws IOException {
        Properties gateway = applicationProperties("gateway");
        for (Map.Entry<String, Integer> route : Map.of("approval", 8081, "complaint", 8082, "evaluation", 8083, "integration", 8084).entrySet()) {
            String key = "xiaoneng.gateway.routes." + route.getKey() + ".url";
            assertThat(gateway.getProperty(key)).isEqualTo("http://127.0.0.1:" + route.getValue());
            assertThat(service("gateway").path("environment").path("XIAONENG_GATEWAY_ROUTES_" + route.getKey().toUpperCase() + "_URL").asText())
                    .isEqualTo("http://" + route.getKey() + "-service:" + route.getValue());
        }
    }

    @Test
    void dockerComposeAcceptsTheFileWhereItIsInstalled() throws Exception {
        Path cli = List.of("/usr/bin/docker-compose", "/usr/local/bin/docker-compose").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(cli != null, "docker-compose CLI not installed; structural checks above apply");
        List<String> cmd = new ArrayList<>(List.of(cli.toString(), "-f", PROJECT.resolve("docker-compose.yml").toString(), "config", "-q"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
}
