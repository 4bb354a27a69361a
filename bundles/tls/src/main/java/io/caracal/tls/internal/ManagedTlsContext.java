package io.caracal.tls.internal;

import java.util.List;

import javax.net.ssl.SSLContext;

import io.caracal.api.tls.TlsContext;

/**
 * The registered service. A reload swaps the generation it serves; callers read
 * {@link #sslContext()} per new connection, so connections already open are untouched.
 */
final class ManagedTlsContext implements TlsContext {

    private volatile LoadedContext current;

    ManagedTlsContext(LoadedContext initial) {
        this.current = initial;
    }

    void swap(LoadedContext next) {
        current = next;
    }

    LoadedContext current() {
        return current;
    }

    @Override
    public SSLContext sslContext() {
        return current.sslContext();
    }

    @Override
    public List<String> protocols() {
        return current.protocols();
    }

    @Override
    public List<String> cipherSuites() {
        return current.cipherSuites();
    }

    @Override
    public ClientAuth clientAuth() {
        return current.clientAuth();
    }
}
