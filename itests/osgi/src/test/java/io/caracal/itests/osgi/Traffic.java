package io.caracal.itests.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One thread sending requests through the listener, one after another, for as long as a test
 * changes things underneath. Sequential on purpose: round-robin then strictly alternates, so the
 * recorded origins show which balancer served each request. Every reply is kept, failures too.
 */
final class Traffic implements AutoCloseable {

    /** Spacing between requests, so the traffic does not starve the framework on a small machine. */
    private static final long PACING_MILLIS = 2;

    private final Http http;
    private final int port;
    private final List<Http.Reply> replies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Traffic(Http http, int port) {
        this.http = http;
        this.port = port;
        this.thread = new Thread(this::run, "itest-traffic");
        this.thread.setDaemon(true);
    }

    static Traffic start(Http http, int port) {
        Traffic traffic = new Traffic(http, port);
        traffic.thread.start();
        return traffic;
    }

    private void run() {
        int sequence = 0;
        while (running) {
            String path = "/traffic/" + sequence++;
            try {
                Http.Reply reply = http.get(port, path);
                synchronized (this) {
                    replies.add(reply);
                    if (reply.status() != 200) {
                        failures.add(path + ": " + reply);
                    }
                }
                Thread.sleep(PACING_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (this) {
                    failures.add(path + ": " + e);
                }
            }
        }
    }

    /** How many replies have arrived so far; a mark to look at what came after. */
    synchronized int mark() {
        return replies.size();
    }

    /** The origins of the replies after {@code mark}, in order. */
    synchronized List<String> originsSince(int mark) {
        List<String> origins = new ArrayList<>();
        for (Http.Reply reply : replies.subList(mark, replies.size())) {
            origins.add(reply.origin());
        }
        return origins;
    }

    /** Whether the last {@code count} replies after {@code mark} all satisfy {@code origins}. */
    synchronized boolean lastOrigins(int mark, int count, Predicate<List<String>> origins) {
        List<String> since = originsSince(mark);
        return since.size() >= count && origins.test(since.subList(since.size() - count, since.size()));
    }

    /** Requests that got anything but 200, or no reply at all. */
    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized int total() {
        return replies.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000); // the request under way finishes (or times out) first
    }

    /** Every entry is {@code origin}. */
    static Predicate<List<String>> all(String origin) {
        return origins -> origins.stream().allMatch(origin::equals);
    }

    /** Neighbours always differ and both demo origins appear: round-robin over two origins. */
    static Predicate<List<String>> alternating() {
        return origins -> {
            for (int i = 1; i < origins.size(); i++) {
                if (origins.get(i) == null || origins.get(i).equals(origins.get(i - 1))) {
                    return false;
                }
            }
            return origins.contains("demo-1") && origins.contains("demo-2");
        };
    }
}
