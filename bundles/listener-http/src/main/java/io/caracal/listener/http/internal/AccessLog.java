package io.caracal.listener.http.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.caracal.api.config.ConfigException;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's access log: the {@link RequestLog} its Jetty server calls when a request
 * completes. Formatting happens on the completing thread, file I/O on the writer's own thread.
 * The file and format can be switched while the listener serves; a file that cannot be opened is
 * reported and leaves the listener serving without an access log, never failing it.
 */
final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

    private static final Pattern DATE_PLACEHOLDER =
            Pattern.compile(Pattern.quote(AccessLogSpec.DATE_PLACEHOLDER), Pattern.CASE_INSENSITIVE);

    /** An open log file and how lines are formatted for it. */
    private record Sink(QueuedLogWriter writer, RequestLog format) {
    }

    private final int queueCapacity;
    private volatile Sink sink;
    private volatile String problem;

    AccessLog() {
        this(QueuedLogWriter.DEFAULT_CAPACITY);
    }

    AccessLog(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    @Override
    public void log(Request request, Response response) {
        Sink current = sink;
        if (current != null && !HealthCheckHandler.answered(request)) {
            current.format().log(request, response);
        }
    }

    /**
     * Opens the log {@code spec} asks for and switches to it, then closes the previous one.
     * A failure to open is logged at ERROR and kept as {@link #problem()}; the log is then off.
     */
    synchronized void apply(ListenerSpec spec) {
        AccessLogSpec settings = spec.accessLog();
        Sink next = null;
        problem = null;
        if (settings.enabled()) {
            try {
                next = open(spec.name(), settings);
            } catch (Exception e) {
                problem = "Listener '" + spec.name() + "' serves without an access log: " + new ConfigException(
                        spec.source(), AccessLogSpec.PATH_KEY, "cannot write " + today(settings.rollingPath())
                        + ": " + describe(e)).getMessage();
                LOG.error(problem);
            }
        }
        Sink previous = sink;
        sink = next;
        close(previous);
    }

    /** Writes out what is queued and closes the file. */
    synchronized void close() {
        Sink previous = sink;
        sink = null;
        close(previous);
    }

    /** Why the configured log is not written, or null. */
    String problem() {
        return problem;
    }

    /** The file being written now, or null when the log is off. */
    String currentFile() {
        Sink current = sink;
        return current == null ? null : current.writer().currentFile();
    }

    /** Lines dropped because the writer fell behind, for the current file. */
    long droppedLines() {
        Sink current = sink;
        return current == null ? 0 : current.writer().droppedLines();
    }

    private Sink open(String listenerName, AccessLogSpec settings) throws Exception {
        Path file = settings.rollingPath();
        Files.createDirectories(file.getParent());
        QueuedLogWriter writer = new QueuedLogWriter(listenerName, file.toString(), settings.retainDays(), queueCapacity);
        writer.start();
        RequestLog format = settings.format() == AccessLogFormat.JSON
                ? new JsonLogFormat(writer) : new CombinedLogFormat(writer);
        return new Sink(writer, format);
    }

    private static void close(Sink sink) {
        if (sink == null) {
            return;
        }
        try {
            sink.writer().drainAndStop();
        } catch (Exception e) {
            LOG.warn("Closing {} failed", sink.writer(), e);
        }
    }

    /** The file name with today's date, as Jetty will name it, for messages. */
    private static String today(Path rolling) {
        String date = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy_MM_dd", Locale.ROOT));
        return DATE_PLACEHOLDER.matcher(rolling.toString()).replaceFirst(Matcher.quoteReplacement(date));
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is a file, not a directory";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() + " (" + fs.getFile() + ")" : e.toString();
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.toString();
    }
}
