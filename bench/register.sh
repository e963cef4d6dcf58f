#!/usr/bin/env bash
# Registration throughput of one Palisade node, driven by SIPp.
#
# Starts Palisade on a free loopback port with a fresh database (embedded H2, or a fresh
# MariaDB schema with --mariadb), imports COUNT extensions, then for each offered rate
# registers every extension once (REGISTER -> 401 -> REGISTER with digest -> 200, a new
# Call-ID per registration) with sipp, and prints one table row per rate: achieved reg/s,
# failures, server CPU and heap. See bench/README.md.
#
# usage: bench/register.sh [--mariadb] [--rates "100 200 400"] [--count N] [--jar FILE]
#                          [-D key=value]... [--keep]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
SCENARIO=$ROOT/server/src/test/resources/sipp/register.xml
DOMAIN=palisade.local
RATES="100 200 400 800 1200 1600 2400 3200"
COUNT=10000
FIRST_NUMBER=100000
EXPIRES=3600
MARIADB=false
KEEP=false
MYSQL=(mysql -h 127.0.0.1 -P 3306 -u root --connect-timeout=5)
# - SIPp 3.6.1 answers MD5 challenges only and reads the algorithm of the first
#   WWW-Authenticate header, so the MD5 challenge must come first (Palisade's default
#   order is SHA-256, MD5); the server still accepts SHA-256 from other clients.
# - Every registration comes from 127.0.0.1, and Palisade locks out a *source address*
#   after lockout.max-failures bad answers: one unlucky failure burst would turn into a
#   403 storm that measures the lock-out, not the registrar.
# Later -D options override these (e.g. -D lockout.max-failures=5).
SERVER_OPTS=(-D auth.algorithms=MD5,SHA-256 -D lockout.max-failures=1000000000)

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --mariadb) MARIADB=true ;;
        --rates) RATES=${2:?--rates needs a list of rates}; shift ;;
        --count) COUNT=${2:?--count needs a number}; shift ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        -D) SERVER_OPTS+=(-D "${2:?-D needs key=value}"); shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
[[ $COUNT =~ ^[0-9]+$ && $COUNT -ge 1 ]] || { echo "--count must be a positive number" >&2; exit 2; }
for r in $RATES; do [[ $r =~ ^[0-9]+$ && $r -ge 1 ]] || { echo "--rates: '$r' is not a positive number" >&2; exit 2; }; done

for tool in sipp java jcmd ss timeout awk; do
    command -v "$tool" >/dev/null || { echo "$tool is needed and not installed" >&2; exit 1; }
done
[[ -f $SCENARIO ]] || { echo "missing scenario $SCENARIO" >&2; exit 1; }

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---------------------------------------------------------------- clean-up, whatever happens
WORK=$(mktemp -d "${TMPDIR:-/tmp}/palisade-bench.XXXXXX")
SERVER_PID=""
SIPP_PID=""
SCHEMA=""
FAILED=true

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server $SERVER_PID ignored SIGTERM for 10 s, killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $SIPP_PID ]] && kill -0 "$SIPP_PID" 2>/dev/null; then
        kill -TERM "$SIPP_PID" 2>/dev/null || true
    fi
    stop_server
    if [[ -n $SCHEMA ]]; then
        timeout 30 "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS \`$SCHEMA\`" || log "could not drop schema $SCHEMA"
    fi
    if [[ $KEEP == true || $FAILED == true ]]; then
        log "work files (server log, sipp logs) kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers
free_port() { # a port free for both UDP and TCP on loopback
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 30000))
        if [[ -z $(ss -Hlnu "sport = :$p" 2>/dev/null) && -z $(ss -Hlnt "sport = :$p" 2>/dev/null) ]]; then
            echo "$p"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

cpu_ticks() { # utime + stime of a process, in clock ticks
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

heap_info() { # "used committed" heap of the server JVM in MB, or "? ?"
    local info
    if info=$(timeout 20 jcmd "$SERVER_PID" GC.heap_info 2>/dev/null) &&
        [[ $info =~ total\ ([0-9]+)K,\ used\ ([0-9]+)K ]]; then
        echo "$((BASH_REMATCH[2] / 1024)) $((BASH_REMATCH[1] / 1024))"
    else
        echo "? ?"
    fi
}

heap_mb() { # "used/live/committed" MB: used as the step left it, live after a full GC
    local used committed live _
    read -r used _ < <(heap_info)
    timeout 60 jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
    read -r live committed < <(heap_info)
    echo "$used/$live/$committed"
}

# the MariaDB server's CPU ticks (empty with the embedded database, or if it is not local)
DB_PID=""
db_ticks() {
    [[ -n $DB_PID && -r /proc/$DB_PID/stat ]] && cpu_ticks "$DB_PID" || true
}

now() { date +%s.%N; }

palisade() { # the CLI, on the same database as the server
    timeout 600 java -jar "$JAR" "$@" "${DB_ARGS[@]}" --domain "$DOMAIN"
}

# ---------------------------------------------------------------- build, database, server
if [[ ! -f $JAR ]]; then
    log "building $JAR"
    (cd "$ROOT" && { timeout 1200 mvn -q -o -DskipTests package || timeout 1200 mvn -q -DskipTests package; })
    [[ -f $JAR ]] || { echo "the build did not produce $JAR" >&2; exit 1; }
fi

if [[ $MARIADB == true ]]; then
    command -v mysql >/dev/null || { echo "--mariadb needs the mysql client" >&2; exit 1; }
    SCHEMA="palisade_bench_$$_$RANDOM"
    timeout 30 "${MYSQL[@]}" -e "CREATE DATABASE \`$SCHEMA\` CHARACTER SET utf8mb4" ||
        { SCHEMA=""; echo "cannot create a schema on MariaDB 127.0.0.1:3306 as root" >&2; exit 1; }
    DB_ARGS=(--db-url "jdbc:mariadb://127.0.0.1:3306/$SCHEMA" --db-user root)
    DB_LABEL="MariaDB 127.0.0.1:3306/$SCHEMA"
    DB_PID=$(pidof -s mariadbd || pidof -s mysqld || true)
else
    mkdir -p "$WORK/data"
    DB_ARGS=(--data-dir "$WORK/data")
    DB_LABEL="embedded ($WORK/data)"
fi

# extensions 100000.. with password bench-pw-NUMBER; the injection file carries the whole
# [authentication] keyword because SIPp 3.6.1 does not expand [fieldN] inside it
CSV=$WORK/extensions.csv
USERS=$WORK/users.csv
awk -v n="$COUNT" -v first="$FIRST_NUMBER" -v expires="$EXPIRES" -v csv="$CSV" -v inf="$USERS" 'BEGIN {
    print "number,name,department,profile,password" > csv
    print "SEQUENTIAL" > inf
    for (i = 0; i < n; i++) {
        num = first + i; pw = "bench-pw-" num
        printf "%d,Bench %d,Benchmark,default,%s\n", num, num, pw > csv
        printf "%d;%s;[authentication username=%d password=%s];%d\n", num, pw, num, pw, expires > inf
    }
}'
head -n 2 "$USERS" >"$WORK/users-smoke.csv"

cd "$WORK" # so no stray ./palisade.properties is picked up
unset PALISADE_CONFIG

log "importing $COUNT extensions into $DB_LABEL"
t0=$(now)
palisade extension import "$CSV" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; exit 1; }
IMPORT_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
log "$(tail -n 1 "$WORK/import.log") in ${IMPORT_S} s"

PORT=$(free_port)
SERVER_LOG=$WORK/server.log
log "starting Palisade on 127.0.0.1:$PORT"
java -jar "$JAR" serve "${DB_ARGS[@]}" --domain "$DOMAIN" --sip-address 127.0.0.1 --sip-port "$PORT" \
    "${SERVER_OPTS[@]}" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
deadline=$((SECONDS + 90))
until grep -q "Palisade serving domain" "$SERVER_LOG" 2>/dev/null &&
    [[ -n $(ss -Hlnu "sport = :$PORT" 2>/dev/null) ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "Palisade exited during start-up:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
    if ((SECONDS > deadline)); then
        echo "Palisade did not start within 90 s:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
    if grep -qiE "^error:|Address already in use" "$SERVER_LOG"; then
        echo "Palisade failed to start:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
    sleep 0.5
done

# ---------------------------------------------------------------- one sipp run
SIPP_LOCAL_PORT=$(free_port)
# run_sipp NAME INJECTION CALLS RATE: writes $WORK/NAME.{stat.csv,err.log,screen.log,out}
run_sipp() {
    local name=$1 inf=$2 calls=$3 rate=$4
    local limit=$((rate * 3 > 300 ? rate * 3 : 300))
    # the step gets twice the time it should need, plus the time for a lost call to fail
    local budget=$((calls * 2 / rate + 60))
    rm -f "$WORK/$name".*
    local rc=0
    timeout -k 10 $((budget + 30)) sipp -sf "$SCENARIO" -inf "$inf" -m "$calls" -r "$rate" -rp 1000 -l "$limit" \
        127.0.0.1:"$PORT" -i 127.0.0.1 -p "$SIPP_LOCAL_PORT" -t u1 -nostdin \
        -auth_uri "$DOMAIN" -cid_str "%u-%p-$name@%s" -recv_timeout 10000 -timeout "${budget}s" \
        -buff_size 4194304 -default_behaviors all,-bye \
        -trace_stat -stf "$WORK/$name.stat.csv" -fd 1 \
        -trace_err -error_file "$WORK/$name.err.log" \
        -trace_screen -screen_file "$WORK/$name.screen.log" \
        </dev/null >"$WORK/$name.out" 2>&1 &
    SIPP_PID=$!
    wait "$SIPP_PID" || rc=$?
    SIPP_PID=""
    return "$rc"
}

# stat_value NAME COLUMN: the column of the last line of sipp's statistics file
stat_value() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        { last = $c } END { print (c && last != "") ? last : "" }' "$WORK/$1.stat.csv" 2>/dev/null
}

# seconds from the first call to the last statistics line: StartTime and CurrentTime are
# "date<TAB>time<TAB>epoch.micros" (ElapsedTime(C) only has whole seconds)
elapsed_s() {
    local start current
    start=$(stat_value "$1" "StartTime" | awk -F'\t' '{ print $NF }')
    current=$(stat_value "$1" "CurrentTime" | awk -F'\t' '{ print $NF }')
    [[ -n $start && -n $current ]] || return 0
    awk -v a="$start" -v b="$current" 'BEGIN { if (b > a) printf "%.3f", b - a }'
}

# children_cpu VAR: CPU seconds used so far by this shell's finished children (sipp under
# timeout, mostly), into VAR; `times` must run in this shell, not in a $(...) subshell
children_cpu() {
    times >"$WORK/times.txt"
    printf -v "$1" '%s' "$(awk 'NR == 2 { s = 0
        for (i = 1; i <= NF; i++) { v = $i; sub(/s$/, "", v); split(v, ms, "m"); s += ms[1] * 60 + ms[2] } print s }' "$WORK/times.txt")"
}

# ---------------------------------------------------------------- smoke test: one registration
log "smoke test: one registration of $FIRST_NUMBER"
if ! run_sipp smoke "$WORK/users-smoke.csv" 1 10; then
    echo "a single registration failed; sipp said:" >&2
    if [[ -s $WORK/smoke.err.log ]]; then tail -n 20 "$WORK/smoke.err.log" >&2; else tail -n 20 "$WORK/smoke.out" >&2; fi
    if grep -q "authentication must use MD5" "$WORK/smoke.err.log" "$WORK/smoke.out" 2>/dev/null; then
        cat >&2 <<'EOF'

SIPp 3.6.1 answers MD5 digest challenges only, and it reads the algorithm of the FIRST
WWW-Authenticate header. This server listed another algorithm first, so sipp gave up
before sending credentials. The bench passes -D auth.algorithms=MD5,SHA-256; a server
that ignores that setting (or an -D option that overrides it) cannot be measured with
this sipp. See bench/README.md.
EOF
    fi
    exit 1
fi

# ---------------------------------------------------------------- the steps
CORES=$(nproc)
TICKS=$(getconf CLK_TCK)
ROWS=()
BEST_ACHIEVED=""
BEST_OFFERED=""
step=0
for rate in $RATES; do
    step=$((step + 1))
    log "step $step: $COUNT registrations at $rate reg/s"
    errors_before=$(grep -c " ERROR " "$SERVER_LOG" || true)
    c0=$(cpu_ticks "$SERVER_PID")
    d0=$(db_ticks)
    children_cpu s0
    t0=$(now)
    rc=0
    run_sipp "step$step-r$rate" "$USERS" "$COUNT" "$rate" || rc=$?
    t1=$(now)
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "Palisade died during the step at $rate reg/s:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
    c1=$(cpu_ticks "$SERVER_PID")
    d1=$(db_ticks)
    children_cpu s1
    heap=$(heap_mb)
    errors_after=$(grep -c " ERROR " "$SERVER_LOG" || true)
    name="step$step-r$rate"
    ok=$(stat_value "$name" "SuccessfulCall(C)")
    failed=$(stat_value "$name" "FailedCall(C)")
    elapsed=$(elapsed_s "$name")
    ok=${ok:-0}
    failed=${failed:-0}
    [[ -n $elapsed ]] || elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    # calls never started (global timeout) count as failures too
    lost=$((COUNT - ok))
    row=$(awk -v rate="$rate" -v ok="$ok" -v failed="$failed" -v lost="$lost" -v n="$COUNT" \
        -v el="$elapsed" -v c0="$c0" -v c1="$c1" -v hz="$TICKS" -v wall0="$t0" -v wall1="$t1" \
        -v heap="$heap" -v errs="$((errors_after - errors_before))" -v rc="$rc" -v s0="$s0" -v s1="$s1" -v d0="$d0" -v d1="$d1" 'BEGIN {
            achieved = el > 0 ? ok / el : 0
            cpu = (c1 - c0) / hz / (wall1 - wall0) * 100
            sippcpu = (s1 - s0) / (wall1 - wall0) * 100
            dbcpu = d0 == "" ? "-" : sprintf("%.0f", (d1 - d0) / hz / (wall1 - wall0) * 100)
            printf "%7d %9.1f %7d %7d %8.2f %7.0f %15s %7d %5d %6.0f %6s\n", rate, achieved, ok, lost, lost * 100 / n, cpu, heap, errs, rc, sippcpu, dbcpu
        }')
    ROWS+=("$row")
    printf '%s\n' "$row" >&2
    fail_pct=$(awk -v lost="$lost" -v n="$COUNT" 'BEGIN { printf "%.4f", lost * 100 / n }')
    achieved=$(awk -v ok="$ok" -v el="$elapsed" 'BEGIN { printf "%.0f", (el > 0 ? ok / el : 0) }')
    if awk -v f="$fail_pct" 'BEGIN { exit !(f < 0.1) }'; then
        if [[ -z $BEST_ACHIEVED ]] || ((achieved > BEST_ACHIEVED)); then
            BEST_ACHIEVED=$achieved
            BEST_OFFERED=$rate
        fi
    elif awk -v f="$fail_pct" 'BEGIN { exit !(f >= 50) }'; then
        log "half of the registrations failed at $rate reg/s: the server is saturated, higher rates skipped"
        break
    fi
    sleep 2 # let retransmissions and the server's queues drain
done

# ---------------------------------------------------------------- report
echo
echo "Palisade registration benchmark: $COUNT extensions, each registered once per step (Expires $EXPIRES)"
echo "database: $DB_LABEL; jar: $JAR"
echo "machine: $CORES cores; CPU % is of one core (up to $((CORES * 100))%), server / sipp / database (\"-\": embedded, in the server's)"
echo "heap MB: used at the end of the step / live after a full GC / committed after that GC"
echo "server options: ${SERVER_OPTS[*]}"
echo
printf '%7s %9s %7s %7s %8s %7s %15s %7s %5s %6s %6s\n' "offered" "achieved" "ok" "failed" "failed%" "CPU%" "heap MB" "srv-err" "sipp" "sipp" "db"
printf '%7s %9s %7s %7s %8s %7s %15s %7s %5s %6s %6s\n' "reg/s" "reg/s" "" "" "" "" "used/live/comm" "" "rc" "CPU%" "CPU%"
printf '%s\n' "${ROWS[@]}"
echo
if [[ -n $BEST_ACHIEVED ]]; then
    echo "highest rate with < 0.1% failures: $BEST_ACHIEVED reg/s (offered $BEST_OFFERED reg/s)"
else
    echo "highest rate with < 0.1% failures: none (every step had 0.1% failures or more)"
fi
FAILED=false
