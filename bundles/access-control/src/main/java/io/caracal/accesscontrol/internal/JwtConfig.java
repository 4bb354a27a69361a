package io.caracal.accesscontrol.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a jwt filter (factory PID {@code io.caracal.filter.jwt}). */
@ObjectClassDefinition(name = "Caracal filter: JWT bearer tokens", description = "Accepts requests that carry "
        + "a valid signed JWT (Authorization: Bearer …), checked against local key files. Routes list it by "
        + "name in 'filters'. Paths are relative to the installation directory, or start with ${caracal.home}.")
public @interface JwtConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; routes list it in 'filters' "
            + "(service property caracal.filter). Also the realm of the Bearer challenge.")
    String name();

    @AttributeDefinition(name = "HMAC secret file", required = false, description = "File whose exact bytes "
            + "are the HMAC secret (HS256; HS384 from 48 bytes, HS512 from 64). At least 32 bytes.")
    String secret_file();

    @AttributeDefinition(name = "Public key file (PEM)", required = false, description = "RSA (2048 bits or "
            + "more) or EC (P-256, P-384, P-521) public key, or an X.509 certificate holding one.")
    String public_key_file();

    @AttributeDefinition(name = "JWKS file", required = false, description = "A local JSON Web Key Set; "
            + "a token's kid picks the key. Encryption keys and unsupported key types are ignored.")
    String jwks_file();

    @AttributeDefinition(name = "Algorithms", required = false, description = "Accepted signature algorithms, "
            + "e.g. RS256, ES256. Empty: every algorithm the configured keys fit. 'none' is never accepted.")
    String[] algorithms() default {};

    @AttributeDefinition(name = "Issuer", required = false, description = "When set, the token's iss must be exactly this.")
    String issuer();

    @AttributeDefinition(name = "Audience", required = false, description = "When set, the token's aud must "
            + "contain one of these.")
    String[] audience() default {};

    @AttributeDefinition(name = "Clock skew (s)", min = "0", max = "3600", description = "Tolerance for exp and nbf.")
    int clock_skew_s() default JwtFilter.DEFAULT_CLOCK_SKEW_S;

    @AttributeDefinition(name = "Require exp", description = "Refuse tokens without an expiry (exp).")
    boolean require_exp() default true;

    @AttributeDefinition(name = "Required claims", required = false, description = "Claims a token must have, e.g. sub.")
    String[] required_claims() default {};

    @AttributeDefinition(name = "Claims as headers", required = false, description = "claim=Header-Name pairs: "
            + "send these claims upstream, e.g. sub=X-User. Client-sent copies of those headers are always removed, "
            + "also under the name with '_' for '-' (X_User), which CGI-style upstreams cannot tell apart.")
    String[] claims_headers() default {};

    @AttributeDefinition(name = "Token header", description = "Header that carries the token. In Authorization "
            + "it must follow the Bearer scheme; any other header holds the bare token.")
    String token_header() default JwtFilter.DEFAULT_TOKEN_HEADER;

    @AttributeDefinition(name = "Reload check interval (ms)", min = "0", description = "How often the key files "
            + "are checked for changes; 0 turns reloading off. If a changed file no longer loads, the last good "
            + "version keeps serving and the error is logged with file and key.")
    long reload_interval_ms() default FilterKeeper.DEFAULT_RELOAD_INTERVAL_MS;

    String webconsole_configurationFactory_nameHint() default "JWT {name}";
}
