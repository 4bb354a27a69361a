package io.caracal.tls.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Metatype of a TLS context (factory PID {@code io.caracal.tls.context}). */
@ObjectClassDefinition(name = "Caracal TLS context", description = "A named TLS setup (certificates, "
        + "protocols, client certificates) that listeners and clusters refer to by name. Paths may be "
        + "relative to the installation directory or start with ${caracal.home}.")
public @interface TlsContextConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; listeners and clusters refer to it "
            + "(service property caracal.tls.context).")
    String name();

    @AttributeDefinition(name = "Certificates (PEM)", required = false, description = "One or more "
            + "'<cert.pem> <key.pem>' pairs. The certificate file may hold the chain after the "
            + "certificate; the key may be PKCS#8, PKCS#1 RSA or SEC1 EC. Quote paths that contain "
            + "spaces. Use either this or a keystore.")
    String[] certificates() default {};

    @AttributeDefinition(name = "Key password", required = false, type = AttributeType.PASSWORD,
            description = "Password of encrypted PEM keys, or of keystore keys when it differs from the keystore password.")
    String key_password();

    @AttributeDefinition(name = "Keystore", required = false, description = "Path of a keystore; every "
            + "key entry is a certificate this context can serve. Use either this or certificates.")
    String keystore_path();

    @AttributeDefinition(name = "Keystore password", required = false,
            type = AttributeType.PASSWORD)
    String keystore_password();

    @AttributeDefinition(name = "Keystore type", options = {
            @Option(label = "PKCS12", value = "PKCS12"), @Option(label = "JKS", value = "JKS") })
    String keystore_type() default "PKCS12";

    @AttributeDefinition(name = "Default certificate", required = false, description = "Alias of the "
            + "certificate served when the client sends no server name or one no certificate matches: "
            + "the keystore alias, or the certificate file's name. Default: the first certificate.")
    String default_alias();

    @AttributeDefinition(name = "Protocols", description = "TLS versions to enable. TLSv1.1 and TLSv1 "
            + "only when listed; SSLv3 is refused.")
    String[] protocols() default { "TLSv1.3", "TLSv1.2" };

    @AttributeDefinition(name = "Cipher suites", required = false, description = "In preference order; "
            + "empty for a modern default (TLS 1.3 suites, ECDHE with AES-GCM or ChaCha20-Poly1305).")
    String[] cipher_suites() default {};

    @AttributeDefinition(name = "Client certificates", options = {
            @Option(label = "none", value = "none"), @Option(label = "optional", value = "optional"),
            @Option(label = "required", value = "required") },
            description = "optional and required need the CA bundle below.")
    String client_auth() default "none";

    @AttributeDefinition(name = "Trusted CAs (PEM)", required = false, description = "PEM bundle of CA "
            + "certificates that client certificates must chain to; on the upstream side, the CAs "
            + "trusted instead of the JVM's.")
    String trust_ca_path();

    @AttributeDefinition(name = "Self-signed on first start", description = "With one certificates pair "
            + "whose files are both missing: generate a key and a self-signed certificate for localhost there.")
    boolean self_signed() default false;

    @AttributeDefinition(name = "Reload check interval (ms)", description = "How often the certificate, "
            + "key and CA files are checked for changes; 0 turns reloading off.", min = "0")
    long reload_interval_ms() default 2000;

    String webconsole_configurationFactory_nameHint() default "TLS context {name}";
}
