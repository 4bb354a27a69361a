package io.caracal.itests.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP server on a free loopback port that answers every request with bytes that are not HTTP. */
final class GarbageOrigin implements AutoCloseable {

    static final byte[] GARBAGE = "SSH-2.0-definitely not HTTP\r\n\u0000\u0001\u0002garbage\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();

    private GarbageOrigin() throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "garbage-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static GarbageOrigin start() throws IOException {
        return new GarbageOrigin();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try (Socket socket = serverSocket.accept()) {
                connections.incrementAndGet();
                socket.setSoTimeout(2000);
                InputStream in = socket.getInputStream();
                try {
                    in.read(new byte[8192]); // the start of the request; its content does not matter
                } catch (SocketTimeoutException e) {
                    // answer anyway
                }
                OutputStream out = socket.getOutputStream();
                out.write(GARBAGE);
                out.flush();
            } catch (IOException e) {
                // closed, or the proxy hung up: next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
