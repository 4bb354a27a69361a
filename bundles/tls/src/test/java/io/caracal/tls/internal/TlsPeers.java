package io.caracal.tls.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A loopback TLS server on a context's SSLContext and a client that reports what it got. */
final class TlsPeers {

    private TlsPeers() {
    }

    /** What a client saw of a completed exchange. */
    record Handshake(X509Certificate serverCertificate, String protocol, String cipherSuite, String reply) {
        String servedName() {
            return serverCertificate.getSubjectX500Principal().getName();
        }
    }

    /**
     * Accepts connections, reads {@code sslContext.get()} anew for each (as listeners must), shakes
     * hands and answers one line naming the client certificate ("anonymous" without one). Failed
     * server-side handshakes are queued for the tests to look at.
     */
    static final class Server implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        final BlockingQueue<Exception> failures = new LinkedBlockingQueue<>();

        Server(Supplier<SSLContext> sslContext) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(sslContext), "tls-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Supplier<SSLContext> sslContext) {
            while (!socket.isClosed()) {
                Socket raw;
                try {
                    raw = socket.accept();
                } catch (IOException e) {
                    return;
                }
                Thread handler = new Thread(() -> handle(sslContext.get(), raw), "tls-test-connection");
                handler.setDaemon(true);
                handler.start();
            }
        }

        private void handle(SSLContext context, Socket raw) {
            // The server-mode layered socket: the context's parameters apply from the start.
            try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, null, true)) {
                ssl.setSoTimeout(10_000);
                ssl.startHandshake();
                String client;
                try {
                    client = ((X509Certificate) ssl.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    client = "anonymous";
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = ssl.getOutputStream();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write((line + " " + client + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                failures.add(e);
            }
        }

        Exception nextFailure() throws InterruptedException {
            return failures.poll(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A client connection after its handshake; it stays open, for "existing connections are untouched". */
    static final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedReader in;

        private Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        /** Sends a line (or several) and returns the first line of the answer. */
        String exchange(String line) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("the server closed the connection");
            }
            return reply;
        }

        java.security.cert.Certificate[] peerChain() throws IOException {
            return socket.getSession().getPeerCertificates();
        }

        X509Certificate serverCertificate() throws IOException {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Client options; null fields keep the JDK defaults. */
    record Client(String serverName, List<String> protocols, List<String> cipherSuites, KeyManager[] keyManagers) {
        static Client sni(String serverName) {
            return new Client(serverName, null, null, null);
        }

        static Client noSni() {
            return new Client(null, null, null, null);
        }

        Client protocols(String... versions) {
            return new Client(serverName, List.of(versions), cipherSuites, keyManagers);
        }

        Client cipherSuites(String... suites) {
            return new Client(serverName, protocols, List.of(suites), keyManagers);
        }

        Client certificate(TestPki.Issued certificate) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", certificate.key(), new char[0], certificate.fullChain());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            return new Client(serverName, protocols, cipherSuites, factory.getKeyManagers());
        }

        /** Connects, shakes hands and exchanges one line (so a rejection after a TLS 1.3 handshake shows too). */
        Handshake connect(int port) throws Exception {
            try (Connection connection = open(port)) {
                String reply = connection.exchange("hello");
                return new Handshake(connection.serverCertificate(), connection.socket.getSession().getProtocol(),
                        connection.socket.getSession().getCipherSuite(), reply);
            }
        }

        Connection open(int port) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] { new TrustAll() }, null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
            try {
                socket.setSoTimeout(10_000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
                if (protocols != null) {
                    parameters.setProtocols(protocols.toArray(String[]::new));
                }
                if (cipherSuites != null) {
                    parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
                }
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return new Connection(socket);
            } catch (Exception e) {
                socket.close();
                throw e;
            }
        }
    }

    /** The tests look at the certificate they were served rather than validate it. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
