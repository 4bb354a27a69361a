package io.caracal.tls.internal;

import java.security.GeneralSecurityException;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.caracal.api.config.ConfigReader;

/**
 * Which protocol versions and cipher suites a context enables: modern defaults, old versions only
 * on request, and never a suite this JVM cannot run.
 */
final class ProtocolPolicy {

    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Strongest first; TLSv1.1 and TLSv1 are deprecated (RFC 8996) but may be listed explicitly. */
    private static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    /** Mozilla's "intermediate" order: TLS 1.3 suites, then ECDHE with AEAD ciphers for TLS 1.2. */
    static final List<String> MODERN_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** TLS 1.0/1.1 have no AEAD suites: added to the default only when one of them is listed. */
    private static final List<String> LEGACY_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");

    private ProtocolPolicy() {
    }

    /** The {@code protocols} key, validated and ordered strongest first. */
    static List<String> protocols(ConfigReader config, List<String> warnings) {
        List<String> listed = config.strings("protocols");
        if (listed.isEmpty()) {
            return DEFAULT_PROTOCOLS;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : listed) {
            String canonical = canonicalProtocol(name);
            if (canonical == null) {
                if (name.toUpperCase(Locale.ROOT).startsWith("SSL")) {
                    throw config.error("protocols", name + " is insecure and cannot be enabled");
                }
                throw config.error("protocols", "'" + name + "' is not a TLS version; use TLSv1.3 and/or TLSv1.2");
            }
            if (!Jvm.PROTOCOLS.contains(canonical)) {
                throw config.error("protocols", canonical + " is not supported by this JVM");
            }
            chosen.add(canonical);
        }
        List<String> ordered = new ArrayList<>(KNOWN_PROTOCOLS);
        ordered.retainAll(chosen);
        for (String old : List.of("TLSv1.1", "TLSv1")) {
            if (ordered.contains(old)) {
                warnings.add("protocols: " + old + " is deprecated (RFC 8996)"
                        + (Jvm.disabled(old) ? " and disabled in this JVM's jdk.tls.disabledAlgorithms, so it will not be negotiated" : ""));
            }
        }
        return List.copyOf(ordered);
    }

    /** The {@code cipher.suites} key, or the modern default, restricted to what this JVM supports. */
    static List<String> cipherSuites(ConfigReader config, List<String> protocols, List<String> warnings) {
        List<String> listed = config.strings("cipher.suites");
        List<String> suites = new ArrayList<>();
        if (listed.isEmpty()) {
            List<String> wanted = new ArrayList<>(MODERN_SUITES);
            if (protocols.contains("TLSv1.1") || protocols.contains("TLSv1")) {
                wanted.addAll(LEGACY_SUITES);
            }
            wanted.stream().filter(Jvm.SUITES::contains).forEach(suites::add);
        } else {
            for (String name : new LinkedHashSet<>(listed)) {
                if (Jvm.SUITES.contains(name)) {
                    suites.add(name);
                } else {
                    warnings.add("cipher.suites: " + name + " is not supported by this JVM and is left out");
                }
            }
            if (suites.isEmpty()) {
                throw config.error("cipher.suites", "none of " + listed + " is supported by this JVM");
            }
        }
        if (protocols.contains("TLSv1.3") && suites.stream().noneMatch(ProtocolPolicy::isTls13Suite)) {
            warnings.add("cipher.suites: no TLS 1.3 suite listed, so TLSv1.3 will not be negotiated");
        }
        if (protocols.stream().anyMatch(p -> !p.equals("TLSv1.3")) && suites.stream().allMatch(ProtocolPolicy::isTls13Suite)) {
            warnings.add("cipher.suites: only TLS 1.3 suites listed, so older versions will not be negotiated");
        }
        return List.copyOf(suites);
    }

    private static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }

    private static String canonicalProtocol(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "tlsv1.3", "tls1.3" -> "TLSv1.3";
            case "tlsv1.2", "tls1.2" -> "TLSv1.2";
            case "tlsv1.1", "tls1.1" -> "TLSv1.1";
            case "tlsv1", "tlsv1.0", "tls1.0", "tls1" -> "TLSv1";
            default -> null;
        };
    }

    /** What the JVM's TLS implementation can do, read once. */
    private static final class Jvm {
        static final Set<String> PROTOCOLS;
        static final Set<String> SUITES;

        static {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, null, null);
                SSLParameters supported = context.getSupportedSSLParameters();
                PROTOCOLS = Set.copyOf(Arrays.asList(supported.getProtocols()));
                SUITES = Set.copyOf(Arrays.asList(supported.getCipherSuites()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This JVM has no TLS implementation", e);
            }
        }

        static boolean disabled(String protocol) {
            String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
            return disabled != null && Arrays.stream(disabled.split(",")).map(String::trim).anyMatch(protocol::equals);
        }
    }
}
