package io.caracal.core.internal.cache;

/**
 * This cache's member of the Cache-Status response field (RFC 9211), such as
 * {@code Caracal; hit; ttl=42} or {@code Caracal; fwd=stale; fwd-status=304}.
 */
final class CacheStatusHeader {

    static final String NAME = "Cache-Status";
    static final String CACHE = "Caracal";

    private boolean hit;
    private String fwd;
    private int fwdStatus;
    private long ttl = Long.MIN_VALUE;
    private boolean stored;
    private Boolean collapsed;
    private String detail;

    static CacheStatusHeader hit(long ttl) {
        CacheStatusHeader status = new CacheStatusHeader();
        status.hit = true;
        status.ttl = ttl;
        return status;
    }

    static CacheStatusHeader forward(String reason) {
        CacheStatusHeader status = new CacheStatusHeader();
        status.fwd = reason;
        return status;
    }

    /** Marks a hit that also went forward (a stale answer with a revalidation, section 2.2). */
    CacheStatusHeader fwd(String reason) {
        this.fwd = reason;
        return this;
    }

    String fwd() {
        return fwd;
    }

    /** The status the next hop answered, when it differs from the one sent to the client (section 2.3). */
    CacheStatusHeader fwdStatus(int status) {
        this.fwdStatus = status;
        return this;
    }

    CacheStatusHeader stored(boolean stored) {
        this.stored = stored;
        return this;
    }

    CacheStatusHeader collapsed(boolean collapsed) {
        this.collapsed = collapsed;
        return this;
    }

    /** Why the response was not stored, as a token such as {@code private}. */
    CacheStatusHeader detail(String detail) {
        this.detail = detail;
        return this;
    }

    String value(int finalStatus) {
        StringBuilder value = new StringBuilder(48).append(CACHE);
        if (hit) {
            value.append("; hit");
        }
        if (fwd != null) {
            value.append("; fwd=").append(fwd);
            if (fwdStatus != 0 && fwdStatus != finalStatus) {
                value.append("; fwd-status=").append(fwdStatus);
            }
        }
        if (ttl != Long.MIN_VALUE) {
            value.append("; ttl=").append(ttl);
        }
        if (stored) {
            value.append("; stored");
        }
        if (collapsed != null) {
            value.append(collapsed ? "; collapsed" : "; collapsed=?0");
        }
        if (detail != null) {
            value.append("; detail=").append(detail);
        }
        return value.toString();
    }
}
