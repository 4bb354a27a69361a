package io.caracal.accesscontrol.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the public key out of a PEM file: a {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, RSA
 * or EC), an {@code RSA PUBLIC KEY} (PKCS#1) or a {@code CERTIFICATE} (the first one, when the
 * file holds a chain). A private key is refused: it has no business on the verifying side.
 */
final class PemPublicKey {

    private static final Set<String> PRIVATE = Set.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY");

    private PemPublicKey() {
    }

    /** The key, or an exception whose message says what the file holds instead. */
    static PublicKey read(byte[] content) throws IOException, GeneralSecurityException {
        try (PemReader reader = new PemReader(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                String type = object.getType();
                if (PRIVATE.contains(type)) {
                    throw new GeneralSecurityException("it holds a private key (" + type + "); give only the public key "
                            + "or certificate");
                }
                switch (type) {
                    case "PUBLIC KEY":
                        return spki(object.getContent());
                    case "RSA PUBLIC KEY":
                        byte[] wrapped = new SubjectPublicKeyInfo(
                                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                                object.getContent()).getEncoded();
                        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(wrapped));
                    case "CERTIFICATE":
                        return CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(object.getContent())).getPublicKey();
                    default:
                        // e.g. EC PARAMETERS in front of a key: skip
                }
            }
        }
        throw new GeneralSecurityException("it holds no PEM public key or certificate");
    }

    private static PublicKey spki(byte[] der) throws GeneralSecurityException {
        String algorithm;
        try {
            String oid = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm().getId();
            algorithm = switch (oid) {
                case "1.2.840.113549.1.1.1" -> "RSA";
                case "1.2.840.10045.2.1" -> "EC";
                default -> throw new GeneralSecurityException("its key type (OID " + oid + ") is not supported; use RSA or EC");
            };
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("its PUBLIC KEY is not valid DER");
        }
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }
}
