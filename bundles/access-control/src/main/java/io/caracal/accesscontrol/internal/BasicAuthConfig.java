package io.caracal.accesscontrol.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a basic-auth filter (factory PID {@code io.caracal.filter.basicauth}). */
@ObjectClassDefinition(name = "Caracal filter: HTTP Basic authentication", description = "Asks for a user "
        + "name and password (401 with a Basic challenge) and checks them against an htpasswd file of "
        + "bcrypt hashes. Routes list it by name in 'filters'. Use it over HTTPS only.")
public @interface BasicAuthConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; routes list it in 'filters' "
            + "(service property caracal.filter). Letters, digits, '.', '_' and '-'.")
    String name();

    @AttributeDefinition(name = "Realm", description = "The realm named in the challenge; browsers show it.")
    String realm() default BasicAuthFilter.DEFAULT_REALM;

    @AttributeDefinition(name = "Users file", description = "htpasswd file with 'user:hash' lines and "
            + "'#' comments; bcrypt hashes only ($2a$, $2b$, $2y$: 'htpasswd -B -C 12 file user'). "
            + "Relative to the installation directory, or starting with ${caracal.home}.")
    String users_file();

    @AttributeDefinition(name = "User header", required = false, description = "Header that carries the "
            + "authenticated user name upstream; a value the client sent is replaced, also under the name with "
            + "'_' for '-' (X_User for X-User), which CGI-style upstreams cannot tell apart. Empty for none.")
    String user_header() default BasicAuthFilter.DEFAULT_USER_HEADER;

    @AttributeDefinition(name = "Strip credentials", description = "Remove the Authorization header before "
            + "the request goes upstream.")
    boolean strip_credentials() default true;

    @AttributeDefinition(name = "Reload check interval (ms)", min = "0", description = "How often the users "
            + "file is checked for changes; 0 turns reloading off. If a changed file no longer loads, the last good "
            + "version keeps serving and the error is logged with file and key.")
    long reload_interval_ms() default FilterKeeper.DEFAULT_RELOAD_INTERVAL_MS;

    String webconsole_configurationFactory_nameHint() default "Basic auth {name}";
}
