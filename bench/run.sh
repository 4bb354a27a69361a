#!/usr/bin/env bash
# Caracal vs nginx vs HAProxy: reverse-proxy throughput and latency on loopback.
#
# One run starts an nginx origin serving a 1 KiB file, puts nginx, HAProxy and
# Caracal in front of it, load-tests each proxy (and the origin directly, as the
# ceiling) with wrk, and prints req/s, p50 and p99 side by side with ratios to
# nginx. Everything listens on 127.0.0.1 only; every process it starts is
# stopped on exit, error or CTRL-C. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--skip-caracal] [--help]
#   --quick         smoke test: 3 s warm-up and 5 s runs (overrides the variables)
#   --skip-caracal  only origin, nginx and HAProxy (no distribution needed)
# Environment:
#   DURATION       measured run per target in seconds (default 20)
#   WARMUP         warm-up per target in seconds; sets both of the next two
#   NATIVE_WARMUP  warm-up for the origin, nginx and HAProxy (default 5)
#   JVM_WARMUP     warm-up for Caracal (default 30: the JIT needs it)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per target; the table shows medians (default 1)
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
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

# Accept "20" or "20s"; everything below works in whole seconds.
check_counts DURATION NATIVE_WARMUP JVM_WARMUP CONNECTIONS THREADS RUNS
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }

# ----------------------------------------------------------------- targets ---


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
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://origin;
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
    default_backend origin

backend origin
    server origin 127.0.0.1:$ORIGIN_PORT
EOF
    start_haproxy_cfg haproxy "$dir"
    wait_ready haproxy "$HAPROXY_PORT" 15 "$dir/haproxy.log"
}

start_caracal() {
    local dir=$WORK_DIR/caracal
    caracal_prepare "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
    cat >"$dir/conf/caracal/io.caracal.cluster-bench.cfg" <<EOF
name=bench
upstreams=http://127.0.0.1:$ORIGIN_PORT
strategy=round-robin
EOF
    caracal_launch caracal "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
}

# -------------------------------------------------------------------- load ---

# Results, one entry per measured target, in run order.
ROW_NAMES=() ROW_RPS=() ROW_P50=() ROW_P99=() ROW_ERR=()

# run_wrk NAME PORT WARMUP: warm up, then measure RUNS times and record one row
# (each column the median over the runs).
run_wrk() {
    local name=$1 port=$2 warmup=$3 out url run rps p50 p99 errors
    local all_rps=() all_p50=() all_p99=() total_errors=0
    url="http://127.0.0.1:$port/1k.bin"
    if (( warmup > 0 )); then
        log "$name: warm-up ${warmup}s"
        load $(( warmup + 30 )) /dev/null -t"$THREADS" -c"$CONNECTIONS" -d"${warmup}s" "$url"
    fi
    for (( run = 1; run <= RUNS; run++ )); do
        out=$WORK_DIR/wrk.$name.$run.txt
        log "$name: measuring ${DURATION}s (run $run/$RUNS)"
        load $(( DURATION + 30 )) "$out" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url"
        rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
        [[ -n $rps ]] || { cat "$out" >&2; die "could not parse wrk output for $name"; }
        p50=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$out")")
        p99=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$out")")
        # Non-2xx answers and socket errors: a proxy that fails fast must not look fast.
        errors=$(wrk_errors "$out")
        log "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"
        all_rps+=("$rps") all_p50+=("$p50") all_p99+=("$p99")
        total_errors=$(( total_errors + errors ))
    done
    ROW_NAMES+=("$name")
    ROW_RPS+=("$(median "${all_rps[@]}" | awk '{ printf "%.0f", $1 }')")
    ROW_P50+=("$(median "${all_p50[@]}" | awk '{ printf "%.3f", $1 }')")
    ROW_P99+=("$(median "${all_p99[@]}" | awk '{ printf "%.3f", $1 }')")
    ROW_ERR+=("$total_errors")
}

# ------------------------------------------------------------------ report ---

print_report() {
    local nginx_rps="" nginx_p99="" i
    for i in "${!ROW_NAMES[@]}"; do
        if [[ ${ROW_NAMES[$i]} == nginx ]]; then nginx_rps=${ROW_RPS[$i]} nginx_p99=${ROW_P99[$i]}; fi
    done
    echo "## Caracal reverse-proxy benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr)"
    echo "- java: $(first_line java -version)"
    echo "- nginx: $(first_line "$NGINX_BIN" -v) — haproxy: $(first_line "$HAPROXY_BIN" -v)"
    echo "- load: $(first_line wrk --version | awk '{ print $1, $2 }') -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, GET 1 KiB static file, all on 127.0.0.1; $RUNS measured run(s) per target, median shown"
    echo "- warm-up: ${NATIVE_WARMUP}s origin/nginx/haproxy, ${JVM_WARMUP}s caracal"
    echo "- workers: origin nginx 1 worker; nginx proxy 2 workers (upstream keepalive 64); haproxy nbthread 2 (http-reuse always); caracal Jetty defaults (listener max.threads 200), -XX:+UseParallelGC"
    echo
    echo "| target | req/s | p50 ms | p99 ms | req/s ÷ nginx | p99 ÷ nginx | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for i in "${!ROW_NAMES[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' \
            "${ROW_NAMES[$i]}" "${ROW_RPS[$i]}" "${ROW_P50[$i]}" "${ROW_P99[$i]}" \
            "$(ratio "${ROW_RPS[$i]}" "$nginx_rps")" "$(ratio "${ROW_P99[$i]}" "$nginx_p99")" "${ROW_ERR[$i]}"
    done
    echo
    echo "origin = wrk straight at the origin (ceiling, no proxy). errors = non-2xx responses + socket errors (summed over runs)."
    [[ -n $CARACAL_NOTE ]] && echo "$CARACAL_NOTE"
    return 0
}

# -------------------------------------------------------------------- main ---

CARACAL_NOTE=""
ensure_packages
for tool in curl wrk cmp setsid timeout awk; do
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

make_work_dir

ORIGIN_PORT="" NGINX_PORT="" HAPROXY_PORT="" CARACAL_PORT="" CARACAL_ADMIN_PORT=""
for var in ORIGIN_PORT NGINX_PORT HAPROXY_PORT CARACAL_PORT CARACAL_ADMIN_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: origin $ORIGIN_PORT, nginx $NGINX_PORT, haproxy $HAPROXY_PORT, caracal $CARACAL_PORT (admin $CARACAL_ADMIN_PORT)"
start_origin
start_nginx_proxy
start_haproxy
if [[ $SKIP_CARACAL == 0 ]]; then
    log "starting Caracal from $CARACAL_DIST"
    start_caracal
fi

run_wrk origin "$ORIGIN_PORT" "$NATIVE_WARMUP"
run_wrk nginx "$NGINX_PORT" "$NATIVE_WARMUP"
run_wrk haproxy "$HAPROXY_PORT" "$NATIVE_WARMUP"
if [[ $SKIP_CARACAL == 0 ]]; then
    run_wrk caracal "$CARACAL_PORT" "$JVM_WARMUP"
fi

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S).md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
