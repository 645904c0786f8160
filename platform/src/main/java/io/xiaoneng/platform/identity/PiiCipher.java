package io.xiaoneng.platform.identity;

import org.eclipse.microprofile.config.Config;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Encrypts personal identifiers at rest (ID numbers, phone numbers) with AES-256-GCM: a random 96-bit nonce per
 * value, the authentication tag detects tampering. Stored as {@code <version>:<base64(nonce ‖ ciphertext ‖ tag)>},
 * the prefix naming the key that encrypted it.
 *
 * <p>Keys are versioned so that a key can be rotated: a cipher holds every key that may still have encrypted a
 * stored value, decrypts by the stored prefix and encrypts with the current key; a re-encryption job
 * ({@link PiiReEncryption}) rewrites the values under older keys, after which those keys can be removed.
 *
 * <p>Each service builds its instance with {@link #fromConfig(Config, String)} from its own properties under a
 * prefix, e.g. {@code xiaoneng.approval.pii}: {@code <prefix>.keys.<version>} (base64 of 32 bytes, version
 * {@code v1}, {@code v2}, …), {@code <prefix>.current-key} (the version new values are encrypted with), and for
 * compatibility {@code <prefix>.key}, the single key of earlier releases, which is version {@code v1}. The values in
 * application.properties are development keys; production sets them from a secret
 * ({@code XIAONENG_<SERVICE>_PII_KEY}, {@code XIAONENG_<SERVICE>_PII_KEYS_V2}, {@code XIAONENG_<SERVICE>_PII_CURRENT_KEY}).
 */
public final class PiiCipher {

    /** The version of the single key of earlier releases ({@code <prefix>.key}). */
    public static final String FIRST_VERSION = "v1";
    private static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,5}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String current;

    /**
     * One key, version {@code v1} (the configuration of earlier releases).
     *
     * @param keyProperty the configuration property the key came from, named when it is unusable
     * @param base64Key   base64 of the 32-byte AES key
     */
    public PiiCipher(String keyProperty, String base64Key) {
        this(Map.of(FIRST_VERSION, key(keyProperty, base64Key)), FIRST_VERSION);
    }

    /**
     * @param keyProperties    the property each key came from, by version, named when it is unusable
     * @param base64Keys       base64 of each 32-byte AES key, by version ({@code v1}, {@code v2}, …)
     * @param currentVersion   the version new values are encrypted with; must be among the keys
     * @param currentProperty  the property naming the current version, named when it is wrong
     */
    public PiiCipher(Map<String, String> keyProperties, Map<String, String> base64Keys, String currentVersion, String currentProperty) {
        this(parse(keyProperties, base64Keys), checkCurrent(currentVersion, currentProperty, base64Keys));
    }

    private PiiCipher(Map<String, SecretKeySpec> keys, String current) {
        this.keys = Map.copyOf(keys);
        this.current = current;
    }

    /**
     * The cipher configured under {@code prefix}: keys {@code <prefix>.keys.<version>} (also given as environment
     * variables, {@code <PREFIX>_KEYS_V2}), the legacy single key {@code <prefix>.key} as {@code v1}, and
     * {@code <prefix>.current-key} — optional while only one key is configured.
     */
    public static PiiCipher fromConfig(Config config, String prefix) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> properties = new TreeMap<>();
        String keysPrefix = prefix + ".keys.";
        String envKeysPrefix = env(keysPrefix);
        for (String name : config.getPropertyNames()) {
            String plain = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
            String version = null;
            if (plain.startsWith(keysPrefix)) {
                version = plain.substring(keysPrefix.length());
            } else if (plain.startsWith(envKeysPrefix)) {
                version = plain.substring(envKeysPrefix.length()).toLowerCase(Locale.ROOT);
            }
            if (version != null && !values.containsKey(version)) {
                if (!VERSION.matcher(version).matches()) {
                    throw new IllegalStateException(keysPrefix + version + ": a key version is v1, v2, …");
                }
                Optional<String> value = config.getOptionalValue(keysPrefix + version, String.class);
                if (value.isPresent()) {
                    values.put(version, value.get());
                    properties.put(version, keysPrefix + version);
                }
            }
        }
        Optional<String> legacy = config.getOptionalValue(prefix + ".key", String.class);
        if (legacy.isPresent()) {
            String v1 = values.get(FIRST_VERSION);
            if (v1 != null && !v1.trim().equals(legacy.get().trim())) {
                throw new IllegalStateException(prefix + ".key and " + keysPrefix + FIRST_VERSION
                        + " are both set and differ: set only " + keysPrefix + FIRST_VERSION);
            }
            values.putIfAbsent(FIRST_VERSION, legacy.get());
            properties.putIfAbsent(FIRST_VERSION, prefix + ".key");
        }
        String currentProperty = prefix + ".current-key";
        Optional<String> current = config.getOptionalValue(currentProperty, String.class).map(String::trim);
        if (current.isEmpty()) {
            if (values.size() != 1) {
                throw new IllegalStateException(values.isEmpty()
                        ? "no PII key configured: set " + keysPrefix + FIRST_VERSION
                        : currentProperty + " must name the key to encrypt with, one of " + values.keySet());
            }
            current = Optional.of(values.keySet().iterator().next());
        }
        return new PiiCipher(properties, values, current.get(), currentProperty);
    }

    /** The version new values are encrypted with. */
    public String currentVersion() {
        return current;
    }

    /** The key versions this cipher can decrypt. */
    public java.util.Set<String> versions() {
        return new java.util.TreeSet<>(keys.keySet());
    }

    /** The key version a stored value was encrypted with, {@code null} for {@code null}. */
    public static String versionOf(String stored) {
        if (stored == null) {
            return null;
        }
        int colon = stored.indexOf(':');
        return colon > 0 ? stored.substring(0, colon) : "";
    }

    /** Whether a stored value is encrypted with the current key ({@code null} needs nothing either). */
    public boolean isCurrent(String stored) {
        return stored == null || current.equals(versionOf(stored));
    }

    /** The stored value encrypted with the current key: unchanged if it already is, re-encrypted otherwise. */
    public String reEncrypt(String stored) {
        return isCurrent(stored) ? stored : encrypt(decrypt(stored));
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return current + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String version = versionOf(stored);
        SecretKeySpec key = keys.get(version);
        if (key == null) {
            // Names the version (never the value): "v1" after its key was removed too early, or a corrupt value.
            throw new IllegalStateException("unknown key version"
                    + (VERSION.matcher(version).matches() ? " " + version + " (configured: " + versions() + ")" : ""));
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(version.length() + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("decryption failed", e); // never with the value: it goes to the log
        }
    }

    private static Map<String, SecretKeySpec> parse(Map<String, String> properties, Map<String, String> base64Keys) {
        if (base64Keys.isEmpty()) {
            throw new IllegalStateException("no PII key configured");
        }
        Map<String, SecretKeySpec> keys = new TreeMap<>();
        base64Keys.forEach((version, value) -> {
            String property = properties.getOrDefault(version, version);
            if (!VERSION.matcher(version).matches()) {
                throw new IllegalStateException(property + ": a key version is v1, v2, …, got " + version);
            }
            keys.put(version, key(property, value));
        });
        return keys;
    }

    private static String checkCurrent(String current, String property, Map<String, String> base64Keys) {
        if (current == null || !base64Keys.containsKey(current)) {
            throw new IllegalStateException(property + " is " + current + " but the configured keys are "
                    + new TreeMap<>(base64Keys).keySet());
        }
        return current;
    }

    private static SecretKeySpec key(String property, String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes (base64), got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The environment variable form of a property name (MicroProfile Config's rule). */
    private static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
