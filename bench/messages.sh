#!/usr/bin/env bash
# Instant-message throughput of one Palisade node, driven by SIPp.
#
# Starts Palisade on a free loopback port with a fresh database (embedded H2, or a fresh
# MariaDB schema with --mariadb), imports a recipient and SENDERS senders, registers a sipp
# UAS as the recipient, then for each offered rate sends rate x SECONDS messages (at most
# MAX_MESSAGES): MESSAGE -> 407 -> MESSAGE with digest -> (Palisade -> recipient -> 200)
# -> 200, text/plain. Prints one row per rate: achieved messages/s, failures, server CPU
# and heap. Whatever the server archives is not checked. See bench/README.md.
#
# usage: bench/messages.sh [--mariadb] [--rates "100 200 400"] [--seconds S]
#                          [--max-messages N] [--senders N] [--jar FILE] [-D key=value]... [--keep]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
RATES="50 100 200 400 800 1600 3200"
SECONDS_PER_STEP=10
MAX_MESSAGES=16000
SENDERS=1
RECIPIENT=8000   # senders are 8001, 8002, ...; passwords bench-pw-NUMBER
MARIADB=false
KEEP=false
# MD5 challenge first for SIPp 3.6.1, and no source-address lock-out: see calls.sh and
# bench/README.md. Later -D options override these.
SERVER_OPTS=(-D auth.algorithms=MD5,SHA-256 -D lockout.max-failures=1000000000)

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --mariadb) MARIADB=true ;;
        --rates) RATES=${2:?--rates needs a list of rates}; shift ;;
        --seconds) SECONDS_PER_STEP=${2:?--seconds needs a number}; shift ;;
        --max-messages) MAX_MESSAGES=${2:?--max-messages needs a number}; shift ;;
        --senders) SENDERS=${2:?--senders needs a number}; shift ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        -D) SERVER_OPTS+=(-D "${2:?-D needs key=value}"); shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
for v in SECONDS_PER_STEP MAX_MESSAGES SENDERS; do
    [[ ${!v} =~ ^[0-9]+$ && ${!v} -ge 1 ]] || { echo "--seconds, --max-messages and --senders take positive numbers" >&2; exit 2; }
done
((SENDERS <= 999)) || { echo "--senders: at most 999" >&2; exit 2; }
for r in $RATES; do [[ $r =~ ^[0-9]+$ && $r -ge 1 ]] || { echo "--rates: '$r' is not a positive number" >&2; exit 2; }; done

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
UAC_SCENARIO=$BENCH_SIPP/message_uac.xml
UAS_SCENARIO=$BENCH_SIPP/message_uas.xml
bench_require sipp java jcmd ss timeout awk
for f in "$UAC_SCENARIO" "$UAS_SCENARIO" "$TEST_SIPP/register.xml"; do
    [[ -f $f ]] || { echo "missing scenario $f" >&2; exit 1; }
done

bench_init messages-bench
bench_build
bench_database

# ---------------------------------------------------------------- extensions and injection file
CSV=$WORK/extensions.csv
MSG_INF=$WORK/messages.csv
awk -v n="$SENDERS" -v to="$RECIPIENT" -v csv="$CSV" -v inf="$MSG_INF" 'BEGIN {
    print "number,name,department,profile,password" > csv
    printf "%d,Bench recipient,Benchmark,default,bench-pw-%d\n", to, to > csv
    print "SEQUENTIAL" > inf
    for (i = 1; i <= n; i++) {
        num = to + i; pw = "bench-pw-" num
        printf "%d,Bench sender %d,Benchmark,default,%s\n", num, i, pw > csv
        printf "%d;%s;[authentication username=%d password=%s];%d\n", num, pw, num, pw, to > inf
    }
}'

cd "$WORK" # so no stray ./palisade.properties is picked up
unset PALISADE_CONFIG

log "importing $((SENDERS + 1)) extensions into $DB_LABEL"
palisade extension import "$CSV" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }

bench_start_server
UAS_PORT=$(free_port)
UAC_PORT=$(free_port)
register_from "$UAS_PORT" "$RECIPIENT" "bench-pw-$RECIPIENT"

# ---------------------------------------------------------------- smoke test: one message
log "smoke test: one message $((RECIPIENT + 1)) -> $RECIPIENT"
head -n 2 "$MSG_INF" >"$WORK/messages-smoke.csv"
start_uas "$UAS_SCENARIO" smoke-uas "$UAS_PORT"
smoke_rc=0
run_sipp "$UAC_SCENARIO" smoke "$UAC_PORT" "$WORK/messages-smoke.csv" 1 10 10 || smoke_rc=$?
stop_uas || true
((smoke_rc == 0)) || smoke_failed smoke "a single message"

# ---------------------------------------------------------------- the steps
CORES=$(nproc)
TICKS=$(getconf CLK_TCK)
ROWS=()
BEST_ACHIEVED=""
BEST_OFFERED=""
step=0
for rate in $RATES; do
    step=$((step + 1))
    count=$((rate * SECONDS_PER_STEP))
    ((count <= MAX_MESSAGES)) || count=$MAX_MESSAGES
    limit=$((rate * 3))
    ((limit >= 300)) || limit=300
    name="step$step-r$rate"
    log "step $step: $count messages at $rate messages/s"
    errors_before=$(server_errors)
    c0=$(cpu_ticks "$SERVER_PID")
    d0=$(db_ticks)
    children_cpu s0
    t0=$(now)
    start_uas "$UAS_SCENARIO" "$name-uas" "$UAS_PORT"
    rc=0
    run_sipp "$UAC_SCENARIO" "$name" "$UAC_PORT" "$MSG_INF" "$count" "$rate" "$limit" || rc=$?
    stop_uas || true
    t1=$(now)
    server_alive "during the step at $rate messages/s"
    c1=$(cpu_ticks "$SERVER_PID")
    d1=$(db_ticks)
    children_cpu s1
    heap=$(heap_mb)
    errors_after=$(server_errors)
    ok=$(stat_value "$name" "SuccessfulCall(C)")
    ok=${ok:-0}
    elapsed=$(elapsed_s "$name")
    [[ -n $elapsed ]] || elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    # what the recipient saw: its calls are the MESSAGEs Palisade delivered (a retransmitted
    # MESSAGE whose 200 was lost counts again)
    delivered=$(stat_value "$name-uas" "SuccessfulCall(C)")
    delivered=${delivered:-?}
    lost=$((count - ok)) # messages that did not get their 200, including those never sent
    row=$(awk -v rate="$rate" -v ok="$ok" -v lost="$lost" -v n="$count" -v el="$elapsed" -v dl="$delivered" \
        -v c0="$c0" -v c1="$c1" -v hz="$TICKS" -v wall0="$t0" -v wall1="$t1" \
        -v heap="$heap" -v errs="$((errors_after - errors_before))" -v rc="$rc" \
        -v s0="$s0" -v s1="$s1" -v d0="$d0" -v d1="$d1" 'BEGIN {
            achieved = el > 0 ? ok / el : 0
            cpu = (c1 - c0) / hz / (wall1 - wall0) * 100
            sippcpu = (s1 - s0) / (wall1 - wall0) * 100
            dbcpu = d0 == "" ? "-" : sprintf("%.0f", (d1 - d0) / hz / (wall1 - wall0) * 100)
            printf "%7d %9.1f %6d %6d %8.2f %9s %6.0f %15s %7d %4d %6.0f %6s\n",
                rate, achieved, ok, lost, lost * 100 / n, dl, cpu, heap, errs, rc, sippcpu, dbcpu
        }')
    ROWS+=("$row")
    printf '%s\n' "$row" >&2
    fail_pct=$(awk -v lost="$lost" -v n="$count" 'BEGIN { printf "%.4f", lost * 100 / n }')
    achieved=$(awk -v ok="$ok" -v el="$elapsed" 'BEGIN { printf "%.0f", (el > 0 ? ok / el : 0) }')
    if awk -v f="$fail_pct" 'BEGIN { exit !(f < 0.1) }'; then
        if [[ -z $BEST_ACHIEVED ]] || ((achieved > BEST_ACHIEVED)); then
            BEST_ACHIEVED=$achieved
            BEST_OFFERED=$rate
        fi
    elif awk -v f="$fail_pct" 'BEGIN { exit !(f >= 50) }'; then
        log "half of the messages failed at $rate messages/s: the server is saturated, higher rates skipped"
        break
    fi
    sleep 2 # let retransmissions and the server's queues drain
done

# ---------------------------------------------------------------- report
echo
echo "Palisade MESSAGE benchmark: $SENDERS sender(s) -> 1 recipient (sipp UAS), MESSAGE text/plain with digest (407)"
echo "messages per step: rate x $SECONDS_PER_STEP s, at most $MAX_MESSAGES"
echo "database: $DB_LABEL; jar: $JAR"
echo "machine: $CORES cores; CPU % is of one core (up to $((CORES * 100))%), server / sipp (UAC+UAS) / database (\"-\": embedded, in the server's)"
echo "heap MB: used at the end of the step / live after a full GC / committed after that GC"
echo "server options: ${SERVER_OPTS[*]}"
echo
printf '%7s %9s %6s %6s %8s %9s %6s %15s %7s %4s %6s %6s\n' "offered" "achieved" "ok" "failed" "failed%" "delivered" "CPU%" "heap MB" "srv-err" "uac" "sipp" "db"
printf '%7s %9s %6s %6s %8s %9s %6s %15s %7s %4s %6s %6s\n' "msg/s" "msg/s" "" "" "" "" "" "used/live/comm" "" "rc" "CPU%" "CPU%"
printf '%s\n' "${ROWS[@]}"
echo
if [[ -n $BEST_ACHIEVED ]]; then
    echo "highest rate with < 0.1% failed: $BEST_ACHIEVED messages/s (offered $BEST_OFFERED messages/s)"
else
    echo "highest rate with < 0.1% failed: none (every step had 0.1% failures or more)"
fi
FAILED=false
