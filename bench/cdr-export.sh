#!/usr/bin/env bash
# CDR export over HTTP: a million call records streamed from MariaDB as CSV by GET /api/cdr.csv.
#
# Fills the MariaDB schema SCHEMA (default palisade_bench) with ROWS CDRs through
# bench/cdr-export-data.sh, or reuses it when it already holds exactly ROWS (it is kept after the
# run, so a second run starts at once; --fresh, or a jar that cannot migrate it, refills it). Starts
# `palisade serve` on that schema with -Xmx256m (so "under 256 MB" is what is tested) and a GC log,
# on free loopback ports for SIP and the web, creates a finance web account with the CLI (removed
# at exit), logs in with curl, downloads /api/cdr.csv for the whole year 2025 (every row), checks
# the row count, the file name and the CDR_EXPORTED audit entry, and prints: rows, seconds, rows/s,
# bytes, MB/s, the server's CPU, its peak heap during the download (the most in use when a
# collection started, from the GC log, or a jcmd reading right after, if higher) and the heap
# left in use after a full collection.
# Target (issue 7): at least 100,000 rows/s with the heap under 256 MB.
#
# usage: bench/cdr-export.sh [--rows N] [--fresh] [--schema NAME] [--xmx SIZE] [--excel] [--layout L]
#                            [--jar FILE] [-D key=value]... [--keep]
#   --rows N      how many CDRs the schema holds (default 1000000)
#   --fresh       refill the schema even when it already holds ROWS CDRs
#   --schema NAME the MariaDB schema (default palisade_bench); kept after the run
#   --xmx SIZE    the server's maximum heap (default 256m)
#   --excel       export with excel=true (BOM, formula escaping); --layout asterisk for Master.csv columns
#   --keep        keep the work directory (server log, GC log, the CSV)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
ROWS=1000000
FRESH=false
DATA_SCHEMA=palisade_bench
XMX=256m
EXCEL=false
LAYOUT=palisade
KEEP=false
MARIADB=true # for lib.sh: the CLI runs on MariaDB
# The embedded relay's ng socket on a free port, so a relay already on 22222 does not matter.
SERVER_OPTS=(-D relay.ng=127.0.0.1:0)
PERIOD="from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z" # every row bench/cdr-export-data.sh writes

usage() {
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --rows) ROWS=${2:?--rows needs a number}; shift ;;
        --fresh) FRESH=true ;;
        --schema) DATA_SCHEMA=${2:?--schema needs a name}; shift ;;
        --xmx) XMX=${2:?--xmx needs a size such as 256m}; shift ;;
        --excel) EXCEL=true ;;
        --layout) LAYOUT=${2:?--layout needs palisade or asterisk}; shift ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        -D) SERVER_OPTS+=(-D "${2:?-D needs key=value}"); shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
[[ $ROWS =~ ^[1-9][0-9]{0,8}$ ]] || { echo "--rows: a whole number from 1 to 999999999, got '$ROWS'" >&2; exit 2; }
[[ $DATA_SCHEMA =~ ^[A-Za-z_][A-Za-z0-9_]{0,63}$ ]] || { echo "--schema: letters, digits and _ only" >&2; exit 2; }
[[ $XMX =~ ^[0-9]+[mMgG]$ ]] || { echo "--xmx: a size such as 256m, got '$XMX'" >&2; exit 2; }
[[ $LAYOUT == palisade || $LAYOUT == asterisk ]] || { echo "--layout: palisade or asterisk" >&2; exit 2; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_require mariadb java jcmd curl ss awk
MARIADB_CLI=(mariadb -h 127.0.0.1 -P 3306 -u root --connect-timeout=5)

bench_init cdr-export
bench_build
# lib.sh drops $SCHEMA at exit; this schema is the data set and stays, so it has a name of its own
DB_ARGS=(--db-url "jdbc:mariadb://127.0.0.1:3306/$DATA_SCHEMA" --db-user root)
cd "$WORK" # so no stray ./palisade.properties is picked up
unset PALISADE_CONFIG

# ---------------------------------------------------------------- the data set
existing() {
    "${MARIADB_CLI[@]}" -N -e "SELECT COUNT(*) FROM \`$DATA_SCHEMA\`.cdr" 2>/dev/null || echo none
}
fill() {
    local fresh=()
    [[ $HAVE == none ]] || fresh=(--fresh)
    log "filling schema $DATA_SCHEMA with $ROWS CDRs (bench/cdr-export-data.sh${fresh:+ --fresh})"
    "$ROOT/bench/cdr-export-data.sh" --rows "$ROWS" --jar "$JAR" "${fresh[@]}" "$DATA_SCHEMA" >"$WORK/data.log" 2>&1 ||
        { tail -n 20 "$WORK/data.log" >&2; exit 1; }
    sed -n '/^$/,$p' "$WORK/data.log" >&2
}
HAVE=$(existing)
if [[ $FRESH == true || $HAVE != "$ROWS" ]]; then
    log "schema $DATA_SCHEMA holds ${HAVE/none/no} CDRs"
    fill
else
    log "reusing schema $DATA_SCHEMA: it holds $ROWS CDRs; migrating it to this jar's schema, if needed"
    if ! palisade extension list >"$WORK/migrate.log" 2>&1; then
        # e.g. a checksum mismatch: the schema was migrated by another build of the jar
        log "this jar cannot migrate it: $(grep -m1 -i 'error\|mismatch' "$WORK/migrate.log" || tail -n 1 "$WORK/migrate.log")"
        fill
    fi
fi

# ---------------------------------------------------------------- a finance account
FIN_USER="bench-finance-$$"
FIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$FIN_PASSWORD" | palisade admin-user add "$FIN_USER" --role finance --password-stdin >"$WORK/admin-user.log" 2>&1 ||
    { cat "$WORK/admin-user.log" >&2; exit 1; }
# the account goes again at exit, whatever happens (the schema is kept, a login into it need not be)
remove_account() { palisade admin-user remove "$FIN_USER" >/dev/null 2>&1 || log "could not remove web account $FIN_USER"; }
cleanup_all() {
    local rc=$?
    set +e # clean up all the way; bench_cleanup reads the exit status from $?
    stop_server
    remove_account
    (exit "$rc")
    bench_cleanup
}
trap cleanup_all EXIT

# ---------------------------------------------------------------- the server
SIP_PORT=$(free_port)
WEB_PORT=$(free_port)
SERVER_LOG=$WORK/server.log
GC_LOG=$WORK/gc.log
BASE=http://127.0.0.1:$WEB_PORT
log "starting Palisade (-Xmx$XMX) on SIP 127.0.0.1:$SIP_PORT, web $BASE, database $DATA_SCHEMA"
java "-Xmx$XMX" "-Xlog:gc:file=$GC_LOG" -jar "$JAR" serve "${DB_ARGS[@]}" --domain "$DOMAIN" --sip-address 127.0.0.1 \
    --sip-port "$SIP_PORT" --http-port "$WEB_PORT" "${SERVER_OPTS[@]}" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + 90))
until [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" 2>/dev/null) =~ ^(200|503)$ ]]; do
    server_alive "during start-up"
    if ((SECONDS > deadline)); then
        echo "Palisade did not answer on $BASE within 90 s:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
    sleep 0.5
done

COOKIES=$WORK/cookies.txt
LOGIN=$(curl -sS -c "$COOKIES" -H 'Content-Type: application/json' \
    --data "{\"username\":\"$FIN_USER\",\"password\":\"$FIN_PASSWORD\"}" -w '\n%{http_code}' "$BASE/api/session")
[[ ${LOGIN##*$'\n'} == 200 ]] || { echo "login as $FIN_USER failed: $LOGIN" >&2; exit 1; }
log "logged in as $FIN_USER (finance)"

# ---------------------------------------------------------------- the export
QUERY="$PERIOD&layout=$LAYOUT"
$EXCEL && QUERY+="&excel=true"
GC_BEFORE=$(wc -l <"$GC_LOG")
TICKS0=$(cpu_ticks "$SERVER_PID")
log "GET /api/cdr.csv?$QUERY"
T0=$(now)
STATUS=$(curl -sS -b "$COOKIES" -D "$WORK/headers.txt" -o "$WORK/cdr.csv" -w '%{http_code}' "$BASE/api/cdr.csv?$QUERY") ||
    { echo "the download failed (curl exit $?)" >&2; exit 1; }
T1=$(now)
TICKS1=$(cpu_ticks "$SERVER_PID")
read -r HEAP_AFTER HEAP_COMMITTED < <(heap_info)
# the peak: heap in use just before each collection during the download ("Pause ... 120M->20M(256M)")
GC_PEAK=$(tail -n +"$((GC_BEFORE + 1))" "$GC_LOG" | grep -o '[0-9]*M->[0-9]*M([0-9]*M)' |
    awk -F'[M>(-]+' '{ if ($1 > p) p = $1; if ($3 > c) c = $3; n++ } END { printf "%d %d %d", p, c, n }')
read -r PEAK_MB MAX_COMMITTED GCS <<<"$GC_PEAK"
timeout 60 jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
read -r HEAP_LIVE _ < <(heap_info) # what the export left behind: nothing, if it held no rows
[[ $STATUS == 200 ]] || { echo "GET /api/cdr.csv answered $STATUS:" >&2; head -c 500 "$WORK/cdr.csv" >&2; exit 1; }

BYTES=$(stat -c %s "$WORK/cdr.csv")
LINES=$(wc -l <"$WORK/cdr.csv")
GOT=$((LINES - 1)) # the header row
((GOT == ROWS)) || { echo "expected $ROWS rows in the CSV, got $GOT" >&2; exit 1; }
grep -qi '^content-disposition: attachment; filename="cdr-2025-01-01-to-2025-12-31.csv"' "$WORK/headers.txt" ||
    { echo "unexpected Content-Disposition:" >&2; grep -i disposition "$WORK/headers.txt" >&2; exit 1; }

[[ $HEAP_AFTER =~ ^[0-9]+$ ]] || HEAP_AFTER=0
[[ $HEAP_COMMITTED =~ ^[0-9]+$ ]] || HEAP_COMMITTED=0
[[ $HEAP_LIVE =~ ^[0-9]+$ ]] || HEAP_LIVE="?"
PEAK=$((PEAK_MB > HEAP_AFTER ? PEAK_MB : HEAP_AFTER))
((MAX_COMMITTED > 0)) || MAX_COMMITTED=$HEAP_COMMITTED

# the audit entry the export wrote (the newest CDR_EXPORTED)
AUDIT=$(palisade audit list --type CDR_EXPORTED --limit 1 --json 2>&1 | tr -d '\n ' || true)
[[ $AUDIT == *"\"actor\":\"web:$FIN_USER\""* && $AUDIT == *"\"rows\":$ROWS"* && $AUDIT == *'"complete":true'* ]] ||
    { echo "no CDR_EXPORTED entry with $ROWS rows for web:$FIN_USER: $AUDIT" >&2; exit 1; }
ERRORS=$(server_errors)

SECS=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.2f", b - a }')
CPU=$(awk -v t=$((TICKS1 - TICKS0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')
RATE=$(awk -v n="$GOT" -v s="$SECS" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
MBS=$(awk -v b="$BYTES" -v s="$SECS" 'BEGIN { printf "%.1f", (s > 0 ? b / s / 1048576 : 0) }')
XMX_MB=$(awk -v x="$XMX" 'BEGIN { n = x + 0; u = tolower(substr(x, length(x))); print (u == "g" ? n * 1024 : n) }')

printf '\nCDR export over HTTP: GET /api/cdr.csv?%s\n' "$QUERY"
printf 'database  MariaDB 127.0.0.1:3306/%s, %s CDRs; server -Xmx%s, %s CPUs; %s ERROR lines in its log\n\n' \
    "$DATA_SCHEMA" "$ROWS" "$XMX" "$(nproc)" "$ERRORS"
printf '%10s %9s %9s %12s %6s %10s %13s %13s %5s %13s\n' rows seconds rows/s bytes MB/s "server CPU" "peak heap MB" "committed MB" GCs "live after GC"
printf '%10s %9s %9s %12s %6s %9ss %13s %13s %5s %13s\n' "$GOT" "$SECS" "$RATE" "$BYTES" "$MBS" "$CPU" "$PEAK" "$MAX_COMMITTED" "$GCS" \
    "$HEAP_LIVE"
printf '\ntarget: >= 100000 rows/s: %s; peak heap < 256 MB: %s (after the export, before a collection: %s MB in use)\n' \
    "$( ((RATE >= 100000)) && echo yes || echo NO)" "$( ((PEAK < 256)) && echo yes || echo NO)" "$HEAP_AFTER"
FAILED=false
