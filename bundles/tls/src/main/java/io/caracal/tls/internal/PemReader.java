package io.caracal.tls.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files as nginx users keep them. Keys and
 * certificates come out as the JDK's own classes (the converters use the default JCA providers), so
 * the JDK's TLS stack can use them; Bouncy Castle's provider is only used, as a private instance, to
 * decrypt encrypted keys and is never installed globally.
 */
final class PemReader {

    /** An encrypted key without a password, or a wrong one. */
    static final class PasswordException extends IOException {
        private static final long serialVersionUID = 1L;

        PasswordException(String message) {
            super(message);
        }
    }

    private PemReader() {
    }

    /** All certificates of a file, in file order (the certificate first, then its chain). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        checkReadable(file);
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(file)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509TrustedCertificateBlock trusted) {
                    item = trusted.getCertificateHolder();
                }
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(file + " holds a malformed certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The first private key of a file: PKCS#8 ({@code BEGIN PRIVATE KEY}, or {@code BEGIN ENCRYPTED
     * PRIVATE KEY}), PKCS#1 RSA or SEC1 EC (both possibly encrypted the OpenSSL way).
     */
    static PrivateKey privateKey(Path file, String password) throws IOException {
        checkReadable(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(file)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // The private part alone: SEC1 keys may omit the public key.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    char[] secret = requirePassword(file, password);
                    PrivateKeyInfo info;
                    try {
                        info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                .setProvider(Bc.PROVIDER).build(secret));
                    } catch (Exception e) {
                        throw new PasswordException("cannot decrypt " + file + ": wrong password? (" + e.getMessage() + ")");
                    }
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMEncryptedKeyPair encrypted) {
                    char[] secret = requirePassword(file, password);
                    PEMKeyPair pair;
                    try {
                        pair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .setProvider(Bc.PROVIDER).build(secret));
                    } catch (Exception e) {
                        throw new PasswordException("cannot decrypt " + file + ": wrong password? (" + e.getMessage() + ")");
                    }
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (PasswordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " holds a malformed private key: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY "
                + "or BEGIN EC PRIVATE KEY)");
    }

    /** Throws a clear message for a missing or unreadable file. */
    static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + " is not readable by this process");
        }
    }

    private static char[] requirePassword(Path file, String password) throws PasswordException {
        if (password == null) {
            throw new PasswordException(file + " is encrypted and no key.password is set");
        }
        return password.toCharArray();
    }

    private static PEMParser parser(Path file) throws IOException {
        // Latin-1 never fails to decode, so a binary (DER) file reads as "no PEM block found".
        Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
        return new PEMParser(reader);
    }

    /** Created on first use of an encrypted key only: the provider is large. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
