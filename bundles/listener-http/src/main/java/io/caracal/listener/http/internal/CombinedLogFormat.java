package io.caracal.listener.http.internal;

import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * NCSA combined lines ({@code access.log = combined}), formatted by Jetty's
 * {@link CustomRequestLog}, with the client address the listener resolved.
 */
final class CombinedLogFormat implements RequestLog {

    /**
     * Jetty's {@link CustomRequestLog#EXTENDED_NCSA_FORMAT}, with the time pinned to English month
     * names in UTC: Jetty would otherwise use the JVM's default locale, and log tools expect "Jun".
     */
    static final String FORMAT = "%{client}a - %u %{dd/MMM/yyyy:HH:mm:ss ZZZ|UTC|en}t \"%r\" %s %O "
            + "\"%{Referer}i\" \"%{User-Agent}i\"";

    private final CustomRequestLog format;

    CombinedLogFormat(RequestLog.Writer writer) {
        // Never started: the writer's life is the listener's business, and formatting needs no start.
        format = new CustomRequestLog(writer, FORMAT);
    }

    @Override
    public void log(Request request, Response response) {
        format.log(ResolvedClientRequest.of(request), response);
    }
}
