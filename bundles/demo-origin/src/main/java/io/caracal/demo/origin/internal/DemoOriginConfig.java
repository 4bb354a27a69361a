package io.caracal.demo.origin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of the demo origins (PID {@code io.caracal.demo.origin}). */
@ObjectClassDefinition(name = "Caracal demo origins", description = "Small HTTP servers that answer "
        + "JSON naming themselves and echoing the request, so a fresh install shows load balancing.")
public @interface DemoOriginConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Bind address")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Ports", description = "One origin per port, named demo-1, demo-2 … in order.")
    int[] ports() default {9001, 9002};
}
