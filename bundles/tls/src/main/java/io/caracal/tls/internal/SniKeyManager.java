package io.caracal.tls.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate by the server name the client asked for (SNI): an exact name first, then a
 * wildcard; without a name, or for a name no certificate has, the default certificate. The JDK asks
 * once per key type the client can take (EC, RSA …), so a name may have an EC and an RSA
 * certificate and each client gets the one it supports.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final List<Credential> credentials;
    private final Credential defaultCredential;
    private final Map<String, Credential> byAlias;

    SniKeyManager(KeyMaterial material) {
        this.credentials = material.credentials();
        this.defaultCredential = material.defaultCredential();
        this.byAlias = credentials.stream().collect(Collectors.toUnmodifiableMap(Credential::alias, Function.identity()));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : requestedName(engine.getHandshakeSession()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? requestedName(ssl.getHandshakeSession()) : null);
    }

    /** The alias to serve for {@code keyType} to a client that asked for {@code serverName} (may be null). */
    String choose(String keyType, String serverName) {
        String type = baseKeyType(keyType);
        if (serverName != null) {
            List<Credential> named = credentials.stream().filter(c -> c.servesExactly(serverName)).toList();
            if (named.isEmpty()) {
                named = credentials.stream().filter(c -> c.servesByWildcard(serverName)).toList();
            }
            if (!named.isEmpty()) {
                // Another key type may still match when the JDK asks for it: never fall back past a name match.
                return named.stream().filter(c -> c.keyType().equals(type)).map(Credential::alias).findFirst().orElse(null);
            }
        }
        if (defaultCredential.keyType().equals(type)) {
            return defaultCredential.alias();
        }
        // The default's twin of another key type (same names), for clients that cannot take the default's.
        return credentials.stream().filter(c -> c.keyType().equals(type) && c.names().equals(defaultCredential.names()))
                .map(Credential::alias).findFirst().orElse(null);
    }

    private static String requestedName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    /** TLS 1.2 may ask for "EC_EC" or "EC_RSA" (key type, then the issuer's): the key type is what counts. */
    private static String baseKeyType(String keyType) {
        int underscore = keyType.indexOf('_');
        return underscore < 0 ? keyType : keyType.substring(0, underscore);
    }

    // Client side (upstream TLS): present the default certificate, or any of a type the server takes.

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseClient(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClient(keyTypes);
    }

    private String chooseClient(String[] keyTypes) {
        List<String> types = Arrays.stream(keyTypes).map(SniKeyManager::baseKeyType).toList();
        if (types.contains(defaultCredential.keyType())) {
            return defaultCredential.alias();
        }
        return credentials.stream().filter(c -> types.contains(c.keyType())).map(Credential::alias).findFirst().orElse(null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    private String[] aliases(String keyType) {
        String type = baseKeyType(keyType);
        String[] aliases = credentials.stream().filter(c -> c.keyType().equals(type)).map(Credential::alias).toArray(String[]::new);
        return aliases.length == 0 ? null : aliases;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Credential credential = alias == null ? null : byAlias.get(alias);
        return credential == null ? null : credential.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Credential credential = alias == null ? null : byAlias.get(alias);
        return credential == null ? null : credential.key();
    }
}
