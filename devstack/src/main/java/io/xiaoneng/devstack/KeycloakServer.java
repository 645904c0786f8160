package io.xiaoneng.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak 26.5 from its Maven Central distribution, in dev mode, importing the realm kept as code in
 * {@code keycloak/}. Its H2 database persists; when the realm file changes, the stored realm is dropped so the
 * running realm always equals the file (Keycloak skips the import of a realm that already exists).
 */
public final class KeycloakServer {

    static final String REALM_FILE = "xiaoneng-realm.json";

    private KeycloakServer() {}

    public static ChildProcess start(StackLayout layout) throws IOException {
        Path home = unpackDistribution(layout);
        importRealmFromCode(layout, home);
        int port = layout.keycloakPort();
        List<String> cmd = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                "--import-realm", "--hostname=" + layout.keycloakUrl());
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return ChildProcess.start("keycloak", cmd, env, home, layout.logDir().resolve("keycloak.log"));
    }

    public static String readinessUrl(StackLayout layout) {
        return layout.keycloakUrl() + "/realms/" + StackLayout.REALM + "/.well-known/openid-configuration";
    }

    static Path distributionZip(StackLayout layout) {
        return layout.projectDir().resolve("devstack/target/dist/keycloak-dist.zip");
    }

    private static Path unpackDistribution(StackLayout layout) throws IOException {
        Path home = layout.dataDir().resolve("keycloak");
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path staging = layout.dataDir().resolve("keycloak.unpacking");
        Directories.deleteTree(staging);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distributionZip(layout)))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                // Entries are "keycloak-26.5.6/…": drop the versioned top folder.
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path target = staging.resolve(name.substring(slash + 1)).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Unsafe entry in Keycloak distribution: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(staging, home);
        return home;
    }

    private static void importRealmFromCode(StackLayout layout, Path home) throws IOException {
        Path realm = layout.projectDir().resolve("keycloak").resolve(REALM_FILE);
        byte[] content = Files.readAllBytes(realm);
        String hash = sha256(content);
        Path marker = home.resolve("data/.realm-sha256");
        if (!Files.exists(marker) || !Files.readString(marker).trim().equals(hash)) {
            Directories.deleteTree(home.resolve("data/h2"));
        }
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        Files.write(importDir.resolve(REALM_FILE), content);
        Files.writeString(marker, hash);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
