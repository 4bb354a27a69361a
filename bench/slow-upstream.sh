#!/usr/bin/env bash
# Slow-upstream scenario: how well each balancer routes around one slow upstream.
#
# One run starts three origins on loopback: two fast nginx origins serving a
# 1 KiB file and one slow origin (HAProxy with a Lua action that sleeps
# SLOW_DELAY_MS before it returns the same file). In front of the three it puts
# nginx (least_conn), HAProxy (balance leastconn) and Caracal once per balancing
# strategy, one JVM at a time; it load-tests each with wrk and prints req/s, the
# p50, p99 and p99.9 of the requests' latencies (without wrk's coordinated-
# omission correction, see write_wrk_script) and the share of requests the slow
# origin served (from the origins' own counters), with p99 ratios to nginx.
# Everything listens on 127.0.0.1 only; every process it starts is stopped on
# exit, error or CTRL-C. See bench/README.md.
#
# Usage: bench/slow-upstream.sh [--quick] [--skip-caracal] [--help]
#   --quick         smoke test: 3 s warm-up and 5 s runs (overrides the variables)
#   --skip-caracal  only nginx and HAProxy (no distribution needed)
# Environment:
#   DURATION       measured run per target in seconds (default 20)
#   WARMUP         warm-up per target in seconds; sets both of the next two
#   NATIVE_WARMUP  warm-up for nginx and HAProxy (default 5)
#   JVM_WARMUP     warm-up for each Caracal (default 30: the JIT needs it)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per target; the table shows medians (default 1)
#   SLOW_DELAY_MS  delay the slow origin adds to every response (default 30)
#   STRATEGIES     Caracal strategies to run, in order (default "round-robin
#                  least-connections power-of-two peak-ewma random"); one whose
#                  bundle is not in the distribution is skipped with a note
#   CARACAL_DIST   unpacked distribution (default <repo>/distribution/target/caracal)
#   KEEP_WORKDIR   1 = keep the temp dir (configs, logs, raw wrk output) for a look
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

QUICK=0
SKIP_CARACAL=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        --skip-caracal) SKIP_CARACAL=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

if [[ $QUICK == 1 ]]; then
    DURATION=5 NATIVE_WARMUP=3 JVM_WARMUP=3
fi
DURATION=${DURATION:-20}
NATIVE_WARMUP=${NATIVE_WARMUP:-${WARMUP:-5}}
JVM_WARMUP=${JVM_WARMUP:-${WARMUP:-30}}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
RUNS=${RUNS:-1}
SLOW_DELAY_MS=${SLOW_DELAY_MS:-30}
STRATEGIES=${STRATEGIES:-round-robin least-connections power-of-two peak-ewma random}
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

check_counts DURATION NATIVE_WARMUP JVM_WARMUP CONNECTIONS THREADS RUNS SLOW_DELAY_MS
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }
(( SLOW_DELAY_MS >= 1 && SLOW_DELAY_MS <= 1000 )) \
    || { echo "SLOW_DELAY_MS must be 1..1000" >&2; exit 2; }
for strategy in $STRATEGIES; do
    [[ $strategy =~ ^[A-Za-z0-9._-]+$ ]] || { echo "STRATEGIES: bad name '$strategy'" >&2; exit 2; }
done

# ----------------------------------------------------------------- origins ---

# A fast origin: nginx, 1 worker, the 1 KiB file, and stub_status at /__status
# whose "requests" counter tells how many requests this origin served.
start_fast_origin() {
    local name=$1 port=$2 dir=$WORK_DIR/$1
    mkdir -p "$dir"
    {
        echo "worker_processes 1;"
        echo "daemon off;"
        nginx_common "$dir"
        echo "http {"
        nginx_http_common "$dir"
        cat <<EOF
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $WORK_DIR/www;
        location = /__status { stub_status; }
    }
}
EOF
    } >"$dir/nginx.conf"
    start_bg "$name" "$dir/stdout.log" "$NGINX_BIN" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    wait_ready "$name" "$port" 15 "$dir/error.log"
}

# The slow origin: HAProxy, 1 thread. A Lua action sleeps SLOW_DELAY_MS with
# core.msleep(), which parks only this request on a timer (the thread goes on
# serving others), then `http-request return` answers with the same 1 KiB file
# from memory. Keep-alive, thousands of connections, a steady delay (HAProxy's
# timers have millisecond resolution). Its request counter is the req_tot of
# frontend "slow" in the CSV of a separate stats listener.
start_slow_origin() {
    local dir=$WORK_DIR/slow
    mkdir -p "$dir"
    cat >"$dir/delay.lua" <<'EOF'
-- http-request lua.delay <ms>: waits <ms> without blocking the thread.
core.register_action("delay", { "http-req" }, function(txn, ms)
    core.msleep(tonumber(ms))
end, 1)
EOF
    cat >"$dir/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
    lua-load $dir/delay.lua

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout http-keep-alive 65s

frontend slow
    bind 127.0.0.1:$SLOW_PORT
    http-request lua.delay $SLOW_DELAY_MS
    http-request return status 200 content-type application/octet-stream file $WORK_DIR/www/1k.bin

listen stats
    bind 127.0.0.1:$SLOW_STATS_PORT
    stats enable
    stats uri /stats
EOF
    start_haproxy_cfg slow "$dir"
    wait_ready slow "$SLOW_PORT" 15 "$dir/haproxy.log"
}

# Prints "fast1 fast2 slow": the requests each origin has served so far.
origin_counts() {
    local f1 f2 s
    f1=$(curl -s -m 5 "http://127.0.0.1:$FAST1_PORT/__status" | awk 'NR == 3 { print $3 }')
    f2=$(curl -s -m 5 "http://127.0.0.1:$FAST2_PORT/__status" | awk 'NR == 3 { print $3 }')
    s=$(curl -s -m 5 "http://127.0.0.1:$SLOW_STATS_PORT/stats;csv" | awk -F, '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "req_tot") c = i }
        $1 == "slow" && $2 == "FRONTEND" && c { print $c }')
    [[ $f1 =~ ^[0-9]+$ && $f2 =~ ^[0-9]+$ && $s =~ ^[0-9]+$ ]] \
        || die "could not read the origins' request counters (fast1 '$f1', fast2 '$f2', slow '$s')"
    echo "$f1 $f2 $s"
}

# ----------------------------------------------------------------- proxies ---

# nginx least_conn. The zone shares the upstream state (and so the in-flight
# counts least_conn compares) between the 2 workers; without it each worker
# would balance on its own half of the traffic.
start_nginx_proxy() {
    local dir=$WORK_DIR/nginx
    mkdir -p "$dir"
    {
        echo "worker_processes 2;"
        echo "daemon off;"
        nginx_common "$dir"
        echo "http {"
        nginx_http_common "$dir"
        cat <<EOF
    tcp_nodelay on;
    upstream pool {
        zone pool 64k;
        least_conn;
        server 127.0.0.1:$FAST1_PORT;
        server 127.0.0.1:$FAST2_PORT;
        server 127.0.0.1:$SLOW_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://pool;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    start_bg nginx "$dir/stdout.log" "$NGINX_BIN" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    wait_ready nginx "$NGINX_PORT" 15 "$dir/error.log"
}

start_haproxy() {
    local dir=$WORK_DIR/haproxy
    mkdir -p "$dir"
    cat >"$dir/haproxy.cfg" <<EOF
global
    nbthread 2
    maxconn 4096

defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout http-keep-alive 65s

frontend bench
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend pool

backend pool
    balance leastconn
    server fast1 127.0.0.1:$FAST1_PORT
    server fast2 127.0.0.1:$FAST2_PORT
    server slow 127.0.0.1:$SLOW_PORT
EOF
    start_haproxy_cfg haproxy "$dir"
    wait_ready haproxy "$HAPROXY_PORT" 15 "$dir/haproxy.log"
}

# The strategy names that bundles in the distribution register: the
# caracal.strategy property of the Declarative Services components in each
# jar's OSGI-INF/ (bundle/ and deploy/), one per line.
caracal_strategies() {
    local jar
    for jar in "$CARACAL_DIST"/bundle/*.jar "$CARACAL_DIST"/deploy/*.jar; do
        [[ -f $jar ]] || continue
        unzip -p "$jar" 'OSGI-INF/*.xml' 2>/dev/null \
            | grep -o '<property[^>]*name="caracal\.strategy"[^>]*>' \
            | sed -n 's/.*value="\([^"]*\)".*/\1/p' || true
    done | sort -u
}

# start_caracal STRATEGY: a fresh copy of the distribution with one cluster
# over the three origins, balanced by STRATEGY.
start_caracal() {
    local strategy=$1 dir=$WORK_DIR/caracal-$1 admin_port
    # Globals: free_port's own locals would shadow a local named "port".
    free_port CARACAL_PORT
    free_port CARACAL_ADMIN_PORT
    admin_port=$CARACAL_ADMIN_PORT
    log "caracal $strategy: starting on port $CARACAL_PORT (admin $admin_port)"
    caracal_prepare "$dir" "$CARACAL_PORT" "$admin_port"
    cat >"$dir/conf/caracal/io.caracal.cluster-bench.cfg" <<EOF
name=bench
upstreams=http://127.0.0.1:$FAST1_PORT, http://127.0.0.1:$FAST2_PORT, http://127.0.0.1:$SLOW_PORT
strategy=$strategy
EOF
    caracal_launch "caracal-$strategy" "$dir" "$CARACAL_PORT" "$admin_port"
}

# -------------------------------------------------------------------- load ---

# Latency percentiles per request. wrk 4 does not report the latencies it
# measured: before it prints them (and before a script's done() sees them) it
# "corrects" the histogram for coordinated omission (stats_correct in
# src/stats.c). Every sample of at least twice the mean interval between two
# requests of one connection (runtime ÷ (requests ÷ connections), about 1.2 ms
# at 50k req/s over 64 connections) gets synthetic samples added at that value
# minus 1, 2, 3 ... intervals, as if an open-loop client had kept sending. Here
# that turns each 31 ms response of the slow origin into ~25 extra samples
# spread evenly over 1-31 ms. With 1 % slow requests, a quarter of the
# histogram is then made up, and wrk reports a p90 of ~20 ms while 99 % of the
# requests took under 1 ms. The correction also depends on the target's
# throughput, so it skews the comparison between targets.
#
# This done() undoes it: it reads the histogram through LuaJIT's FFI (wrk's
# `stats` struct: count, limit, min, max, data[] of counts per µs), subtracts
# the synthetic samples from the top down, and checks that what is left adds up
# to wrk's request count exactly. It prints the real percentiles (PERCENTILES_US,
# raw=1) and wrk's corrected ones (CORRECTED_US) for reference. If the check
# fails (another wrk build), PERCENTILES_US carries the corrected ones with
# raw=0, and the report says so. The script defines only done(), so wrk keeps
# its fast path: a static request, and no Lua for each request or response.
# Usage: write_wrk_script CONNECTIONS (the -c it will be used with) -> file name.
write_wrk_script() {
    local file=$WORK_DIR/percentiles-c$1.lua
    {
        echo "local CONNECTIONS = $1"
        cat <<'EOF'
local ffi = require("ffi")
ffi.cdef[[ typedef struct { uint64_t count, limit, min, max; uint64_t data[?]; } bench_wrk_stats; ]]
local PCTS = { {"p50", 50}, {"p90", 90}, {"p95", 95}, {"p98", 98}, {"p99", 99}, {"p995", 99.5}, {"p999", 99.9} }

-- The first value whose cumulative count reaches p % (wrk's own rank rule).
local function percentile(counts, min, max, total, p)
    local rank = math.floor((p / 100) * total + 1)
    local cum = 0
    for n = min, max do
        local c = counts(n)
        if c > 0 then
            cum = cum + c
            if cum >= rank then return n end
        end
    end
    return max
end

local function line(tag, get, max, extra)
    local parts = { tag }
    for _, p in ipairs(PCTS) do parts[#parts + 1] = p[1] .. "=" .. get(p[2]) end
    parts[#parts + 1] = "max=" .. max
    parts[#parts + 1] = extra
    io.write(table.concat(parts, " "), "\n")
end

done = function(summary, latency, requests)
    local corrected = function(p) return latency:percentile(p) end
    line("CORRECTED_US", corrected, latency.max, "")
    local ok, raw = pcall(function()
        local s = ffi.cast("bench_wrk_stats**", latency)[0]
        local min, max = tonumber(s.min), tonumber(s.max)
        if min ~= latency.min or max ~= latency.max then error("layout") end
        local per_connection = math.floor(summary.requests / CONNECTIONS)
        local interval = per_connection > 0 and math.floor(summary.duration / per_connection) or math.huge
        local orig, added, total = {}, {}, 0
        for n = max, min, -1 do
            local o = tonumber(s.data[n]) - (added[n] or 0)
            if o > 0 then
                orig[n] = o
                total = total + o
                if n >= 2 * interval then
                    local m = n - interval
                    while m > interval do
                        added[m] = (added[m] or 0) + o
                        m = m - interval
                    end
                end
            end
        end
        if total ~= summary.requests then error("count " .. total .. " ~= " .. summary.requests) end
        local rmin, rmax = max, min
        for n in pairs(orig) do
            if n < rmin then rmin = n end
            if n > rmax then rmax = n end
        end
        return { counts = function(n) return orig[n] or 0 end, min = rmin, max = rmax, total = total }
    end)
    if ok then
        line("PERCENTILES_US", function(p) return percentile(raw.counts, raw.min, raw.max, raw.total, p) end,
            raw.max, "raw=1 samples=" .. raw.total)
    else
        line("PERCENTILES_US", corrected, latency.max, "raw=0 error=" .. tostring(raw):gsub("%s", "_"))
    end
end
EOF
    } >"$file"
    echo "$file"
}

# Prints the value of key $2 (p50, p99, p999, max, ...) in ms from wrk output
# $1, from the line tagged $3 (default PERCENTILES_US).
pct_ms() {
    awk -v k="$2" -v tag="${3:-PERCENTILES_US}" '$1 == tag {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) printf "%.3f", kv[2] / 1000 } }' "$1"
}

# Results, one entry per measured target, in run order.
ROW_NAMES=() ROW_RPS=() ROW_P50=() ROW_P99=() ROW_P999=() ROW_SHARE=() ROW_SLOW=() ROW_ERR=()

# run_target NAME PORT WARMUP: warm up, then measure RUNS times and record one
# row: req/s and latencies are medians over the runs; the slow share is over
# all measured requests. The origins' counters are read right before and 1 s
# after each measured run (the proxy may still finish requests wrk abandoned).
run_target() {
    local name=$1 port=$2 warmup=$3 url out run rps p50 p99 p999 errors
    local before after f1 f2 s b1 b2 bs fast slow
    local all_rps=() all_p50=() all_p99=() all_p999=() total_errors=0 total_fast=0 total_slow=0
    url="http://127.0.0.1:$port/1k.bin"
    if (( warmup > 0 )); then
        log "$name: warm-up ${warmup}s"
        load $(( warmup + 30 )) /dev/null -t"$THREADS" -c"$CONNECTIONS" -d"${warmup}s" "$url"
    fi
    for (( run = 1; run <= RUNS; run++ )); do
        out=$WORK_DIR/wrk.${name// /_}.$run.txt
        sleep 1
        before=$(origin_counts)
        log "$name: measuring ${DURATION}s (run $run/$RUNS; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
        load $(( DURATION + 30 )) "$out" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
            -s "$WRK_SCRIPT" "$url"
        sleep 1
        after=$(origin_counts)
        rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
        p50=$(pct_ms "$out" p50) p99=$(pct_ms "$out" p99) p999=$(pct_ms "$out" p999)
        [[ -n $rps && -n $p50 && -n $p99 && -n $p999 ]] || { cat "$out" >&2; die "could not parse wrk output for $name"; }
        errors=$(wrk_errors "$out")
        if ! grep -q '^PERCENTILES_US .* raw=1' "$out"; then
            RAW_FAILED="$name: $(grep -o 'error=.*' "$out" | head -n 1 || true)"
        fi
        read -r b1 b2 bs <<<"$before"
        read -r f1 f2 s <<<"$after"
        # Each stub_status read counts itself once: subtract the second one.
        fast=$(( f1 - b1 - 1 + f2 - b2 - 1 )) slow=$(( s - bs ))
        log "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms, p99.9 $p999 ms (wrk's corrected p99 $(pct_ms "$out" p99 CORRECTED_US) ms), errors $errors;" \
            "origins: fast1 $(( f1 - b1 - 1 )), fast2 $(( f2 - b2 - 1 )), slow $slow;" \
            "wrk: $(awk '/requests in/ { print $1 }' "$out") requests"
        all_rps+=("$rps") all_p50+=("$p50") all_p99+=("$p99") all_p999+=("$p999")
        total_errors=$(( total_errors + errors ))
        total_fast=$(( total_fast + fast )) total_slow=$(( total_slow + slow ))
    done
    ROW_NAMES+=("$name")
    ROW_RPS+=("$(median "${all_rps[@]}" | awk '{ printf "%.0f", $1 }')")
    ROW_P50+=("$(median "${all_p50[@]}" | awk '{ printf "%.3f", $1 }')")
    ROW_P99+=("$(median "${all_p99[@]}" | awk '{ printf "%.3f", $1 }')")
    ROW_P999+=("$(median "${all_p999[@]}" | awk '{ printf "%.3f", $1 }')")
    ROW_SHARE+=("$(awk -v s="$total_slow" -v f="$total_fast" 'BEGIN { if (s + f > 0) printf "%.2f %%", 100 * s / (s + f); else print "n/a" }')")
    ROW_SLOW+=("$total_slow")
    ROW_ERR+=("$total_errors")
}

# The slow origin on its own, a few seconds at low concurrency, for the report:
# the delay it really adds on this machine.
SLOW_DIRECT=""
RAW_FAILED=""
measure_slow_origin() {
    local out=$WORK_DIR/wrk.slow-direct.txt
    log "slow origin: measuring its delay directly (3s, 8 connections)"
    load 40 "$out" -t1 -c8 -d3s -s "$SLOW_WRK_SCRIPT" "http://127.0.0.1:$SLOW_PORT/1k.bin"
    SLOW_DIRECT="p50 $(pct_ms "$out" p50) ms, p99 $(pct_ms "$out" p99) ms, max $(pct_ms "$out" max) ms (wrk -c8 straight at it)"
}

# ------------------------------------------------------------------ report ---

print_report() {
    local nginx_p99="" i note
    for i in "${!ROW_NAMES[@]}"; do
        [[ ${ROW_NAMES[$i]} == "nginx least_conn" ]] && nginx_p99=${ROW_P99[$i]}
    done
    echo "## Caracal slow-upstream benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr); load average at the start: $START_LOAD"
    echo "- java: $(first_line java -version)"
    echo "- nginx: $(first_line "$NGINX_BIN" -v) — haproxy: $(first_line "$HAPROXY_BIN" -v)"
    echo "- load: $(first_line wrk --version | awk '{ print $1, $2 }') -t$THREADS -c$CONNECTIONS -d${DURATION}s, keep-alive, GET 1 KiB, all on 127.0.0.1; $RUNS measured run(s) per target, median shown"
    echo "- warm-up: ${NATIVE_WARMUP}s nginx/haproxy, ${JVM_WARMUP}s each caracal"
    echo "- upstreams: fast1, fast2 = nginx, 1 worker each, static 1 KiB file; slow = HAProxy (1 thread) + Lua core.msleep(${SLOW_DELAY_MS}), then the same 1 KiB; slow measured alone: $SLOW_DIRECT"
    [[ -n $CARACAL_LINE ]] && echo "$CARACAL_LINE"
    echo "- proxies: nginx least_conn, 2 workers, shared zone, keepalive 64; haproxy balance leastconn, nbthread 2, http-reuse always; caracal Jetty defaults, -XX:+UseParallelGC, one JVM per strategy, started and stopped in turn"
    echo
    echo "| target | req/s | p50 ms | p99 ms | p99.9 ms | slow share | slow reqs | p99 ÷ nginx | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for i in "${!ROW_NAMES[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "${ROW_NAMES[$i]}" "${ROW_RPS[$i]}" "${ROW_P50[$i]}" "${ROW_P99[$i]}" "${ROW_P999[$i]}" \
            "${ROW_SHARE[$i]}" "${ROW_SLOW[$i]}" "$(ratio "${ROW_P99[$i]}" "$nginx_p99")" "${ROW_ERR[$i]}"
    done
    echo
    echo "p50/p99/p99.9 = latency per request as measured, with wrk's coordinated-omission correction taken out (see bench/README.md). slow share = requests the slow origin served ÷ requests all three origins served during the measured run(s), from the origins' own counters. errors = non-2xx responses + socket errors (summed over runs)."
    [[ -n $RAW_FAILED ]] && echo "WARNING: wrk's histogram could not be read raw (${RAW_FAILED}); latencies of that run and possibly others are wrk's corrected ones."
    for note in "${NOTES[@]}"; do
        echo "$note"
    done
    return 0
}

# -------------------------------------------------------------------- main ---

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
NOTES=()
CARACAL_RUN=()   # strategies to measure
CARACAL_LINE=""
if [[ $SKIP_CARACAL == 1 ]]; then
    ensure_packages
else
    ensure_packages unzip
fi
for tool in curl wrk cmp setsid timeout awk; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done
[[ $("$HAPROXY_BIN" -vv 2>/dev/null) == *USE_LUA=1* ]] \
    || die "this HAProxy is built without Lua, which the slow origin needs (Debian's haproxy package has it)"

if [[ $SKIP_CARACAL == 1 ]]; then
    NOTES+=("caracal: skipped (--skip-caracal).")
    log "caracal: skipped (--skip-caracal)"
else
    ensure_caracal_dist
    command -v java >/dev/null 2>&1 || [[ -n ${JAVA_HOME:-} ]] || die "java not found (needed by Caracal; or pass --skip-caracal)"
    # One snapshot for the whole run: a rebuild of the distribution while the
    # run is going must not change (or half-replace) what later strategies run.
    make_work_dir
    cp -a "$CARACAL_DIST" "$WORK_DIR/dist"
    rm -rf -- "$WORK_DIR/dist/data"
    log "caracal: using a copy of $CARACAL_DIST"
    CARACAL_DIST=$WORK_DIR/dist
    available=$(caracal_strategies | tr '\n' ' ')
    available=${available% }
    log "caracal: strategies in the distribution: ${available:-none}"
    for strategy in $STRATEGIES; do
        if [[ " $available " == *" $strategy "* ]]; then
            CARACAL_RUN+=("$strategy")
        else
            NOTES+=("caracal $strategy: skipped, no bundle in the distribution registers caracal.strategy=$strategy (found: ${available:-none}).")
            log "caracal $strategy: skipped (not in the distribution)"
        fi
    done
    CARACAL_LINE="- caracal: strategies in the distribution: ${available:-none}; measured: ${CARACAL_RUN[*]:-none}"
fi

[[ -n $WORK_DIR ]] || make_work_dir
WRK_SCRIPT=$(write_wrk_script "$CONNECTIONS")
SLOW_WRK_SCRIPT=$(write_wrk_script 8)

FAST1_PORT="" FAST2_PORT="" SLOW_PORT="" SLOW_STATS_PORT="" NGINX_PORT="" HAPROXY_PORT=""
CARACAL_PORT="" CARACAL_ADMIN_PORT=""
for var in FAST1_PORT FAST2_PORT SLOW_PORT SLOW_STATS_PORT NGINX_PORT HAPROXY_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: fast1 $FAST1_PORT, fast2 $FAST2_PORT, slow $SLOW_PORT (stats $SLOW_STATS_PORT), nginx $NGINX_PORT, haproxy $HAPROXY_PORT"
start_fast_origin fast1 "$FAST1_PORT"
start_fast_origin fast2 "$FAST2_PORT"
start_slow_origin
origin_counts >/dev/null
start_nginx_proxy
start_haproxy
measure_slow_origin

run_target "nginx least_conn" "$NGINX_PORT" "$NATIVE_WARMUP"
run_target "haproxy leastconn" "$HAPROXY_PORT" "$NATIVE_WARMUP"
for strategy in "${CARACAL_RUN[@]}"; do
    start_caracal "$strategy"
    run_target "caracal $strategy" "$CARACAL_PORT" "$JVM_WARMUP"
    # A cluster whose strategy is missing or rejects it is served by round-robin.
    fallback=$(cat "$WORK_DIR/caracal-$strategy/caracal.log" "$WORK_DIR/caracal-$strategy"/logs/*.log 2>/dev/null \
        | grep -m1 -o -e "Cluster '[^']*' asks for strategy '$strategy'.*" \
                       -e "Strategy '$strategy' .*falling back to round-robin" || true)
    if [[ -n $fallback ]]; then
        NOTES+=("caracal $strategy: its log says the cluster fell back to round-robin at some point: $fallback")
        log "caracal $strategy: WARNING, the cluster fell back to round-robin: $fallback"
    fi
    stop_bg "caracal-$strategy" 20
done

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/slow-upstream-$(date +%Y%m%d-%H%M%S).md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
