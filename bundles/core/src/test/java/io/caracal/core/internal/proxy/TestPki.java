package io.caracal.core.internal.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI for tests, with the JDK only: EC P-256 keys and X.509 v3 certificates written
 * as DER by hand (basic constraints and subject alternative names; nothing else is needed for the
 * JDK's PKIX validation and host name checks).
 */
public final class TestPki {

    private static final char[] PASSWORD = "test".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A key and its certificate chain (leaf first). */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** An SSLContext that presents this identity and trusts {@code trusted} (null: system CAs). */
        public SSLContext sslContext(List<X509Certificate> trusted) throws GeneralSecurityException, IOException {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", key, PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trusted == null ? null : trustManagers(trusted).getTrustManagers(), null);
            return context;
        }
    }

    /** A CA that issues certificates. */
    public record Authority(String name, KeyPair keys, X509Certificate certificate) {

        /** A leaf certificate for {@code subject} with these DNS names and IP addresses as SANs. */
        public Identity issue(String subject, List<String> dnsNames, List<String> ipAddresses) {
            return issue(subject, dnsNames, ipAddresses, Instant.now().minus(1, ChronoUnit.HOURS),
                    Instant.now().plus(1, ChronoUnit.DAYS));
        }

        public Identity issue(String subject, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
                Instant notAfter) {
            KeyPair leaf = newKeyPair();
            List<byte[]> names = new ArrayList<>();
            dnsNames.forEach(dns -> names.add(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))));
            for (String ip : ipAddresses) {
                try {
                    names.add(tlv(0x87, InetAddress.getByName(ip).getAddress()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            List<byte[]> extensions = new ArrayList<>();
            extensions.add(extension("2.5.29.19", false, seq()));
            if (!names.isEmpty()) {
                extensions.add(extension("2.5.29.17", false, seq(names.toArray(byte[][]::new))));
            }
            X509Certificate certificate = sign(name, keys.getPrivate(), subject, leaf, notBefore, notAfter, extensions);
            return new Identity(leaf.getPrivate(), List.of(certificate, this.certificate));
        }
    }

    public static Authority authority(String name) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = sign(name, keys.getPrivate(), name, keys,
                Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(1, ChronoUnit.DAYS),
                List.of(extension("2.5.29.19", true, seq(tlv(0x01, new byte[] {(byte) 0xff})))));
        return new Authority(name, keys, certificate);
    }

    public static String pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    public static Path writePem(Path directory, String fileName, List<X509Certificate> certificates) throws IOException {
        return Files.writeString(directory.resolve(fileName), pem(certificates));
    }

    public static TrustManagerFactory trustManagers(List<X509Certificate> trusted) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(String issuer, PrivateKey issuerKey, String subject, KeyPair subjectKeys,
            Instant notBefore, Instant notAfter, List<byte[]> extensions) {
        byte[] ecdsaWithSha256 = seq(oid("1.2.840.10045.4.3.2"));
        byte[] tbs = seq(
                tlv(0xa0, integer(BigInteger.TWO)), // version: v3
                integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)),
                ecdsaWithSha256,
                name(issuer),
                seq(time(notBefore), time(notAfter)),
                name(subject),
                subjectKeys.getPublic().getEncoded(),
                tlv(0xa3, seq(extensions.toArray(byte[][]::new))));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(issuerKey);
            signature.update(tbs);
            byte[] der = seq(tbs, ecdsaWithSha256, bitString(signature.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- DER ---

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(String id, boolean critical, byte[] value) {
        return critical ? seq(oid(id), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value))
                : seq(oid(id), tlv(0x04, value));
    }

    private static byte[] time(Instant instant) {
        String text = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
        return tlv(0x17, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
