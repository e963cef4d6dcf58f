#!/usr/bin/env bash
# Call throughput of one Palisade node, driven by SIPp, with a CDR check per step.
#
# Starts Palisade on a free loopback port with a fresh database (embedded H2, or a fresh
# MariaDB schema with --mariadb), imports a callee and CALLERS callers, registers a sipp
# UAS as the callee, then for each offered rate places rate x SECONDS calls (at most
# MAX_CALLS): INVITE -> 407 -> INVITE with digest -> 180 -> 200 -> ACK -> HOLD ms -> BYE
# -> 200, through Palisade. After each step it counts the CDRs of that step's calls.
# With --trunk the calls go out instead: the callers dial +49301234567, the dial plan sends
# it through a static trunk whose peer (the PBX) is the sipp UAS, trusted by its address.
# Media is anchored on serve's embedded relay (relay.anchor=all, the default), so every
# call also costs an ng offer, answer and delete; SIPp sends no RTP here.
# Prints one row per rate: achieved calls/s, failures, CDRs, server CPU and heap.
# See bench/README.md.
#
# usage: bench/calls.sh [--mariadb] [--trunk] [--rates "20 50 100"] [--seconds S] [--max-calls N]
#                       [--hold MS] [--callers N] [--jar FILE] [-D key=value]... [--keep]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
RATES="20 50 100 200 400 800"
SECONDS_PER_STEP=10
MAX_CALLS=8000
HOLD_MS=300
CALLERS=1
CALLEE=8000      # callers are 8001, 8002, ...; passwords bench-pw-NUMBER
MARIADB=false
TRUNK=false
OUT_NUMBER=+49301234567
KEEP=false
# - SIPp 3.6.1 answers MD5 challenges only and reads the algorithm of the first
#   Proxy-Authenticate header, so the MD5 challenge must come first.
# - Every call comes from 127.0.0.1: keep the source-address lock-out out of the way.
# Later -D options override these. See bench/README.md.
# - The embedded relay's ng socket on a free port, so a relay already on 22222 does not matter.
SERVER_OPTS=(-D auth.algorithms=MD5,SHA-256 -D lockout.max-failures=1000000000 -D relay.ng=127.0.0.1:0)

usage() {
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --mariadb) MARIADB=true ;;
        --trunk) TRUNK=true ;;
        --rates) RATES=${2:?--rates needs a list of rates}; shift ;;
        --seconds) SECONDS_PER_STEP=${2:?--seconds needs a number}; shift ;;
        --max-calls) MAX_CALLS=${2:?--max-calls needs a number}; shift ;;
        --hold) HOLD_MS=${2:?--hold needs milliseconds}; shift ;;
        --callers) CALLERS=${2:?--callers needs a number}; shift ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        -D) SERVER_OPTS+=(-D "${2:?-D needs key=value}"); shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
for v in SECONDS_PER_STEP MAX_CALLS CALLERS; do
    [[ ${!v} =~ ^[0-9]+$ && ${!v} -ge 1 ]] || { echo "--seconds, --max-calls and --callers take positive numbers" >&2; exit 2; }
done
[[ $HOLD_MS =~ ^[0-9]+$ && $HOLD_MS -le 10000 ]] || { echo "--hold: 0 to 10000 ms" >&2; exit 2; }
((CALLERS <= 999)) || { echo "--callers: at most 999" >&2; exit 2; }
for r in $RATES; do [[ $r =~ ^[0-9]+$ && $r -ge 1 ]] || { echo "--rates: '$r' is not a positive number" >&2; exit 2; }; done

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
UAC_SCENARIO=$BENCH_SIPP/call_uac.xml
UAS_SCENARIO=$TEST_SIPP/call_uas.xml
bench_require sipp java jcmd ss timeout awk grep
for f in "$UAC_SCENARIO" "$UAS_SCENARIO" "$TEST_SIPP/register.xml"; do
    [[ -f $f ]] || { echo "missing scenario $f" >&2; exit 1; }
done

bench_init calls-bench
bench_build
bench_database

# ---------------------------------------------------------------- extensions and injection file
CSV=$WORK/extensions.csv
CALLS_INF=$WORK/calls.csv
if $TRUNK; then PROFILE=bench-out; DIALLED=$OUT_NUMBER; else PROFILE=default; DIALLED=$CALLEE; fi
awk -v n="$CALLERS" -v callee="$CALLEE" -v csv="$CSV" -v inf="$CALLS_INF" -v profile="$PROFILE" -v dialled="$DIALLED" 'BEGIN {
    print "number,name,department,profile,password" > csv
    printf "%d,Bench callee,Benchmark,default,bench-pw-%d\n", callee, callee > csv
    print "SEQUENTIAL" > inf
    for (i = 1; i <= n; i++) {
        num = callee + i; pw = "bench-pw-" num
        printf "%d,Bench caller %d,Benchmark,%s,%s\n", num, i, profile, pw > csv
        printf "%d;%s;[authentication username=%d password=%s];%s\n", num, pw, num, pw, dialled > inf
    }
}'

cd "$WORK" # so no stray ./palisade.properties is picked up
unset PALISADE_CONFIG

UAS_PORT=$(free_port)
UAC_PORT=$(free_port)
if $TRUNK; then
    log "trunk mode: the sipp UAS on 127.0.0.1:$UAS_PORT is the PBX; callers may call out"
    palisade profile add bench-out --rights voice,external-out >"$WORK/trunk.log" 2>&1 &&
        palisade trunk add pbx --peer "127.0.0.1:$UAS_PORT" >>"$WORK/trunk.log" 2>&1 &&
        palisade route add all --prefix + --trunk pbx >>"$WORK/trunk.log" 2>&1 || { cat "$WORK/trunk.log" >&2; exit 1; }
    # One OPTIONS at start (unanswered: the UAS runs only during steps), none after: a sipp UAS
    # cannot answer OPTIONS between its calls, and one miss does not mark a trunk down.
    SERVER_OPTS+=(-D pbx.health-seconds=86400)
fi
log "importing $((CALLERS + 1)) extensions into $DB_LABEL"
palisade extension import "$CSV" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }

bench_start_server
$TRUNK || register_from "$UAS_PORT" "$CALLEE" "bench-pw-$CALLEE"

# cdr_counts NAME: "rows answered" among the CDRs whose Call-ID is one of this step's
# (sipp's -cid_str puts -NAME@ in every Call-ID); the CLI reads the server's database
cdr_counts() {
    local name=$1
    if ! palisade cdr list --json --limit 100000 >"$WORK/cdr.json" 2>"$WORK/cdr.err"; then
        echo "? ?"
        return 0
    fi
    # the JSON is pretty-printed: one object per record once newlines and the blanks
    # around ':' are gone (no value contains a newline, '{' or '}')
    tr -d '\n' <"$WORK/cdr.json" | sed 's/"[[:space:]]*:[[:space:]]*"/":"/g' |
        grep -o '"call_id":"[^"]*-'"$name"'@[^"]*"[^}]*"disposition":"[^"]*"' |
        sed 's/.*"disposition":"\([^"]*\)"/\1/' | sort | uniq -c >"$WORK/$name.cdr-dispositions" || true
    awk '{ n += $1 } $2 == "ANSWERED" && NF == 2 { a += $1 } END { printf "%d %d\n", n, a }' "$WORK/$name.cdr-dispositions"
}

# wait_cdrs NAME EXPECTED: polls until EXPECTED rows are there, or the count stops growing
# (two equal readings in a row, after at least 3 s), or 30 s; prints "rows answered"
wait_cdrs() {
    local name=$1 expected=$2 rows answered prev=-1 t0=$SECONDS
    while :; do
        read -r rows answered < <(cdr_counts "$name")
        [[ $rows == "?" ]] && { log "cdr list failed: $(tail -n 1 "$WORK/cdr.err")"; break; }
        ((rows >= expected)) && break
        ((rows == prev && SECONDS - t0 >= 3)) && break
        ((SECONDS - t0 >= 30)) && break
        prev=$rows
        sleep 1
    done
    echo "$rows $answered"
}

# ---------------------------------------------------------------- smoke test: one call
log "smoke test: one call $((CALLEE + 1)) -> $DIALLED"
head -n 2 "$CALLS_INF" >"$WORK/calls-smoke.csv"
start_uas "$UAS_SCENARIO" smoke-uas "$UAS_PORT"
smoke_rc=0
run_sipp "$UAC_SCENARIO" smoke "$UAC_PORT" "$WORK/calls-smoke.csv" 1 10 10 -d "$HOLD_MS" || smoke_rc=$?
stop_uas || true
((smoke_rc == 0)) || smoke_failed smoke "a single call"
read -r smoke_rows _ < <(wait_cdrs smoke 1)
if [[ $smoke_rows != 1 ]]; then
    log "WARNING: the smoke-test call has $smoke_rows CDRs in the database instead of 1 (after waiting)"
fi

# ---------------------------------------------------------------- the steps
CORES=$(nproc)
TICKS=$(getconf CLK_TCK)
ROWS=()
CDR_NOTES=()
BEST_ACHIEVED=""
BEST_OFFERED=""
step=0
for rate in $RATES; do
    step=$((step + 1))
    calls=$((rate * SECONDS_PER_STEP))
    ((calls <= MAX_CALLS)) || calls=$MAX_CALLS
    limit=$((rate * (3000 + HOLD_MS) / 1000))
    ((limit >= 300)) || limit=300
    name="step$step-r$rate"
    log "step $step: $calls calls at $rate calls/s (hold $HOLD_MS ms)"
    errors_before=$(server_errors)
    c0=$(cpu_ticks "$SERVER_PID")
    d0=$(db_ticks)
    children_cpu s0
    t0=$(now)
    start_uas "$UAS_SCENARIO" "$name-uas" "$UAS_PORT"
    rc=0
    run_sipp "$UAC_SCENARIO" "$name" "$UAC_PORT" "$CALLS_INF" "$calls" "$rate" "$limit" -d "$HOLD_MS" || rc=$?
    uas_rc=0
    stop_uas || uas_rc=$?
    t1=$(now)
    server_alive "during the step at $rate calls/s"
    c1=$(cpu_ticks "$SERVER_PID")
    d1=$(db_ticks)
    children_cpu s1
    ok=$(stat_value "$name" "SuccessfulCall(C)")
    ok=${ok:-0}
    elapsed=$(elapsed_s "$name")
    [[ -n $elapsed ]] || elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    uas_failed=$(stat_value "$name-uas" "FailedCall(C)")
    uas_failed=${uas_failed:-?}
    # CDRs before the heap reading: the full GC must not delay the spool
    read -r cdr_rows cdr_answered < <(wait_cdrs "$name" "$ok")
    heap=$(heap_mb)
    errors_after=$(server_errors)
    lost=$((calls - ok)) # calls that did not reach the end, including those never started
    mark=" "
    if [[ $cdr_rows != "$ok" || $cdr_answered != "$ok" ]]; then
        mark="*"
        dispositions=$(awk '{ n = $1; sub(/^ *[0-9]+ /, ""); printf "%s%d %s", sep, n, $0; sep = ", " }' \
            "$WORK/$name.cdr-dispositions" 2>/dev/null || true)
        CDR_NOTES+=("  $rate calls/s: $ok successful calls, $cdr_rows CDRs ($cdr_answered ANSWERED): ${dispositions:-none}")
    fi
    row=$(awk -v rate="$rate" -v hold="$HOLD_MS" -v ok="$ok" -v lost="$lost" -v n="$calls" -v el="$elapsed" \
        -v cdr="$cdr_rows/$ok$mark" -v c0="$c0" -v c1="$c1" -v hz="$TICKS" -v wall0="$t0" -v wall1="$t1" \
        -v heap="$heap" -v errs="$((errors_after - errors_before))" -v rc="$rc" -v urc="$uas_failed" \
        -v s0="$s0" -v s1="$s1" -v d0="$d0" -v d1="$d1" 'BEGIN {
            el -= hold / 1000 # the hold of the last calls is not throughput
            achieved = el > 0 ? ok / el : 0
            cpu = (c1 - c0) / hz / (wall1 - wall0) * 100
            sippcpu = (s1 - s0) / (wall1 - wall0) * 100
            dbcpu = d0 == "" ? "-" : sprintf("%.0f", (d1 - d0) / hz / (wall1 - wall0) * 100)
            printf "%7d %9.1f %6d %6d %8.2f %13s %6.0f %15s %7d %4d %5s %6.0f %6s\n",
                rate, achieved, ok, lost, lost * 100 / n, cdr, cpu, heap, errs, rc, urc, sippcpu, dbcpu
        }')
    ROWS+=("$row")
    printf '%s\n' "$row" >&2
    fail_pct=$(awk -v lost="$lost" -v n="$calls" 'BEGIN { printf "%.4f", lost * 100 / n }')
    achieved=$(awk -v ok="$ok" -v el="$elapsed" -v hold="$HOLD_MS" 'BEGIN { el -= hold / 1000; printf "%.0f", (el > 0 ? ok / el : 0) }')
    if awk -v f="$fail_pct" 'BEGIN { exit !(f < 0.1) }'; then
        if [[ -z $BEST_ACHIEVED ]] || ((achieved > BEST_ACHIEVED)); then
            BEST_ACHIEVED=$achieved
            BEST_OFFERED=$rate
        fi
    elif awk -v f="$fail_pct" 'BEGIN { exit !(f >= 50) }'; then
        log "half of the calls failed at $rate calls/s: the server is saturated, higher rates skipped"
        break
    fi
    sleep 2 # let retransmissions and the server's queues drain
done

# ---------------------------------------------------------------- report
echo
if $TRUNK; then
    echo "Palisade call benchmark, out through a trunk: $CALLERS caller(s) -> $OUT_NUMBER via trunk pbx (sipp UAS as a static peer), INVITE with digest, hold $HOLD_MS ms, BYE from the caller"
else
    echo "Palisade call benchmark: $CALLERS caller(s) -> 1 callee (sipp UAS), INVITE with digest, hold $HOLD_MS ms, BYE from the caller"
fi
echo "media anchored on the embedded relay (ng offer/answer/delete per call; no RTP sent)"
echo "calls per step: rate x $SECONDS_PER_STEP s, at most $MAX_CALLS"
echo "database: $DB_LABEL; jar: $JAR"
echo "machine: $CORES cores; CPU % is of one core (up to $((CORES * 100))%), server / sipp (UAC+UAS) / database (\"-\": embedded, in the server's)"
echo "heap MB: used at the end of the step / live after a full GC / committed after that GC"
echo "server options: ${SERVER_OPTS[*]}"
echo
printf '%7s %9s %6s %6s %8s %13s %6s %15s %7s %4s %5s %6s %6s\n' "offered" "achieved" "ok" "failed" "failed%" "CDRs written" "CPU%" "heap MB" "srv-err" "uac" "uas" "sipp" "db"
printf '%7s %9s %6s %6s %8s %13s %6s %15s %7s %4s %5s %6s %6s\n' "calls/s" "calls/s" "" "" "" "/expected" "" "used/live/comm" "" "rc" "fail" "CPU%" "CPU%"
printf '%s\n' "${ROWS[@]}"
echo
if ((${#CDR_NOTES[@]} == 0)); then
    echo "CDRs: every step has exactly one ANSWERED record per successful call"
else
    echo "CDRs that do not match the successful calls (*):"
    printf '%s\n' "${CDR_NOTES[@]}"
fi
if [[ -n $BEST_ACHIEVED ]]; then
    echo "highest rate with < 0.1% failed: $BEST_ACHIEVED calls/s (offered $BEST_OFFERED calls/s)"
else
    echo "highest rate with < 0.1% failed: none (every step had 0.1% failures or more)"
fi
FAILED=false
