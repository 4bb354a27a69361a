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
for var in DURATION NATIVE_WARMUP JVM_WARMUP CONNECTIONS THREADS RUNS; do
    value=${!var%s}
    if ! [[ $value =~ ^[0-9]+$ ]] || (( value > 3600 )); then
        echo "$var must be a whole number of seconds/count <= 3600, got '${!var}'" >&2
        exit 2
    fi
    printf -v "$var" '%s' "$value"
done
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- packages ---

# Installs nginx, haproxy and wrk from Debian if any is missing. Only packages
# installed by this run have their auto-started system services stopped: an
# nginx the machine already runs on purpose is left alone (we use free ports).
ensure_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    (( ${#missing[@]} == 0 )) && return 0

    [[ $(id -u) == 0 ]] || die "missing ${missing[*]}; run as root so they can be installed (apt-get install -y ${missing[*]})"
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available"
    log "installing ${missing[*]} from Debian packages"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
    local pkg
    for pkg in "${missing[@]}"; do
        case "$pkg" in nginx|haproxy) stop_system_service "$pkg" ;; esac
    done
}

# Stops and disables a system service that a package install may have started.
# Works with systemd, with SysV init scripts, and in containers with neither.
stop_system_service() {
    local svc=$1
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
        systemctl stop "$svc" >/dev/null 2>&1 || true
        systemctl disable "$svc" >/dev/null 2>&1 || true
    elif command -v service >/dev/null 2>&1; then
        service "$svc" stop >/dev/null 2>&1 || true
    fi
    # Still running (no init system, or it failed)? Stop it through the pid file
    # the Debian service writes, so that only that daemon is hit.
    local pidfile="/run/$svc.pid" pid
    if [[ -r $pidfile ]]; then
        pid=$(tr -dc '0-9' <"$pidfile")
        if [[ -n $pid ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$svc" ]]; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    fi
    if command -v pgrep >/dev/null 2>&1 && pgrep -x "$svc" >/dev/null 2>&1; then
        log "note: some '$svc' process is still running; it is not ours and keeps running (we use free ports)"
    fi
}

# ------------------------------------------------------ processes, cleanup ---

WORK_DIR=""
declare -A PIDS=()   # name -> pid (also its process-group id, see start_bg)

# Starts a command in the background in its own session, so that stopping its
# process group also stops anything it forked (nginx workers, the JVM under a
# launcher script) and CTRL-C in the terminal reaches only this script.
start_bg() {
    local name=$1 logfile=$2; shift 2
    setsid "$@" >"$logfile" 2>&1 </dev/null &
    PIDS[$name]=$!
}

# SIGTERM, wait up to $2 seconds (0.2 s steps), then SIGKILL.
stop_bg() {
    local name=$1 grace=${2:-10} pid i
    pid=${PIDS[$name]:-}
    [[ -n $pid ]] || return 0
    unset "PIDS[$name]"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
    for (( i = 0; i < grace * 5; i++ )); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop within ${grace}s, killing it"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    # Whatever else is left in the group (e.g. nginx workers after a SIGKILLed master).
    kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? name
    trap - EXIT INT TERM
    if [[ -n ${LOAD_PID:-} ]]; then
        kill -TERM "$LOAD_PID" 2>/dev/null || true
        wait "$LOAD_PID" 2>/dev/null || true
    fi
    [[ -n ${PIDS[caracal]:-} ]] && stop_bg caracal 20
    for name in "${!PIDS[@]}"; do
        stop_bg "$name" 10
    done
    if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
        if [[ ${KEEP_WORKDIR:-0} == 1 ]]; then
            log "kept $WORK_DIR"
        else
            rm -rf -- "$WORK_DIR"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port free on 127.0.0.1, probed with bash's /dev/tcp (refused = free). It is
# drawn from 20000-32767, below Linux's usual ephemeral range, so that wrk's own
# client sockets do not take it; ports handed out before are never reused.
# Usage: free_port VAR (sets VAR; no subshell, so USED_PORTS is kept).
declare -A USED_PORTS=()
free_port() {
    local port i
    for (( i = 0; i < 200; i++ )); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12768 ))
        [[ -n ${USED_PORTS[$port]:-} ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            USED_PORTS[$port]=1
            printf -v "$1" '%s' "$port"
            return 0
        fi
    done
    die "no free port found on 127.0.0.1"
}

# Waits until http://127.0.0.1:$2/1k.bin returns exactly the origin's file.
# $3 = seconds to wait, $4 = log to show on failure.
wait_ready() {
    local name=$1 port=$2 limit=$3 logfile=$4 deadline
    deadline=$(( SECONDS + limit ))
    while (( SECONDS < deadline )); do
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            log "$name exited during start-up; its log ($logfile):"
            tail -n 60 "$logfile" >&2 || true
            die "$name did not start"
        fi
        if curl -s -m 2 -o "$WORK_DIR/probe.$name" "http://127.0.0.1:$port/1k.bin" \
                && cmp -s "$WORK_DIR/probe.$name" "$WORK_DIR/www/1k.bin"; then
            return 0
        fi
        sleep 0.25
    done
    log "$name did not serve /1k.bin on 127.0.0.1:$port within ${limit}s; its log ($logfile):"
    tail -n 60 "$logfile" >&2 || true
    die "$name not ready"
}

# ----------------------------------------------------------------- targets ---

NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)

# nginx needs its temp paths and pid inside our directory; -e keeps it from
# touching /var/log/nginx before it has read the config.
nginx_common() {
    cat <<EOF
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
EOF
}

nginx_http_common() {
    cat <<EOF
    access_log off;
    client_body_temp_path $1/client_body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    keepalive_timeout 65s;
    # The default (1000) would make every wrk connection reconnect now and
    # then; HAProxy and Jetty keep a connection open indefinitely.
    keepalive_requests 1000000;
EOF
}

start_origin() {
    local dir=$WORK_DIR/origin
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
        listen 127.0.0.1:$ORIGIN_PORT;
        root $WORK_DIR/www;
    }
}
EOF
    } >"$dir/nginx.conf"
    start_bg origin "$dir/stdout.log" "$NGINX_BIN" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    wait_ready origin "$ORIGIN_PORT" 15 "$dir/error.log"
}

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
    "$HAPROXY_BIN" -c -q -f "$dir/haproxy.cfg" >"$dir/check.log" 2>&1 \
        || { cat "$dir/check.log" >&2; die "invalid HAProxy config"; }
    # -db: stay in the foreground (a single process we can signal).
    start_bg haproxy "$dir/haproxy.log" "$HAPROXY_BIN" -db -f "$dir/haproxy.cfg"
    wait_ready haproxy "$HAPROXY_PORT" 15 "$dir/haproxy.log"
}

# Builds the distribution if it is missing (the caller normally ran
# `mvn -q -DskipTests install` already).
ensure_caracal_dist() {
    [[ -x $CARACAL_DIST/bin/caracal ]] && return 0
    command -v mvn >/dev/null 2>&1 || die "$CARACAL_DIST/bin/caracal is missing and mvn is not installed (or pass --skip-caracal)"
    log "$CARACAL_DIST is missing; building it (mvn -q -B -DskipTests install)"
    mvn -q -B -DskipTests install -f "$REPO_ROOT/pom.xml"
    [[ -x $CARACAL_DIST/bin/caracal ]] || die "the build did not produce $CARACAL_DIST/bin/caracal"
}

start_caracal() {
    local dir=$WORK_DIR/caracal conf
    cp -a "$CARACAL_DIST" "$dir"
    # A distribution that has been run keeps a bundle cache and Configuration
    # Admin's store (console edits, older FileInstall configs) in data/: start clean.
    rm -rf -- "$dir/data"
    conf=$dir/conf/caracal
    mkdir -p "$conf"
    # The stock configs (demo routes, port 8080 listener, ...) would compete with
    # ours; replace them with exactly one listener, cluster and route.
    rm -f -- "$conf"/*.cfg "$conf"/*.config
    cat >"$conf/io.caracal.listener.http-bench.cfg" <<EOF
name=bench
host=127.0.0.1
port=$CARACAL_PORT
EOF
    cat >"$conf/io.caracal.cluster-bench.cfg" <<EOF
name=bench
upstreams=http://127.0.0.1:$ORIGIN_PORT
strategy=round-robin
EOF
    cat >"$conf/io.caracal.route-bench.cfg" <<EOF
name=bench
hosts=*
path.prefix=/
cluster=bench
EOF
    cat >"$conf/io.caracal.demo.origin.cfg" <<EOF
enabled=false
EOF
    # The admin/web console port (default 8181) moves to a free port so two
    # runs, or a developer's own Caracal, do not clash. It is passed as -D (the
    # documented way) and also written into the copy's config.properties,
    # because Felix copies only felix.* / org.osgi.framework.* system
    # properties over config.properties, so the -D alone may not take effect.
    if [[ -f $dir/conf/config.properties ]]; then
        sed -i "s/^org\.osgi\.service\.http\.port=.*/org.osgi.service.http.port=$CARACAL_ADMIN_PORT/" \
            "$dir/conf/config.properties"
    fi
    start_bg caracal "$dir/caracal.log" env -C "$dir" \
        CARACAL_JAVA_OPTS="-Dorg.osgi.service.http.port=$CARACAL_ADMIN_PORT -XX:+UseParallelGC" \
        "$dir/bin/caracal"
    wait_ready caracal "$CARACAL_PORT" 60 "$dir/caracal.log"
}

# -------------------------------------------------------------------- load ---

# Converts a wrk duration ("635.00us", "1.65ms", "2.01s", "1.00m") to ms.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (match(v, /^[0-9.]+/) == 0) { print "nan"; exit }
        n = substr(v, 1, RLENGTH); u = substr(v, RLENGTH + 1)
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1
        if (f < 0) print "nan"; else printf "%.3f", n * f
    }'
}

# Results, one entry per measured target, in run order.
ROW_NAMES=() ROW_RPS=() ROW_P50=() ROW_P99=() ROW_ERR=()

# Runs wrk for at most $1 seconds with its output to $2. In the background plus
# `wait`, so that a TERM/INT to this script is handled at once, not after wrk.
LOAD_PID=""
load() {
    local limit=$1 out=$2; shift 2
    timeout "$limit" wrk "$@" >"$out" &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=""
}

# Median of the numbers given as arguments ("nan" if none parse).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        print m }'
}

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
        errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
                      /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                      END { print n + 0 }' "$out")
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

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "nan") printf "%.2f", a / b; else print "n/a" }'; }

# ------------------------------------------------------------------ report ---

first_line() { "$@" 2>&1 | head -n 1 || true; }

cpu_model() {
    local m
    m=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
    [[ -n $m ]] || m=$(LC_ALL=C lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }')
    echo "${m:-unknown}"
}

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

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/caracal-bench.XXXXXX")
# nginx workers run as an unprivileged user when started as root: they must be
# able to read the served file.
chmod 755 "$WORK_DIR"
mkdir -p "$WORK_DIR/www"
head -c 1024 /dev/urandom >"$WORK_DIR/www/1k.bin"
chmod 644 "$WORK_DIR/www/1k.bin"

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
