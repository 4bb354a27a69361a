package io.caracal.ratelimit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of a rate limit filter (factory PID {@code io.caracal.filter.ratelimit}). */
@ObjectClassDefinition(name = "Caracal rate limit filter", description = "A token-bucket rate limit that "
        + "routes list by name (filters = <name>). Each request takes one token from the bucket of its key; "
        + "without a token it gets 429 Too Many Requests with Retry-After.")
public @interface RateLimitConfig {

    @AttributeDefinition(name = "Name", description = "Unique name; routes list it in 'filters' "
            + "(service property caracal.filter).")
    String name();

    @AttributeDefinition(name = "Requests", min = "1", description = "Tokens added to each bucket per "
            + "period, smoothly: 100 per 60 s is one token every 0.6 s.")
    int requests();

    @AttributeDefinition(name = "Period (s)", min = "1", max = "86400", description = "The period of "
            + "'requests', in seconds.")
    int period_s() default 1;

    @AttributeDefinition(name = "Burst", min = "1", required = false, description = "Capacity of a bucket: "
            + "the most requests a client can make at once after being idle. Default: requests.")
    int burst();

    @AttributeDefinition(name = "Key", description = "What a bucket belongs to: 'ip' (the client address, "
            + "as resolved through trusted proxies), 'header:<Name>', 'claim:<name>' (a claim of the identity "
            + "an authentication filter verified), 'route' (one bucket for the whole route) or 'ip+route'. "
            + "Requests without the header or claim are not limited.")
    String key() default "ip";

    @AttributeDefinition(name = "Maximum keys", min = "1", description = "Buckets kept at most. An idle "
            + "bucket is dropped once it would have refilled anyway; past this number the least useful "
            + "buckets go, which lets their clients start afresh.")
    int max_keys() default 100000;

    @AttributeDefinition(name = "Headers on allowed responses", description = "Add RateLimit-Limit, "
            + "RateLimit-Remaining and RateLimit-Reset to responses of admitted requests too "
            + "(429 responses always carry them).")
    boolean headers() default true;

    String webconsole_configurationFactory_nameHint() default "Rate limit {name}";
}
