package io.caracal.listener.http.internal;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server connector whose connections are {@link GuardedEndPoint}s (which also count them), and
 * which closes a connection right after accepting it when its IP is at {@code max.connections.per.ip}.
 */
final class GuardedConnector extends ServerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedConnector.class);

    private final ConnectionPolicy policy;
    private final ConnectionCounter connections = new ConnectionCounter();

    GuardedConnector(Server server, ConnectionPolicy policy, ConnectionFactory... factories) {
        // One acceptor and one selector: the data plane is non-blocking, and on small machines a
        // second selector thread costs more in contention than it gains.
        super(server, 1, 1, factories);
        this.policy = policy;
        if (policy.perIp().enabled()) {
            addEventListener(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    if (connection.getEndPoint() instanceof GuardedEndPoint endPoint && endPoint.overLimit()) {
                        LOG.debug("Closing a connection from {}: max.connections.per.ip is reached",
                                endPoint.getRemoteSocketAddress());
                        endPoint.close();
                    }
                }
            });
        }
    }

    ConnectionPolicy policy() {
        return policy;
    }

    ConnectionCounter connections() {
        return connections;
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        GuardedEndPoint endPoint = new GuardedEndPoint(channel, selector, key, getScheduler(), policy, connections);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }
}
