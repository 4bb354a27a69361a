package io.caracal.accesscontrol.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of an ip-access filter (factory PID {@code io.caracal.filter.ipaccess}). */
@ObjectClassDefinition(name = "Caracal filter: IP access", description = "Allows or refuses requests by "
        + "client address (IPv4 and IPv6 addresses and CIDR blocks). Routes list it by name in 'filters'. "
        + "The client address is the one the listener resolved (X-Forwarded-For from trusted proxies).")
public @interface IpAccessConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; routes list it in 'filters' "
            + "(service property caracal.filter). Letters, digits, '.', '_' and '-'.")
    String name();

    @AttributeDefinition(name = "Allow", required = false, description = "Addresses and CIDR blocks, e.g. "
            + "10.0.0.0/8, 2001:db8::/32, 192.0.2.7. When set, clients matching none of them get 403.")
    String[] allow() default {};

    @AttributeDefinition(name = "Deny", required = false, description = "Addresses and CIDR blocks refused "
            + "with 403, even when they are also allowed.")
    String[] deny() default {};

    String webconsole_configurationFactory_nameHint() default "IP access {name}";
}
