package io.caracal.tls.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A first-start certificate so TLS works out of the box: an EC P-256 key and a self-signed
 * certificate for localhost (also 127.0.0.1 and ::1), valid for a year, written as PEM. Browsers
 * will warn about it; it is meant to be replaced.
 */
final class SelfSignedCertificate {

    static final String COMMON_NAME = "localhost";
    static final List<String> DNS_NAMES = List.of("localhost");
    static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    static final Duration VALIDITY = Duration.ofDays(365);

    private SelfSignedCertificate() {
    }

    /**
     * Writes a new key and certificate when both files are missing. Returns whether it did: one
     * file present and the other missing is left for the loader to report, never overwritten.
     */
    static boolean writeIfMissing(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        if (Files.exists(certificateFile) || Files.exists(keyFile)) {
            return false;
        }
        KeyPair keys = newKeyPair();
        X509Certificate certificate = create(keys, Instant.now());
        writePem(keyFile, new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
        try {
            writePem(certificateFile, new PemObject("CERTIFICATE", certificate.getEncoded()), false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(keyFile); // both or neither, so the next start generates again
            throw e;
        }
        return true;
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate create(KeyPair keys, Instant now) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=" + COMMON_NAME);
        BigInteger serial = new BigInteger(159, new SecureRandom()); // positive, at most 20 bytes (RFC 5280)
        // Back-dated an hour so a client with a slightly slow clock accepts it at once.
        Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
        Date notAfter = Date.from(now.plus(VALIDITY));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
            int i = 0;
            for (String dns : DNS_NAMES) {
                names[i++] = new GeneralName(GeneralName.dNSName, dns);
            }
            for (String ip : IP_ADDRESSES) {
                names[i++] = new GeneralName(GeneralName.iPAddress, ip);
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter, subject, keys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            // The JDK's own signature implementation: Bouncy Castle is not registered as a provider.
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    private static void writePem(Path file, PemObject object, boolean secret) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(object);
        }
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (secret && directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // Created owner-only: the key is never readable by others, not even for a moment.
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
            out.write(text.toString());
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
