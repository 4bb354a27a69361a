package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.caracal.api.cache.CachedResponse;
import io.caracal.core.internal.config.CacheSpec;
import io.caracal.core.internal.filter.FilterRun;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GET or HEAD on a caching route (RFC 9111, as a shared cache): looks the request up, answers
 * from a fresh (or allowably stale) stored response, or forwards it (a miss, or a revalidation of
 * a stale response) while watching the answer as an {@link UpstreamObserver} to store it as it
 * streams to the client. Nothing blocks: store lookups and coalescing waits are continuations.
 *
 * <p>When the request's filters inspect responses, the exchange holds the upstream's answer until
 * they decided, before this observer sees it: an answer they refuse is never stored
 * ({@link #refused}), and a stored answer is not inspected again when it answers.
 */
public final class CachingExchange implements UpstreamObserver {

    private static final Logger LOG = LoggerFactory.getLogger(CachingExchange.class);
    /** Refusals owed to the request rather than the resource: they say nothing of other requests' answers. */
    private static final java.util.Set<String> REQUEST_REFUSALS = java.util.Set.of("method", "partial", "status",
            "request-no-store", "authorization");

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final RouteCache cache;
    private final CacheSpec spec;
    private final CacheCounters counters;
    private final FilterRun filters;
    private final Forwarder forwarder;
    private final HttpFields requestHeaders;
    /**
     * The request's header fields as they go upstream, after the filters' changes: what the
     * response can vary on, what cache.key parts and the authorization check read.
     */
    private final HttpFields upstreamHeaders;
    private final CacheControl requestControl;
    private final String method;
    private final String primaryKey;

    /** The variant marker found under the primary key, or null. */
    private StoredEntry marker;
    /** The stored response this request revalidates or replaces, or null on a miss. */
    private StoredEntry entry;
    /** Whether {@link #entry} may answer instead of an upstream error (RFC 5861 section 4). */
    private boolean staleIfError;
    private CacheStatusHeader status;
    /** The coalescing flight this request leads, or null. */
    private Coalescer<SharedResponse>.Flight flight;
    /** The client's own preconditions are held back so that a full, storable response comes. */
    private boolean stripConditionals;
    private boolean revalidationCounted;
    /** Whether the client's answer is someone else's to give now (a cached answer or an exchange). */
    private boolean handedOn;

    private long requestTime;
    private long responseTime;
    private int upstreamStatus;
    private StorePlan plan;
    private List<Map.Entry<String, String>> storedHeaders;
    private BodyBuffer body;
    /** The announced length of the body being kept, or -1. */
    private long contentLength;
    private boolean stored;
    /** A stale response answered instead of an upstream error, whose body is read and dropped. */
    private boolean answeredStale;
    /** A 304 did not match the stored validators: the request goes upstream again, unconditionally. */
    private boolean refetch;
    /** This request waited for a coalescing leader and decides on what the leader stored. */
    private boolean waiter;

    /** Whether a refusal is owed to the request rather than the response (the stored response then stays). */
    static boolean requestRefusal(String refusal) {
        return REQUEST_REFUSALS.contains(refusal);
    }

    private CachingExchange(Request request, Response response, Callback callback, RouteCache cache,
            FilterRun filters, Forwarder forwarder, String url) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.cache = cache;
        this.spec = cache.spec();
        this.counters = cache.counters();
        this.filters = filters;
        this.forwarder = forwarder;
        this.requestHeaders = request.getHeaders();
        this.upstreamHeaders = upstreamView(requestHeaders, filters);
        this.requestControl = CacheControl.ofRequest(requestHeaders);
        this.method = request.getMethod();
        this.primaryKey = CacheKey.primary(cache.route(), url, spec.keyParts(), upstreamHeaders);
    }

    /** The request's header fields with the filters' upstream changes applied (a copy when there are filters). */
    static HttpFields upstreamView(HttpFields requestHeaders, FilterRun filters) {
        if (filters == null) {
            return requestHeaders;
        }
        HttpFields.Mutable copy = HttpFields.build(requestHeaders);
        filters.applyUpstreamHeaders(copy);
        return copy.asImmutable();
    }

    /**
     * Handles a request of a route whose cache store is available; completes {@code callback}.
     *
     * @param host the request's host, as routing matched it
     */
    public static void handle(Request request, Response response, Callback callback, RouteCache cache,
            FilterRun filters, Forwarder forwarder, String host) {
        String url = CacheKey.url(request.isSecure() ? "https" : "http", host, Request.getServerPort(request),
                request.getHttpURI().getPathQuery() == null ? "/" : request.getHttpURI().getPathQuery());
        String method = request.getMethod();
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            new CachingExchange(request, response, callback, cache, filters, forwarder, url).lookup();
        } else {
            forwarder.forward(new UncachedMethod(request, cache, url));
        }
    }

    // ---- lookup -------------------------------------------------------------------------------

    private void lookup() {
        cache.get(primaryKey).thenAccept(found -> guarded(() -> onPrimary(found)));
    }

    /** Runs a continuation; should it fail before the answer was handed on, the client gets a 500. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("The cache failed on a request of route '{}'", cache.route(), e);
            landFlight(null); // a flight this request leads must not keep others waiting
            if (!handedOn) {
                handedOn = true;
                forwarder.answerError(HttpStatus.INTERNAL_SERVER_ERROR_500, "the cache failed", List.of());
            }
        }
    }

    private void onPrimary(Optional<CachedResponse> found) {
        if (found.isEmpty()) {
            miss("uri-miss", primaryKey);
            return;
        }
        StoredEntry stored = StoredEntry.of(primaryKey, found.get());
        if (!stored.marker()) {
            found(stored);
            return;
        }
        // The response varies: the marker names the selecting fields (RFC 9111 section 4.1).
        marker = stored;
        Vary vary = stored.vary();
        String variantKey = CacheKey.variant(primaryKey, stored.generation(), vary.values(upstreamHeaders));
        cache.get(variantKey).thenAccept(variant -> guarded(() -> {
            if (variant.isEmpty() || variant.get().status() == StoredEntry.MARKER_STATUS) {
                miss("vary-miss", variantKey);
                return;
            }
            StoredEntry candidate = StoredEntry.of(variantKey, variant.get());
            // Never serve a variant stored under other Vary fields than the marker's.
            if (candidate.vary().equals(vary)) {
                found(candidate);
            } else {
                miss("vary-miss", variantKey);
            }
        }));
    }

    /** Chooses between answering from {@code stored} and forwarding (RFC 9111 sections 4.2 and 4.2.4). */
    private void found(StoredEntry stored) {
        long now = System.currentTimeMillis();
        long age = stored.age(now);
        long lifetime = stored.lifetime(spec.heuristicMaxSeconds());
        long staleness = age - lifetime;
        CacheControl control = stored.control();
        boolean noCache = control.has("no-cache");
        // must-revalidate, proxy-revalidate and s-maxage forbid serving stale (sections 5.2.2.2, 5.2.2.8, 5.2.2.10).
        boolean mayServeStale = !noCache && !control.has("must-revalidate") && !control.has("proxy-revalidate")
                && !control.has("s-maxage");
        staleIfError = mayServeStale && (within(control.seconds("stale-if-error"), staleness)
                || within(requestControl.seconds("stale-if-error"), staleness));

        long maxAge = requestControl.seconds("max-age");
        // max-age=0 is a reload's way of asking for revalidation: ages here are whole seconds.
        if (requestControl.has("no-cache") || (maxAge >= 0 && (age > maxAge || maxAge == 0))) {
            validate(stored, "request"); // section 5.2.1
            return;
        }
        if (noCache) {
            validate(stored, "stale"); // stored, but never used without revalidation (section 5.2.2.4)
            return;
        }
        if (staleness < 0) {
            long minFresh = requestControl.seconds("min-fresh");
            if (minFresh >= 0 && -staleness < minFresh) {
                validate(stored, "request");
            } else {
                hit(stored, CacheStatusHeader.hit(-staleness));
            }
            return;
        }
        if (mayServeStale) {
            if (requestControl.has("max-stale") && (requestControl.hasNoArgument("max-stale")
                    || staleness <= requestControl.seconds("max-stale"))) {
                hit(stored, CacheStatusHeader.hit(-staleness)); // the client accepts it stale (section 5.2.1.2)
                return;
            }
            if (within(control.seconds("stale-while-revalidate"), staleness)) {
                // RFC 5861 section 3: answer now, refresh in the background.
                BackgroundRevalidation.start(cache, forwarder, stored, marker, primaryKey, upstreamHeaders,
                        requestControl, authorized());
                hit(stored, CacheStatusHeader.hit(-staleness).fwd("stale"));
                return;
            }
        }
        validate(stored, "stale");
    }

    private static boolean within(long window, long staleness) {
        return window >= 0 && staleness <= window;
    }

    private void hit(StoredEntry stored, CacheStatusHeader cacheStatus) {
        handedOn = true;
        counters.hits.increment();
        // A waiter's hit is the leader's response: its Cache-Status says so.
        CachedAnswer.write(request, response, callback, stored, waiter ? status.collapsed(true) : cacheStatus,
                filters, counters);
    }

    // ---- forwarding ---------------------------------------------------------------------------

    /** A stale (or refused) stored response: a conditional request when it has validators (section 4.3.1). */
    private void validate(StoredEntry stored, String reason) {
        entry = stored;
        status = CacheStatusHeader.forward(reason);
        if (waiter) {
            status.collapsed(false); // it waited, but the leader's response needs revalidating
        }
        if (!stored.hasValidators()) {
            stripConditionals = mayStripConditionals();
        }
        forward();
    }

    private void miss(String reason, String key) {
        status = CacheStatusHeader.forward(reason);
        stripConditionals = mayStripConditionals();
        long now = System.currentTimeMillis();
        if (spec.coalesce() && HttpMethod.GET.is(method) && !requestHeaders.contains(HttpHeader.RANGE)
                && !requestControl.has("no-store") && !requestControl.has("only-if-cached")
                && !cache.knownUnshareable(primaryKey, now)) {
            AtomicBoolean once = new AtomicBoolean();
            Scheduler.Task[] timeout = new Scheduler.Task[1];
            flight = cache.coalescer().join(key, shared -> {
                if (once.compareAndSet(false, true)) {
                    if (timeout[0] != null) {
                        timeout[0].cancel();
                    }
                    guarded(() -> collapsed(shared));
                }
            }, now);
            if (flight == null) {
                if (once.get()) {
                    return; // the flight had landed already: the waiter ran
                }
                // Another request for this key is upstream: wait for it, within bounds.
                timeout[0] = cache.scheduler().schedule(() -> {
                    if (once.compareAndSet(false, true)) {
                        guarded(() -> collapsed(null));
                    }
                }, Coalescer.MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (once.get()) {
                    timeout[0].cancel(); // the flight landed while the timer was being scheduled
                }
                return;
            }
        }
        forward();
    }

    /** A waiter's turn: the leader's stored response, or null to go upstream after all. */
    private void collapsed(SharedResponse shared) {
        if (shared != null && shared.matches(upstreamHeaders) && shared.mayServe(System.currentTimeMillis(),
                spec.heuristicMaxSeconds())) {
            // The leader's response is decided on like a stored one: a waiter revalidates what is not
            // fresh (or no-cache), and its own request directives count.
            waiter = true;
            found(shared.entry());
            return;
        }
        status.collapsed(false);
        forward();
    }

    /** Whether to hold back the client's preconditions on a miss: a GET without Range whose answer may be stored. */
    private boolean mayStripConditionals() {
        return HttpMethod.GET.is(method) && !requestHeaders.contains(HttpHeader.RANGE)
                && Conditionals.present(requestHeaders) && !requestControl.has("no-store")
                && !cache.knownUnshareable(primaryKey, System.currentTimeMillis());
    }

    private void forward() {
        handedOn = true;
        if (requestControl.has("only-if-cached")) {
            // Section 5.2.1.7: no stored response will do, and the client wants no other.
            landFlight(null);
            forwarder.answerError(HttpStatus.GATEWAY_TIMEOUT_504, "no stored response for an only-if-cached request",
                    List.of(Map.entry(CacheStatusHeader.NAME, CacheStatusHeader.CACHE + "; detail=only-if-cached")));
            return;
        }
        counters.misses.increment();
        forwarder.forward(this);
    }

    @Override
    public void prepare(HttpFields.Mutable upstreamHeaders) {
        requestTime = System.currentTimeMillis();
        if (entry != null && entry.hasValidators()) {
            entry.applyValidators(upstreamHeaders);
            if (!revalidationCounted) {
                revalidationCounted = true;
                counters.revalidations.increment();
            }
        } else if (stripConditionals) {
            upstreamHeaders.remove(HttpHeader.IF_NONE_MATCH);
            upstreamHeaders.remove(HttpHeader.IF_MODIFIED_SINCE);
        }
    }

    @Override
    public boolean onHeaders(org.eclipse.jetty.client.Response upstreamResponse, HttpFields.Mutable headers) {
        responseTime = System.currentTimeMillis();
        upstreamStatus = upstreamResponse.getStatus();
        status.fwdStatus(upstreamStatus);
        if (entry != null && entry.hasValidators() && upstreamStatus == HttpStatus.NOT_MODIFIED_304) {
            return notModified(headers);
        }
        if (upstreamStatus >= 500 && staleIfError) {
            // RFC 5861 section 4: the stale response answers instead; the error's body is read and dropped.
            answerStale();
            return true;
        }
        CacheControl control = CacheControl.of(headers);
        String refusal = Storability.refusal(method, requestControl, authorized(),
                upstreamStatus, headers, control, responseTime, spec.heuristicMaxSeconds(), spec.maxObjectBytes());
        if (refusal == null) {
            plan = StorePlan.of(primaryKey, marker, headers, upstreamHeaders, responseTime);
            storedHeaders = StoredHeaders.capture(headers, responseTime);
            contentLength = Storability.contentLength(headers);
            body = new BodyBuffer(contentLength, spec.maxObjectBytes());
            status.stored(true);
        } else {
            if (status.fwd().endsWith("miss")) {
                status.fwd("miss");
            }
            status.detail(refusal);
            // Waiters need not wait for a response they cannot have.
            landFlight(null);
            if (!REQUEST_REFUSALS.contains(refusal)) {
                cache.markUnshareable(primaryKey, responseTime);
            }
            if (entry != null && upstreamStatus < 500 && HttpMethod.GET.is(method)
                    && !REQUEST_REFUSALS.contains(refusal)) {
                // Superseded by an answer that may not be stored. A refusal owed to this request
                // (its no-store, its credentials) says nothing of the stored response: it stays.
                cache.remove(entry.key());
            }
        }
        // A 304 made here from a 200 would lose its Set-Cookie: that 200 goes to the client as it is.
        if (stripConditionals && !"set-cookie".equals(refusal)
                && Conditionals.notModified(requestHeaders, upstreamStatus, headers, responseTime)) {
            // The client's own preconditions hold against the new response (RFC 9110 section 13.2.2):
            // it gets 304 now; the body is still read to be stored, or not read at all.
            CachedResponse received = new CachedResponse(upstreamStatus, StoredHeaders.capture(headers, responseTime),
                    ByteBuffer.allocate(0), requestTime, responseTime);
            CachedAnswer.write(request, response, callback, StoredEntry.of(primaryKey, received), status, filters,
                    counters);
            return true;
        }
        headers.add(CacheStatusHeader.NAME, status.value(upstreamStatus));
        return false;
    }

    /**
     * Whether the request is authenticated (section 3.5): it carries Authorization, or a filter
     * verified an identity from elsewhere (a JWT in another header, a client certificate …).
     */
    private boolean authorized() {
        return requestHeaders.contains(HttpHeader.AUTHORIZATION) || upstreamHeaders.contains(HttpHeader.AUTHORIZATION)
                || (filters != null && filters.authenticated());
    }

    /** A 304 freshens the stored response (section 4.3.4), which then answers. */
    private boolean notModified(HttpFields.Mutable headers) {
        if (!entry.validatedBy(headers)) {
            // Section 4.3.4: a 304 whose validators differ from the stored ones validates another
            // response: the stored one is gone, and the request goes upstream again, unconditionally.
            cache.remove(entry.key());
            refetch = true;
            return true;
        }
        CachedResponse updated = entry.updatedBy(headers, requestTime, responseTime);
        StoredEntry freshened = StoredEntry.of(entry.key(), updated);
        String refusal = Storability.refusal("GET", requestControl, authorized(),
                updated.status(), freshened.headers(), freshened.control(), responseTime, spec.heuristicMaxSeconds(),
                Long.MAX_VALUE);
        if (refusal == null && freshened.fitsKey(primaryKey, entry)) {
            counters.stores.increment();
            cache.put(entry.key(), updated);
        } else if (refusal == null || !REQUEST_REFUSALS.contains(refusal)) {
            cache.remove(entry.key()); // not storable any more, or no longer selected by the key it is under
        }
        CachedAnswer.write(request, response, callback, freshened, status, filters, counters);
        return true;
    }

    private void answerStale() {
        answeredStale = true;
        // Counted as a miss when forwarded; it is answered from the cache after all.
        counters.misses.decrement();
        counters.hits.increment();
        CacheStatusHeader stale = CacheStatusHeader.hit(entry.lifetime(spec.heuristicMaxSeconds())
                - entry.age(System.currentTimeMillis())).fwd("stale").fwdStatus(upstreamStatus);
        CachedAnswer.write(request, response, callback, entry, stale, filters, counters);
    }

    @Override
    public boolean onContent(ByteBuffer chunk) {
        // An error's body is read to its end (the exchange then counts the upstream's failure and keeps
        // the connection); a body nobody will store or see is not.
        if (body == null) {
            return answeredStale;
        }
        if (stored) {
            return true; // nothing past the announced length is kept
        }
        boolean kept = body.add(chunk);
        if (kept && body.size() == contentLength) {
            store(); // all announced bytes are here: stored before the last of them reaches the client
        }
        return kept;
    }

    @Override
    public void bodyComplete() {
        store();
    }

    @Override
    public void ended(boolean complete) {
        if (refetch) {
            refetch = false;
            entry = null;
            staleIfError = false;
            stripConditionals = mayStripConditionals();
            status.fwdStatus(0);
            forwarder.forward(this);
            return;
        }
        if (!stored) {
            if (body != null && body.overflowed()) {
                cache.markUnshareable(primaryKey, responseTime);
            }
            landFlight(null);
        }
    }

    /** Stores the complete response (once) and hands it to the requests waiting for it. */
    private void store() {
        if (stored || body == null || body.overflowed()) {
            return;
        }
        stored = true;
        CachedResponse complete = new CachedResponse(upstreamStatus, storedHeaders, body.toBuffer(), requestTime,
                responseTime);
        StoredEntry storedEntry = StoredEntry.of(plan.key(), complete);
        Coalescer<SharedResponse>.Flight leading = flight;
        flight = null;
        if (leading != null) {
            leading.land(new SharedResponse(storedEntry, plan.varyValues(), authorized()));
        }
        cache.store(plan, complete).whenComplete((ignored, failure) -> {
            if (leading != null) {
                leading.leave(); // from now on the store answers
            }
        });
    }

    @Override
    public boolean answerError(int errorStatus) {
        landFlight(null);
        if (errorStatus >= 500 && staleIfError && entry != null) {
            answerStale();
            return true;
        }
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> refused(org.eclipse.jetty.client.Response upstreamResponse,
            int rejectionStatus) {
        landFlight(null); // waiters ask the upstream themselves
        return errorHeaders(rejectionStatus);
    }

    @Override
    public List<Map.Entry<String, String>> errorHeaders(int errorStatus) {
        return List.of(Map.entry(CacheStatusHeader.NAME, status.value(errorStatus)));
    }

    private void landFlight(SharedResponse shared) {
        Coalescer<SharedResponse>.Flight leading = flight;
        flight = null;
        if (leading != null) {
            leading.land(shared);
        }
    }
}
