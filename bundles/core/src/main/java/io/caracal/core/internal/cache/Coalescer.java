package io.caracal.core.internal.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Request coalescing: of concurrent misses for one key, the first (the leader) goes upstream and
 * the others wait for what it stores. A waiter gets the leader's result, or {@code null} when
 * there is none to share (the response was not storable, or the exchange failed); it then goes
 * upstream itself. Nothing blocks: waiters are continuations, and the caller bounds their wait.
 *
 * @param <T> what a leader shares
 */
public final class Coalescer<T> {

    /** How long waiters wait for their leader before going upstream themselves. */
    public static final long MAX_WAIT_MILLIS = 30_000;
    /** A flight older than this is taken as abandoned. */
    private static final long MAX_FLIGHT_MILLIS = 2 * MAX_WAIT_MILLIS;

    private final Map<String, Flight> flights = new ConcurrentHashMap<>();

    /**
     * Joins the flight for {@code key}, or starts one.
     *
     * @param waiter called with the leader's result when another request leads
     * @return the flight when the caller leads it (it must {@link Flight#land} it), else null
     */
    Flight join(String key, Consumer<T> waiter, long now) {
        Flight flight = new Flight(key, now);
        while (true) {
            Flight existing = flights.putIfAbsent(key, flight);
            if (existing == null) {
                return flight;
            }
            if (existing.startedAt + MAX_FLIGHT_MILLIS >= now) {
                existing.await(waiter);
                return null;
            }
            // A flight this old lost its leader: replace it rather than let every miss wait for it.
            if (flights.replace(key, existing, flight)) {
                existing.land(null);
                return flight;
            }
        }
    }

    /** Requests waiting for a leader now, over all keys. */
    public int waiting() {
        int count = 0;
        for (Flight flight : flights.values()) {
            count += flight.waitingCount();
        }
        return count;
    }

    /** One key's request in flight and the requests waiting for it. */
    final class Flight {

        private final String key;
        private final long startedAt;
        private List<Consumer<T>> waiters = new ArrayList<>(4);
        private boolean landed;
        private T result;

        private Flight(String key, long startedAt) {
            this.key = key;
            this.startedAt = startedAt;
        }

        private void await(Consumer<T> waiter) {
            synchronized (this) {
                if (!landed) {
                    waiters.add(waiter);
                    return;
                }
            }
            waiter.accept(result); // landed meanwhile
        }

        private synchronized int waitingCount() {
            return landed ? 0 : waiters.size();
        }

        /**
         * Ends the flight: the waiters get {@code shared} (null: nothing to share). Requests that
         * join before {@link #leave()} get it too; without a result the flight leaves at once.
         */
        void land(T shared) {
            List<Consumer<T>> waiting;
            synchronized (this) {
                if (landed) {
                    return;
                }
                landed = true;
                result = shared;
                waiting = waiters;
                waiters = List.of();
            }
            if (shared == null) {
                leave();
            }
            for (Consumer<T> waiter : waiting) {
                waiter.accept(shared);
            }
        }

        /** Removes the landed flight: later misses start a new one (call once the result is in the store). */
        void leave() {
            flights.remove(key, this);
        }
    }
}
