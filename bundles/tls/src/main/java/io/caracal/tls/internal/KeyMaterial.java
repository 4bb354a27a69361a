package io.caracal.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.caracal.api.config.ConfigException;

/**
 * The certificates a context serves, read from PEM pairs or a keystore and checked: each key must
 * belong to its certificate and each certificate must be valid now. Anything wrong is a
 * {@link ConfigException} naming the configuration file, the key and the file at fault.
 */
final class KeyMaterial {

    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final List<Credential> credentials;
    private final Credential defaultCredential;
    private final List<String> warnings;

    private KeyMaterial(List<Credential> credentials, Credential defaultCredential, List<String> warnings) {
        this.credentials = List.copyOf(credentials);
        this.defaultCredential = defaultCredential;
        this.warnings = List.copyOf(warnings);
    }

    static KeyMaterial load(TlsContextSpec spec, Instant now) {
        List<String> warnings = new ArrayList<>();
        List<Credential> credentials = spec.keystorePath() != null ? fromKeyStore(spec) : fromPem(spec);
        String configKey = spec.keystorePath() != null ? "keystore.path" : "certificates";
        for (Credential credential : credentials) {
            check(spec, configKey, credential, now, warnings);
        }
        Credential defaultCredential = credentials.get(0);
        if (spec.defaultAlias() != null) {
            defaultCredential = credentials.stream().filter(c -> c.alias().equals(spec.defaultAlias())).findFirst()
                    .orElseThrow(() -> new ConfigException(spec.source(), "default.alias", "no certificate has the alias '"
                            + spec.defaultAlias() + "'; the aliases are " + credentials.stream().map(Credential::alias).toList()));
        }
        return new KeyMaterial(credentials, defaultCredential, warnings);
    }

    List<Credential> credentials() {
        return credentials;
    }

    Credential defaultCredential() {
        return defaultCredential;
    }

    /** Certificates about to expire and the like: logged, not rejected. */
    List<String> warnings() {
        return warnings;
    }

    private static List<Credential> fromPem(TlsContextSpec spec) {
        List<Credential> credentials = new ArrayList<>();
        Set<String> aliases = new HashSet<>();
        for (CertificatePair pair : spec.certificates()) {
            List<X509Certificate> chain;
            PrivateKey key;
            try {
                chain = PemReader.certificates(pair.certificate());
            } catch (IOException e) {
                throw new ConfigException(spec.source(), "certificates", e.getMessage());
            }
            try {
                key = PemReader.privateKey(pair.key(), spec.keyPassword());
            } catch (PemReader.PasswordException e) {
                throw new ConfigException(spec.source(), "key.password", e.getMessage());
            } catch (IOException e) {
                throw new ConfigException(spec.source(), "certificates", e.getMessage());
            }
            // The file name is the alias default.alias refers to; the full path when two files share a name.
            String alias = pair.certificate().getFileName().toString();
            if (!aliases.add(alias)) {
                alias = pair.certificate().toString();
                aliases.add(alias);
            }
            credentials.add(new Credential(alias, key, chain.toArray(X509Certificate[]::new),
                    HostNames.of(chain.get(0)), pair.certificate().toString(), pair.key().toString()));
        }
        return credentials;
    }

    private static List<Credential> fromKeyStore(TlsContextSpec spec) {
        Path file = spec.keystorePath();
        char[] storePassword = spec.keystorePassword() == null ? new char[0] : spec.keystorePassword().toCharArray();
        KeyStore store;
        try {
            PemReader.checkReadable(file);
            store = KeyStore.getInstance(spec.keystoreType());
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, storePassword);
            }
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new ConfigException(spec.source(), "keystore.password", (spec.keystorePassword() == null
                        ? "is not set and " + file + " needs one" : "is wrong for " + file));
            }
            throw new ConfigException(spec.source(), "keystore.path", e.getMessage() != null && e.getMessage().contains(file.toString())
                    ? e.getMessage() : "cannot read " + file + " as " + spec.keystoreType() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(spec.source(), "keystore.path", "cannot read " + file + ": " + e.getMessage());
        }
        String keyPasswordKey = spec.keyPassword() != null ? "key.password" : "keystore.password";
        char[] keyPassword = spec.keyPassword() != null ? spec.keyPassword().toCharArray() : storePassword;
        List<Credential> credentials = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                PrivateKey key;
                try {
                    key = (PrivateKey) store.getKey(alias, keyPassword);
                } catch (UnrecoverableKeyException e) {
                    throw new ConfigException(spec.source(), keyPasswordKey, "is wrong for the key '" + alias + "' in " + file);
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (key == null || chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                    continue; // a secret key or a key without certificate: nothing to serve
                }
                X509Certificate[] x509 = new X509Certificate[chain.length];
                for (int i = 0; i < chain.length; i++) {
                    x509[i] = (X509Certificate) chain[i];
                }
                String origin = file + " (entry '" + alias + "')";
                credentials.add(new Credential(alias, key, x509, HostNames.of(x509[0]), origin, origin));
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(spec.source(), "keystore.path", "cannot read the entries of " + file + ": " + e.getMessage());
        }
        if (credentials.isEmpty()) {
            throw new ConfigException(spec.source(), "keystore.path", file + " holds no private key with a certificate");
        }
        return credentials;
    }

    private static void check(TlsContextSpec spec, String configKey, Credential credential, Instant now, List<String> warnings) {
        X509Certificate certificate = credential.certificate();
        if (!keyMatches(credential.key(), certificate.getPublicKey())) {
            throw new ConfigException(spec.source(), configKey, "the private key in " + credential.keyOrigin()
                    + " does not belong to the certificate in " + credential.certificateOrigin()
                    + " (the first certificate of the file is the one the key must match)");
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new ConfigException(spec.source(), configKey, "the certificate " + certificate.getSubjectX500Principal()
                    + " in " + credential.certificateOrigin() + " expired on " + notAfter
                    + (spec.selfSigned() ? " (delete both files to have a new self-signed one generated)" : ""));
        }
        if (now.isBefore(notBefore)) {
            throw new ConfigException(spec.source(), configKey, "the certificate " + certificate.getSubjectX500Principal()
                    + " in " + credential.certificateOrigin() + " is not valid before " + notBefore);
        }
        if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            warnings.add("the certificate " + certificate.getSubjectX500Principal() + " in " + credential.certificateOrigin()
                    + " expires on " + notAfter);
        }
        for (int i = 1; i < credential.chain().length; i++) {
            // Not fatal: chains sometimes carry an expired cross-signature that clients skip.
            if (now.isAfter(credential.chain()[i].getNotAfter().toInstant())) {
                warnings.add("the chain certificate " + credential.chain()[i].getSubjectX500Principal() + " in "
                        + credential.certificateOrigin() + " expired on " + credential.chain()[i].getNotAfter().toInstant());
            }
        }
    }

    /** Signs a random challenge with the private key and verifies it with the certificate's public key. */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = signature(key.getAlgorithm());
            if (signer == null) {
                return true; // an algorithm JSSE would not serve anyway; the handshake will tell
            }
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            case "EdDSA", "Ed25519", "Ed448" -> Signature.getInstance(keyAlgorithm);
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> null;
        };
    }
}
