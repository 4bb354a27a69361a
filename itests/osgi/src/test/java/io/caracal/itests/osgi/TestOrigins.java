package io.caracal.itests.osgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Small origins a test starts for itself, each on a port the system picks (bound, so no other
 * process can take it first). Every response names its origin in {@code X-Demo-Origin}, like the
 * demo origins, and can be held back by a fixed delay without blocking a thread. Runs inside the
 * framework only (Jetty comes from the runtime feature through the probe's dynamic imports), which
 * is why it lives apart from the test classes the driver loads.
 */
final class TestOrigins implements AutoCloseable {

    private final List<Server> servers = new ArrayList<>();

    /** Starts an origin called {@code name} answering after {@code delayMillis}; returns its port. */
    int start(String name, long delayMillis) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("itest-origin-" + name);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(Http.LOOPBACK);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new DelayingHandler(name, delayMillis));
        servers.add(server);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (Server server : servers) {
            try {
                server.stop();
            } catch (Exception e) {
                failure = e;
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static final class DelayingHandler extends Handler.Abstract.NonBlocking {

        private final String name;
        private final long delayMillis;
        private final byte[] body;

        DelayingHandler(String name, long delayMillis) {
            this.name = name;
            this.delayMillis = delayMillis;
            this.body = (name + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put("X-Demo-Origin", name);
            response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
            if (delayMillis <= 0) {
                respond(response, callback);
            } else {
                request.getComponents().getScheduler()
                        .schedule(() -> respond(response, callback), delayMillis, TimeUnit.MILLISECONDS);
            }
            return true;
        }

        private void respond(Response response, Callback callback) {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
