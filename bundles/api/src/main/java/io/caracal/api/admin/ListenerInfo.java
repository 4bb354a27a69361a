package io.caracal.api.admin;

/**
 * A listener as it is now.
 *
 * @param name the listener's name
 * @param host the bind address
 * @param port the bound port (0 while not open)
 * @param tls whether it terminates TLS
 * @param tlsContext the TLS context's name, or null
 * @param h2c whether it accepts cleartext HTTP/2
 * @param open whether it accepts connections now (an HTTPS listener waits for its TLS context)
 * @param connections open client connections
 * @param acceptedConnections connections accepted since it opened
 * @param requests requests it has received since it opened
 */
public record ListenerInfo(String name, String host, int port, boolean tls, String tlsContext, boolean h2c,
        boolean open, long connections, long acceptedConnections, long requests) {
}
