# shellcheck shell=bash
# Shared by bench/run.sh, slow-upstream.sh, https.sh, filters.sh, cache.sh and
# waf.sh; source it, don't run it.
#
# Logging, package installation, background processes and their cleanup (the
# EXIT/INT/TERM traps are set here), free ports, readiness checks, the common
# nginx config, copying and starting a Caracal distribution, waiting for other
# benchmarks and builds to end, CPU accounting, checks of single responses
# with curl, measured wrk runs and small helpers for wrk output and tables.
# The sourcing script sets WORK_DIR once it has made it.
# Everything listens on 127.0.0.1.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# check_counts VAR...: each variable must be a whole number <= 3600; a trailing
# "s" is accepted ("20s") and stripped, so everything works in whole seconds.
check_counts() {
    local var value
    for var in "$@"; do
        value=${!var%s}
        if ! [[ $value =~ ^[0-9]+$ ]] || (( value > 3600 )); then
            echo "$var must be a whole number of seconds/count <= 3600, got '${!var}'" >&2
            exit 2
        fi
        printf -v "$var" '%s' "$value"
    done
}

# ---------------------------------------------------------------- packages ---

# Installs nginx, haproxy and wrk (and curl) from Debian if any is missing,
# plus any extra commands given as arguments (each a Debian package of the same
# name).
ensure_packages() {
    local missing=() extra
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    for extra in "$@"; do
        command -v "$extra" >/dev/null 2>&1 || missing+=("$extra")
    done
    apt_install "${missing[@]}"
}

# apt_install PKG...: installs the Debian packages given (nothing if none), as
# root with apt-get (one `apt-get update` first). Only packages installed by
# this call have their auto-started system services stopped (nginx, haproxy,
# varnish): an nginx the machine already runs on purpose is left alone (we use
# free ports). Afterwards NGINX_BIN and HAPROXY_BIN point at what is installed.
apt_install() {
    local pkg
    (( $# == 0 )) && return 0
    [[ $(id -u) == 0 ]] || die "missing $*; run as root so they can be installed (apt-get install -y $*)"
    command -v apt-get >/dev/null 2>&1 || die "missing $* and apt-get is not available"
    log "installing $* from Debian packages"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
    for pkg in "$@"; do
        case "$pkg" in
            nginx|haproxy) stop_system_service "$pkg" ;;
            varnish) stop_system_service varnishncsa; stop_system_service varnish ;;
        esac
    done
    NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
    HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)
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

# Caracal instances (names starting with "caracal") go first, with 20 s to
# finish in-flight requests; the rest get 10 s.
cleanup() {
    local rc=$? name
    trap - EXIT INT TERM
    if [[ -n ${LOAD_PID:-} ]]; then
        kill -TERM "$LOAD_PID" 2>/dev/null || true
        wait "$LOAD_PID" 2>/dev/null || true
    fi
    for name in "${!PIDS[@]}"; do
        [[ $name == caracal* ]] && stop_bg "$name" 20
    done
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

# Makes WORK_DIR with www/1k.bin, a 1 KiB file of random bytes.
make_work_dir() {
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/caracal-bench.XXXXXX")
    # nginx workers run as an unprivileged user when started as root: they must be
    # able to read the served file.
    chmod 755 "$WORK_DIR"
    mkdir -p "$WORK_DIR/www"
    head -c 1024 /dev/urandom >"$WORK_DIR/www/1k.bin"
    chmod 644 "$WORK_DIR/www/1k.bin"
}

# ------------------------------------------------------------ nginx config ---

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

# Checks an HAProxy config and starts HAProxy on it: start_haproxy_cfg NAME DIR
# (DIR/haproxy.cfg). -db: stay in the foreground (a single process we can signal).
start_haproxy_cfg() {
    local name=$1 dir=$2
    "$HAPROXY_BIN" -c -q -f "$dir/haproxy.cfg" >"$dir/check.log" 2>&1 \
        || { cat "$dir/check.log" >&2; die "invalid HAProxy config"; }
    start_bg "$name" "$dir/haproxy.log" "$HAPROXY_BIN" -db -f "$dir/haproxy.cfg"
}

# ----------------------------------------------------------------- caracal ---

# Builds the distribution if it is missing (the caller normally ran
# `mvn -q -DskipTests install` already).
ensure_caracal_dist() {
    [[ -x $CARACAL_DIST/bin/caracal ]] && return 0
    command -v mvn >/dev/null 2>&1 || die "$CARACAL_DIST/bin/caracal is missing and mvn is not installed (or pass --skip-caracal)"
    log "$CARACAL_DIST is missing; building it (mvn -q -B -DskipTests install)"
    mvn -q -B -DskipTests install -f "$REPO_ROOT/pom.xml"
    [[ -x $CARACAL_DIST/bin/caracal ]] || die "the build did not produce $CARACAL_DIST/bin/caracal"
}

# caracal_prepare DIR PORT ADMIN_PORT: copies CARACAL_DIST to DIR with exactly
# one listener (127.0.0.1:PORT) and one route (every host and path) to the
# cluster "bench", the demo origins off and the web console on ADMIN_PORT. The
# caller writes DIR/conf/caracal/io.caracal.cluster-bench.cfg.
caracal_prepare() {
    local dir=$1 port=$2 admin_port=$3 conf
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
port=$port
# Off like the nginx and HAProxy targets' access logs (ACCESS_LOG=combined|json turns it on).
access.log=${ACCESS_LOG:-off}
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
    # documented way, see caracal_launch) and also written into the copy's
    # config.properties, because Felix copies only felix.* / org.osgi.framework.*
    # system properties over config.properties, so the -D alone may not take effect.
    if [[ -f $dir/conf/config.properties ]]; then
        sed -i "s/^org\.osgi\.service\.http\.port=.*/org.osgi.service.http.port=$admin_port/" \
            "$dir/conf/config.properties"
    fi
}

# caracal_launch NAME DIR PORT ADMIN_PORT: starts the copy made by
# caracal_prepare and waits (up to 60 s) until it serves /1k.bin.
# BENCH_JAVA_OPTS adds JVM options, e.g. a flight recording for a profile:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/caracal.jfr,settings=profile"
caracal_launch() {
    local name=$1 dir=$2 port=$3 admin_port=$4
    start_bg "$name" "$dir/caracal.log" env -C "$dir" \
        CARACAL_JAVA_OPTS="-Dorg.osgi.service.http.port=$admin_port -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-}" \
        "$dir/bin/caracal"
    wait_ready "$name" "$port" 60 "$dir/caracal.log"
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

# Non-2xx answers and socket errors in wrk output file $1: a proxy that fails
# fast must not look fast.
wrk_errors() {
    awk '/Non-2xx or 3xx responses:/ { n += $NF }
         /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
         END { print n + 0 }' "$1"
}

# Median of the numbers given as arguments ("nan" if none parse).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        print m }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "nan") printf "%.2f", a / b; else print "n/a" }'; }

# ------------------------------------------------- other benchmarks around ---

# Other load on this machine would distort the numbers. wait_quiet waits until
# no other bench script (run.sh, slow-upstream.sh, https.sh, filters.sh,
# cache.sh, waf.sh) and no Maven build (mvn, or the JVM it execs) is running,
# polling every 10 s, for at most QUIET_WAIT seconds each time and
# QUIET_WAIT_TOTAL in all (both set by the sourcing script). If it gives up, the caller measures anyway; load_env
# notes a measurement during which such a process ran (DISTURBED).
COMPETITOR_RE='(^|[/ ])(slow-upstream|run|https|filters|cache|waf)\.sh( |$)|org\.codehaus\.plexus\.classworlds|(^|[/ ])mvn( |$)'
QUIET_GIVEUPS=0
QUIET_WAITED=0

# This script and its ancestors never count (a shell that runs
# "bench/https.sh; bench/run.sh" is not another benchmark for us), and neither
# do its own subshells (is_own), which show the script's command line too.
OWN_PIDS=" "
own_pids() {
    local pid=$$ ppid
    while [[ -n $pid && $pid != 0 ]]; do
        OWN_PIDS+="$pid "
        ppid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null || true)
        [[ $ppid == "$pid" ]] && break
        pid=$ppid
    done
}
own_pids

# is_own PID: true for this script, its ancestors and its descendants, and for
# a process that has exited meanwhile (our own short-lived subshells, such as
# the one that runs pgrep, show our command line; one that is gone by now is
# no competitor anyway, and a real one is still there at the next look).
is_own() {
    local pid=$1 line i
    local -a v
    [[ $OWN_PIDS == *" $pid "* ]] && return 0
    for (( i = 0; i < 64; i++ )); do
        read -r line 2>/dev/null <"/proc/$pid/stat" || return 0
        read -r -a v <<<"${line##*) }"
        pid=${v[1]}   # ppid
        [[ -z $pid || $pid == 0 || $pid == 1 ]] && return 1
        [[ $pid == "$$" ]] && return 0
    done
    return 1
}

# Prints "pid command" (shortened) of each such process, nothing if there is none.
competitors() {
    local pid rest
    while read -r pid rest; do
        [[ -n $pid ]] || continue
        is_own "$pid" && continue
        printf '%s\n' "${pid} ${rest:0:113}"
    done < <(pgrep -af -- "$COMPETITOR_RE" 2>/dev/null || true)
}

# wait_quiet STAGE: returns 0 once nothing such runs, 1 if it gave up.
wait_quiet() {
    local stage=$1 found limit start
    found=$(competitors)
    [[ -z $found ]] && return 0
    limit=$(( QUIET_WAIT_TOTAL - QUIET_WAITED ))
    (( limit > QUIET_WAIT )) && limit=$QUIET_WAIT
    (( limit < 0 )) && limit=0
    log "$stage: another benchmark or build is running; waiting up to ${limit}s for it to end:"
    printf '    %s\n' "$found" >&2
    start=$SECONDS
    while (( SECONDS - start < limit )); do
        sleep 10 & wait $!
        found=$(competitors)
        if [[ -z $found ]]; then
            QUIET_WAITED=$(( QUIET_WAITED + SECONDS - start ))
            log "$stage: it ended after $(( SECONDS - start ))s; going on"
            sleep 2
            return 0
        fi
    done
    QUIET_WAITED=$(( QUIET_WAITED + SECONDS - start ))
    QUIET_GIVEUPS=$(( QUIET_GIVEUPS + 1 ))
    log "WARNING: $stage: gave up waiting after $(( SECONDS - start ))s; going on anyway"
    return 1
}

# Like load above (wrk in the background, for prompt signal handling), with
# extra environment for wrk and a check every 2 s for another benchmark or
# build that started while wrk was running (-> DISTURBED, which the caller
# clears before a measurement). Dies if wrk fails.
# Usage: load_env LIMIT OUT [ENV_ASSIGNMENTS...] -- WRK_ARGS...
DISTURBED=""
load_env() {
    local limit=$1 out=$2 envs=() rc=0 seen ticks=0
    shift 2
    while [[ $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    timeout "$limit" env "${envs[@]}" wrk "$@" >"$out" &
    LOAD_PID=$!
    while kill -0 "$LOAD_PID" 2>/dev/null; do
        sleep 0.5 & wait $!
        if (( ++ticks % 4 == 0 )) && [[ -z $DISTURBED ]]; then
            # Not "competitors | head -n 1": with pipefail, head's early exit
            # (SIGPIPE for competitors) would fail the assignment.
            seen=$(competitors)
            [[ -n $seen ]] && DISTURBED=${seen%%$'\n'*}
        fi
    done
    wait "$LOAD_PID" || rc=$?
    LOAD_PID=""
    (( rc == 0 )) || { cat "$out" >&2 || true; die "wrk failed (exit $rc): wrk $*"; }
}

# ----------------------------------------------------------- CPU accounting ---

# CPU used so far by the processes of process group $1 (a target started with
# start_bg: nginx master + workers, or the JVM), in clock ticks.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
group_cpu_ticks() {
    local pgid=$1 f line sum=0
    local -a v
    for f in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$f" || continue
        # Fields after "(comm) ": state ppid pgrp ... utime (11th) stime (12th), counted from 0.
        read -r -a v <<<"${line##*) }"
        [[ ${v[2]} == "$pgid" ]] && sum=$(( sum + v[11] + v[12] ))
    done
    echo "$sum"
}

# children_cpu_ms VAR: sets VAR to the CPU time of this shell's finished
# children (wrk, via timeout) in ms. `times` must run in this shell, not in a
# pipeline or $(...) subshell, whose children counters start at zero: so no
# subshell here, and its output goes through a file.
children_cpu_ms() {
    times >"$WORK_DIR/times.txt"
    printf -v "$1" '%s' "$(awk 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, a, /m/); sub(/s$/, "", a[2]); t += a[1] * 60000 + a[2] * 1000 }
        printf "%.0f", t }' "$WORK_DIR/times.txt")"
}

# ------------------------------------------------------------------ report ---

first_line() { "$@" 2>&1 | head -n 1 || true; }

cpu_model() {
    local m
    m=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
    [[ -n $m ]] || m=$(LC_ALL=C lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }')
    echo "${m:-unknown}"
}

# The origin of run.sh, filters.sh, https.sh and waf.sh: nginx, 1 worker,
# serving $WORK_DIR/www on 127.0.0.1:$ORIGIN_PORT. $1, if given, is more
# directives for its server block.
start_origin() {
    local dir=$WORK_DIR/origin extra=${1:-}
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
$extra
    }
}
EOF
    } >"$dir/nginx.conf"
    start_bg origin "$dir/stdout.log" "$NGINX_BIN" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    wait_ready origin "$ORIGIN_PORT" 15 "$dir/error.log"
}

# ------------------------------------------------------------------ checks ---

# fetch URL [CURL_ARGS...]: one request (a GET unless the arguments say
# otherwise); sets STATUS, and the body and headers go to $WORK_DIR/check.body
# and check.headers.
STATUS=""
fetch() {
    local url=$1; shift
    STATUS=$(curl -s -m 5 -o "$WORK_DIR/check.body" -D "$WORK_DIR/check.headers" -w '%{http_code}' "$@" "$url" || true)
}

# The start of the last response's body, printable characters only (it may be the binary file).
show_body() {
    { tr -cd '[:print:]\n' <"$WORK_DIR/check.body" | head -c 300; echo; } >&2 2>/dev/null || true
}

# header_value NAME: the value of a response header of the last fetch, or empty.
header_value() {
    awk -v want="$(tr '[:upper:]' '[:lower:]' <<<"$1")" -F': *' '{ name = tolower($1) } name == want { sub(/\r$/, "", $2); print $2; exit }' \
        "$WORK_DIR/check.headers"
}

# expect_status WHAT STATUS URL [CURL_ARGS...]
expect_status() {
    local what=$1 want=$2; shift 2
    fetch "$@"
    [[ $STATUS == "$want" ]] || { show_body; die "check failed: $what: expected $want, got $STATUS"; }
    log "check: $what: $STATUS"
}

# expect_file WHAT URL [CURL_ARGS...]: 200 and exactly the origin's bytes
# ($WORK_DIR/www/1k.bin).
expect_file() {
    local what=$1; shift
    fetch "$@"
    [[ $STATUS == 200 ]] && cmp -s "$WORK_DIR/check.body" "$WORK_DIR/www/1k.bin" \
        || { show_body; die "check failed: $what: expected 200 with the origin's 1 KiB file, got $STATUS"; }
    log "check: $what: 200, the origin's exact bytes"
}

# ------------------------------------------------------- measured wrk runs ---

# The sourcing script keeps its targets in arrays T_NAME and T_PROC (the name
# in PIDS of the process group whose CPU is counted), plus whatever else it
# needs, and defines measure I WARMUP RUN, which warms target I up (warm_up),
# measures it once (measured_run) and keeps the results, usually in VALUES
# ("<target>|<field>" -> space-separated values, one per run).
# shellcheck disable=SC2034  # used by the sourcing scripts
declare -A VALUES=()
NOTES=()       # WARNING lines for under the table
RUN_LOADS=()   # 1-min load average before each measured run

# measure_group caracal|native WARMUP: measures the Caracal targets, or the
# others, RUNS times each. The targets take turns run by run, and each run
# starts one target later than the one before (run 2 of plain, acl, jwt is acl,
# jwt, plain), so that no target is always the first or the last one measured.
measure_group() {
    local kind=$1 warmup=$2 order=() i k n run
    for i in "${!T_NAME[@]}"; do
        if [[ $kind == caracal && ${T_PROC[$i]} == caracal || $kind != caracal && ${T_PROC[$i]} != caracal ]]; then
            order+=("$i")
        fi
    done
    n=${#order[@]}
    (( n > 0 )) || return 0
    for (( run = 1; run <= RUNS; run++ )); do
        for (( k = 0; k < n; k++ )); do
            measure "${order[(k + run - 1) % n]}" "$warmup" "$run"
        done
    done
}

# warm_up NAME WARMUP RUN URL WRK_ARGS...: waits (bounded) until no other
# benchmark or build runs, then puts the measured run's load on URL for WARMUP
# seconds (nothing for 0).
warm_up() {
    local name=$1 warmup=$2 run=$3 url=$4
    shift 4
    wait_quiet "$name (run $run)" || true
    if (( warmup > 0 )); then
        log "$name: warm-up ${warmup}s"
        load_env $(( warmup + 30 )) /dev/null -- "$@" -d"${warmup}s" "$url"
    fi
}

# measured_run NAME RUN PROC OUT URL WRK_ARGS...: one measured run of wrk
# WRK_ARGS -d<DURATION>s --latency URL, its output in OUT. Sets M_RPS,
# M_REQUESTS, M_P50 and M_P99 (ms, as wrk --latency reports them), M_ERRORS
# (non-2xx + socket errors), M_CPU (utime + stime of process group PIDS[PROC]
# over the run, in µs per request) and M_WRK_CPU (wrk's own CPU in % of one
# core). Appends the load average to RUN_LOADS, and a note to NOTES if another
# benchmark or build ran alongside.
# shellcheck disable=SC2034  # M_* are read by the sourcing scripts
measured_run() {
    local name=$1 run=$2 proc=$3 out=$4 url=$5 cpu0 cpu1 wrk0 wrk1
    shift 5
    RUN_LOADS+=("$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")")
    log "$name: measuring ${DURATION}s (run $run/$RUNS; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
    DISTURBED=""
    cpu0=$(group_cpu_ticks "${PIDS[$proc]}")
    children_cpu_ms wrk0
    load_env $(( DURATION + 30 )) "$out" -- "$@" -d"${DURATION}s" --latency "$url"
    cpu1=$(group_cpu_ticks "${PIDS[$proc]}")
    children_cpu_ms wrk1
    [[ -n $DISTURBED ]] && NOTES+=("$name run $run: another benchmark or build was running during the measurement: $DISTURBED")
    M_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    [[ -n $M_RPS ]] || { cat "$out" >&2; die "could not parse wrk output for $name"; }
    M_REQUESTS=$(awk '/ requests in / { print $1; exit }' "$out")
    M_P50=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$out")")
    M_P99=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$out")")
    M_ERRORS=$(wrk_errors "$out")
    M_CPU=$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$CLK_TCK" -v n="${M_REQUESTS:-0}" \
        'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan" }')
    # With -t1 wrk can use at most 100 %, and near that the client, not the
    # target, sets the req/s.
    M_WRK_CPU=$(awk -v ms=$(( wrk1 - wrk0 )) -v d="$DURATION" 'BEGIN { printf "%.0f", ms / d / 10 }')
}

# ----------------------------------------------------------------- tables ---

# Median of a space-separated list, formatted with printf format $2.
med() {
    # shellcheck disable=SC2086
    median $1 | awk -v f="$2" '{ if ($1 == "nan") print "nan"; else printf f, $1 }'
}

sum() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }' <<<"$1"; }

# delta A B: A - B with a sign and one decimal ("n/a" if either is missing).
delta() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == "" || b == "") print "n/a"; else printf "%+.1f", a - b }'; }

# The lowest and highest of RUN_LOADS, as "lo–hi".
load_range() {
    printf '%s\n' "${RUN_LOADS[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'
}

# caracal_warm_up URL: Caracal's first warm-up, JVM_WARMUP seconds of the
# requests in $WORK_DIR/mixed.lua (the sourcing script's write_mixed_script:
# all its Caracal targets' requests in turn on every connection, so that one
# warm-up compiles all their paths). Dies on non-2xx answers or socket errors.
caracal_warm_up() {
    local url=$1 out=$WORK_DIR/wrk.caracal-warmup.txt
    (( JVM_WARMUP > 0 )) || return 0
    wait_quiet "caracal warm-up" || true
    log "caracal: warm-up ${JVM_WARMUP}s, all its targets' requests mixed"
    load_env $(( JVM_WARMUP + 30 )) "$out" -- -t"$THREADS" -c"$CONNECTIONS" \
        -d"${JVM_WARMUP}s" -s "$WORK_DIR/mixed.lua" "$url"
    (( $(wrk_errors "$out") == 0 )) \
        || { cat "$out" >&2; die "the mixed warm-up got non-2xx answers or socket errors"; }
}

# run_nginx_conf NAME DIR PORT TIMEOUT: checks DIR/nginx.conf, then starts nginx
# with it as the background process NAME and waits (bounded) until PORT answers.
run_nginx_conf() {
    local name=$1 dir=$2
    "$NGINX_BIN" -t -q -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >"$dir/check.log" 2>&1 \
        || { cat "$dir/check.log" "$dir/error.log" >&2 2>/dev/null || true; die "invalid nginx config for $name"; }
    start_bg "$name" "$dir/stdout.log" "$NGINX_BIN" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf"
    wait_ready "$name" "$3" "$4" "$dir/error.log"
}
