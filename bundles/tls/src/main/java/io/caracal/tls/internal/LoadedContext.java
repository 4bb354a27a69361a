package io.caracal.tls.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import io.caracal.api.config.ConfigException;
import io.caracal.api.tls.TlsContext.ClientAuth;

/** One built generation of a context: what {@link ManagedTlsContext} serves until the next reload. */
record LoadedContext(SSLContext sslContext, List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth,
        KeyMaterial material, int trustedCas) {

    /** Reads the files of {@code spec} and builds a context, or throws naming the file and key at fault. */
    static LoadedContext load(TlsContextSpec spec, Instant now) {
        KeyMaterial material = KeyMaterial.load(spec, now);
        List<X509Certificate> cas = spec.trustCaPath() == null ? List.of() : trustedCas(spec);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] { new SniKeyManager(material) }, cas.isEmpty() ? null : trustManagers(cas), null);
            return new LoadedContext(new ConfiguredSslContext(context, spec.protocols(), spec.cipherSuites(), spec.clientAuth()),
                    spec.protocols(), spec.cipherSuites(), spec.clientAuth(), material, cas.size());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot set up TLS for " + spec + ": " + e, e);
        }
    }

    private static List<X509Certificate> trustedCas(TlsContextSpec spec) {
        try {
            return PemReader.certificates(spec.trustCaPath());
        } catch (IOException e) {
            throw new ConfigException(spec.source(), "trust.ca.path", e.getMessage());
        }
    }

    /** PKIX validation against exactly these CAs (not the JVM's cacerts). */
    private static TrustManager[] trustManagers(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }
}
