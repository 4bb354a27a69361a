package io.caracal.listener.http.internal;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;

/**
 * Creates Jetty's ALPN factory inside OSGi without a ServiceLoader mediator: Jetty finds its ALPN
 * processor through {@link java.util.ServiceLoader} on the thread's context class loader, so the
 * lookup runs with this bundle's loader, whose META-INF/services entry names the JDK processor
 * from the imported org.eclipse.jetty.alpn.java.server package.
 */
final class Alpn {

    private Alpn() {
    }

    static ALPNServerConnectionFactory serverFactory(String... protocols) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Alpn.class.getClassLoader());
        try {
            return new ALPNServerConnectionFactory(protocols);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
