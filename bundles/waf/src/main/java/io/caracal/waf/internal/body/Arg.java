package io.caracal.waf.internal.body;

import java.util.Objects;

/**
 * One name/value pair as ModSecurity exposes it (ARGS_GET, ARGS_POST, REQUEST_COOKIES,
 * MULTIPART_PART_HEADERS, ...). Both parts are byte strings: each char holds one byte (0-255).
 */
public record Arg(String name, String value) {
    public Arg {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
