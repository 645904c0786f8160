package io.xiaoneng.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret is committed except the documented development ones (the dev realm's client secrets and demo
 * passwords, the local database account, dev-only default keys that production replaces from the environment).
 * Every tracked file is read; configuration keys ending in password, secret, key, token or credential(s) must carry
 * a reference (${ENV}) or one of those dev values.
 */
class SecretsTest {

    /** The development values README.md and keycloak/README.md document; nothing else may be committed. */
    static final Set<String> DOCUMENTED_DEV_VALUES = Set.of("xiaoneng", "demo", "admin", "postgres",
            "province-platform-dev-secret", "city-platform-dev-secret");

    static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)^\\s*-?\\s*\"?([A-Za-z0-9_.\\-]*(password|passwd|secret|[-_.]key|token|credentials?))\"?\\s*[=:]\\s*\"?([^\"#\\s]*)\"?");
    static final List<Pattern> NEVER = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36}\\b"),
            Pattern.compile("\\bxox[baprs]-[A-Za-z0-9-]{10,}"));

    @Test
    void nothingButDocumentedDevelopmentSecretsIsCommitted() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> findings = new ArrayList<>();
        int files = 0;
        for (String name : trackedFiles(root)) {
            Path file = root.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 2_000_000 || name.startsWith("mvnw")) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // binary
            }
            files++;
            for (Pattern never : NEVER) {
                if (never.matcher(text).find()) {
                    findings.add(name + ": " + never.pattern());
                }
            }
            // Configuration, not message bundles (problem texts mention "Idempotency-Key" and the like).
            if (name.matches(".*\\.(properties|ya?ml|env|conf)$") && !name.matches(".*/(problems|messages)[^/]*\\.properties$")) {
                int lineNo = 0;
                for (String line : text.split("\n")) {
                    lineNo++;
                    Matcher m = SECRET_KEY.matcher(line);
                    if (m.find() && !acceptable(m.group(3))) {
                        findings.add(name + ":" + lineNo + ": " + m.group(1) + " has a literal value");
                    }
                }
            }
        }
        findings.addAll(realmSecrets(root.resolve("keycloak/xiaoneng-realm.json")));
        System.out.printf("%n## Secrets scan%n%n| files read | findings |%n|---:|---:|%n| %d | %d |%n%s%n", files,
                findings.size(), String.join("\n", findings));
        assertThat(files).isGreaterThan(100);
        assertThat(findings).isEmpty();
    }

    /** An empty value, a reference to the environment, or a documented development value (also as its default). */
    static boolean acceptable(String value) {
        value = value.replaceAll("^['\"]|['\"]$", "");
        if (value.startsWith("{") || value.startsWith("[")) {
            return true; // a structured reference (e.g. a Kubernetes secretKeyRef), not a literal
        }
        if (value.isEmpty() || value.startsWith("<") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                || value.matches("\\d+[a-z]*")) {
            return true; // flags, durations, sizes, placeholders in docs
        }
        if (value.matches("v\\d+")) {
            return true; // the name of a key version (xiaoneng.*.pii.current-key=v2), not key material
        }
        Matcher ref = Pattern.compile("^\\$\\{[A-Za-z0-9_.\\-]+(?::(.*))?}$").matcher(value);
        if (ref.matches()) {
            return ref.group(1) == null || ref.group(1).isEmpty() || devValue(ref.group(1));
        }
        return devValue(value);
    }

    private static boolean devValue(String value) {
        if (DOCUMENTED_DEV_VALUES.contains(value) || value.toLowerCase().contains("dev")) {
            return true;
        }
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).toLowerCase().startsWith("dev");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The dev realm: client secrets end in -dev-secret, user passwords are the documented demo one. */
    private static List<String> realmSecrets(Path realm) throws IOException {
        List<String> findings = new ArrayList<>();
        JsonNode doc = OpenApiOperations.JSON.readTree(realm.toFile());
        for (JsonNode client : doc.path("clients")) {
            String secret = client.path("secret").asText("");
            if (!secret.isEmpty() && !secret.endsWith("-dev-secret")) {
                findings.add("realm client " + client.path("clientId").asText() + " has an undocumented secret");
            }
        }
        for (JsonNode user : doc.path("users")) {
            for (JsonNode credential : user.path("credentials")) {
                if (!"demo".equals(credential.path("value").asText("demo"))) {
                    findings.add("realm user " + user.path("username").asText() + " has an undocumented password");
                }
            }
        }
        return findings;
    }

    private static List<String> trackedFiles(Path root) throws Exception {
        Process git = new ProcessBuilder("git", "ls-files").directory(root.toFile()).redirectErrorStream(true).start();
        List<String> names = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(git.waitFor()).as("git ls-files").isZero();
        return names;
    }
}
