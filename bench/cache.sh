#!/usr/bin/env bash
# Cache hits: Caracal vs Varnish vs nginx proxy_cache, serving from their caches.
#
# One run starts an nginx origin that serves a 1 KiB file (SIZES="1k 16k" adds a
# 16 KiB one) with Cache-Control: max-age=3600 and logs every request it gets,
# and puts three caches in front of it:
#   varnish         varnishd -F -a ... -b <origin> -s malloc,256m, its own -n dir
#   nginx cache     proxy_cache (2 workers, cache dir in the work dir, upstream
#                   keepalive 64 as in run.sh)
#   caracal memory  a route with cache = <a memory store, 256 MiB>
#   caracal disk    a route with cache = <a disk store, 256 MiB, in the work dir>
# and, as references, the origin itself, nginx and Caracal proxying the same
# file without a cache. Before any load it checks that every target returns the
# origin's exact bytes, that each cache says it answered from its cache
# (Varnish: two ids in X-Varnish and an Age; nginx: X-Cache-Status: HIT;
# Caracal: Cache-Status: Caracal; hit), and that the origin's access log does
# not grow while a short probe hits every cache. Each target is then measured
# with wrk over keep-alive after a warm-up; the origin's log is counted around
# every measured run too. The table shows req/s, p50, p99, the target's CPU
# per request, the ratio to Varnish (the target: Caracal >= 1.0x Varnish's
# req/s) and errors. Everything listens on 127.0.0.1 only; every process it
# starts is stopped on exit, error or CTRL-C. Before each measurement it waits
# (bounded) until no other benchmark (bench/*.sh) or Maven build runs.
#
# Usage: bench/cache.sh [--quick] [--skip-caracal] [--help]
#   --quick         smoke test: 3 s warm-ups and 5 s runs (overrides the variables)
#   --skip-caracal  only the origin, Varnish and nginx (no distribution needed)
# Environment:
#   DURATION       measured run per target in seconds (default 20)
#   WARMUP         warm-up in seconds; sets NATIVE_WARMUP and JVM_WARMUP
#   NATIVE_WARMUP  warm-up before each origin, Varnish and nginx measurement (default 5)
#   JVM_WARMUP     Caracal's first warm-up, all its routes mixed (default 30: the JIT needs it)
#   ROUTE_WARMUP   warm-up before each Caracal route's measurement (default NATIVE_WARMUP)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per target; the table shows medians (default 1)
#   SIZES          file sizes to measure: "1k" (default), "16k" or "1k 16k"
#   REFERENCE      1 = also measure the origin and both proxies without a cache (default 1)
#   QUIET_WAIT     seconds to wait, at most, for other benchmarks/builds to end
#                  before a measurement (default 600; 0 = don't wait)
#   QUIET_WAIT_TOTAL  cap on all those waits together in seconds (default 1800)
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
    DURATION=5 NATIVE_WARMUP=3 JVM_WARMUP=3 ROUTE_WARMUP=3
fi
DURATION=${DURATION:-20}
NATIVE_WARMUP=${NATIVE_WARMUP:-${WARMUP:-5}}
JVM_WARMUP=${JVM_WARMUP:-${WARMUP:-30}}
ROUTE_WARMUP=${ROUTE_WARMUP:-$NATIVE_WARMUP}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
RUNS=${RUNS:-1}
SIZES=${SIZES:-1k}
REFERENCE=${REFERENCE:-1}
QUIET_WAIT=${QUIET_WAIT:-600}
QUIET_WAIT_TOTAL=${QUIET_WAIT_TOTAL:-1800}
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

check_counts DURATION NATIVE_WARMUP JVM_WARMUP ROUTE_WARMUP CONNECTIONS THREADS RUNS QUIET_WAIT QUIET_WAIT_TOTAL
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }
[[ $REFERENCE == 0 || $REFERENCE == 1 ]] || { echo "REFERENCE must be 0 or 1, got '$REFERENCE'" >&2; exit 2; }
read -r -a SIZE_LIST <<<"$SIZES"
(( ${#SIZE_LIST[@]} >= 1 )) || { echo "SIZES must name at least one size (1k, 16k)" >&2; exit 2; }
for size in "${SIZE_LIST[@]}"; do
    [[ $size == 1k || $size == 16k ]] || { echo "SIZES: unknown size '$size' (1k or 16k)" >&2; exit 2; }
done

# The same bound for every cache: Varnish's malloc storage, nginx's max_size
# and Caracal's stores' max.bytes.
CACHE_MB=256
CACHE_BYTES=$(( CACHE_MB * 1024 * 1024 ))
MAX_AGE=3600

# ---------------------------------------------------------------- packages ---

# As lib.sh's ensure_packages, for what this scenario needs: nginx, wrk, curl
# and Varnish (Debian package varnish; its command is varnishd, so it cannot go
# through ensure_packages' command = package rule). HAProxy is not needed.
# Services of packages this run installed are stopped (the varnish package
# starts varnishd on port 6081); a machine's own nginx or Varnish is left alone
# (we use free ports and our own varnishd -n directory).
VARNISHD_BIN=$(command -v varnishd || echo /usr/sbin/varnishd)
VARNISHSTAT_BIN=$(command -v varnishstat || echo /usr/bin/varnishstat)
ensure_cache_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [[ -x $VARNISHD_BIN ]] || missing+=(varnish)
    (( ${#missing[@]} == 0 )) && return 0
    apt_install "${missing[@]}"
    VARNISHD_BIN=$(command -v varnishd || echo /usr/sbin/varnishd)
    VARNISHSTAT_BIN=$(command -v varnishstat || echo /usr/bin/varnishstat)
    [[ -x $VARNISHD_BIN ]] || die "the varnish package did not install varnishd"
}

# ------------------------------------------------------------------- site ---

# www/1k.bin (make_work_dir) and www/16k.bin, plus copies under mem/ and disk/
# for Caracal's cache routes (routes do not rewrite paths).
make_site() {
    local route
    head -c 16384 /dev/urandom >"$WORK_DIR/www/16k.bin"
    for route in mem disk; do
        mkdir -p "$WORK_DIR/www/$route"
        cp "$WORK_DIR/www/1k.bin" "$WORK_DIR/www/16k.bin" "$WORK_DIR/www/$route/"
    done
    chmod -R a+rX "$WORK_DIR/www"
}

# ----------------------------------------------------------------- targets ---

# The origin: as lib.sh's start_origin (nginx, 1 worker, sendfile), plus
# `expires` (Cache-Control: max-age=3600 and an Expires header) on everything
# and an access log of every request it serves, which the checks and the
# measurements count. /direct/ serves the same files with no access log, for
# the reference rows (the origin measured itself, the proxies without a
# cache), so that only the caches' traffic to the origin is logged.
start_cache_origin() {
    local dir=$WORK_DIR/origin
    mkdir -p "$dir"
    : >"$dir/access.log"
    {
        echo "worker_processes 1;"
        echo "daemon off;"
        nginx_common "$dir"
        echo "http {"
        nginx_http_common "$dir"
        cat <<EOF
    log_format bench '\$remote_addr "\$request" \$status \$body_bytes_sent';
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$ORIGIN_PORT;
        root $WORK_DIR/www;
        expires ${MAX_AGE}s;
        access_log $dir/access.log bench;
        location /direct/ {
            alias $WORK_DIR/www/;
            access_log off;
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    run_nginx_conf origin "$dir" "$ORIGIN_PORT" 15
}

# Requests the origin has logged so far.
origin_requests() { wc -l <"$WORK_DIR/origin/access.log" | tr -d ' '; }

# Varnish with the built-in VCL and one backend (-b), malloc storage, its own
# working directory (-n, where varnishstat finds it), in the foreground (-F) so
# that it is one process group we start and stop; no management port (-T
# none). Thread pools and everything else are Varnish's defaults (2 pools).
start_varnish() {
    local dir=$WORK_DIR/varnish
    mkdir -p "$dir"
    start_bg varnish "$dir/varnishd.log" "$VARNISHD_BIN" -F \
        -a "127.0.0.1:$VARNISH_PORT" -b "127.0.0.1:$ORIGIN_PORT" \
        -s "malloc,${CACHE_MB}m" -n "$dir/n" -T none
    wait_ready varnish "$VARNISH_PORT" 30 "$dir/varnishd.log"
}

# nginx as in run.sh (2 workers, upstream keepalive 64), caching on / in a
# proxy_cache_path in the work dir; /direct/ proxies without a cache.
start_nginx_cache() {
    local dir=$WORK_DIR/nginx
    mkdir -p "$dir/cache"
    {
        echo "worker_processes 2;"
        echo "daemon off;"
        nginx_common "$dir"
        echo "http {"
        nginx_http_common "$dir"
        cat <<EOF
    tcp_nodelay on;
    proxy_cache_path $dir/cache levels=1:2 keys_zone=bench:10m max_size=${CACHE_MB}m inactive=60m use_temp_path=off;
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        location / {
            proxy_pass http://origin;
            proxy_cache bench;
            proxy_cache_key \$scheme\$proxy_host\$request_uri;
            proxy_cache_valid 200 ${MAX_AGE}s;
            proxy_cache_lock on;
            add_header X-Cache-Status \$upstream_cache_status always;
        }
        location /direct/ {
            proxy_pass http://origin;
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    run_nginx_conf nginx "$dir" "$NGINX_PORT" 15
}

# Caracal: the copy from caracal_prepare (stock cfg files removed, one listener
# on 127.0.0.1, the route "bench" on / without a cache, admin port moved), plus
# a memory store and a disk store of CACHE_BYTES each and a route to the same
# cluster for each: /mem/ and /disk/.
start_caracal() {
    local dir=$WORK_DIR/caracal conf
    caracal_prepare "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
    conf=$dir/conf/caracal
    mkdir -p "$WORK_DIR/caracal-disk-cache"
    cat >"$conf/io.caracal.cluster-bench.cfg" <<EOF
name = bench
upstreams = http://127.0.0.1:$ORIGIN_PORT
strategy = round-robin
EOF
    cat >"$conf/io.caracal.cache.memory-mem.cfg" <<EOF
name = mem
max.bytes = $CACHE_BYTES
EOF
    cat >"$conf/io.caracal.cache.disk-disk.cfg" <<EOF
name = disk
max.bytes = $CACHE_BYTES
path = $WORK_DIR/caracal-disk-cache
EOF
    local store
    for store in mem disk; do
        cat >"$conf/io.caracal.route-$store.cfg" <<EOF
name = $store
hosts = *
path.prefix = /$store/
cluster = bench
cache = $store
EOF
    done
    caracal_launch caracal "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
}

# ------------------------------------------------------------------ checks ---

CHECKS=()

# same_file SIZE: the last fetch was a 200 with exactly the origin's file.
same_file() { [[ $STATUS == 200 ]] && cmp -s "$WORK_DIR/check.body" "$WORK_DIR/www/$1.bin"; }

# hit_headers KIND: the cache headers of the last fetch, for the log.
hit_headers() {
    case "$1" in
        varnish) echo "X-Varnish: $(header_value X-Varnish), Age: $(header_value Age)" ;;
        nginx) echo "X-Cache-Status: $(header_value X-Cache-Status)" ;;
        caracal) echo "Cache-Status: $(header_value Cache-Status), Age: $(header_value Age)" ;;
    esac
}

# is_hit KIND: the last fetch says it was answered from the cache.
#   varnish: X-Varnish carries two ids (this request's and the one that
#            stored the object) and there is an Age header;
#   nginx:   X-Cache-Status: HIT ($upstream_cache_status);
#   caracal: Cache-Status: Caracal; hit... (RFC 9211), and an Age header.
is_hit() {
    local v
    case "$1" in
        varnish)
            [[ $(header_value X-Varnish) =~ ^[0-9]+\ [0-9]+$ && -n $(header_value Age) ]] ;;
        nginx)
            [[ $(header_value X-Cache-Status) == HIT ]] ;;
        caracal)
            v=$(header_value Cache-Status)
            v=${v,,}
            [[ $v == caracal* && $v =~ \;\ *hit($|\;) && -n $(header_value Age) ]] ;;
        *) return 1 ;;
    esac
}

# prime_until_hit NAME KIND URL SIZE: GETs URL (exact bytes each time) until the
# answer is a hit, up to 20 times 0.25 s apart (the first one is usually the
# miss that stores it; a store may write the entry after it answered).
prime_until_hit() {
    local name=$1 kind=$2 url=$3 size=$4 i
    for (( i = 0; i < 20; i++ )); do
        fetch "$url"
        same_file "$size" || die "check failed: $name: expected 200 with the origin's $size file, got $STATUS ($(hit_headers "$kind"))"
        if is_hit "$kind"; then
            log "check: $name: the origin's exact bytes, a hit ($(hit_headers "$kind"))"
            return 0
        fi
        sleep 0.25
    done
    die "check failed: $name: no hit after 20 requests; last answer: $(hit_headers "$kind")"
}

# Caracal binds a route's store through Configuration Admin after it serves;
# until then the route answers without a Cache-Status. Polls (up to 30 s)
# until both cache routes carry one.
wait_caracal_caching() {
    local deadline=$(( SECONDS + 30 )) store status
    for store in mem disk; do
        while :; do
            fetch "http://127.0.0.1:$CARACAL_PORT/$store/1k.bin"
            status=$(header_value Cache-Status)
            [[ $STATUS == 200 && $status == Caracal* ]] && break
            if (( SECONDS >= deadline )); then
                log "Caracal's /$store/ route answered $STATUS without a Cache-Status for 30 s; its log:"
                grep -hiE 'ERROR|WARN|cache' "$WORK_DIR/caracal/logs/caracal.log" 2>/dev/null | tail -n 40 >&2 || true
                die "Caracal's cache store '$store' is not in use (is the store bundle in $CARACAL_DIST/bundle?)"
            fi
            sleep 0.5
        done
        log "caracal /$store/: caching ($status)"
    done
}

# Every target serves the origin's exact bytes; every cache target answers from
# its cache; and while a short probe (wrk, 1 s, 4 connections) goes to every
# cache target, the origin logs no request.
run_checks() {
    local i size before after probe_requests=0 n out
    for size in "${SIZE_LIST[@]}"; do
        fetch "http://127.0.0.1:$ORIGIN_PORT/$size.bin"
        same_file "$size" || die "check failed: origin /$size.bin: expected 200 with the $size file, got $STATUS"
        [[ $(header_value Cache-Control) == "max-age=$MAX_AGE" ]] \
            || die "check failed: the origin's Cache-Control is '$(header_value Cache-Control)', expected max-age=$MAX_AGE"
        log "check: origin /$size.bin: 200, Cache-Control: max-age=$MAX_AGE"
    done
    for i in "${!T_NAME[@]}"; do
        if [[ ${T_HIT[$i]} == none ]]; then
            fetch "${T_URL[$i]}"
            same_file "${T_SIZE[$i]}" || die "check failed: ${T_NAME[$i]} ${T_SIZE[$i]}: expected 200 with the origin's file, got $STATUS"
            log "check: ${T_NAME[$i]} ${T_SIZE[$i]}: 200, the origin's exact bytes"
        else
            prime_until_hit "${T_NAME[$i]} ${T_SIZE[$i]}" "${T_HIT[$i]}" "${T_URL[$i]}" "${T_SIZE[$i]}"
        fi
    done

    before=$(origin_requests)
    for i in "${!T_NAME[@]}"; do
        [[ ${T_HIT[$i]} == none ]] && continue
        out=$WORK_DIR/wrk.probe.$i.txt
        load_env 30 "$out" -- -t1 -c4 -d1s "${T_URL[$i]}"
        (( $(wrk_errors "$out") == 0 )) || { cat "$out" >&2; die "check failed: the probe of ${T_NAME[$i]} ${T_SIZE[$i]} got non-2xx answers or socket errors"; }
        n=$(awk '/ requests in / { print $1; exit }' "$out")
        probe_requests=$(( probe_requests + ${n:-0} ))
    done
    after=$(origin_requests)
    (( after == before )) || { tail -n 20 "$WORK_DIR/origin/access.log" >&2; die "check failed: the origin logged $(( after - before )) request(s) while the caches were probed: not every answer was a hit"; }
    log "check: $probe_requests requests to the caches in a 1 s probe each, the origin logged none"
    for i in "${!T_NAME[@]}"; do
        [[ ${T_HIT[$i]} == none ]] && continue
        fetch "${T_URL[$i]}"
        same_file "${T_SIZE[$i]}" && is_hit "${T_HIT[$i]}" \
            || die "check failed: ${T_NAME[$i]} ${T_SIZE[$i]}: after the probe, not a hit with the exact bytes ($(hit_headers "${T_HIT[$i]}"))"
    done

    CHECKS=("every target: 200 with exactly the origin's $(printf '%s, ' "${SIZE_LIST[@]}" | sed 's/, $//') file; the origin sends Cache-Control: max-age=$MAX_AGE"
        "every cache answers from its cache after priming: varnish X-Varnish with two ids and an Age header; nginx X-Cache-Status: HIT; caracal Cache-Status: Caracal; hit... and an Age header"
        "a 1 s probe of every cache target (wrk -c4, $probe_requests requests in all): the origin's access log did not grow")
    return 0
}

# -------------------------------------------------------------------- load ---

# Targets in measuring order: name, the process (group) whose CPU is counted,
# URL, file size, the kind of hit check (varnish, nginx, caracal; none for the
# reference rows without a cache).
T_NAME=() T_PROC=() T_URL=() T_SIZE=() T_HIT=()
add_target() {
    T_NAME+=("$1") T_PROC+=("$2") T_URL+=("$3") T_SIZE+=("$4") T_HIT+=("$5")
}

# measure I WARMUP RUN: warms target I up with the same load, measures it once
# and appends the results to VALUES ("<index>|<field>"). For a cache target, the origin's access
# log is counted before and after the measured run.
measure() {
    local i=$1 warmup=$2 run=$3 name proc url out wrk_args=() o0 o1 bytes
    name="${T_NAME[$i]} ${T_SIZE[$i]}" proc=${T_PROC[$i]} url=${T_URL[$i]}
    wrk_args=(-t"$THREADS" -c"$CONNECTIONS")
    warm_up "$name" "$warmup" "$run" "$url" "${wrk_args[@]}"
    out=$WORK_DIR/wrk.$(tr ' +' '_-' <<<"$name").$run.txt
    o0=$(origin_requests)
    measured_run "$name" "$run" "$proc" "$out" "$url" "${wrk_args[@]}"
    o1=$(origin_requests)
    # Bytes per response (headers + body), from wrk's "N requests in T, X read":
    # a cache that answered with a short or empty body would show here.
    bytes=$(awk '/ requests in / { v = $(NF - 1); n = $1
            f = (v ~ /GB$/) ? 1073741824 : (v ~ /MB$/) ? 1048576 : (v ~ /KB$/) ? 1024 : 1; sub(/[KMG]?B$/, "", v)
            if (n > 0) printf "%.0f", v * f / n; else print "nan"; exit }' "$out")
    log "$name: $M_RPS req/s, p50 $M_P50 ms, p99 $M_P99 ms, $proc CPU $M_CPU µs/request, wrk CPU $M_WRK_CPU %, origin requests $(( o1 - o0 )), errors $M_ERRORS"
    VALUES["$i|rps"]+="$M_RPS " VALUES["$i|p50"]+="$M_P50 " VALUES["$i|p99"]+="$M_P99 "
    VALUES["$i|cpu"]+="$M_CPU " VALUES["$i|errors"]+="$M_ERRORS " VALUES["$i|origin"]+="$(( o1 - o0 )) "
    VALUES["$i|bytes"]+="${bytes:-nan} " VALUES["$i|wrk"]+="$M_WRK_CPU "
}

# The wrk Lua script of Caracal's first warm-up: its targets' requests in turn
# on every connection, so that one warm-up compiles all their paths.
write_mixed_script() {
    local i path
    {
        echo "local reqs = {}"
        echo "local n = 0"
        echo "function init(args)"
        for i in "${!T_NAME[@]}"; do
            [[ ${T_PROC[$i]} == caracal ]] || continue
            path=/${T_URL[$i]#http://*/}
            printf '    reqs[#reqs + 1] = wrk.format("GET", "%s", {})\n' "$path"
        done
        echo "end"
        echo "function request()"
        echo "    n = n % #reqs + 1"
        echo "    return reqs[n]"
        echo "end"
    } >"$WORK_DIR/mixed.lua"
}

# ---------------------------------------------------------------- counters ---

# Varnish's own hit and miss counters (varnishstat reads its -n directory).
varnish_counters() {
    [[ -x $VARNISHSTAT_BIN ]] || return 0
    "$VARNISHSTAT_BIN" -n "$WORK_DIR/varnish/n" -1 -f MAIN.cache_hit -f MAIN.cache_miss -f MAIN.cache_hitpass \
        -f MAIN.backend_req -f MAIN.client_req 2>/dev/null \
        | awk '{ sub(/^MAIN\./, "", $1); printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' || true
}

# Caracal's cache counters from its Prometheus endpoint, one "labels value"
# per series, joined.
caracal_counters() {
    curl -s -m 5 "http://127.0.0.1:$CARACAL_ADMIN_PORT/metrics" 2>/dev/null \
        | awk '/^caracal_cache_requests_total/ { sub(/^caracal_cache_requests_total/, ""); printf "%s%s", (n++ ? ", " : ""), $0 }' || true
}

# ------------------------------------------------------------------ report ---

print_report() {
    local i base rps p50 p99 cpu check v name bt='`'
    echo "## Caracal cache-hit benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr); load average at the start: $START_LOAD"
    echo "- 1-min load average just before the measured runs: $(load_range) (the benchmark's own threads add to it: about 2 with wrk and nginx, up to about 20 right after Varnish's runs, which keep a worker thread per connection busy, and up to about 14 with Caracal's Jetty threads)"
    echo "- java: $(first_line java -version); nginx: $(first_line "$NGINX_BIN" -v | sed 's/^nginx version: //'); varnish: $(first_line "$VARNISHD_BIN" -V | sed 's/^varnishd (\(.*\))$/\1/')"
    echo "- load: wrk $(first_line wrk --version | awk '{ print $2 }') -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, GET of one URL per row, all on 127.0.0.1; $RUNS measured run(s) per target, median shown; with several runs the targets take turns run by run, each run starting one target later"
    echo "- warm-up: ${NATIVE_WARMUP}s before each origin/varnish/nginx measurement; caracal ${JVM_WARMUP}s with all its rows' URLs mixed (wrk Lua), then ${ROUTE_WARMUP}s before each row's measurement"
    echo "- origin: nginx, 1 worker, files of random bytes ($(printf '%s, ' "${SIZE_LIST[@]}" | sed 's/, $//')), ${bt}expires ${MAX_AGE}s${bt} (Cache-Control: max-age=$MAX_AGE), access log on (counted); /direct/ = the same files without the access log, for the no-cache rows"
    echo "- varnish: ${bt}varnishd -F -a 127.0.0.1:<port> -b 127.0.0.1:<origin> -s malloc,${CACHE_MB}m -n <workdir> -T none${bt}: built-in VCL, default parameters (2 thread pools)"
    echo "- nginx cache: 2 workers, upstream keepalive 64 (as in run.sh), ${bt}proxy_cache_path <workdir> levels=1:2 keys_zone=bench:10m max_size=${CACHE_MB}m inactive=60m use_temp_path=off${bt}, ${bt}proxy_cache_key \$scheme\$proxy_host\$request_uri${bt}, ${bt}proxy_cache_valid 200 ${MAX_AGE}s${bt}, ${bt}proxy_cache_lock on${bt}, ${bt}add_header X-Cache-Status \$upstream_cache_status${bt}; nginx no cache = the same server's /direct/ location, proxy_pass only"
    if [[ $SKIP_CARACAL == 0 ]]; then
        echo "- caracal: one JVM (Jetty defaults, -XX:+UseParallelGC), one listener, one cluster; route /mem/ with ${bt}cache = mem${bt} (memory store, max.bytes $CACHE_BYTES), route /disk/ with ${bt}cache = disk${bt} (disk store, max.bytes $CACHE_BYTES, path in the work dir); caracal no cache = the route on / without a cache, to /direct/"
    fi
    echo "- checked before any load:"
    for check in "${CHECKS[@]}"; do
        echo "  - $check"
    done
    v=$(varnish_counters)
    [[ -n $v ]] && echo "- varnish counters at the end (varnishstat): $v"
    if [[ $SKIP_CARACAL == 0 ]]; then
        v=$(caracal_counters)
        [[ -n $v ]] && echo "- caracal counters at the end (caracal_cache_requests_total): $v"
    fi
    if (( QUIET_WAITED > 0 )); then
        echo "- waited ${QUIET_WAITED}s in all for other benchmarks/builds (bench/*.sh, mvn) to end before measuring$( (( QUIET_GIVEUPS > 0 )) && echo "; GAVE UP waiting $QUIET_GIVEUPS time(s) and went on")"
    fi
    if [[ $SKIP_CARACAL == 0 ]] && (( JVM_WARMUP < 20 )); then
        echo "- NOTE: a ${JVM_WARMUP}s warm-up is too short for the JIT: Caracal's numbers are those of a cold JVM (use the default 30 s for figures worth comparing)"
    fi
    echo
    echo "| target | size | req/s | p50 ms | p99 ms | req/s ÷ varnish | p99 ÷ varnish | CPU µs/req | wrk CPU % | B/resp | origin requests | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for i in "${!T_NAME[@]}"; do
        name=${T_NAME[$i]}
        [[ ${T_HIT[$i]} == none ]] && name="$name (no cache)"
        base=${VARNISH_ROW[${T_SIZE[$i]}]:-}
        rps=$(med "${VALUES[$i|rps]}" '%.0f')
        p50=$(med "${VALUES[$i|p50]}" '%.3f')
        p99=$(med "${VALUES[$i|p99]}" '%.3f')
        cpu=$(med "${VALUES[$i|cpu]}" '%.1f')
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "${T_SIZE[$i]}" "$rps" "$p50" "$p99" \
            "$(ratio "$rps" "$(med "${VALUES[$base|rps]}" '%.0f')")" \
            "$(ratio "$p99" "$(med "${VALUES[$base|p99]}" '%.3f')")" \
            "$cpu" "$(med "${VALUES[$i|wrk]}" '%.0f')" "$(med "${VALUES[$i|bytes]}" '%.0f')" "$( [[ ${T_HIT[$i]} == none ]] && echo "—" || sum "${VALUES[$i|origin]}")" "$(sum "${VALUES[$i|errors]}")"
    done
    echo
    echo "÷ varnish: against the varnish row of the same size (the target: caracal >= 1.00 on req/s). CPU µs/req: utime+stime of the target's processes (varnishd manager + child, nginx master + workers, the JVM; for the origin row, the origin) over the measured run, from /proc, divided by wrk's request count. wrk CPU %: wrk's own CPU over the measured run in % of one core (-t$THREADS; near $(( THREADS * 100 )) % the client, not the target, limits req/s). B/resp: bytes wrk read per response, headers and body (from wrk's rounded total). origin requests: requests the origin logged during the row's measured runs (0 = every answer came from the cache); the no-cache rows go to an unlogged location. p50/p99 as wrk --latency reports them (as in run.sh). errors = non-2xx responses + socket errors, summed over runs."
    [[ -n $CARACAL_NOTE ]] && echo "$CARACAL_NOTE"
    for i in "${NOTES[@]}"; do
        echo "WARNING: $i"
    done
    return 0
}

# -------------------------------------------------------------------- main ---

CARACAL_NOTE=""
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ensure_cache_packages
for tool in curl wrk cmp setsid timeout awk pgrep; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done

if [[ $SKIP_CARACAL == 1 ]]; then
    if [[ -x $CARACAL_DIST/bin/caracal ]]; then
        CARACAL_NOTE="caracal: skipped (--skip-caracal)."
    else
        CARACAL_NOTE="caracal: skipped (--skip-caracal; no distribution at $CARACAL_DIST — build it with 'mvn -q -DskipTests install')."
    fi
    log "$CARACAL_NOTE"
else
    ensure_caracal_dist
    command -v java >/dev/null 2>&1 || [[ -n ${JAVA_HOME:-} ]] || die "java not found (needed by Caracal; or pass --skip-caracal)"
fi

# Starting a JVM would disturb another benchmark's measurement too.
wait_quiet "start-up" || true
make_work_dir
make_site

ORIGIN_PORT="" VARNISH_PORT="" NGINX_PORT="" CARACAL_PORT="" CARACAL_ADMIN_PORT=""
for var in ORIGIN_PORT VARNISH_PORT NGINX_PORT CARACAL_PORT CARACAL_ADMIN_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: origin $ORIGIN_PORT, varnish $VARNISH_PORT, nginx $NGINX_PORT, caracal $CARACAL_PORT (admin $CARACAL_ADMIN_PORT)"
start_cache_origin
start_varnish
start_nginx_cache
if [[ $SKIP_CARACAL == 0 ]]; then
    log "starting Caracal from $CARACAL_DIST"
    start_caracal
    wait_caracal_caching
fi

declare -A VARNISH_ROW=()
for size in "${SIZE_LIST[@]}"; do
    if [[ $REFERENCE == 1 ]]; then
        add_target origin origin "http://127.0.0.1:$ORIGIN_PORT/direct/$size.bin" "$size" none
    fi
    VARNISH_ROW[$size]=${#T_NAME[@]}
    add_target varnish varnish "http://127.0.0.1:$VARNISH_PORT/$size.bin" "$size" varnish
    add_target "nginx cache" nginx "http://127.0.0.1:$NGINX_PORT/$size.bin" "$size" nginx
    if [[ $REFERENCE == 1 ]]; then
        add_target nginx nginx "http://127.0.0.1:$NGINX_PORT/direct/$size.bin" "$size" none
    fi
    if [[ $SKIP_CARACAL == 0 ]]; then
        add_target "caracal memory" caracal "http://127.0.0.1:$CARACAL_PORT/mem/$size.bin" "$size" caracal
        add_target "caracal disk" caracal "http://127.0.0.1:$CARACAL_PORT/disk/$size.bin" "$size" caracal
        if [[ $REFERENCE == 1 ]]; then
            add_target caracal caracal "http://127.0.0.1:$CARACAL_PORT/direct/$size.bin" "$size" none
        fi
    fi
done

run_checks

measure_group native "$NATIVE_WARMUP"

if [[ $SKIP_CARACAL == 0 ]]; then
    write_mixed_script
    caracal_warm_up "http://127.0.0.1:$CARACAL_PORT/"
    measure_group caracal "$ROUTE_WARMUP"
fi

# Still hits after the load (nothing was evicted or expired).
for i in "${!T_NAME[@]}"; do
    [[ ${T_HIT[$i]} == none ]] && continue
    fetch "${T_URL[$i]}"
    same_file "${T_SIZE[$i]}" && is_hit "${T_HIT[$i]}" \
        || die "check failed: ${T_NAME[$i]} ${T_SIZE[$i]}: after the load, not a hit with the exact bytes ($(hit_headers "${T_HIT[$i]}"))"
done
log "check: every cache target still answers hits with the exact bytes after the load"

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-cache.md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
