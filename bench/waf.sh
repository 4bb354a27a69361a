#!/usr/bin/env bash
# WAF: what the web application firewall (OWASP CRS at paranoia level 1) and an
# access log cost, vs plain proxying.
#
# One run starts an nginx origin and ONE Caracal process with two listeners and
# two routes to that origin:
#   listener "bench"   access.log = off
#   listener "logged"  access.log = combined
#   route /plain/      no filters
#   route /waf/        filters = waf: the distribution's own WAF filter and CRS
#                      rule set configs (conf/caracal/io.caracal.filter.waf-default.cfg,
#                      io.caracal.waf.crs-default.cfg: rule set crs, paranoia
#                      level 1, blocking), over Debian's modsecurity-crs
# The rows: plain (bench listener, /plain/), log (logged listener, /plain/),
# waf (bench listener, /waf/) and waf+log (logged listener, /waf/), the full
# chain the target is about: waf+log >= 0.5x the req/s of plain. Every row sends
# a realistic request, built by a wrk Lua script: a browser's
# GET /<route>/products?category=shoes&size=42&sort=price_asc&page=2 with
# Host: shop.example (a name: CRS scores a numeric Host), User-Agent, Accept,
# Accept-Language, Accept-Encoding, Cookie (a session id and an analytics
# cookie) and Referer, each request as from another visitor: a new session id
# and analytics cookie, query values drawn from a shop's usual ones. Caracal's
# WAF remembers per value, across requests, the rules that do not match it, so
# the same request over and over would measure that memo more than the rules:
# one more row, "waf+log, repeated request", sends the same request every time
# to show that best case. POST=1 adds POST rows (plain and waf+log): the same
# headers and a 315-byte urlencoded checkout form (a new CSRF token, name and
# address each time) to /<route>/checkout.
#
# Reference: nginx with Debian's ModSecurity v3 connector (bookworm has it:
# package libnginx-mod-http-modsecurity 1.0.3, with libmodsecurity3 3.0.9),
# running the same Debian CRS files at paranoia level 1 in blocking mode, with
# an access log (combined), against nginx without either. The script installs
# the package when it is missing; MODSEC=0 leaves the rows out, and where the
# package is not available they are skipped with a note.
#
# Before any load it checks that every target returns the origin's exact bytes
# for the canonical GET and POST (the requests above with their first values),
# that 1 s of the varied ones through every target gets only 2xx, that an SQL
# injection (?id=1'%20or%201=1--) gets 403 with an X-Request-Id through both
# Caracal WAF rows (and a "blocked" line with that id in logs/waf.log) and
# through nginx ModSecurity, but 200 through the plain routes, that the benign
# requests leave no line in waf.log (no rule matched, so no anomaly score) nor
# a ModSecurity message in nginx's error log, and that the logged listener
# writes access log lines and the other one none.
# Caracal gets one mixed warm-up over all its routes, then its rows are
# measured back to back in the same JVM; with RUNS > 1 the targets take turns
# run by run. The table shows req/s, p50, p99, the proxy's CPU per request,
# each row against the same proxy's plain row, the access log lines and WAF
# matches written during the measured runs.
# Everything listens on 127.0.0.1 only; every process it starts is stopped on
# exit, error or CTRL-C. Before each measurement it waits (bounded) until no
# other benchmark (bench/*.sh) or Maven build runs.
#
# Usage: bench/waf.sh [--quick] [--help]
#   --quick         smoke test: 3 s warm-ups and 5 s runs (overrides the variables)
# Environment:
#   DURATION       measured run per target in seconds (default 20)
#   WARMUP         warm-up in seconds; sets NATIVE_WARMUP and JVM_WARMUP
#   NATIVE_WARMUP  warm-up before each origin and nginx measurement (default 5)
#   JVM_WARMUP     Caracal's first warm-up, all routes mixed (default 30: the JIT needs it)
#   ROUTE_WARMUP   warm-up before each Caracal row's measurement (default NATIVE_WARMUP)
#   CONNECTIONS    wrk connections (default 64)
#   THREADS        wrk threads (default 1)
#   RUNS           measured runs per target; the table shows medians (default 1)
#   POST           1 = also measure the POST rows (default 1)
#   MODSEC         1 = also measure nginx + ModSecurity (default 1; installs
#                  libnginx-mod-http-modsecurity when missing, as root)
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
POST=${POST:-1}
MODSEC=${MODSEC:-1}
QUIET_WAIT=${QUIET_WAIT:-600}
QUIET_WAIT_TOTAL=${QUIET_WAIT_TOTAL:-1800}
CARACAL_DIST=${CARACAL_DIST:-$REPO_ROOT/distribution/target/caracal}

check_counts DURATION NATIVE_WARMUP JVM_WARMUP ROUTE_WARMUP CONNECTIONS THREADS RUNS QUIET_WAIT QUIET_WAIT_TOTAL
(( DURATION >= 1 && CONNECTIONS >= 1 && THREADS >= 1 && RUNS >= 1 && RUNS <= 20 )) \
    || { echo "DURATION, CONNECTIONS and THREADS must be >= 1, RUNS 1..20" >&2; exit 2; }
[[ $POST == 0 || $POST == 1 ]] || { echo "POST must be 0 or 1, got '$POST'" >&2; exit 2; }
[[ $MODSEC == 0 || $MODSEC == 1 ]] || { echo "MODSEC must be 0 or 1, got '$MODSEC'" >&2; exit 2; }

# Debian's CRS: the rule files and the setup template, which Caracal's crs rule
# set reads by default and nginx's ModSecurity includes.
CRS_RULES=/usr/share/modsecurity-crs/rules
CRS_SETUP=/etc/modsecurity/crs/crs-setup.conf
MODSEC_PACKAGE=libnginx-mod-http-modsecurity
MODSEC_MODULE=/usr/lib/nginx/modules/ngx_http_modsecurity_module.so

# ------------------------------------------------------------- the request ---

# What the rows send: a browser's GET of a product listing with four query
# arguments, and (POST=1) its POST of a checkout form, each as from another
# visitor (see lua_generators). The canonical request below is what the checks
# send with curl and what the "repeated" row sends every time. All ASCII, no
# quotes or backslashes (they go into Lua strings as they are).
HOST_NAME=shop.example
GET_PATH="products?category=shoes&size=42&sort=price_asc&page=2"
POST_PATH=checkout
REQ_HEADERS=(
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    "Accept-Language: en-US,en;q=0.9,de;q=0.8"
    "Accept-Encoding: gzip, deflate, br"
    "Cookie: session_id=8f3c2a9e4b7d41f0a6c5e2d19b8f7a63; _ga=GA1.2.1187423351.1732665600"
    "Referer: https://shop.example/products?category=shoes"
)
FORM_TYPE=application/x-www-form-urlencoded
FORM_BODY="csrf_token=4b7d41f0a6c5e2d19b8f7a638f3c2a9e&email=anna.schmidt%40example.com&first_name=Anna&last_name=Schmidt&street=Hauptstrasse+12&postcode=10115&city=Berlin&country=DE&phone=%2B49+30+1234567&shipping=standard&payment=card&newsletter=1&gift_wrap=0&note=Please+ring+the+bell+twice+and+leave+it+with+the+neighbours"
# A classic SQL injection in a query argument, for the checks only.
ATTACK_QUERY="id=1'%20or%201=1--"

# curl arguments for the canonical request: curl_request METHOD (sets CURL_REQ).
curl_request() {
    local header
    CURL_REQ=(-H "Host: $HOST_NAME")
    for header in "${REQ_HEADERS[@]}"; do
        CURL_REQ+=(-H "$header")
    done
    if [[ $1 == POST ]]; then
        CURL_REQ+=(-H "Content-Type: $FORM_TYPE" --data-binary "$FORM_BODY")
    fi
}

# request_path METHOD PREFIX: the path (and query) of the canonical request.
request_path() {
    if [[ $1 == POST ]]; then echo "$2/$POST_PATH"; else echo "$2/$GET_PATH"; fi
}

# request_bytes METHOD PREFIX: the size of the canonical request as wrk sends
# it (request line, Host and the other headers, Content-Length, body); the
# varied ones differ by a few bytes.
request_bytes() {
    local path header n
    path=$(request_path "$1" "$2")
    n=$(( ${#1} + 1 + ${#path} + 11 + 6 + ${#HOST_NAME} + 2 + 2 ))
    for header in "${REQ_HEADERS[@]}"; do
        n=$(( n + ${#header} + 2 ))
    done
    if [[ $1 == POST ]]; then
        n=$(( n + 14 + ${#FORM_TYPE} + 2 + 16 + ${#FORM_BODY} + 2 ))
        n=$(( n + $(printf '%d' "${#FORM_BODY}" | wc -c) ))
    fi
    echo "$n"
}

# lua_request METHOD PREFIX: Lua statements that set wrk's request to the
# canonical one. wrk builds the request once from wrk.method/path/headers/body
# and, since the script defines no request() function, sends it as is.
lua_request() {
    local header
    printf 'wrk.method = "%s"\n' "$1"
    printf 'wrk.path = "%s"\n' "$(request_path "$1" "$2")"
    printf 'wrk.headers["Host"] = "%s"\n' "$HOST_NAME"
    for header in "${REQ_HEADERS[@]}"; do
        printf 'wrk.headers["%s"] = "%s"\n' "${header%%: *}" "${header#*: }"
    done
    if [[ $1 == POST ]]; then
        printf 'wrk.headers["Content-Type"] = "%s"\n' "$FORM_TYPE"
        printf 'wrk.body = "%s"\n' "$FORM_BODY"
    fi
}

# lua_generators: Lua functions make_get(prefix) and make_post(prefix), each
# returning a function that builds the next request of that kind. Every request
# comes as from another visitor: the canonical request's headers, but a new
# session id and analytics cookie (and, in the form, a new CSRF token, name,
# address and phone number), and query values drawn from a shop's usual ones
# (8 categories, 11 sizes, 4 orders, 20 pages). This matters for Caracal's WAF,
# which remembers per value, across requests, the transformations and the rules
# that do not match it: values that come back (headers, most arguments) are
# worked out once, values that are new with every visitor every time.
# math.random is seeded per wrk thread and run.
lua_generators() {
    local header
    cat <<'EOF'
local r = math.random
local categories = { "shoes", "boots", "sandals", "sneakers", "jackets", "shirts", "trousers", "bags" }
local sorts = { "price_asc", "price_desc", "newest", "popular" }
local first_names = { "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Hannah", "Jonas" }
local last_names = { "Schmidt", "Mueller", "Fischer", "Weber", "Wagner", "Becker" }
local streets = { "Hauptstrasse", "Gartenweg", "Lindenallee", "Schulstrasse" }
local cities = { "Berlin", "Hamburg", "Munich", "Cologne" }
local shippings = { "standard", "express" }
local payments = { "card", "paypal", "invoice" }
local function pick(t) return t[r(#t)] end
local function hex32()
    return string.format("%08x%08x%08x%08x", r(0, 2147483647), r(0, 2147483647), r(0, 2147483647), r(0, 2147483647))
end
EOF
    printf 'local headers = { ["Host"] = "%s"' "$HOST_NAME"
    for header in "${REQ_HEADERS[@]}"; do
        case "${header%%: *}" in Cookie|Referer) continue ;; esac
        printf ', ["%s"] = "%s"' "${header%%: *}" "${header#*: }"
    done
    printf ' }\n'
    cat <<'EOF'
local function visitor(category)
    headers["Cookie"] = string.format("session_id=%s; _ga=GA1.2.%d.%d", hex32(), r(1000000000, 2147483647), r(1700000000, 1732999999))
    headers["Referer"] = "https://shop.example/products?category=" .. category
end
function make_get(prefix)
    return function()
        local category = pick(categories)
        visitor(category)
        headers["Content-Type"] = nil
        return wrk.format("GET", string.format("%s/products?category=%s&size=%d&sort=%s&page=%d",
            prefix, category, r(36, 46), pick(sorts), r(1, 20)), headers)
    end
end
function make_post(prefix)
    return function()
        visitor(pick(categories))
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        local first, last = pick(first_names), pick(last_names)
        return wrk.format("POST", prefix .. "/checkout", headers, string.format(
            "csrf_token=%s&email=%s.%s%%40example.com&first_name=%s&last_name=%s&street=%s+%d&postcode=%05d&city=%s&country=DE&phone=%%2B49+30+%07d&shipping=%s&payment=%s&newsletter=%d&gift_wrap=0&note=Please+ring+the+bell+twice+and+leave+it+with+the+neighbours",
            hex32(), string.lower(first), string.lower(last), first, last, pick(streets), r(1, 120),
            r(10000, 99999), pick(cities), r(1000000, 9999999), pick(shippings), pick(payments), r(0, 1)))
    end
end
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("seed", os.time() * 1000 + threads)
end
function init(args)
    math.randomseed(seed or os.time())
end
EOF
}

# lua_script KIND PREFIX: the wrk script of a row. KIND GET or POST: the varied
# requests, built per request by request(); KIND repeated: the canonical GET,
# built once.
lua_script() {
    case "$1" in
        repeated) lua_request GET "$2" ;;
        GET) lua_generators; printf 'local next_request = make_get("%s")\nfunction request() return next_request() end\n' "$2" ;;
        POST) lua_generators; printf 'local next_request = make_post("%s")\nfunction request() return next_request() end\n' "$2" ;;
    esac
}

# ---------------------------------------------------------------- packages ---

# As lib.sh's ensure_packages, for what this scenario needs: nginx, wrk, curl,
# Debian's CRS (through the distribution's bin/install-crs.sh, which installs
# modsecurity-crs without the Apache module it suggests) and, for the reference
# rows, the nginx ModSecurity connector. HAProxy is not needed. Services of
# packages this run installed are stopped; a machine's own nginx is left alone
# (we use free ports). Where the connector is not to be had (no such package,
# or not root), the ModSecurity rows are left out with a note.
ensure_waf_packages() {
    local missing=() candidate
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    apt_install "${missing[@]}"
    if [[ ! -d $CRS_RULES || ! -f $CRS_SETUP ]]; then
        [[ -x $CARACAL_DIST/bin/install-crs.sh ]] || die "$CRS_RULES or $CRS_SETUP is missing (apt-get install --no-install-recommends modsecurity-crs)"
        "$CARACAL_DIST/bin/install-crs.sh" >&2 || die "bin/install-crs.sh could not install Debian's CRS"
    fi
    [[ $MODSEC == 1 && ! -f $MODSEC_MODULE ]] || return 0
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        MODSEC=0 MODSEC_NOTE="nginx + ModSecurity: left out ($MODSEC_MODULE is missing; install $MODSEC_PACKAGE, or run as root once)."
    else
        apt-get update -q >/dev/null
        candidate=$(LC_ALL=C apt-cache policy "$MODSEC_PACKAGE" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
        if [[ -z $candidate || $candidate == "(none)" ]]; then
            MODSEC=0 MODSEC_NOTE="nginx + ModSecurity: left out (this system's package sources have no $MODSEC_PACKAGE)."
        else
            apt_install "$MODSEC_PACKAGE"
            [[ -f $MODSEC_MODULE ]] || { MODSEC=0 MODSEC_NOTE="nginx + ModSecurity: left out ($MODSEC_PACKAGE $candidate did not install $MODSEC_MODULE)."; }
        fi
    fi
    [[ -z $MODSEC_NOTE ]] || log "$MODSEC_NOTE"
}

# ----------------------------------------------------------------- targets ---

# The origin serves the file under each route's paths too (routes do not
# rewrite paths): /plain/products, /waf/products, /plain/checkout ... It
# answers a POST with the file as well: nginx's static module refuses POST with
# 405, which error_page turns into a GET of the same file.
make_site() {
    local route
    for route in plain waf; do
        mkdir -p "$WORK_DIR/www/$route"
        cp "$WORK_DIR/www/1k.bin" "$WORK_DIR/www/$route/${GET_PATH%%\?*}"
        cp "$WORK_DIR/www/1k.bin" "$WORK_DIR/www/$route/$POST_PATH"
    done
    chmod -R a+rX "$WORK_DIR/www"
}

# ModSecurity's main file for nginx, set up as Caracal's WAF filter is by
# default: the engine in blocking mode, request bodies up to 1 MiB (longer ones
# refused), response bodies of text/plain, text/html and text/xml up to 64 KiB
# (the origin's application/octet-stream file is not one of them, so here both
# run phase 3 on the response status and headers but no phase 4); the JSON/XML
# body processors and the request body error rule of Debian's recommended
# modsecurity.conf; an audit log of relevant (4xx/5xx) transactions in the work
# dir; then Debian's CRS as its owasp-crs.load includes it, with paranoia level
# 1 and the anomaly thresholds set the way Caracal's crs rule set sets them.
write_modsec_conf() {
    local dir=$1
    cat >"$dir/modsecurity.conf" <<EOF
SecRuleEngine On
SecRequestBodyAccess On
SecRequestBodyLimit 1048576
SecRequestBodyNoFilesLimit 1048576
SecRequestBodyLimitAction Reject
SecRequestBodyJsonDepthLimit 512
SecArgumentsLimit 1000
SecResponseBodyAccess On
SecResponseBodyMimeType text/plain text/html text/xml
SecResponseBodyLimit 65536
SecResponseBodyLimitAction ProcessPartial
SecPcreMatchLimit 1000
SecPcreMatchLimitRecursion 1000
SecRule REQUEST_HEADERS:Content-Type "^(?:application(?:/soap\+|/)|text/)xml" \\
    "id:'200000',phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
SecRule REQUEST_HEADERS:Content-Type "^application/json" \\
    "id:'200001',phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
SecRule REQBODY_ERROR "!@eq 0" \\
    "id:'200002',phase:2,t:none,log,deny,status:400,msg:'Failed to parse request body.',severity:2"
SecTmpDir $dir/modsec-tmp
SecDataDir $dir/modsec-data
SecAuditEngine RelevantOnly
SecAuditLogRelevantStatus "^(?:5|4(?!04))"
SecAuditLogParts ABIJDEFHZ
SecAuditLogType Serial
SecAuditLog $dir/modsec_audit.log
SecArgumentSeparator &
SecCookieFormat 0
SecStatusEngine Off

Include $CRS_SETUP
SecAction "id:900901,phase:1,pass,nolog,t:none,setvar:tx.paranoia_level=1,setvar:tx.executing_paranoia_level=1,setvar:tx.inbound_anomaly_score_threshold=5,setvar:tx.outbound_anomaly_score_threshold=4"
EOF
    [[ -f /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf ]] \
        && echo "Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf" >>"$dir/modsecurity.conf"
    echo "Include $CRS_RULES/*.conf" >>"$dir/modsecurity.conf"
    [[ -f /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf ]] \
        && echo "Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf" >>"$dir/modsecurity.conf"
    mkdir -p "$dir/modsec-tmp" "$dir/modsec-data"
    return 0
}

# nginx as in run.sh (2 workers, upstream keepalive 64): /plain/ proxies with
# no access log; /waf/ runs ModSecurity (MODSEC=1) and writes a combined access
# log (unbuffered, nginx's default) before it proxies.
start_nginx_proxy() {
    local dir=$WORK_DIR/nginx waf_location
    mkdir -p "$dir"
    waf_location="access_log $dir/access.log combined;"
    if [[ $MODSEC == 1 ]]; then
        write_modsec_conf "$dir"
        waf_location+=" modsecurity on;"
    fi
    {
        [[ $MODSEC == 1 ]] && echo "load_module $MODSEC_MODULE;"
        echo "worker_processes 2;"
        echo "daemon off;"
        nginx_common "$dir"
        echo "http {"
        nginx_http_common "$dir"
        [[ $MODSEC == 1 ]] && echo "    modsecurity_rules_file $dir/modsecurity.conf;"
        cat <<EOF
    tcp_nodelay on;
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
        location /waf/ {
            $waf_location
            proxy_pass http://origin;
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    run_nginx_conf nginx "$dir" "$NGINX_PORT" 30
}

# Caracal: the copy from caracal_prepare (stock cfg files removed, the listener
# "bench" on 127.0.0.1 with access.log = off, the route "bench" on / that
# wait_ready uses, admin port moved), plus the listener "logged" with
# access.log = combined, the distribution's own WAF filter and CRS rule set
# configs, and the routes /plain/ and /waf/.
start_caracal() {
    local dir=$WORK_DIR/caracal conf stock=$CARACAL_DIST/conf/caracal
    [[ -f $stock/io.caracal.filter.waf-default.cfg && -f $stock/io.caracal.waf.crs-default.cfg ]] \
        || die "$stock has no io.caracal.filter.waf-default.cfg / io.caracal.waf.crs-default.cfg: is the distribution older than the WAF? (mvn -q -DskipTests install)"
    ACCESS_LOG=off caracal_prepare "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
    conf=$dir/conf/caracal
    CARACAL_LOG_DIR=$dir/logs
    cp "$stock/io.caracal.filter.waf-default.cfg" "$stock/io.caracal.waf.crs-default.cfg" "$conf/"
    WAF_CFG=$(cfg_summary "$conf/io.caracal.filter.waf-default.cfg")
    CRS_CFG=$(cfg_summary "$conf/io.caracal.waf.crs-default.cfg")
    [[ $WAF_CFG == *"name = waf"* && $WAF_CFG == *"rulesets = crs"* ]] \
        || die "the distribution's WAF filter config is not 'name = waf, rulesets = crs': $WAF_CFG"
    [[ $WAF_CFG != *"mode = detection-only"* ]] || die "the distribution's WAF filter is in detection-only mode: $WAF_CFG"
    [[ $CRS_CFG == *"name = crs"* && $CRS_CFG == *"paranoia.level = 1"* ]] \
        || die "the distribution's CRS rule set config is not 'name = crs, paranoia.level = 1': $CRS_CFG"
    cat >"$conf/io.caracal.listener.http-logged.cfg" <<EOF
name = logged
host = 127.0.0.1
port = $CARACAL_LOG_PORT
access.log = combined
EOF
    cat >"$conf/io.caracal.cluster-bench.cfg" <<EOF
name = bench
upstreams = http://127.0.0.1:$ORIGIN_PORT
strategy = round-robin
EOF
    cat >"$conf/io.caracal.route-plain.cfg" <<EOF
name = plain
hosts = *
path.prefix = /plain/
cluster = bench
EOF
    cat >"$conf/io.caracal.route-waf.cfg" <<EOF
name = waf
hosts = *
path.prefix = /waf/
cluster = bench
filters = waf
EOF
    # Whether this build's WAF inspects responses too (phases 3 and 4, on unless
    # the filter config says responses = false).
    if command -v unzip >/dev/null 2>&1 && [[ $WAF_CFG != *"responses = false"* ]] \
            && unzip -l "$dir"/bundle/io.caracal.caracal-waf-[0-9]*.jar 2>/dev/null | grep -q 'WafResponseInspector'; then
        RESPONSE_NOTE="this build also runs phases 3 and 4 (the filter's defaults: responses = true; bodies of text/plain, text/html, text/xml up to 64 KiB, so phase 3 only for the origin's octet-stream file)"
    fi
    caracal_launch caracal "$dir" "$CARACAL_PORT" "$CARACAL_ADMIN_PORT"
}

# The key = value lines of a cfg file, without comments, joined with "; ".
cfg_summary() {
    sed -e 's/#.*//' -e 's/[[:space:]]*=[[:space:]]*/ = /' -e 's/[[:space:]]*$//' "$1" | awk 'NF' | paste -sd ';' | sed 's/;/; /g'
}

# -------------------------------------------------------------------- logs ---

# line_count FILE...: lines in the files together (0 if there are none).
line_count() { { cat -- "$@" 2>/dev/null || true; } | wc -l | tr -d ' '; }

# Lines in a Caracal listener's access log(s) (one file per day), in Caracal's
# waf.log and in nginx's access log, and ModSecurity messages in nginx's error log.
caracal_access_lines() { line_count "$CARACAL_LOG_DIR"/access-"$1".*.log; }
waf_log_lines() { line_count "$CARACAL_LOG_DIR/waf.log"; }
nginx_access_lines() { line_count "$WORK_DIR/nginx/access.log"; }
modsec_messages() { { grep -F 'ModSecurity: ' "$WORK_DIR/nginx/error.log" 2>/dev/null || true; } | wc -l | tr -d ' '; }

# wait_lines WHAT WANT COMMAND...: polls COMMAND (a line count) for up to 5 s
# until it reaches WANT (access log lines are written by a background thread).
wait_lines() {
    local what=$1 want=$2 n i
    shift 2
    for (( i = 0; i < 50; i++ )); do
        n=$("$@")
        (( n >= want )) && return 0
        sleep 0.1
    done
    die "check failed: $what: expected at least $want line(s), found $n"
}

# ------------------------------------------------------------------ checks ---

CHECKS=()

# The WAF rule set compiles after Caracal serves; until its plan is there the
# filter lets requests through. Poll the attack on /waf/ (up to 120 s) until it
# gets 403.
wait_caracal_waf() {
    local deadline=$(( SECONDS + 120 )) port
    curl_request GET /waf
    for port in "$CARACAL_PORT" "$CARACAL_LOG_PORT"; do
        while :; do
            fetch "http://127.0.0.1:$port/waf/products?$ATTACK_QUERY" "${CURL_REQ[@]}"
            [[ $STATUS == 403 ]] && break
            if (( SECONDS >= deadline )); then
                log "Caracal's /waf/ route on port $port answered $STATUS to an SQL injection for 120 s; its log:"
                grep -hiE 'ERROR|WARN|waf|crs' "$WORK_DIR/caracal/logs/caracal.log" 2>/dev/null | tail -n 40 >&2 || true
                die "Caracal's WAF does not block (is the waf bundle in $CARACAL_DIST, and Debian's CRS in $CRS_RULES?)"
            fi
            sleep 0.5
        done
    done
    log "caracal: the WAF blocks after $(( SECONDS + 120 - deadline ))s"
    grep -hE "rule set|ruleset|WAF|waf" "$WORK_DIR/caracal/logs/caracal.log" 2>/dev/null \
        | sed 's/^.*\] [A-Za-z]* - /    /' | tail -n 6 >&2 || true
}

# expect_blocked_caracal WHAT URL: 403 with an X-Request-Id, and a line with
# that id and "action":"blocked" in waf.log.
expect_blocked_caracal() {
    local what=$1 url=$2 id i
    curl_request GET /waf
    expect_status "$what" 403 "$url" "${CURL_REQ[@]}"
    id=$(header_value X-Request-Id)
    [[ -n $id ]] || die "check failed: $what: the 403 has no X-Request-Id"
    for (( i = 0; i < 50; i++ )); do
        grep -F "\"requestId\":\"$id\"" "$CARACAL_LOG_DIR/waf.log" 2>/dev/null | grep -qF '"action":"blocked"' && break
        sleep 0.1
    done
    grep -F "\"requestId\":\"$id\"" "$CARACAL_LOG_DIR/waf.log" 2>/dev/null | grep -qF '"action":"blocked"' \
        || die "check failed: $what: no line with requestId $id and action blocked in waf.log"
    log "check: $what: X-Request-Id $id; waf.log: $(grep -F "\"requestId\":\"$id\"" "$CARACAL_LOG_DIR/waf.log" \
        | sed -n 's/.*"ruleId":\([0-9]*\).*/\1/p' | paste -sd ' ') (blocked)"
}

# Every target serves the origin's exact bytes for the benign requests; the
# attack is refused by the WAFs only; the benign requests leave no WAF log line
# or ModSecurity message; the logged listener logs and the other one does not.
run_checks() {
    local c="http://127.0.0.1:$CARACAL_PORT" cl="http://127.0.0.1:$CARACAL_LOG_PORT" n="http://127.0.0.1:$NGINX_PORT"
    local method methods=(GET) waf0 modsec0 logged0 prefix path url urls out k=0 probe_requests=0 n_req
    [[ $POST == 1 ]] && methods+=(POST)

    # The attack first, so that any lines it leaves are counted before the benign ones.
    curl_request GET /plain
    expect_file "caracal plain, SQL injection in the query (no WAF)" "$c/plain/products?$ATTACK_QUERY" "${CURL_REQ[@]}"
    expect_blocked_caracal "caracal waf, SQL injection in the query" "$c/waf/products?$ATTACK_QUERY"
    expect_blocked_caracal "caracal waf+log, SQL injection in the query" "$cl/waf/products?$ATTACK_QUERY"
    curl_request GET /plain
    expect_file "nginx plain, SQL injection in the query (no WAF)" "$n/plain/products?$ATTACK_QUERY" "${CURL_REQ[@]}"
    if [[ $MODSEC == 1 ]]; then
        expect_status "nginx modsec+log, SQL injection in the query" 403 "$n/waf/products?$ATTACK_QUERY" "${CURL_REQ[@]}"
        sleep 0.2
        (( $(modsec_messages) > 0 )) || die "check failed: nginx ModSecurity refused the attack but logged no ModSecurity message"
        log "check: nginx ModSecurity: $(grep -o 'ModSecurity: Access denied[^[]*' "$WORK_DIR/nginx/error.log" | head -n 1)$(grep -o '\[id "[0-9]*"\]' "$WORK_DIR/nginx/error.log" | tr -d '[]"' | sed 's/^id //' | paste -sd ' ' | sed 's/^/, rules /')"
    fi

    sleep 0.5
    waf0=$(waf_log_lines) modsec0=$(modsec_messages) logged0=$(caracal_access_lines logged)
    for method in "${methods[@]}"; do
        for prefix in /plain /waf; do
            curl_request "$method" "$prefix"
            path=$(request_path "$method" "$prefix")
            [[ $prefix == /plain ]] && expect_file "origin, benign $method" "http://127.0.0.1:$ORIGIN_PORT$path" "${CURL_REQ[@]}"
            expect_file "caracal $prefix, benign $method" "$c$path" "${CURL_REQ[@]}"
            expect_file "caracal $prefix (logged listener), benign $method" "$cl$path" "${CURL_REQ[@]}"
            if [[ $prefix == /plain || $MODSEC == 1 ]]; then
                expect_file "nginx $prefix, benign $method" "$n$path" "${CURL_REQ[@]}"
            fi
        done
    done
    # The varied requests the rows send: 1 s of each kind through every target, 4 connections.
    for method in "${methods[@]}"; do
        for prefix in /plain /waf; do
            urls=("$c/" "$cl/")
            [[ $prefix == /plain || $MODSEC == 1 ]] && urls+=("$n/")
            [[ $prefix == /plain ]] && urls+=("http://127.0.0.1:$ORIGIN_PORT/")
            for url in "${urls[@]}"; do
                out=$WORK_DIR/wrk.probe.$(( ++k )).txt
                load_env 30 "$out" -- -t1 -c4 -d1s --timeout 10s -s "$(script_file "$method" "$prefix")" "$url"
                (( $(wrk_errors "$out") == 0 )) \
                    || { cat "$out" >&2; die "check failed: varied $method requests to ${url%/}$prefix/ got non-2xx answers or socket errors"; }
                n_req=$(awk '/ requests in / { print $1; exit }' "$out")
                probe_requests=$(( probe_requests + ${n_req:-0} ))
            done
        done
    done
    log "check: $probe_requests varied requests (1 s of each kind through every target): all 2xx"
    sleep 1
    (( $(waf_log_lines) == waf0 )) \
        || { tail -n +$(( waf0 + 1 )) "$CARACAL_LOG_DIR/waf.log" >&2; die "check failed: the benign requests left lines in waf.log (a rule matched: an anomaly score)"; }
    log "check: the benign requests (canonical and varied) through Caracal's WAF left no line in waf.log (no rule matched, no anomaly score)"
    if [[ $MODSEC == 1 ]]; then
        (( $(modsec_messages) == modsec0 )) \
            || { grep 'ModSecurity: ' "$WORK_DIR/nginx/error.log" | tail -n 5 >&2; die "check failed: the benign requests made ModSecurity log rule matches"; }
        log "check: the benign requests through nginx ModSecurity left no ModSecurity message in its error log"
    fi
    # At least the 2 curl requests per method on the logged listener (plain and waf).
    wait_lines "caracal logged listener's access log" $(( logged0 + 2 * ${#methods[@]} )) caracal_access_lines logged
    (( $(caracal_access_lines bench) == 0 )) || die "check failed: the listener with access.log = off wrote an access log"
    grep -F "\"GET $(request_path GET /waf) HTTP/1.1\" 200 1024 " "$CARACAL_LOG_DIR"/access-logged.*.log \
        | grep -qF '"https://shop.example/products?category=shoes" "Mozilla/5.0' \
        || { tail -n 3 "$CARACAL_LOG_DIR"/access-logged.*.log >&2; die "check failed: the logged listener's access log lines are not in combined format with referer and user agent"; }
    log "check: the logged listener writes combined access log lines, the other one none: $(tail -n 1 "$CARACAL_LOG_DIR"/access-logged.*.log | cut -c1-160)"

    CHECKS=("every target: 200 with the origin's exact 1 KiB for the canonical GET$( [[ $POST == 1 ]] && echo " and POST" || true); a 1 s probe of the varied requests through every target ($probe_requests requests): all 2xx"
        "SQL injection (${ATTACK_QUERY}): 403 with an X-Request-Id through caracal waf and waf+log, and a waf.log line with that id and action blocked; 200 with the origin's bytes through caracal plain and nginx plain$( [[ $MODSEC == 1 ]] && echo "; 403 through nginx modsec+log, with a ModSecurity message in its error log" || true)"
        "the benign requests (canonical and varied) left no line in Caracal's waf.log (no rule matched: no anomaly score)$( [[ $MODSEC == 1 ]] && echo " and no ModSecurity message in nginx's error log" || true)"
        "Caracal's logged listener writes combined access log lines (with referer and user agent); the listener with access.log = off none")
    return 0
}

# -------------------------------------------------------------------- load ---

# Targets in measuring order: name, the process (group) whose CPU is counted,
# port, route prefix, request kind (GET or POST: varied; repeated: the
# canonical GET every time), the row the ratios are taken against, and which
# access log (caracal, nginx or none) and WAF log (caracal, modsec or none) the
# row writes to.
T_NAME=() T_PROC=() T_PORT=() T_PREFIX=() T_KIND=() T_BASE=() T_ALOG=() T_WLOG=()
add_target() {
    T_NAME+=("$1") T_PROC+=("$2") T_PORT+=("$3") T_PREFIX+=("$4") T_KIND+=("$5") T_BASE+=("$6") T_ALOG+=("$7") T_WLOG+=("$8")
}

# script_file KIND PREFIX: the wrk script of that kind of request to that route.
script_file() { echo "$WORK_DIR/request.$1${2//\//.}.lua"; }

write_request_scripts() {
    local kind prefix kinds=(GET repeated)
    [[ $POST == 1 ]] && kinds+=(POST)
    for kind in "${kinds[@]}"; do
        for prefix in /plain /waf; do
            lua_script "$kind" "$prefix" >"$(script_file "$kind" "$prefix")"
        done
    done
}

access_lines() {
    case "$1" in
        caracal) caracal_access_lines logged ;;
        nginx) nginx_access_lines ;;
        *) echo 0 ;;
    esac
}

waf_lines() {
    case "$1" in
        caracal) waf_log_lines ;;
        modsec) modsec_messages ;;
        *) echo 0 ;;
    esac
}

# measure I WARMUP RUN: warms target I up with the same load, measures it once
# and appends the results to VALUES, with the access log lines and WAF log
# lines written during the measured run.
measure() {
    local i=$1 warmup=$2 run=$3 name url wrk_args=() a0 a1 w0 w1
    name=${T_NAME[$i]}
    url="http://127.0.0.1:${T_PORT[$i]}/"
    # The WAF rows answer in hundreds of ms under this load: wrk's default 2 s
    # timeout would count the slowest answers as errors.
    wrk_args=(-t"$THREADS" -c"$CONNECTIONS" --timeout 10s -s "$(script_file "${T_KIND[$i]}" "${T_PREFIX[$i]}")")
    warm_up "$name" "$warmup" "$run" "$url" "${wrk_args[@]}"
    a0=$(access_lines "${T_ALOG[$i]}") w0=$(waf_lines "${T_WLOG[$i]}")
    measured_run "$name" "$run" "${T_PROC[$i]}" "$WORK_DIR/wrk.$(tr ' +' '_-' <<<"$name").$run.txt" "$url" "${wrk_args[@]}"
    a1=$(access_lines "${T_ALOG[$i]}") w1=$(waf_lines "${T_WLOG[$i]}")
    log "$name: $M_RPS req/s, p50 $M_P50 ms, p99 $M_P99 ms, ${T_PROC[$i]} CPU $M_CPU µs/request, wrk CPU $M_WRK_CPU %, access log lines $(( a1 - a0 )) of $M_REQUESTS requests, WAF log lines $(( w1 - w0 )), errors $M_ERRORS"
    VALUES["$i|rps"]+="$M_RPS " VALUES["$i|p50"]+="$M_P50 " VALUES["$i|p99"]+="$M_P99 "
    VALUES["$i|cpu"]+="$M_CPU " VALUES["$i|errors"]+="$M_ERRORS " VALUES["$i|wrk"]+="$M_WRK_CPU "
    VALUES["$i|requests"]+="$M_REQUESTS " VALUES["$i|alog"]+="$(( a1 - a0 )) " VALUES["$i|wlog"]+="$(( w1 - w0 )) "
}

# The wrk Lua script of Caracal's first warm-up: its rows' varied requests (GET
# and POST, /plain/ and /waf/) in turn on every connection, to the logged
# listener, so that one warm-up compiles all the paths, the access log's included.
write_mixed_script() {
    {
        lua_generators
        echo "local makers = { make_get(\"/plain\"), make_get(\"/waf\")$( [[ $POST == 1 ]] && echo ", make_post(\"/plain\"), make_post(\"/waf\")") }"
        echo "local n = 0"
        echo "function request()"
        echo "    n = n % #makers + 1"
        echo "    return makers[n]()"
        echo "end"
    } >"$WORK_DIR/mixed.lua"
}

# ------------------------------------------------------------------ report ---

# kind_label KIND: the request column.
kind_label() {
    case "$1" in
        repeated) echo "GET, repeated" ;;
        *) echo "$1, varied" ;;
    esac
}

# row_value I FIELD FORMAT: the median of target I's field.
row_value() { med "${VALUES[$1|$2]:-}" "$3"; }

# Index of the target named $1, or empty.
target_index() {
    local i
    for i in "${!T_NAME[@]}"; do
        [[ ${T_NAME[$i]} == "$1" ]] && { echo "$i"; return 0; }
    done
    return 0
}

# ratio_of A B: req/s of target A ÷ target B (names), "n/a" if either is missing.
ratio_of() {
    local a b
    a=$(target_index "$1") b=$(target_index "$2")
    [[ -n $a && -n $b ]] || { echo "n/a"; return 0; }
    ratio "$(row_value "$a" rps '%.0f')" "$(row_value "$b" rps '%.0f')"
}

print_report() {
    local i b name rps p50 p99 cpu check alog wlog target bt='`'
    echo "## Caracal WAF benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo
    echo "- machine: $(nproc) CPUs, $(cpu_model), $(uname -sr); load average at the start: $START_LOAD"
    echo "- 1-min load average just before the measured runs: $(load_range) (the benchmark's own processes add to it: about 2 with nginx, more with Caracal's runnable Jetty threads)"
    echo "- java: $(first_line java -version); nginx: $(first_line "$NGINX_BIN" -v | sed 's/^nginx version: //'); CRS: $(dpkg-query -W -f='modsecurity-crs ${Version}' modsecurity-crs 2>/dev/null || echo "$CRS_RULES")$( [[ $MODSEC == 1 ]] && dpkg-query -W -f='; ${Package} ${Version}' "$MODSEC_PACKAGE" libmodsecurity3 2>/dev/null)"
    echo "- load: wrk $(first_line wrk --version | awk '{ print $2 }') -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout 10s --latency, keep-alive, all on 127.0.0.1; $RUNS measured run(s) per target, median shown; with several runs the targets take turns run by run, each run starting one target later"
    echo "- request: ${bt}GET /<route>/$GET_PATH${bt}, Host: $HOST_NAME, $(printf '%s, ' "${REQ_HEADERS[@]%%: *}" | sed 's/, $//') as a browser sends them (about $(request_bytes GET /waf) bytes); POST: ${bt}POST /<route>/$POST_PATH${bt}, the same headers, ${bt}Content-Type: $FORM_TYPE${bt}, a form of about ${#FORM_BODY} bytes (about $(request_bytes POST /waf) bytes in all). varied = built per request by the wrk Lua script, each as from another visitor: new session id and _ga cookie (and CSRF token, name, address, phone in the form), category/size/sort/page drawn from 8/11/4/20 values; repeated = the same GET every time, built once. The origin answers all with the same 1 KiB file (application/octet-stream)"
    echo "- warm-up: ${NATIVE_WARMUP}s before each origin/nginx measurement; caracal ${JVM_WARMUP}s with all its routes' requests mixed (wrk Lua, GET and POST, /plain/ and /waf/ in turn, to the logged listener), then ${ROUTE_WARMUP}s before each row's measurement"
    echo "- origin: nginx, 1 worker, the same 1 KiB file under /plain/ and /waf/ (routes do not rewrite paths), ${bt}error_page 405 =200 \$uri${bt} so that a POST gets it too"
    echo "- caracal: one JVM (Jetty defaults, -XX:+UseParallelGC), listeners ${bt}bench${bt} (access.log = off) and ${bt}logged${bt} (access.log = combined), one cluster, routes /plain/ (no filters) and /waf/ (${bt}filters = waf${bt}). The distribution's own configs: filter ${bt}$WAF_CFG${bt}; rule set ${bt}$CRS_CFG${bt} (Debian's CRS from $CRS_RULES)"
    [[ -n $RESPONSE_NOTE ]] && echo "- caracal WAF, response side: $RESPONSE_NOTE"
    echo "- caracal rows: plain = bench listener, /plain/; log = logged listener, /plain/; waf = bench listener, /waf/; waf+log = logged listener, /waf/"
    echo "- nginx: 2 workers, upstream keepalive 64 (as in run.sh). plain = ${bt}location /${bt}, access_log off; $( [[ $MODSEC == 1 ]] && echo "modsec+log = ${bt}location /waf/${bt} with ${bt}modsecurity on${bt} (ModSecurity v3 through $MODSEC_PACKAGE: SecRuleEngine On, request bodies up to 1 MiB, response bodies of text types up to 64 KiB as Caracal's defaults (the origin's octet-stream file is not inspected by either), audit log of 4xx/5xx only; Debian's CRS as owasp-crs.load includes it, paranoia level 1, inbound threshold 5) and ${bt}access_log <file> combined${bt} (unbuffered)" || echo "log = ${bt}location /waf/${bt} with ${bt}access_log <file> combined${bt}, no ModSecurity")"
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
    echo "| target | request | req/s | p50 ms | p99 ms | req/s ÷ plain | p99 ÷ plain | CPU µs/req | CPU µs/req vs plain | access log lines | WAF log lines | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for i in "${!T_NAME[@]}"; do
        name=${T_NAME[$i]} b=$(target_index "${T_BASE[$i]}")
        rps=$(row_value "$i" rps '%.0f') p50=$(row_value "$i" p50 '%.3f') p99=$(row_value "$i" p99 '%.3f') cpu=$(row_value "$i" cpu '%.1f')
        alog="—" wlog="—"
        if [[ ${T_ALOG[$i]} != none ]]; then
            alog=$(awk -v l="$(sum "${VALUES[$i|alog]}")" -v n="$(sum "${VALUES[$i|requests]}")" 'BEGIN { if (n > 0) printf "%.1f %%", 100 * l / n; else print "n/a" }')
        fi
        [[ ${T_WLOG[$i]} != none ]] && wlog=$(sum "${VALUES[$i|wlog]}")
        if [[ -n $b ]]; then
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(kind_label "${T_KIND[$i]}")" "$rps" "$p50" "$p99" \
                "$(ratio "$rps" "$(row_value "$b" rps '%.0f')")" "$(ratio "$p99" "$(row_value "$b" p99 '%.3f')")" \
                "$cpu" "$(delta "$cpu" "$(row_value "$b" cpu '%.1f')")" "$alog" "$wlog" "$(sum "${VALUES[$i|errors]}")"
        else
            printf '| %s | %s | %s | %s | %s | — | — | %s | — | %s | %s | %s |\n' "$name" "$(kind_label "${T_KIND[$i]}")" "$rps" "$p50" "$p99" \
                "$cpu" "$alog" "$wlog" "$(sum "${VALUES[$i|errors]}")"
        fi
    done
    echo
    echo "÷ plain and vs plain: against the same proxy's plain row with the same method. CPU µs/req: utime+stime of the target's processes (the JVM, or nginx master + workers; for the origin row, the origin) over the measured run, from /proc, divided by wrk's request count. access log lines: lines the row's access log gained during its measured runs, in % of wrk's requests (a little over 100 %: the requests still in flight when the warm-up before the run stopped, up to one per connection, are logged during the run). WAF log lines: lines Caracal's waf.log (or ModSecurity messages nginx's error log) gained during the measured runs: 0 means no rule matched the benign request. p50/p99 as wrk --latency reports them (as in run.sh). errors = non-2xx responses (a 403 would show here) + socket errors, summed over runs."
    target=$(ratio_of "caracal waf+log" "caracal plain")
    echo "Target: caracal waf+log ≥ 0.5× caracal plain req/s (varied GETs): $target× — $(awk -v r="$target" 'BEGIN { if (r == "n/a") print "n/a"; else if (r + 0 >= 0.5) print "met"; else print "NOT met" }'). With the same request over and over (every value remembered by the WAF after the first): $(ratio_of "caracal waf+log, repeated request" "caracal plain")×."
    if [[ $MODSEC == 1 ]]; then
        echo "nginx modsec+log ÷ nginx plain: $(ratio_of "nginx modsec+log" "nginx plain")×; caracal waf+log ÷ nginx modsec+log: $(ratio_of "caracal waf+log" "nginx modsec+log")×$( [[ $POST == 1 ]] && echo "; POST: caracal waf+log ÷ nginx modsec+log $(ratio_of "caracal waf+log POST" "nginx modsec+log POST")×")."
    fi
    [[ -n $MODSEC_NOTE ]] && echo "$MODSEC_NOTE"
    for i in "${NOTES[@]}"; do
        echo "WARNING: $i"
    done
    return 0
}

# -------------------------------------------------------------------- main ---

MODSEC_NOTE="" WAF_CFG="" CRS_CFG="" CARACAL_LOG_DIR="" RESPONSE_NOTE=""
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
ensure_waf_packages
for tool in curl wrk cmp setsid timeout awk pgrep paste; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done
ensure_caracal_dist
command -v java >/dev/null 2>&1 || [[ -n ${JAVA_HOME:-} ]] || die "java not found (needed by Caracal)"

# Starting a JVM would disturb another benchmark's measurement too.
wait_quiet "start-up" || true
make_work_dir
make_site

ORIGIN_PORT="" NGINX_PORT="" CARACAL_PORT="" CARACAL_LOG_PORT="" CARACAL_ADMIN_PORT=""
for var in ORIGIN_PORT NGINX_PORT CARACAL_PORT CARACAL_LOG_PORT CARACAL_ADMIN_PORT; do
    free_port "$var"
done

log "work dir $WORK_DIR; ports: origin $ORIGIN_PORT, nginx $NGINX_PORT, caracal $CARACAL_PORT and $CARACAL_LOG_PORT (access log; admin $CARACAL_ADMIN_PORT)"
start_origin 'error_page 405 =200 $uri;'
start_nginx_proxy
log "starting Caracal from $CARACAL_DIST"
start_caracal
wait_ready caracal "$CARACAL_LOG_PORT" 30 "$WORK_DIR/caracal/caracal.log"
wait_caracal_waf
write_request_scripts
run_checks

NGINX_WAF="nginx log"
[[ $MODSEC == 1 ]] && NGINX_WAF="nginx modsec+log"
add_target origin origin "$ORIGIN_PORT" /plain GET "" none none
add_target "nginx plain" nginx "$NGINX_PORT" /plain GET "" none none
add_target "$NGINX_WAF" nginx "$NGINX_PORT" /waf GET "nginx plain" nginx "$( [[ $MODSEC == 1 ]] && echo modsec || echo none)"
if [[ $POST == 1 ]]; then
    add_target "nginx plain POST" nginx "$NGINX_PORT" /plain POST "" none none
    add_target "$NGINX_WAF POST" nginx "$NGINX_PORT" /waf POST "nginx plain POST" nginx "$( [[ $MODSEC == 1 ]] && echo modsec || echo none)"
fi
add_target "caracal plain" caracal "$CARACAL_PORT" /plain GET "" none none
add_target "caracal log" caracal "$CARACAL_LOG_PORT" /plain GET "caracal plain" caracal none
add_target "caracal waf" caracal "$CARACAL_PORT" /waf GET "caracal plain" none caracal
add_target "caracal waf+log" caracal "$CARACAL_LOG_PORT" /waf GET "caracal plain" caracal caracal
add_target "caracal waf+log, repeated request" caracal "$CARACAL_LOG_PORT" /waf repeated "caracal plain" caracal caracal
if [[ $POST == 1 ]]; then
    add_target "caracal plain POST" caracal "$CARACAL_PORT" /plain POST "" none none
    add_target "caracal waf+log POST" caracal "$CARACAL_LOG_PORT" /waf POST "caracal plain POST" caracal caracal
fi

measure_group native "$NATIVE_WARMUP"

write_mixed_script
caracal_warm_up "http://127.0.0.1:$CARACAL_LOG_PORT/"
measure_group caracal "$ROUTE_WARMUP"

# The WAF still blocks after the load (nothing was switched off meanwhile).
expect_blocked_caracal "caracal waf+log, SQL injection after the load" "http://127.0.0.1:$CARACAL_LOG_PORT/waf/products?$ATTACK_QUERY"

mkdir -p "$BENCH_DIR/results"
RESULT_FILE=$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)-waf.md
print_report | tee "$RESULT_FILE"
log "written to $RESULT_FILE"
