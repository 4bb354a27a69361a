#!/usr/bin/env bash
# Request filters: what access control and rate limiting cost, vs plain proxying.
#
# One run starts an nginx origin serving a 1 KiB file and ONE Caracal process
# with one listener and several routes to that origin, which differ only in the
# filters they run:
#   plain                 no filters (the baseline)
#   acl+ratelimit         ip-access (allow 127.0.0.0/8, deny 127.0.0.2) + a rate
#                         limit keyed by client IP, set far above the load
#                         (10,000,000 requests/s, burst 10,000,000)
#   jwt+acl+ratelimit     the same ip-access + a JWT filter (HS256, a token the
#                         script mints with openssl) + a rate limit keyed by the
#                         token's sub claim (as high)
#   basic+ratelimit       basic auth (one bcrypt user, from htpasswd -B) + a rate
#                         limit keyed by the user (as high); BASIC=0 leaves it out
# nginx runs as the reference with the equivalent of the first two (allow/deny +
# limit_req with the same rate), in front of the same origin. Before any load it
# checks that every target returns the origin's exact bytes and that the filters
# really act (401 without or with a bad token/password, 403 from 127.0.0.2, 429
# from a burst-1 limit, RateLimit-* headers on the limited routes). Caracal gets
# one mixed warm-up over all its routes, then the routes are measured back to
# back in the same JVM; with RUNS > 1 the targets take turns run by run. The
# table shows req/s, p50, p99, the proxy's CPU per request, and each filtered
# route against the same proxy's plain route.
# Everything listens on 127.0.0.1 only; every process it starts is stopped on
# exit, error or CTRL-C. Before each measurement it waits (bounded) until no
# other benchmark (bench/*.sh) or Maven build runs.
#
# Usage: bench/filters.sh [--quick] [--help]
#   --quick         smoke test: 3 s warm-ups and 5 s runs (overrides the variables)
# Environment:
#   DURATION       measured run per target in seconds (default 20)
#   WARMUP         warm-up in seconds; sets NATIVE_WARMUP and JVM_WARMUP
#   NATIVE_WARMUP  warm-up before each origin and nginx measurement (default 5)
#   JVM_WARMUP     Caracal's first warm-up, all routes mixed (default 30: the JIT needs it)
#   ROUTE_WARMUP   warm-up before each Caracal route's measurement (default NATIVE_WARMUP)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per target; the table shows medians (default 1)
#   BASIC          1 = also measure basic+ratelimit (default 1; needs htpasswd)
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
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
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
BASIC=${BASIC:-1}
QUIET_WAIT=${QUIET_WAIT:-600}
QUIET_WAIT_TOTAL=${QUIET_WAIT_TOTAL:-1800}
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

check_counts DURATION NATIVE_WARMUP JVM_WARMUP ROUTE_WARMUP CONNECTIONS THREADS RUNS QUIET_WAIT QUIET_WAIT_TOTAL
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }
[[ $BASIC == 0 || $BASIC == 1 ]] || { echo "BASIC must be 0 or 1, got '$BASIC'" >&2; exit 2; }

# The limits of the measured routes: far above anything wrk reaches on loopback,
# so that they cost what they cost but never refuse a request.
HIGH_RATE=10000000
JWT_ISSUER=https://issuer.bench.test
JWT_AUDIENCE=caracal-bench
BENCH_USER=bench-user

# ---------------------------------------------------------------- packages ---

# As lib.sh's ensure_packages, for what this scenario needs: nginx, wrk, curl,
# openssl (to mint the token) and, for the basic-auth row, htpasswd (Debian's
# apache2-utils). HAProxy is not needed. Services of packages this run
# installed are stopped; a machine's own nginx is left alone (we use free ports).
# Without root, a missing htpasswd only drops the basic-auth row.
ensure_filters_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    if [[ $BASIC == 1 ]] && ! command -v htpasswd >/dev/null 2>&1; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
            missing+=(apache2-utils)
        else
            BASIC=0
            BASIC_NOTE="basic+ratelimit: left out (no htpasswd; install apache2-utils, or run as root once)."
            log "$BASIC_NOTE"
        fi
    fi
    apt_install "${missing[@]}"
}

# ------------------------------------------------------------- credentials ---

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# hs256_token SECRET_FILE SUB EXP: a compact JWS (HS256) with iss, aud, sub,
# iat and exp, signed with the secret file's exact bytes.
hs256_token() {
    local key_hex header payload signature now
    key_hex=$(od -An -v -tx1 <"$1" | tr -d ' \n')
    now=$(date +%s)
    header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","iat":%d,"exp":%d}' \
        "$JWT_ISSUER" "$JWT_AUDIENCE" "$2" "$now" "$3" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" \
        | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# The secret (32 random bytes), a valid token for a day, a token for the same
# claims signed with another secret, and the htpasswd file with one bcrypt user.
make_credentials() {
    local dir=$WORK_DIR/secrets password
    mkdir -p "$dir"
    chmod 700 "$dir"
    head -c 32 /dev/urandom >"$dir/jwt.key"
    head -c 32 /dev/urandom >"$dir/other.key"
    TOKEN=$(hs256_token "$dir/jwt.key" "$BENCH_USER" $(( $(date +%s) + 86400 )))
    BAD_TOKEN=$(hs256_token "$dir/other.key" "$BENCH_USER" $(( $(date +%s) + 86400 )))
    [[ $TOKEN =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] || die "could not mint the JWT with openssl"
    if [[ $BASIC == 1 ]]; then
        password=$(head -c 18 /dev/urandom | openssl base64 -A | tr '+/' 'xy')
        # bcrypt cost 10; Caracal checks it once and then caches the success.
        htpasswd -nbB -C 10 "$BENCH_USER" "$password" 2>/dev/null | sed '/^$/d' >"$dir/users.htpasswd"
        [[ $(<"$dir/users.htpasswd") == "$BENCH_USER:\$2"[aby]"\$10\$"* ]] || die "htpasswd -B did not write a bcrypt line"
        BASIC_AUTH=$(printf '%s:%s' "$BENCH_USER" "$password" | openssl base64 -A)
        BAD_BASIC_AUTH=$(printf '%s:%s' "$BENCH_USER" "not-$password" | openssl base64 -A)
    fi
}

# ----------------------------------------------------------------- targets ---

ROUTES=(plain acl jwt tiny)

# The origin serves the file under each route's path prefix too (routes do
# not rewrite paths), so /plain/1k.bin, /acl/1k.bin ... are the same bytes.
make_site() {
    local route
    for route in "${ROUTES[@]}" basic; do
        mkdir -p "$WORK_DIR/www/$route"
        cp "$WORK_DIR/www/1k.bin" "$WORK_DIR/www/$route/1k.bin"
    done
    chmod -R a+rX "$WORK_DIR/www"
}


# nginx as in run.sh (2 workers, upstream keepalive 64), with the equivalent of
# Caracal's acl+ratelimit route on /acl/: allow/deny, then limit_req on a zone
# keyed by the client address at the same rate and burst, nodelay. /tiny/ has
# a 1-a-minute limit without burst (nginx admits burst + 1 at once), only for
# the check that limit_req is active.
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
    limit_req_zone \$binary_remote_addr zone=per_ip:10m rate=${HIGH_RATE}r/s;
    limit_req_zone \$binary_remote_addr zone=tiny:1m rate=1r/m;
    limit_req_status 429;
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
        }
        location /acl/ {
            deny 127.0.0.2;
            allow 127.0.0.0/8;
            deny all;
            limit_req zone=per_ip burst=$HIGH_RATE nodelay;
            proxy_pass http://origin;
        }
        location /tiny/ {
            deny 127.0.0.2;
            allow 127.0.0.0/8;
            deny all;
            limit_req zone=tiny nodelay;
            proxy_pass http://origin;
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    run_nginx_conf nginx "$dir" "$NGINX_PORT" 15
}

# Caracal: the copy from caracal_prepare (stock cfg files removed, one listener
# on 127.0.0.1, the route "bench" on / that wait_ready uses, admin port moved),
# plus the filters and one route per measured target, all to the same cluster.
start_caracal() {
    local dir=$WORK_DIR/caracal conf
    caracal_prepare "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
    conf=$dir/conf/caracal
    cat >"$conf/io.caracal.cluster-bench.cfg" <<EOF
name = bench
upstreams = http://127.0.0.1:$ORIGIN_PORT
strategy = round-robin
EOF
    cat >"$conf/io.caracal.filter.ipaccess-loopback.cfg" <<EOF
name = loopback
allow = 127.0.0.0/8
deny = 127.0.0.2
EOF
    cat >"$conf/io.caracal.filter.ratelimit-per-ip.cfg" <<EOF
name = per-ip
key = ip
requests = $HIGH_RATE
period.s = 1
burst = $HIGH_RATE
EOF
    cat >"$conf/io.caracal.filter.jwt-bench.cfg" <<EOF
name = bench-jwt
secret.file = $WORK_DIR/secrets/jwt.key
issuer = $JWT_ISSUER
audience = $JWT_AUDIENCE
claims.headers = sub=X-User
EOF
    cat >"$conf/io.caracal.filter.ratelimit-per-user.cfg" <<EOF
name = per-user
key = claim:sub
requests = $HIGH_RATE
period.s = 1
burst = $HIGH_RATE
EOF
    cat >"$conf/io.caracal.filter.ratelimit-tiny.cfg" <<EOF
name = tiny
key = ip
requests = 1
period.s = 3600
burst = 1
EOF
    route plain ""
    route acl "loopback, per-ip"
    route jwt "loopback, bench-jwt, per-user"
    route tiny "loopback, tiny"
    if [[ $BASIC == 1 ]]; then
        cat >"$conf/io.caracal.filter.basicauth-bench.cfg" <<EOF
name = bench-users
realm = Bench
users.file = $WORK_DIR/secrets/users.htpasswd
EOF
        cat >"$conf/io.caracal.filter.ratelimit-per-login.cfg" <<EOF
name = per-login
key = claim:sub
requests = $HIGH_RATE
period.s = 1
burst = $HIGH_RATE
EOF
        route basic "bench-users, per-login"
    fi
    caracal_launch caracal "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
}

# route NAME FILTERS: io.caracal.route-NAME.cfg for /NAME/ to the cluster.
route() {
    {
        echo "name = $1"
        echo "hosts = *"
        echo "path.prefix = /$1/"
        echo "cluster = bench"
        if [[ -n $2 ]]; then echo "filters = $2"; fi
    } >"$WORK_DIR/caracal/conf/caracal/io.caracal.route-$1.cfg"
}

# ------------------------------------------------------------------ checks ---

CHECKS=()

# expect_limit_headers WHAT BURST: the last response carries RateLimit-Limit =
# BURST and a RateLimit-Remaining (so the rate limit filter found its key and
# took a token).
expect_limit_headers() {
    local limit remaining
    limit=$(header_value RateLimit-Limit)
    remaining=$(header_value RateLimit-Remaining)
    [[ $limit == "$2" && -n $remaining ]] \
        || die "check failed: $1: expected RateLimit-Limit: $2 and a RateLimit-Remaining header, got '$limit' / '$remaining'"
    log "check: $1: RateLimit-Limit $limit, RateLimit-Remaining $remaining"
}

# Caracal registers filters through Configuration Admin after it serves: poll
# each filter route (up to 30 s) until it answers 200 (503 while a filter it
# lists is missing).
wait_caracal_routes() {
    local deadline=$(( SECONDS + 30 )) pending=1
    while (( pending )); do
        pending=0
        fetch "http://127.0.0.1:$CARACAL_PORT/plain/1k.bin"; [[ $STATUS == 200 ]] || pending=1
        fetch "http://127.0.0.1:$CARACAL_PORT/acl/1k.bin"; [[ $STATUS == 200 ]] || pending=1
        fetch "http://127.0.0.1:$CARACAL_PORT/jwt/1k.bin" -H "Authorization: Bearer $TOKEN"; [[ $STATUS == 200 ]] || pending=1
        if [[ $BASIC == 1 ]]; then
            fetch "http://127.0.0.1:$CARACAL_PORT/basic/1k.bin" -H "Authorization: Basic $BASIC_AUTH"; [[ $STATUS == 200 ]] || pending=1
        fi
        (( pending )) || break
        if (( SECONDS >= deadline )); then
            log "Caracal's filter routes did not all answer 200 within 30 s (last: $STATUS); its log:"
            grep -hE 'ERROR|WARN|filter' "$WORK_DIR/caracal/logs/caracal.log" 2>/dev/null | tail -n 40 >&2 || true
            die "Caracal's filter routes are not ready"
        fi
        sleep 0.5
    done
    # What Caracal says it built, for the log.
    grep -hE "filter '[^']*' (configured|registered)" "$WORK_DIR/caracal/logs/caracal.log" 2>/dev/null \
        | sed 's/^.*\] [A-Za-z]* - /    /' >&2 || true
}

# Every target serves the origin's exact bytes, and every filter acts. The
# side route /tiny/ (a one-request limit) answers 200, then 429, on both
# proxies; it is never measured.
run_checks() {
    local c="http://127.0.0.1:$CARACAL_PORT" n="http://127.0.0.1:$NGINX_PORT"
    expect_file "origin /plain/" "http://127.0.0.1:$ORIGIN_PORT/plain/1k.bin"

    expect_file "nginx plain" "$n/plain/1k.bin"
    expect_file "nginx acl+ratelimit" "$n/acl/1k.bin"
    expect_status "nginx acl+ratelimit from 127.0.0.2 (denied)" 403 "$n/acl/1k.bin" --interface 127.0.0.2
    expect_file "nginx tiny limit, 1st request" "$n/tiny/1k.bin"
    expect_status "nginx tiny limit, 2nd request" 429 "$n/tiny/1k.bin"

    expect_file "caracal plain" "$c/plain/1k.bin"
    [[ -z $(header_value RateLimit-Remaining) ]] || die "check failed: caracal plain carries RateLimit headers"
    expect_file "caracal acl+ratelimit" "$c/acl/1k.bin"
    expect_limit_headers "caracal acl+ratelimit" "$HIGH_RATE"
    expect_status "caracal acl+ratelimit from 127.0.0.2 (denied)" 403 "$c/acl/1k.bin" --interface 127.0.0.2
    expect_file "caracal jwt+acl+ratelimit, valid token" "$c/jwt/1k.bin" -H "Authorization: Bearer $TOKEN"
    expect_limit_headers "caracal jwt+acl+ratelimit (bucket of the token's sub)" "$HIGH_RATE"
    expect_status "caracal jwt+acl+ratelimit, no token" 401 "$c/jwt/1k.bin"
    expect_status "caracal jwt+acl+ratelimit, token signed with another secret" 401 "$c/jwt/1k.bin" -H "Authorization: Bearer $BAD_TOKEN"
    expect_status "caracal jwt+acl+ratelimit, valid token from 127.0.0.2 (denied)" 403 "$c/jwt/1k.bin" \
        -H "Authorization: Bearer $TOKEN" --interface 127.0.0.2
    if [[ $BASIC == 1 ]]; then
        expect_file "caracal basic+ratelimit, right password" "$c/basic/1k.bin" -H "Authorization: Basic $BASIC_AUTH"
        expect_limit_headers "caracal basic+ratelimit (bucket of the user)" "$HIGH_RATE"
        expect_status "caracal basic+ratelimit, no credentials" 401 "$c/basic/1k.bin"
        expect_status "caracal basic+ratelimit, wrong password" 401 "$c/basic/1k.bin" -H "Authorization: Basic $BAD_BASIC_AUTH"
    fi
    expect_file "caracal tiny limit, 1st request" "$c/tiny/1k.bin"
    expect_status "caracal tiny limit, 2nd request" 429 "$c/tiny/1k.bin"

    CHECKS=("every target: 200 with the origin's exact 1 KiB"
        "from 127.0.0.2: 403 on nginx and caracal acl+ratelimit and on jwt+acl+ratelimit (with a valid token)"
        "jwt: no token 401, token signed with another secret 401"
        "RateLimit-Limit: $HIGH_RATE and RateLimit-Remaining on acl+ratelimit, jwt+acl+ratelimit$( [[ $BASIC == 1 ]] && echo " and basic+ratelimit") (so the claim:sub key found the verified identity)"
        "a 1-request limit on a side route (caracal burst 1; nginx 1r/m without burst): 200 then 429, on nginx and caracal")
    [[ $BASIC == 1 ]] && CHECKS+=("basic: no credentials 401, wrong password 401")
    return 0
}

# -------------------------------------------------------------------- load ---

# Targets in measuring order: name, the process (group) whose CPU is counted,
# path, the request header wrk sends (or none), and the row the ratios are
# taken against.
T_NAME=() T_PROC=() T_PATH=() T_HEADER=() T_BASE=()
add_target() {
    T_NAME+=("$1") T_PROC+=("$2") T_PATH+=("$3") T_HEADER+=("$4") T_BASE+=("$5")
}

# measure I WARMUP RUN: warms target I up with the same load, measures it once
# and appends the results to VALUES.
measure() {
    local i=$1 warmup=$2 run=$3 name url proc wrk_args=()
    name=${T_NAME[$i]} proc=${T_PROC[$i]}
    case "$proc" in
        origin) url="http://127.0.0.1:$ORIGIN_PORT${T_PATH[$i]}" ;;
        nginx) url="http://127.0.0.1:$NGINX_PORT${T_PATH[$i]}" ;;
        caracal) url="http://127.0.0.1:$CARACAL_PORT${T_PATH[$i]}" ;;
    esac
    wrk_args=(-t"$THREADS" -c"$CONNECTIONS")
    [[ -n ${T_HEADER[$i]} ]] && wrk_args+=(-H "${T_HEADER[$i]}")
    warm_up "$name" "$warmup" "$run" "$url" "${wrk_args[@]}"
    measured_run "$name" "$run" "$proc" "$WORK_DIR/wrk.$(tr ' +' '_-' <<<"$name").$run.txt" "$url" "${wrk_args[@]}"
    log "$name: $M_RPS req/s, p50 $M_P50 ms, p99 $M_P99 ms, $proc CPU $M_CPU µs/request, errors $M_ERRORS"
    VALUES["$name|rps"]+="$M_RPS " VALUES["$name|p50"]+="$M_P50 " VALUES["$name|p99"]+="$M_P99 "
    VALUES["$name|cpu"]+="$M_CPU " VALUES["$name|errors"]+="$M_ERRORS "
}

# The wrk Lua script of Caracal's first warm-up: the measured routes' requests
# in turn on every connection, so that one warm-up compiles all their paths.
write_mixed_script() {
    local i path header
    {
        echo "local reqs = {}"
        echo "local n = 0"
        echo "function init(args)"
        for i in "${!T_NAME[@]}"; do
            [[ ${T_PROC[$i]} == caracal ]] || continue
            path=${T_PATH[$i]} header=${T_HEADER[$i]}
            if [[ -n $header ]]; then
                printf '    reqs[#reqs + 1] = wrk.format("GET", "%s", { ["%s"] = "%s" })\n' \
                    "$path" "${header%%: *}" "${header#*: }"
            else
                printf '    reqs[#reqs + 1] = wrk.format("GET", "%s", {})\n' "$path"
            fi
        done
        echo "end"
        echo "function request()"
        echo "    n = n % #reqs + 1"
        echo "    return reqs[n]"
        echo "end"
    } >"$WORK_DIR/mixed.lua"
}

# ------------------------------------------------------------------ report ---

print_report() {
    local i name base rps p50 p99 cpu check bt='`'
    echo "## Caracal request-filter benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr); load average at the start: $START_LOAD"
    echo "- 1-min load average just before the measured runs: $(load_range) (the benchmark's own processes add to it: about 2 with nginx, more with Caracal's runnable Jetty threads)"
    echo "- java: $(first_line java -version); nginx: $(first_line "$NGINX_BIN" -v | sed 's/^nginx version: //'); $(first_line openssl version | awk '{ print $1, $2 }')"
    echo "- load: wrk $(first_line wrk --version | awk '{ print $2 }') -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, GET 1 KiB static file, all on 127.0.0.1; $RUNS measured run(s) per target, median shown; with several runs the targets take turns run by run, each run starting one target later"
    echo "- warm-up: ${NATIVE_WARMUP}s before each origin/nginx measurement; caracal ${JVM_WARMUP}s with all its routes mixed (wrk Lua, the routes' requests in turn), then ${ROUTE_WARMUP}s before each route's measurement"
    echo "- origin: nginx, 1 worker, the same 1 KiB file under /plain/, /acl/, /jwt/ ... (routes do not rewrite paths)"
    echo "- nginx: 2 workers, upstream keepalive 64 (as in run.sh). plain = ${bt}location /${bt}; acl+ratelimit = ${bt}deny 127.0.0.2; allow 127.0.0.0/8; deny all;${bt} + ${bt}limit_req zone=per_ip burst=$HIGH_RATE nodelay${bt}, zone ${bt}\$binary_remote_addr rate=${HIGH_RATE}r/s${bt}"
    echo "- caracal: one JVM (Jetty defaults, -XX:+UseParallelGC), one listener, one cluster, one route per row (path prefix /<route>/). Filters: ${bt}loopback${bt} ip-access (allow 127.0.0.0/8, deny 127.0.0.2); ${bt}per-ip${bt} ratelimit key ip; ${bt}bench-jwt${bt} jwt (HS256 secret file of 32 bytes, issuer and audience checked, claims.headers sub=X-User); ${bt}per-user${bt} ratelimit key claim:sub$( [[ $BASIC == 1 ]] && echo "; ${bt}bench-users${bt} basic-auth (1 bcrypt user, cost 10) + ${bt}per-login${bt} ratelimit key claim:sub"). Every ratelimit: requests=$HIGH_RATE period.s=1 burst=$HIGH_RATE, RateLimit-* headers on (the default)"
    echo "- routes: acl+ratelimit = ${bt}loopback, per-ip${bt}; jwt+acl+ratelimit = ${bt}loopback, bench-jwt, per-user${bt} (wrk sends ${bt}Authorization: Bearer <token>${bt}, one HS256 token valid for 24 h)$( [[ $BASIC == 1 ]] && echo "; basic+ratelimit = ${bt}bench-users, per-login${bt} (wrk sends ${bt}Authorization: Basic ...${bt})")"
    echo "- checked before any load:"
    for check in "${CHECKS[@]}"; do
        echo "  - $check"
    done
    if (( QUIET_WAITED > 0 )); then
        echo "- waited ${QUIET_WAITED}s in all for other benchmarks/builds (bench/*.sh, mvn) to end before measuring$( (( QUIET_GIVEUPS > 0 )) && echo "; GAVE UP waiting $QUIET_GIVEUPS time(s) and went on")"
    fi
    if (( JVM_WARMUP < 20 )); then
        echo "- NOTE: a ${JVM_WARMUP}s warm-up is too short for the JIT: Caracal's numbers are those of a cold JVM (use the default 30 s for figures worth comparing)"
    fi
    echo
    echo "| target | req/s | p50 ms | p99 ms | req/s ÷ plain | p99 ÷ plain | CPU µs/req | CPU µs/req vs plain | errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for i in "${!T_NAME[@]}"; do
        name=${T_NAME[$i]} base=${T_BASE[$i]}
        rps=$(med "${VALUES[$name|rps]}" '%.0f')
        p50=$(med "${VALUES[$name|p50]}" '%.3f')
        p99=$(med "${VALUES[$name|p99]}" '%.3f')
        cpu=$(med "${VALUES[$name|cpu]}" '%.1f')
        if [[ -n $base ]]; then
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" \
                "$(ratio "$rps" "$(med "${VALUES[$base|rps]}" '%.0f')")" \
                "$(ratio "$p99" "$(med "${VALUES[$base|p99]}" '%.3f')")" \
                "$cpu" "$(delta "$cpu" "$(med "${VALUES[$base|cpu]}" '%.1f')")" "$(sum "${VALUES[$name|errors]}")"
        else
            printf '| %s | %s | %s | %s | — | — | %s | — | %s |\n' "$name" "$rps" "$p50" "$p99" "$cpu" "$(sum "${VALUES[$name|errors]}")"
        fi
    done
    echo
    echo "÷ plain and vs plain: against the same proxy's plain row (nginx rows against nginx plain, caracal rows against caracal plain). CPU µs/req: utime+stime of the target's processes (the JVM, or nginx master + workers; for the origin row, the origin) over the measured run, from /proc, divided by wrk's request count. p50/p99 as wrk --latency reports them (as in run.sh). errors = non-2xx responses (a 401, 403 or 429 would show here) + socket errors, summed over runs."
    echo "caracal ÷ nginx with the same work, req/s: plain $(ratio "$(med "${VALUES[caracal plain|rps]}" '%.0f')" "$(med "${VALUES[nginx plain|rps]}" '%.0f')"), acl+ratelimit $(ratio "$(med "${VALUES[caracal acl+ratelimit|rps]}" '%.0f')" "$(med "${VALUES[nginx acl+ratelimit|rps]}" '%.0f')"). nginx (open source) has no JWT or bcrypt basic-auth filter, so the other rows have no nginx counterpart."
    [[ -n $BASIC_NOTE ]] && echo "$BASIC_NOTE"
    for i in "${NOTES[@]}"; do
        echo "WARNING: $i"
    done
    return 0
}

# -------------------------------------------------------------------- main ---

BASIC_NOTE="" TOKEN="" BAD_TOKEN="" BASIC_AUTH="" BAD_BASIC_AUTH=""
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ensure_filters_packages
for tool in curl wrk openssl cmp setsid timeout awk pgrep od; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done
ensure_caracal_dist
command -v java >/dev/null 2>&1 || [[ -n ${JAVA_HOME:-} ]] || die "java not found (needed by Caracal)"

# Starting a JVM would disturb another benchmark's measurement too.
wait_quiet "start-up" || true
make_work_dir
make_site
make_credentials

ORIGIN_PORT="" NGINX_PORT="" CARACAL_PORT="" CARACAL_ADMIN_PORT=""
for var in ORIGIN_PORT NGINX_PORT CARACAL_PORT CARACAL_ADMIN_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: origin $ORIGIN_PORT, nginx $NGINX_PORT, caracal $CARACAL_PORT (admin $CARACAL_ADMIN_PORT)"
start_origin
start_nginx_proxy
log "starting Caracal from $CARACAL_DIST"
start_caracal
wait_caracal_routes
run_checks

add_target origin origin /plain/1k.bin "" ""
add_target "nginx plain" nginx /plain/1k.bin "" ""
add_target "nginx acl+ratelimit" nginx /acl/1k.bin "" "nginx plain"
add_target "caracal plain" caracal /plain/1k.bin "" ""
add_target "caracal acl+ratelimit" caracal /acl/1k.bin "" "caracal plain"
add_target "caracal jwt+acl+ratelimit" caracal /jwt/1k.bin "Authorization: Bearer $TOKEN" "caracal plain"
if [[ $BASIC == 1 ]]; then
    add_target "caracal basic+ratelimit" caracal /basic/1k.bin "Authorization: Basic $BASIC_AUTH" "caracal plain"
fi

measure_group native "$NATIVE_WARMUP"

write_mixed_script
caracal_warm_up "http://127.0.0.1:$CARACAL_PORT/"
measure_group caracal "$ROUTE_WARMUP"

# A limit that refused anything during the runs would show as errors; check
# that the filters are still in place after the load, too.
expect_status "caracal acl+ratelimit from 127.0.0.2 after the load (denied)" 403 \
    "http://127.0.0.1:$CARACAL_PORT/acl/1k.bin" --interface 127.0.0.2
expect_status "caracal jwt+acl+ratelimit without a token after the load" 401 "http://127.0.0.1:$CARACAL_PORT/jwt/1k.bin"

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-filters.md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
