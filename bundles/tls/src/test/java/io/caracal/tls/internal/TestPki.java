package io.caracal.tls.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.MiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Test certificates, made with Bouncy Castle on the fly: no binary fixtures. */
final class TestPki {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key and the chain up to (excluding) the root. */
    record Issued(KeyPair keys, X509Certificate certificate, List<X509Certificate> chain) {
        PrivateKey key() {
            return keys.getPrivate();
        }

        X509Certificate[] fullChain() {
            List<X509Certificate> all = new ArrayList<>();
            all.add(certificate);
            all.addAll(chain);
            return all.toArray(X509Certificate[]::new);
        }
    }

    private TestPki() {
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static Issued ca(String name) throws Exception {
        KeyPair keys = ec();
        X509Certificate certificate = build("CN=" + name, keys, "CN=" + name, keys.getPrivate(), List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)), true, false);
        return new Issued(keys, certificate, List.of());
    }

    /** A server certificate for {@code names}, valid from yesterday for a year. */
    static Issued server(Issued issuer, KeyPair keys, String... names) throws Exception {
        return server(issuer, keys, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), names);
    }

    static Issued server(Issued issuer, KeyPair keys, Instant notBefore, Instant notAfter, String... names) throws Exception {
        X509Certificate certificate = build("CN=" + names[0], keys, issuer.certificate().getSubjectX500Principal().getName(),
                issuer.key(), List.of(names), notBefore, notAfter, false, false);
        return new Issued(keys, certificate, List.of(issuer.certificate()));
    }

    static Issued client(Issued issuer, String name) throws Exception {
        KeyPair keys = ec();
        X509Certificate certificate = build("CN=" + name, keys, issuer.certificate().getSubjectX500Principal().getName(),
                issuer.key(), List.of(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), false, true);
        return new Issued(keys, certificate, List.of(issuer.certificate()));
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey issuerKey, List<String> dnsNames,
            Instant notBefore, Instant notAfter, boolean ca, boolean client) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(client ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
        }
        if (!dnsNames.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        }
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    static Path writeCertificates(Path file, X509Certificate... certificates) throws IOException {
        try (JcaPEMWriter pem = writer(file)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        return file;
    }

    /** PKCS#8, {@code BEGIN PRIVATE KEY}. */
    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        try (JcaPEMWriter pem = writer(file)) {
            pem.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        }
        return file;
    }

    /**
     * OpenSSL's traditional form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE
     * KEY} (SEC1, with the curve and public key inside, as {@code openssl ecparam -genkey} writes it).
     */
    static Path writeTraditional(Path file, KeyPair keys) throws IOException {
        try (JcaPEMWriter pem = writer(file)) {
            pem.writeObject(new MiscPEMGenerator(traditional(keys)));
        }
        return file;
    }

    /** The JDK encodes EC keys without the curve inside; OpenSSL's SEC1 files carry it. */
    private static PrivateKeyInfo traditional(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        if (keys.getPrivate() instanceof ECPrivateKey ec) {
            DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
            return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(),
                    new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), publicKey, SECObjectIdentifiers.secp256r1));
        }
        return info;
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY}: PKCS#8 with PBES2 / AES-256-CBC, as openssl 3 writes it. */
    static Path writeEncryptedPkcs8(Path file, PrivateKey key, String password) throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(BC)
                .setPassword(password.toCharArray()).build();
        try (JcaPEMWriter pem = writer(file)) {
            pem.writeObject(new JcaPKCS8Generator(key, encryptor));
        }
        return file;
    }

    /** Traditional form with {@code Proc-Type: 4,ENCRYPTED}. */
    static Path writeEncryptedTraditional(Path file, KeyPair keys, String password) throws IOException {
        try (JcaPEMWriter pem = writer(file)) {
            pem.writeObject(new MiscPEMGenerator(traditional(keys),
                    new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password.toCharArray())));
        }
        return file;
    }

    static Path writeKeyStore(Path file, String type, String password, java.util.Map<String, Issued> entries) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        for (var entry : entries.entrySet()) {
            store.setKeyEntry(entry.getKey(), entry.getValue().key(), password.toCharArray(), entry.getValue().fullChain());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static JcaPEMWriter writer(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        return new JcaPEMWriter(out);
    }
}
