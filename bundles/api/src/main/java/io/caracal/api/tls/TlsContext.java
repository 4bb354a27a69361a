package io.caracal.api.tls;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named TLS setup, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY}. Listeners use it to terminate TLS, clusters to talk TLS to upstreams.
 * A provider that reloads certificates registers a new {@link SSLContext} by returning it from
 * {@link #sslContext()}: callers read it for each new connection, never cache it.
 */
@ConsumerType
public interface TlsContext {

    /** The service property that names a TLS context. */
    String NAME_PROPERTY = "caracal.tls.context";

    /** What a server-side context asks of client certificates. */
    enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    /** The current SSL context, with key and trust managers set up. */
    SSLContext sslContext();

    /** Enabled protocol versions, strongest first, for example {@code TLSv1.3, TLSv1.2}. */
    List<String> protocols();

    /** Enabled cipher suites, in preference order; empty means the JDK's defaults for {@link #protocols()}. */
    List<String> cipherSuites();

    /** Client-certificate policy when used on a listener. */
    ClientAuth clientAuth();
}
