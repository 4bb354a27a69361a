package io.caracal.listener.http.internal;

import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

import io.caracal.api.tls.TlsContext;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server-side TLS factory fed by a named {@link TlsContext}: each new connection asks the
 * context for its current SSLContext, so a reloaded certificate serves new connections at once
 * while established ones keep theirs.
 */
final class CurrentTlsContextFactory extends SslContextFactory.Server {

    private final Supplier<TlsContext> context;

    CurrentTlsContextFactory(TlsContext initial, Supplier<TlsContext> context) {
        this.context = context;
        setSslContext(initial.sslContext());
        setIncludeProtocols(initial.protocols().toArray(String[]::new));
        if (!initial.cipherSuites().isEmpty()) {
            setIncludeCipherSuites(initial.cipherSuites().toArray(String[]::new));
        }
        setNeedClientAuth(initial.clientAuth() == TlsContext.ClientAuth.REQUIRED);
        setWantClientAuth(initial.clientAuth() == TlsContext.ClientAuth.OPTIONAL);
        // The context's own key manager picks the certificate by SNI.
        setSniRequired(false);
    }

    @Override
    public SSLEngine newSSLEngine(String host, int port) {
        TlsContext current = context.get();
        if (current == null) {
            return super.newSSLEngine(host, port); // the context left: finish with the last one seen
        }
        SSLEngine engine = current.sslContext().createSSLEngine(host, port);
        customize(engine);
        return engine;
    }
}
