#!/usr/bin/env bash
# HTTPS termination: Caracal vs nginx, both terminating TLS in front of the same origin.
#
# One run starts an nginx origin serving a 1 KiB file over plain HTTP, makes one
# self-signed EC P-256 certificate for localhost with openssl, and puts nginx
# (listen ... ssl http2) and Caracal (an HTTPS listener on a TLS context) in
# front of the origin, both with that certificate. For each proxy it measures,
# after a warm-up:
#   1. keep-alive throughput: wrk over HTTPS, keep-alive (req/s, p50, p99);
#   2. new connections per second with a full TLS handshake each: wrk with
#      'Connection: close', so that it reconnects after every response;
#   3. the same with wrk as shipped, which resumes the TLS session on every
#      reconnect (see bench/README.md, "HTTPS termination").
# A small LD_PRELOAD library for wrk (compiled here with cc) counts full and
# resumed handshakes on the client side and, for 2., drops the previous session
# before each connect so that no handshake can be a resumed one. The origin is
# measured too (plain HTTP, keep-alive and Connection: close) as the ceiling.
# Everything listens on 127.0.0.1 only; every process it starts is stopped on
# exit, error or CTRL-C. Before each measurement it waits (bounded) until no
# other benchmark (the other bench/*.sh) or Maven build runs.
#
# Usage: bench/https.sh [--quick] [--skip-caracal] [--help]
#   --quick         smoke test: 3 s warm-ups and 5 s runs (overrides the variables)
#   --skip-caracal  only origin and nginx (no distribution needed)
# Environment:
#   DURATION       measured run in seconds, for each measurement (default 20)
#   WARMUP         warm-up per measurement in seconds; sets both of the next two
#   NATIVE_WARMUP  warm-up for the origin and nginx (default 5)
#   JVM_WARMUP     warm-up for Caracal (default 30: the JIT needs it)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per measurement; the table shows medians (default 1)
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
    DURATION=5 NATIVE_WARMUP=3 JVM_WARMUP=3
fi
DURATION=${DURATION:-20}
NATIVE_WARMUP=${NATIVE_WARMUP:-${WARMUP:-5}}
JVM_WARMUP=${JVM_WARMUP:-${WARMUP:-30}}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
RUNS=${RUNS:-1}
QUIET_WAIT=${QUIET_WAIT:-600}
QUIET_WAIT_TOTAL=${QUIET_WAIT_TOTAL:-1800}
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

check_counts DURATION NATIVE_WARMUP JVM_WARMUP CONNECTIONS THREADS RUNS QUIET_WAIT QUIET_WAIT_TOTAL
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }

# ---------------------------------------------------------------- packages ---

# As lib.sh's ensure_packages, for what this scenario needs: nginx, wrk, openssl
# and curl, plus a C compiler for the wrk handshake probe (gcc, libc6-dev).
# HAProxy is not needed here. Services of packages this run installed are
# stopped; a machine's own nginx is left alone (we use free ports).
ensure_https_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
    apt_install "${missing[@]}"
}

# ------------------------------------------------------------- TLS pieces ---

# One certificate and key for both proxies: EC P-256, self-signed, SAN
# localhost and 127.0.0.1, valid 2 days.
make_certificate() {
    local dir=$WORK_DIR/tls
    mkdir -p "$dir"
    CERT=$dir/localhost.crt KEY=$dir/localhost.key
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$KEY" -out "$CERT" -days 2 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$dir/openssl.log" 2>&1 \
        || { cat "$dir/openssl.log" >&2; die "openssl could not make the certificate"; }
    chmod 600 "$KEY"
}

# The handshake probe: an LD_PRELOAD library for wrk. wrk reuses one SSL object
# per connection slot; on reconnect it calls SSL_shutdown + SSL_clear, which keeps
# the last session, so the next SSL_connect offers it for resumption. The probe
#  - counts, at each SSL_shutdown of an established connection, whether its
#    handshake was resumed (SSL_session_reused) or full, and notes the protocol,
#    cipher and key-exchange group of the first one;
#  - with HTTPS_BENCH_NO_RESUME=1, calls SSL_set_session(ssl, NULL) before the
#    first SSL_connect of each connection, so the handshake is always a full one;
#  - writes "full=N resumed=N tls=..." to $HTTPS_BENCH_STATS when wrk exits.
# Everything is looked up with dlsym, so it builds without OpenSSL headers.
build_probe() {
    local dir=$WORK_DIR/probe
    mkdir -p "$dir"
    cat >"$dir/probe.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ssl_st SSL;
#define SSL_CTRL_GET_NEGOTIATED_GROUP 134

static unsigned long n_full, n_resumed;
static int info_taken;
static char info[200] = "unknown";

static void *sym(void *where, const char *name) {
    void *p = dlsym(where, name);
    if (p == NULL && where == RTLD_NEXT) p = dlsym(RTLD_DEFAULT, name);
    return p;
}

int SSL_connect(SSL *s) {
    static int (*real)(SSL *);
    static int (*in_before)(const SSL *);
    static int (*set_session)(SSL *, void *);
    static int no_resume = -1;
    if (real == NULL) {
        real = (int (*)(SSL *)) sym(RTLD_NEXT, "SSL_connect");
        in_before = (int (*)(const SSL *)) sym(RTLD_DEFAULT, "SSL_in_before");
        set_session = (int (*)(SSL *, void *)) sym(RTLD_DEFAULT, "SSL_set_session");
        const char *v = getenv("HTTPS_BENCH_NO_RESUME");
        no_resume = v != NULL && strcmp(v, "1") == 0;
    }
    if (no_resume && in_before != NULL && set_session != NULL && in_before(s)) set_session(s, NULL);
    return real(s);
}

int SSL_shutdown(SSL *s) {
    static int (*real)(SSL *);
    static int (*finished)(const SSL *);
    static int (*reused)(const SSL *);
    static const char *(*version)(const SSL *);
    static const void *(*cipher)(const SSL *);
    static const char *(*cipher_name)(const void *);
    static long (*ctrl)(SSL *, int, long, void *);
    static const char *(*group_name)(SSL *, int);
    if (real == NULL) {
        real = (int (*)(SSL *)) sym(RTLD_NEXT, "SSL_shutdown");
        finished = (int (*)(const SSL *)) sym(RTLD_DEFAULT, "SSL_is_init_finished");
        reused = (int (*)(const SSL *)) sym(RTLD_DEFAULT, "SSL_session_reused");
        version = (const char *(*)(const SSL *)) sym(RTLD_DEFAULT, "SSL_get_version");
        cipher = (const void *(*)(const SSL *)) sym(RTLD_DEFAULT, "SSL_get_current_cipher");
        cipher_name = (const char *(*)(const void *)) sym(RTLD_DEFAULT, "SSL_CIPHER_get_name");
        ctrl = (long (*)(SSL *, int, long, void *)) sym(RTLD_DEFAULT, "SSL_ctrl");
        group_name = (const char *(*)(SSL *, int)) sym(RTLD_DEFAULT, "SSL_group_to_name");
    }
    if (finished != NULL && reused != NULL && finished(s)) {
        int r = reused(s);
        __atomic_fetch_add(r ? &n_resumed : &n_full, 1, __ATOMIC_RELAXED);
        if (!r && !__atomic_exchange_n(&info_taken, 1, __ATOMIC_ACQ_REL)) {
            const char *g = NULL;
            if (ctrl != NULL && group_name != NULL) {
                long nid = ctrl(s, SSL_CTRL_GET_NEGOTIATED_GROUP, 0, NULL);
                if (nid > 0) g = group_name(s, (int) nid);
            }
            snprintf(info, sizeof info, "%s %s %s",
                     version != NULL ? version(s) : "?",
                     cipher != NULL && cipher_name != NULL ? cipher_name(cipher(s)) : "?",
                     g != NULL ? g : "?");
        }
    }
    return real(s);
}

__attribute__((destructor)) static void report(void) {
    const char *path = getenv("HTTPS_BENCH_STATS");
    if (path == NULL) return;
    FILE *f = fopen(path, "w");
    if (f == NULL) return;
    fprintf(f, "full=%lu resumed=%lu tls=%s\n", n_full, n_resumed, info);
    fclose(f);
}
EOF
    local cc_bin
    cc_bin=$(command -v cc || command -v gcc || true)
    if [[ -z $cc_bin ]]; then
        PROBE_NOTE="no C compiler: the handshake probe was not built, so the full-handshake column is missing and resumption was not checked."
        log "$PROBE_NOTE"
        return 0
    fi
    if "$cc_bin" -O2 -shared -fPIC -o "$dir/probe.so" "$dir/probe.c" -ldl >"$dir/cc.log" 2>&1; then
        PROBE=$dir/probe.so
    else
        cat "$dir/cc.log" >&2
        PROBE_NOTE="the handshake probe did not compile (see above): the full-handshake column is missing and resumption was not checked."
        log "$PROBE_NOTE"
    fi
}

# nginx 1.25.1 moved HTTP/2 from the listen parameter to "http2 on"; Debian 12
# has 1.22, which knows only the former.
nginx_h2_style() {
    local v
    v=$("$NGINX_BIN" -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
    if [[ -n $v ]] && [[ $(printf '%s\n%s\n' "$v" 1.25.1 | sort -V | head -n 1) == 1.25.1 ]]; then
        echo directive
    else
        echo listen
    fi
}

# Waits until https://localhost:$2/1k.bin, verified against our certificate
# (so it is that certificate being served), returns exactly the origin's file.
wait_ready_https() {
    local name=$1 port=$2 limit=$3 logfile=$4 deadline
    deadline=$(( SECONDS + limit ))
    while (( SECONDS < deadline )); do
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            log "$name exited during start-up; its log ($logfile):"
            tail -n 60 "$logfile" >&2 || true
            die "$name did not start"
        fi
        if curl -s -m 2 --http1.1 --cacert "$CERT" --resolve "localhost:$port:127.0.0.1" \
                -o "$WORK_DIR/probe.$name" "https://localhost:$port/1k.bin" \
                && cmp -s "$WORK_DIR/probe.$name" "$WORK_DIR/www/1k.bin"; then
            return 0
        fi
        sleep 0.25
    done
    log "$name did not serve https://localhost:$port/1k.bin within ${limit}s; its log ($logfile):"
    tail -n 60 "$logfile" >&2 || true
    die "$name not ready"
}

# ----------------------------------------------------------------- targets ---


# nginx terminating TLS: TLSv1.2 and 1.3, the certificate, everything else at
# nginx's defaults: ssl_session_cache none (a session ID is sent but nothing is
# stored), ssl_session_tickets on (TLS 1.3 resumption works through tickets),
# ssl_ciphers HIGH:!aNULL:!MD5, ssl_prefer_server_ciphers off.
start_nginx_proxy() {
    local dir=$WORK_DIR/nginx listen
    mkdir -p "$dir"
    if [[ $(nginx_h2_style) == directive ]]; then
        listen="listen 127.0.0.1:$NGINX_PORT ssl;
        http2 on;"
    else
        listen="listen 127.0.0.1:$NGINX_PORT ssl http2;"
    fi
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
        $listen
        server_name localhost;
        ssl_certificate $CERT;
        ssl_certificate_key $KEY;
        ssl_protocols TLSv1.2 TLSv1.3;
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
    wait_ready_https nginx "$NGINX_PORT" 15 "$dir/error.log"
}

# Caracal: the copy from caracal_prepare (stock cfg files removed, one listener,
# one route, admin port moved), its listener turned into an HTTPS listener on
# the TLS context "bench", which serves the same certificate. Context and
# listener otherwise at their defaults (TLSv1.3 and 1.2, the default cipher
# suites, JSSE's session handling).
start_caracal() {
    local dir=$WORK_DIR/caracal conf
    caracal_prepare "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
    conf=$dir/conf/caracal
    cat >"$conf/io.caracal.tls.context-bench.cfg" <<EOF
name = bench
certificates = "$CERT" "$KEY"
protocols = TLSv1.3, TLSv1.2
EOF
    echo "tls.context = bench" >>"$conf/io.caracal.listener.http-bench.cfg"
    cat >"$conf/io.caracal.cluster-bench.cfg" <<EOF
name=bench
upstreams=http://127.0.0.1:$ORIGIN_PORT
strategy=round-robin
EOF
    start_bg caracal "$dir/caracal.log" env -C "$dir" \
        CARACAL_JAVA_OPTS="-Dorg.osgi.service.http.port=$CARACAL_ADMIN_PORT -XX:+UseParallelGC" \
        "$dir/bin/caracal"
    wait_ready_https caracal "$CARACAL_PORT" 60 "$dir/caracal.log"
}

# -------------------------------------------------------------------- load ---

# Results. Keys: "<target>.<mode>.<field>", mode ka (keep-alive), full, resumed.
declare -A R=()
NOTES=()

# measure TARGET MODE URL WARMUP: waits for quiet, warms up with the same
# load, then measures RUNS times and stores medians and sums in R.
measure() {
    local target=$1 mode=$2 url=$3 warmup=$4
    local wrk_args=(-t"$THREADS" -c"$CONNECTIONS") envs=() label
    local run out rps p50 p99 errors stats full resumed tls
    local all_rps=() all_p50=() all_p99=() total_errors=0 total_full=0 total_resumed=0 tls_info=""
    local cpu0 cpu1 wrk0 wrk1 requests all_cpu=() all_wrk=() gave_up=0
    case "$mode" in
        ka) label="keep-alive" ;;
        full) label="Connection: close, full handshakes"; [[ $url == https:* ]] || label="Connection: close" ;;
        resumed) label="Connection: close, wrk's own session reuse" ;;
    esac
    if [[ $mode != ka ]]; then
        wrk_args+=(-H "Connection: close")
        if [[ $url == https:* ]]; then
            [[ -n $PROBE ]] && envs+=("LD_PRELOAD=$PROBE")
            [[ $mode == full ]] && envs+=(HTTPS_BENCH_NO_RESUME=1)
        fi
    fi
    wait_quiet "$target $label" || gave_up=1
    if (( warmup > 0 )); then
        log "$target ($label): warm-up ${warmup}s"
        load_env $(( warmup + 30 )) /dev/null "${envs[@]}" -- "${wrk_args[@]}" -d"${warmup}s" "$url"
    fi
    for (( run = 1; run <= RUNS; run++ )); do
        # Something that started during the warm-up or an earlier run: wait again
        # (unless this measurement gave up waiting already).
        if (( gave_up == 0 )); then
            wait_quiet "$target $label (run $run)" || gave_up=1
        fi
        out=$WORK_DIR/wrk.$target.$mode.$run.txt
        stats=$WORK_DIR/probe.$target.$mode.$run.txt
        rm -f -- "$stats"
        DISTURBED=""
        log "$target ($label): measuring ${DURATION}s (run $run/$RUNS; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
        cpu0=$(group_cpu_ticks "${PIDS[$target]}")
        children_cpu_ms wrk0
        load_env $(( DURATION + 30 )) "$out" "${envs[@]}" "HTTPS_BENCH_STATS=$stats" -- \
            "${wrk_args[@]}" -d"${DURATION}s" --latency "$url"
        cpu1=$(group_cpu_ticks "${PIDS[$target]}")
        children_cpu_ms wrk1
        requests=$(awk '/ requests in / { print $1; exit }' "$out")
        # The target's CPU per request in µs, and wrk's CPU in % of one core.
        all_cpu+=("$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$CLK_TCK" -v n="${requests:-0}" \
            'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "nan" }')")
        all_wrk+=("$(awk -v ms=$(( wrk1 - wrk0 )) -v d="$DURATION" 'BEGIN { printf "%.0f", ms / d / 10 }')")
        [[ -n $DISTURBED ]] && NOTES+=("$target $label run $run: another benchmark or build was running during the measurement: $DISTURBED")
        rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
        [[ -n $rps ]] || { cat "$out" >&2; die "could not parse wrk output for $target ($label)"; }
        p50=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$out")")
        p99=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$out")")
        errors=$(wrk_errors "$out")
        all_rps+=("$rps") all_p50+=("$p50") all_p99+=("$p99")
        total_errors=$(( total_errors + errors ))
        if [[ -s $stats ]]; then
            full=$(sed -n 's/.*full=\([0-9]*\).*/\1/p' "$stats")
            resumed=$(sed -n 's/.*resumed=\([0-9]*\).*/\1/p' "$stats")
            tls=$(sed -n 's/.*tls=//p' "$stats")
            total_full=$(( total_full + ${full:-0} )) total_resumed=$(( total_resumed + ${resumed:-0} ))
            [[ -z $tls_info && $tls != unknown ]] && tls_info=$tls
            log "$target ($label): $rps req/s, errors $errors; $requests requests, handshakes seen by the probe: ${full:-?} full, ${resumed:-?} resumed ($tls)"
        else
            log "$target ($label): $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors"
        fi
        log "$target ($label): $target CPU ${all_cpu[-1]} µs/request, wrk CPU ${all_wrk[-1]} % of a core"
    done
    R[$target.$mode.rps]=$(median "${all_rps[@]}" | awk '{ printf "%.0f", $1 }')
    R[$target.$mode.p50]=$(median "${all_p50[@]}" | awk '{ printf "%.3f", $1 }')
    R[$target.$mode.p99]=$(median "${all_p99[@]}" | awk '{ printf "%.3f", $1 }')
    R[$target.$mode.errors]=$total_errors
    R[$target.$mode.cpu]=$(median "${all_cpu[@]}" | awk '{ printf "%.1f", $1 }')
    R[$target.$mode.wrk]=$(median "${all_wrk[@]}" | awk '{ printf "%.0f", $1 }')
    if [[ $url == https:* && $mode != ka && -n $PROBE ]]; then
        R[$target.$mode.full]=$total_full
        R[$target.$mode.resumed]=$total_resumed
        [[ -n $tls_info ]] && R[$target.tls]=$tls_info
    fi
}

# ------------------------------------------------------------------ report ---

# Share of resumed handshakes in %, or "?" without probe counts.
resumed_share() {
    local f=${R[$1.$2.full]:-} r=${R[$1.$2.resumed]:-}
    [[ -n $f && -n $r ]] || { echo "?"; return; }
    awk -v f="$f" -v r="$r" 'BEGIN { if (f + r > 0) printf "%.1f %%", 100 * r / (f + r); else print "?" }'
}

print_report() {
    local t full_hdr errors name
    echo "## Caracal HTTPS termination benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr); load average at the start: $START_LOAD"
    echo "- java: $(first_line java -version)"
    echo "- nginx: $(first_line "$NGINX_BIN" -v), $(first_line openssl version); wrk $(first_line wrk --version | awk '{ print $2 }'), linked with $(ldd "$(command -v wrk)" 2>/dev/null | awk '/libssl/ { print $1; exit }')"
    echo "- certificate: one self-signed EC P-256 (prime256v1) certificate for localhost (SAN DNS:localhost, IP:127.0.0.1), the same files for both proxies; wrk connects to https://localhost:<port>/1k.bin (SNI localhost), no ALPN, so HTTP/1.1"
    local bt='`' listen_desc
    listen_desc="${bt}listen ... ssl http2${bt}"
    [[ $(nginx_h2_style) == directive ]] && listen_desc="${bt}listen ... ssl${bt} + ${bt}http2 on${bt}"
    echo "- nginx: 2 workers, $listen_desc, ssl_protocols TLSv1.2 TLSv1.3, ssl_session_cache none and ssl_session_tickets on (both nginx defaults), upstream keepalive 64"
    echo "- caracal: HTTPS listener on TLS context \`bench\` (protocols TLSv1.3, TLSv1.2; default cipher suites and JSSE session handling), Jetty defaults (listener max.threads 200), -XX:+UseParallelGC"
    echo "- origin: nginx 1 worker, plain HTTP, 1 KiB static file; both proxies reach it over keep-alive HTTP/1.1"
    echo "- load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, GET 1 KiB, all on 127.0.0.1; $RUNS measured run(s) per cell, median shown"
    echo "- warm-up before each measurement, with the same load: ${NATIVE_WARMUP}s origin/nginx$( [[ $SKIP_CARACAL == 0 ]] && echo ", ${JVM_WARMUP}s caracal")"
    local proxies=() neg="" shares="" checks=""
    for t in nginx caracal; do
        [[ -n ${R[$t.ka.rps]:-} ]] && proxies+=("$t")
    done
    for t in "${proxies[@]}"; do
        neg+="${neg:+; }$t ${R[$t.tls]:-?}"
        shares+="${shares:+, }$t $(resumed_share "$t" resumed)"
        checks+="${checks:+, }$t ${R[$t.full.resumed]:-?} of $(( ${R[$t.full.full]:-0} + ${R[$t.full.resumed]:-0} ))"
    done
    [[ -n $PROBE ]] && echo "- negotiated (full handshake): $neg"
    if [[ -n $PROBE ]]; then
        echo "- handshakes/s: wrk -H 'Connection: close', one request per TLS connection. SESSION RESUMPTION: wrk as shipped keeps each connection slot's last session and offers it on reconnect, and the servers accepted it (TLS 1.3 PSK from a session ticket: no certificate, no signature) for $shares of the handshakes, as counted by the probe: that column is resumed handshakes. For the full-handshake column the probe drops the session before each connect; handshakes resumed there: $checks"
    else
        echo "- handshakes/s: wrk -H 'Connection: close', one request per TLS connection. SESSION RESUMPTION NOT CHECKED: wrk as shipped offers the previous session on reconnect, so these are probably RESUMED handshakes ($PROBE_NOTE)"
    fi
    if (( JVM_WARMUP < 20 )) && [[ $SKIP_CARACAL == 0 ]]; then
        echo "- NOTE: a ${JVM_WARMUP}s warm-up is too short for the JIT: Caracal's numbers are those of a cold JVM (use the default 30 s for figures worth comparing)"
    fi
    if (( QUIET_WAITED > 0 )); then
        echo "- waited ${QUIET_WAITED}s in all for other benchmarks/builds (the other bench/*.sh, mvn) to end before measuring$( (( QUIET_GIVEUPS > 0 )) && echo "; GAVE UP waiting $QUIET_GIVEUPS time(s) and went on (a measurement that ran alongside one has a WARNING line under the tables)")"
    fi
    echo
    if [[ -n $PROBE ]]; then
        full_hdr="full handshakes/s"
    else
        full_hdr="full handshakes/s (no probe)"
    fi
    echo "| target | keep-alive req/s | p50 ms | p99 ms | req/s ÷ nginx | p99 ÷ nginx | $full_hdr | ÷ nginx | resumed handshakes/s (wrk as shipped) | resumed share | ÷ nginx | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for t in origin nginx caracal; do
        [[ -n ${R[$t.ka.rps]:-} ]] || continue
        errors=$(( ${R[$t.ka.errors]:-0} + ${R[$t.full.errors]:-0} + ${R[$t.resumed.errors]:-0} ))
        if [[ $t == origin ]]; then
            name="origin (plain HTTP)"
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
                "$name" "${R[origin.ka.rps]}" "${R[origin.ka.p50]}" "${R[origin.ka.p99]}" \
                "$(ratio "${R[origin.ka.rps]}" "${R[nginx.ka.rps]:-}")" "$(ratio "${R[origin.ka.p99]}" "${R[nginx.ka.p99]:-}")" \
                "${R[origin.full.rps]:-n/a} (TCP only)" "$(ratio "${R[origin.full.rps]:-nan}" "${R[nginx.full.rps]:-}")" \
                "—" "—" "—" "$errors"
            continue
        fi
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$t" "${R[$t.ka.rps]}" "${R[$t.ka.p50]}" "${R[$t.ka.p99]}" \
            "$(ratio "${R[$t.ka.rps]}" "${R[nginx.ka.rps]:-}")" "$(ratio "${R[$t.ka.p99]}" "${R[nginx.ka.p99]:-}")" \
            "${R[$t.full.rps]:-n/a}" "$(ratio "${R[$t.full.rps]:-nan}" "${R[nginx.full.rps]:-}")" \
            "${R[$t.resumed.rps]:-n/a}" "$(resumed_share "$t" resumed)" \
            "$(ratio "${R[$t.resumed.rps]:-nan}" "${R[nginx.resumed.rps]:-}")" "$errors"
    done
    echo
    echo "CPU per request (µs, the target's processes only: nginx master + workers, or Caracal's JVM; from /proc, over the measured run) and wrk's CPU (% of one core; wrk -t$THREADS can use at most $(( THREADS * 100 )) %):"
    echo
    echo "| target | keep-alive µs/req | full handshake µs/conn | resumed µs/conn | wrk CPU % keep-alive / full / resumed |"
    echo "|---|---:|---:|---:|---:|"
    for t in origin nginx caracal; do
        [[ -n ${R[$t.ka.rps]:-} ]] || continue
        name=$t
        [[ $t == origin ]] && name="origin (plain HTTP; TCP connections)"
        printf '| %s | %s | %s | %s | %s / %s / %s |\n' "$name" "${R[$t.ka.cpu]:-n/a}" "${R[$t.full.cpu]:-n/a}" \
            "${R[$t.resumed.cpu]:-—}" "${R[$t.ka.wrk]:-n/a}" "${R[$t.full.wrk]:-n/a}" "${R[$t.resumed.wrk]:-—}"
    done
    echo
    echo "keep-alive = one TLS connection per wrk connection for the whole run. handshakes/s = wrk's req/s with \`Connection: close\`: the proxy closes after every response and wrk reconnects, one request per TLS connection."
    echo "origin = wrk straight at the origin over plain HTTP (ceiling, no proxy); its handshakes/s column is new TCP connections/s. errors = non-2xx responses + socket errors over all of the row's runs."
    [[ -n $CARACAL_NOTE ]] && echo "$CARACAL_NOTE"
    for t in "${NOTES[@]}"; do
        echo "WARNING: $t"
    done
    return 0
}

# -------------------------------------------------------------------- main ---

CARACAL_NOTE="" PROBE="" PROBE_NOTE="" CERT="" KEY=""
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ensure_https_packages
for tool in curl wrk openssl cmp setsid timeout awk pgrep; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done

if [[ $SKIP_CARACAL == 1 ]]; then
    CARACAL_NOTE="caracal: skipped (--skip-caracal)."
    log "$CARACAL_NOTE"
else
    ensure_caracal_dist
    command -v java >/dev/null 2>&1 || [[ -n ${JAVA_HOME:-} ]] || die "java not found (needed by Caracal; or pass --skip-caracal)"
fi

# Starting a JVM would disturb another benchmark's measurement too.
wait_quiet "start-up" || true
make_work_dir
make_certificate
build_probe

ORIGIN_PORT="" NGINX_PORT="" CARACAL_PORT="" CARACAL_ADMIN_PORT=""
for var in ORIGIN_PORT NGINX_PORT CARACAL_PORT CARACAL_ADMIN_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: origin $ORIGIN_PORT, nginx $NGINX_PORT (https), caracal $CARACAL_PORT (https, admin $CARACAL_ADMIN_PORT)"
start_origin
start_nginx_proxy
if [[ $SKIP_CARACAL == 0 ]]; then
    log "starting Caracal from $CARACAL_DIST"
    start_caracal
fi

measure origin ka "http://127.0.0.1:$ORIGIN_PORT/1k.bin" "$NATIVE_WARMUP"
measure origin full "http://127.0.0.1:$ORIGIN_PORT/1k.bin" "$NATIVE_WARMUP"
for mode in ka full resumed; do
    [[ $mode == full && -z $PROBE ]] && continue
    measure nginx "$mode" "https://localhost:$NGINX_PORT/1k.bin" "$NATIVE_WARMUP"
done
if [[ $SKIP_CARACAL == 0 ]]; then
    for mode in ka full resumed; do
        [[ $mode == full && -z $PROBE ]] && continue
        measure caracal "$mode" "https://localhost:$CARACAL_PORT/1k.bin" "$JVM_WARMUP"
    done
fi

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-https.md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
