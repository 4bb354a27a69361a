package io.caracal.tls.internal;

import java.nio.file.Path;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.caracal.api.config.ConfigReader;
import io.caracal.api.tls.TlsContext.ClientAuth;

/**
 * A validated TLS context configuration (factory PID {@code io.caracal.tls.context}). Only the
 * settings are checked here; whether the files hold what they should is {@link KeyMaterial}'s job.
 *
 * @param certificates PEM pairs; empty when a keystore is used
 * @param keystorePath null when PEM pairs are used
 * @param warnings things worth logging that do not reject the configuration
 * @param source the configuration's file (or PID), for messages
 */
record TlsContextSpec(String name, List<CertificatePair> certificates, String keyPassword, Path keystorePath,
        String keystorePassword, String keystoreType, String defaultAlias, List<String> protocols,
        List<String> cipherSuites, ClientAuth clientAuth, Path trustCaPath, boolean selfSigned,
        long reloadIntervalMillis, List<String> warnings, String source) {

    static final String HOME_VARIABLE = "${caracal.home}";

    /**
     * @param home the installation directory: relative paths and a leading {@code ${caracal.home}}
     *        (left in place when the value did not come through FileInstall) resolve against it
     */
    static TlsContextSpec parse(Map<String, ?> properties, Path home) {
        ConfigReader config = new ConfigReader(properties);
        String name = config.requiredString("name");
        List<String> warnings = new ArrayList<>();

        List<CertificatePair> pairs = new ArrayList<>();
        for (String entry : config.strings("certificates")) {
            CertificatePair pair = CertificatePair.parse(entry, text -> resolve(text, home));
            if (pair == null) {
                throw config.error("certificates", "'" + entry + "' is not '<cert.pem> <key.pem>' "
                        + "(double-quote paths that contain spaces)");
            }
            pairs.add(pair);
        }
        Set<Path> certificateFiles = new LinkedHashSet<>();
        for (CertificatePair pair : pairs) {
            if (!certificateFiles.add(pair.certificate())) {
                throw config.error("certificates", pair.certificate() + " is listed twice");
            }
        }
        String keystore = config.string("keystore.path", null);
        Path keystorePath = keystore == null ? null : resolve(keystore, home);
        if (keystorePath != null && !pairs.isEmpty()) {
            throw config.error("keystore.path", "set either certificates or keystore.path, not both");
        }
        if (keystorePath == null && pairs.isEmpty()) {
            throw config.error("certificates", "is required (or keystore.path): a context needs a certificate to serve");
        }
        String keystoreType = config.string("keystore.type", "PKCS12");
        if (keystorePath != null) {
            try {
                java.security.KeyStore.getInstance(keystoreType);
            } catch (KeyStoreException e) {
                throw config.error("keystore.type", "'" + keystoreType + "' is not a keystore type of this JVM (use PKCS12 or JKS)");
            }
        }

        boolean selfSigned = config.booleanValue("self.signed", false);
        if (selfSigned && pairs.size() != 1) {
            throw config.error("self.signed", "needs exactly one certificates pair to write to");
        }

        List<String> protocols = ProtocolPolicy.protocols(config, warnings);
        List<String> suites = ProtocolPolicy.cipherSuites(config, protocols, warnings);

        ClientAuth clientAuth = clientAuth(config);
        String trust = config.string("trust.ca.path", null);
        Path trustCaPath = trust == null ? null : resolve(trust, home);
        if (clientAuth != ClientAuth.NONE && trustCaPath == null) {
            throw config.error("trust.ca.path", "is required with client.auth = "
                    + clientAuth.name().toLowerCase(Locale.ROOT) + ": the CA bundle that client certificates must chain to");
        }

        long interval = config.longValue("reload.interval.ms", 2000, 0, 86_400_000);
        if (interval > 0 && interval < 100) {
            throw config.error("reload.interval.ms", interval + " is too short: use 0 (off) or at least 100");
        }

        return new TlsContextSpec(name, List.copyOf(pairs), config.string("key.password", null), keystorePath,
                config.string("keystore.password", null), keystoreType, config.string("default.alias", null),
                protocols, suites, clientAuth, trustCaPath, selfSigned, interval, List.copyOf(warnings),
                config.source());
    }

    private static ClientAuth clientAuth(ConfigReader config) {
        String text = config.string("client.auth", "none");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none", "false", "off" -> ClientAuth.NONE;
            case "optional", "want" -> ClientAuth.OPTIONAL;
            case "required", "need", "true" -> ClientAuth.REQUIRED;
            default -> throw config.error("client.auth", "'" + text + "' is not none, optional or required");
        };
    }

    static Path resolve(String text, Path home) {
        String path = text.startsWith(HOME_VARIABLE) ? home + text.substring(HOME_VARIABLE.length()) : text;
        return home.resolve(path).normalize();
    }

    /** Every file whose change should rebuild the context. */
    List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        for (CertificatePair pair : certificates) {
            files.add(pair.certificate());
            files.add(pair.key());
        }
        if (keystorePath != null) {
            files.add(keystorePath);
        }
        if (trustCaPath != null) {
            files.add(trustCaPath);
        }
        return files;
    }

    /** Whether two specs differ only in where they came from. */
    boolean sameSettings(TlsContextSpec other) {
        return other != null && withSource("").equals(other.withSource(""));
    }

    private TlsContextSpec withSource(String newSource) {
        return new TlsContextSpec(name, certificates, keyPassword, keystorePath, keystorePassword, keystoreType,
                defaultAlias, protocols, cipherSuites, clientAuth, trustCaPath, selfSigned, reloadIntervalMillis,
                warnings, newSource);
    }

    /** Never shows the passwords. */
    @Override
    public String toString() {
        return "TLS context '" + name + "' (" + source + ")";
    }
}
