package io.caracal.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import io.caracal.api.tls.TlsContext.ClientAuth;

/**
 * An initialised SSLContext whose engines and sockets come with the context's protocols, cipher
 * suites and client-certificate policy already applied (and whose default parameters say so, which
 * is what Jetty's SslContextFactory reads). A caller that forgets to apply
 * {@link io.caracal.api.tls.TlsContext#protocols()} or {@code clientAuth()} still gets them: no TLS
 * 1.1 by accident, no mTLS silently switched off.
 */
final class ConfiguredSslContext extends SSLContext {

    ConfiguredSslContext(SSLContext delegate, List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth) {
        super(new Spi(delegate, new Parameters(protocols, cipherSuites, clientAuth)), delegate.getProvider(), delegate.getProtocol());
    }

    private record Parameters(List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth) {

        SSLParameters apply(SSLParameters parameters) {
            parameters.setProtocols(protocols.toArray(String[]::new));
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
            switch (clientAuth) {
                case REQUIRED -> parameters.setNeedClientAuth(true);
                case OPTIONAL -> parameters.setWantClientAuth(true);
                case NONE -> parameters.setNeedClientAuth(false);
            }
            return parameters;
        }

        SSLEngine apply(SSLEngine engine) {
            engine.setSSLParameters(apply(engine.getSSLParameters()));
            return engine;
        }

        Socket apply(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setSSLParameters(apply(ssl.getSSLParameters()));
            }
            return socket;
        }

        ServerSocket apply(ServerSocket socket) {
            if (socket instanceof SSLServerSocket ssl) {
                ssl.setSSLParameters(apply(ssl.getSSLParameters()));
            }
            return socket;
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final Parameters parameters;

        Spi(SSLContext delegate, Parameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("A Caracal TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new SocketFactory(delegate.getSocketFactory(), parameters);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSocketFactory(delegate.getServerSocketFactory(), parameters);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return parameters.apply(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return parameters.apply(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return parameters.apply(delegate.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }

    private static final class SocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final Parameters parameters;

        SocketFactory(SSLSocketFactory delegate, Parameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return parameters.cipherSuites().toArray(String[]::new);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return parameters.apply(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return parameters.apply(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return parameters.apply(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return parameters.apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return parameters.apply(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return parameters.apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return parameters.apply(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class ServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;
        private final Parameters parameters;

        ServerSocketFactory(SSLServerSocketFactory delegate, Parameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return parameters.cipherSuites().toArray(String[]::new);
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return parameters.apply(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return parameters.apply(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return parameters.apply(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return parameters.apply(delegate.createServerSocket(port, backlog, ifAddress));
        }
    }
}
