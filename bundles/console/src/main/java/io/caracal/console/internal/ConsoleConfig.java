package io.caracal.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of the management plane (PID {@code io.caracal.console}). */
@ObjectClassDefinition(name = "Caracal management console", description = "The admin REST API (/api/v1), "
        + "Prometheus metrics (/metrics), health checks (/health) and the Caracal page of the web console, "
        + "all on the admin port.")
public @interface ConsoleConfig {

    String PID = "io.caracal.console";

    @AttributeDefinition(name = "Protect /metrics", description = "Require the web console's credentials "
            + "(HTTP Basic) for /metrics too. Off by default: the admin port listens on loopback only, and "
            + "Prometheus scrapes without credentials by convention.")
    boolean metrics_auth() default false;

    @AttributeDefinition(name = "Refresh interval (ms)", min = "500", max = "60000", description = "How often "
            + "the Caracal page of the web console polls for fresh numbers.")
    int refresh_interval_ms() default 2000;
}
