package io.caracal.tls.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The host names a certificate serves, and RFC 6125 matching of a requested name against them. */
final class HostNames {

    private static final int SAN_DNS = 2;

    private HostNames() {
    }

    /** The certificate's DNS subject alternative names, or its common name(s) when it has none. */
    static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(SAN_DNS).equals(san.get(0))) {
                        names.add(normalize(san.get(1).toString()));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unparsable SAN extension: fall back to the common name like a certificate without one.
        }
        if (names.isEmpty()) {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                names.add(normalize(IETFUtils.valueToString(rdn.getFirst().getValue())));
            }
        }
        return List.copyOf(names);
    }

    /**
     * Whether {@code host} is {@code pattern}, or matches the wildcard {@code *.example.com}, which
     * stands for exactly one leftmost label ({@code a.example.com}, not {@code example.com} nor
     * {@code a.b.example.com}).
     */
    static boolean matches(String pattern, String host) {
        String name = normalize(host);
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(name);
    }

    static boolean isWildcard(String pattern) {
        return pattern.startsWith("*.");
    }

    /** Lower case, without a trailing dot (an absolute DNS name). */
    static String normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
