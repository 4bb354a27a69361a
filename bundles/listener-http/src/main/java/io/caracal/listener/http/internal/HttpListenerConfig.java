package io.caracal.listener.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Metatype of an HTTP listener (factory PID {@code io.caracal.listener.http}). */
@ObjectClassDefinition(name = "Caracal HTTP listener", description = "A port that accepts HTTP/1.1 "
        + "and cleartext HTTP/2 and hands requests to the proxy.")
public @interface HttpListenerConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the listener.")
    String name();

    @AttributeDefinition(name = "Bind address", description = "0.0.0.0 for all IPv4 interfaces, :: for all.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Port", min = "0", max = "65535")
    int port() default 8080;

    @AttributeDefinition(name = "Cleartext HTTP/2 (h2c)", description = "Accept HTTP/2 without TLS, "
            + "by prior knowledge or Upgrade.")
    boolean h2c() default true;

    @AttributeDefinition(name = "Max header size (bytes)", description = "Larger request headers get 431.", min = "1024")
    int max_header_size() default 16384;

    @AttributeDefinition(name = "Max body size (bytes)", description = "Larger request bodies get 413; -1 for no limit.", min = "-1")
    long max_body_size() default -1;

    @AttributeDefinition(name = "Idle timeout (ms)", min = "1")
    long idle_timeout_ms() default 30000;

    @AttributeDefinition(name = "Max connections", description = "Open client connections at most; "
            + "more wait in the accept queue.", min = "1")
    int max_connections() default 10000;

    @AttributeDefinition(name = "Max threads", min = "8")
    int max_threads() default 200;

    @AttributeDefinition(name = "Stop timeout (ms)", description = "How long a stop waits for in-flight requests.", min = "0")
    long stop_timeout_ms() default 30000;

    @AttributeDefinition(name = "TLS context", description = "Name of a TLS context "
            + "(caracal.tls.context): makes this an HTTPS listener with HTTP/2 and HTTP/1.1 over ALPN.", required = false)
    String tls_context();

    @AttributeDefinition(name = "Redirect to HTTPS port", description = "When set, every request gets a "
            + "308 redirect to the same URL over HTTPS on this port; 0 for none.", min = "0", max = "65535")
    int redirect_https_port() default 0;

    @AttributeDefinition(name = "HSTS max-age (s)", description = "On an HTTPS listener, sends "
            + "Strict-Transport-Security with this max-age; 0 for none.", min = "0")
    long hsts_max_age() default 0;

    @AttributeDefinition(name = "HSTS includeSubDomains")
    boolean hsts_include_subdomains() default false;

    @AttributeDefinition(name = "Client certificate header", description = "Header that carries the "
            + "verified client certificate's subject to upstreams (any value the client sends is "
            + "removed); empty for none.", required = false)
    String client_cert_header();

    @AttributeDefinition(name = "Trusted proxies", description = "IP addresses and CIDR blocks, IPv4 or "
            + "IPv6 (for example 10.0.0.0/8, 2001:db8::/32), of proxies in front of this listener. For requests "
            + "from them the client address is taken from X-Forwarded-For: the rightmost address that is not "
            + "itself a trusted proxy. Empty: X-Forwarded-For is never believed.", required = false)
    String[] trusted_proxies();

    @AttributeDefinition(name = "Max connections per IP", description = "Open connections one client IP "
            + "may have; further ones are closed right after accept. 0 for no limit.", min = "0")
    int max_connections_per_ip() default 0;

    @AttributeDefinition(name = "Requests per second per connection", description = "A connection that "
            + "sends more gets 429 with Retry-After (on HTTP/1 the connection is then closed). 0 for no limit.",
            min = "0")
    int connection_request_rate() default 0;

    @AttributeDefinition(name = "Request burst per connection", description = "Requests a connection may "
            + "send at once before the rate applies; 0 for the same as the rate.", min = "0")
    int connection_request_burst() default 0;

    @AttributeDefinition(name = "Request header timeout (ms)", description = "Time a client has to send a "
            + "complete request header, from the accept (first request) or from its first byte after the "
            + "previous response (keep-alive); exceeded: 408 and close. 0 for no limit.", min = "0")
    long request_header_timeout_ms() default 10000;

    @AttributeDefinition(name = "Request body timeout (ms)", description = "Longest wait for the next piece "
            + "of a request body; exceeded: 408 and close. 0 for no limit.", min = "0")
    long request_body_timeout_ms() default 60000;

    @AttributeDefinition(name = "Access log", description = "What is written for each request: combined "
            + "(NCSA combined, as Apache httpd and nginx write it, with the client address resolved from "
            + "trusted proxies), json (one JSON object per line, with the route, cluster and upstream that "
            + "served the request) or off. Lines are written by a background thread; when the disk cannot "
            + "keep up, lines are dropped and counted rather than slowing requests.",
            options = {@Option(label = "NCSA combined", value = "combined"), @Option(label = "JSON lines", value = "json"),
                    @Option(label = "Off", value = "off")})
    String access_log() default "combined";

    @AttributeDefinition(name = "Access log file", description = "Relative to the installation directory, or "
            + "starting with ${caracal.home}; empty for logs/access-<name>.log. A new file is started every day at "
            + "midnight UTC, with the date in its name (access-<name>.2025_06_01.log; put yyyy_mm_dd in the name to "
            + "place it yourself). A file that cannot be written is logged as an error and the listener serves "
            + "without an access log.", required = false)
    String access_log_path();

    @AttributeDefinition(name = "Access log retention (days)", description = "Daily files older than this are "
            + "deleted at each day's rollover; 0 keeps them forever.", min = "0", max = "3650")
    int access_log_retain_days() default 14;

    @AttributeDefinition(name = "Health check path", description = "A GET or HEAD of exactly this path (for "
            + "example /healthz) is answered by the listener itself, before routing: 200 ok while the proxy core "
            + "is running, 503 with a reason while it is not or while the listener shuts down; never cached, not "
            + "written to the access log. Empty: off, the path is routed like any other.", required = false)
    String health_path();

    String webconsole_configurationFactory_nameHint() default "Listener {name}: {host}:{port}";
}
