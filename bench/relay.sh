#!/usr/bin/env bash
# Media relay throughput: N concurrent one-way G.711-like RTP streams (172-byte packets, 50
# packets/s each) through a relay, stepped up, for Palisade's relay (`palisade relay`) and for
# Debian's rtpengine (userspace forwarding, no kernel module) in the same run.
#
# N counts ONE-WAY streams: N/2 calls, each with one stream each way. Per step, the load
# generator (media-relay/src/test/java/org/palisade/relay/load/RelayLoad.java) sets the calls
# up over the ng protocol (offer, answer), sends for WARMUP + SECONDS, and measures loss and
# one-way latency through the relay (only after the warm-up), the relay's CPU over the same
# window, then deletes the calls. Stepping stops after the first step with >= 0.1% loss (or
# where the generator could not keep the offered rate). A baseline without any relay (the
# generator's sockets sending to each other) runs first: the generator's own limit on this
# machine, and the latency the relay's figures are compared with. See bench/README.md.
#
# usage: bench/relay.sh [--streams "100 200 400"] [--seconds S] [--warmup S] [--size BYTES]
#                       [--rate PPS] [--only palisade|rtpengine|none] [--no-baseline]
#                       [--jar FILE] [--rebuild] [--idle-wait S] [--keep]
# environment: RELAY_STREAMS, RELAY_SECONDS, RELAY_WARMUP, RELAY_IDLE_WAIT (defaults for the options),
#              RELAY_RETRIES (runs again a step disturbed by other programs, default 2),
#              PALISADE_JAR, RELAY_JAVA_OPTS (JVM options of `palisade relay`),
#              RTPENGINE_PORTS, PALISADE_PORTS (media port ranges, FROM-TO),
#              RELAY_LOAD_OPTS (more options of the generator, e.g. --unconnected)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
STREAMS=${RELAY_STREAMS:-"100 200 400 600 800 1000 1200 1400 1600 2000 2400 3200 4800"}
SECONDS_PER_STEP=${RELAY_SECONDS:-10}
WARMUP=${RELAY_WARMUP:-2}
SIZE=172   # 12-byte RTP header + 160 bytes of PCMU (20 ms at 8 kHz)
RATE=50    # packets per second per stream
ONLY=""
BASELINE=true
REBUILD=false
KEEP=false
MARIADB=false              # for lib.sh
SERVER_OPTS=()             # for lib.sh
# Media ports of the relays: below the kernel's ephemeral range (the generator's sockets),
# one range each. rtpengine takes 4 ports a call (RTP and RTCP, each side).
RTPENGINE_PORTS=${RTPENGINE_PORTS:-10000-20999}
PALISADE_PORTS=${PALISADE_PORTS:-21000-31999}
IDLE_WAIT=${RELAY_IDLE_WAIT:-60} # s to wait before a step for the machine to be quiet
IDLE_LIMIT=15              # % of one core: "quiet"
NOISY=false
OTHERS_LIMIT=25            # % of one core used by other programs during a step: disturbed
RETRIES=${RELAY_RETRIES:-2} # runs of a disturbed step again
LOSS_LIMIT=0.1             # % of packets lost or late (> 100 ms) at which stepping stops
PACE_LIMIT=99              # % of the offered packet rate the generator must have sent
LAG_LIMIT_MS=100           # ... and how late its sender may have been for 99% of the packets

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --streams) STREAMS=${2:?--streams needs a list}; shift ;;
        --seconds) SECONDS_PER_STEP=${2:?--seconds needs a number}; shift ;;
        --warmup) WARMUP=${2:?--warmup needs a number}; shift ;;
        --size) SIZE=${2:?--size needs bytes}; shift ;;
        --rate) RATE=${2:?--rate needs packets/s}; shift ;;
        --only) ONLY=${2:?--only needs palisade, rtpengine or none}; shift ;;
        --no-baseline) BASELINE=false ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        --rebuild) REBUILD=true ;;
        --idle-wait) IDLE_WAIT=${2:?--idle-wait needs seconds}; shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
for v in SECONDS_PER_STEP SIZE RATE; do
    [[ ${!v} =~ ^[0-9]+$ && ${!v} -ge 1 ]] || { echo "--seconds, --size and --rate take positive whole numbers" >&2; exit 2; }
done
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "--warmup: whole seconds" >&2; exit 2; }
[[ $IDLE_WAIT =~ ^[0-9]+$ ]] || { echo "--idle-wait: whole seconds" >&2; exit 2; }
((SIZE >= 32 && SIZE <= 1472)) || { echo "--size: 32 to 1472 bytes" >&2; exit 2; }
for n in $STREAMS; do [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || { echo "--streams: '$n' is not a positive number" >&2; exit 2; }; done
case "$ONLY" in ""|palisade|rtpengine|none) ;; *) echo "--only: palisade, rtpengine or none" >&2; exit 2 ;; esac
for r in "$RTPENGINE_PORTS" "$PALISADE_PORTS"; do
    [[ $r =~ ^([0-9]+)-([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 1024 && BASH_REMATCH[2] > BASH_REMATCH[1])) ||
        { echo "port range '$r' is not FROM-TO" >&2; exit 2; }
done

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_require java mvn ss awk timeout getconf
[[ $JAR == /* ]] || JAR=$PWD/$JAR
bench_init relay-bench
GEN_PID=""
relay_cleanup() { # the generator too, then lib.sh's clean-up (the relay is its SERVER_PID)
    local rc=$?
    set +e
    [[ -z $GEN_PID ]] || stop_pid "$GEN_PID" 5
    (exit "$rc") # bench_cleanup exits with $?
    bench_cleanup
}
trap relay_cleanup EXIT

CORES=$(nproc)
TICKS=$(getconf CLK_TCK)
SERVER_LOG=$WORK/relay.log

# ---------------------------------------------------------------- build
# The generator is test code of media-relay; it runs from a copy of its classes in $WORK, so
# a `mvn clean` elsewhere cannot pull them away in the middle of a run.
GEN_CLASSES=$WORK/generator
build_generator() {
    log "compiling the load generator (mvn -pl media-relay -am test-compile)"
    if (cd "$ROOT" && { timeout 1200 mvn -q -o -pl media-relay -am test-compile >"$WORK/mvn-generator.log" 2>&1 ||
        timeout 1200 mvn -q -pl media-relay -am test-compile >>"$WORK/mvn-generator.log" 2>&1; }) &&
        mkdir -p "$GEN_CLASSES/org/palisade/relay" &&
        cp -r "$ROOT/media-relay/target/classes/." "$GEN_CLASSES/" 2>>"$WORK/mvn-generator.log" &&
        cp -r "$ROOT/media-relay/target/test-classes/org/palisade/relay/load" "$GEN_CLASSES/org/palisade/relay/" \
            2>>"$WORK/mvn-generator.log"; then
        :
    else
        # the reactor build fails when other code of these modules does not compile (work in
        # progress): the generator only needs the ng codec, so compile just that
        log "the Maven build failed (see $WORK/mvn-generator.log); compiling the generator and the ng codec with javac"
        bench_require javac
        javac --release 17 -nowarn -d "$GEN_CLASSES" -sourcepath "$ROOT/media-relay/src/main/java" \
            "$ROOT"/media-relay/src/test/java/org/palisade/relay/load/*.java >"$WORK/javac-generator.log" 2>&1 ||
            { cat "$WORK/javac-generator.log" >&2; exit 1; }
    fi
}
build_generator

# Palisade's relay: `palisade relay --ng ADDRESS:PORT --ports FROM-TO --advertise ADDRESS`
PALISADE_STATE="not run (--only)"
want() { [[ -z $ONLY || $ONLY == "$1" ]]; }
if want palisade; then
    if [[ ! -f $JAR || $REBUILD == true ]]; then
        if [[ $JAR == "$ROOT/server/target/palisade.jar" ]]; then
            log "building $JAR (mvn -DskipTests package)"
            (cd "$ROOT" && { timeout 1200 mvn -q -o -DskipTests package || timeout 1200 mvn -q -DskipTests package; }) \
                >"$WORK/mvn-package.log" 2>&1 || log "the build failed, see $WORK/mvn-package.log"
        fi
    fi
    if [[ ! -f $JAR ]]; then
        PALISADE_STATE="skipped: no $JAR (the build failed?)"
    elif ! timeout 60 java -jar "$JAR" relay --help >"$WORK/palisade-relay-help.txt" 2>&1 ||
        ! grep -q -- "--ng" "$WORK/palisade-relay-help.txt"; then
        PALISADE_STATE="skipped: $JAR has no 'relay' command yet (rebuild with --rebuild once it is there)"
    else
        PALISADE_STATE=ready
    fi
    [[ $PALISADE_STATE == ready ]] || log "Palisade relay $PALISADE_STATE"
fi
RTPENGINE_STATE="not run (--only)"
if want rtpengine; then
    if command -v rtpengine >/dev/null; then RTPENGINE_STATE=ready; else RTPENGINE_STATE="skipped: rtpengine is not installed"; fi
fi

# ---------------------------------------------------------------- relays
ng_port() { # a free UDP port for the ng control socket, away from the media ranges
    local p
    for _ in $(seq 1 100); do
        p=$((9000 + RANDOM % 1000))
        [[ -z $(ss -Hlnu "sport = :$p" 2>/dev/null) ]] && { echo "$p"; return 0; }
    done
    echo "no free ng port" >&2
    return 1
}

generator() { # generator ARGS...: the load generator in the foreground (interruptible)
    java -Xms256m -Xmx1g -cp "$GEN_CLASSES" org.palisade.relay.load.RelayLoad "$@"
}

# start_relay NAME: starts it on loopback, sets SERVER_PID, NG_PORT, RELAY_DESC; waits for its ng pong
start_relay() {
    local name=$1 from to
    NG_PORT=$(ng_port)
    SERVER_LOG=$WORK/relay-$name.log
    case "$name" in
        rtpengine)
            IFS=- read -r from to <<<"$RTPENGINE_PORTS"
            # --config-file=none: not /etc/rtpengine/rtpengine.conf (kernel table 0, CLI and HTTP ports)
            RELAY_CMD=(rtpengine --config-file=none --foreground --log-stderr --log-level=5 --table=-1
                --interface=127.0.0.1 --listen-ng=127.0.0.1:"$NG_PORT" --port-min="$from" --port-max="$to"
                --delete-delay=0 --timeout=60)
            RELAY_DESC="rtpengine $(rtpengine --version 2>&1 | awk '{ print $2; exit }'), userspace forwarding (--table=-1), ports $from-$to"
            ;;
        palisade)
            # shellcheck disable=SC2206 # RELAY_JAVA_OPTS is a list of JVM options
            RELAY_CMD=(java ${RELAY_JAVA_OPTS:-} -jar "$JAR" relay --ng 127.0.0.1:"$NG_PORT" --ports "$PALISADE_PORTS"
                --advertise 127.0.0.1)
            RELAY_DESC="palisade relay ($JAR${RELAY_JAVA_OPTS:+, JVM options $RELAY_JAVA_OPTS}), ports $PALISADE_PORTS"
            ;;
    esac
    log "starting $name: ${RELAY_CMD[*]}"
    "${RELAY_CMD[@]}" </dev/null >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    if ! generator --ng 127.0.0.1:"$NG_PORT" --ping-wait 60 2>>"$WORK/ping-$name.log"; then
        echo "$name did not answer an ng ping on 127.0.0.1:$NG_PORT within 60 s:" >&2
        tail -n 30 "$SERVER_LOG" >&2
        cat "$WORK/ping-$name.log" >&2
        exit 1
    fi
    log "$name answers ng on 127.0.0.1:$NG_PORT (pid $SERVER_PID)"
    # the threads that move packets: rtpengine's "poller"s (--num-threads), Palisade's "relay-io-N"
    local io
    io=$(cat /proc/"$SERVER_PID"/task/*/comm 2>/dev/null | grep -c -E '^(poller|relay-io-[0-9]+)$' || true)
    RELAY_DESC+=", $io packet threads ($([[ $name == rtpengine ]] && echo "poller, default --num-threads" || echo "relay-io, default --io-threads"))"
}

stop_relay() {
    stop_pid "$SERVER_PID" 10
    SERVER_PID=""
}

field() { # field LINE KEY: the value of KEY=value in a RESULT line
    awk -v k="$2" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }' <<<"$1"
}

machine_busy() { # percent of one core busy on the whole machine over one second
    local a b
    a=$(head -n 1 /proc/stat)
    sleep 1
    b=$(head -n 1 /proc/stat)
    awk -v a="$a" -v b="$b" -v cores="$CORES" 'BEGIN {
        n = split(a, x, " "); split(b, y, " "); t = 0
        for (i = 2; i <= 9 && i <= n; i++) t += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        printf "%.0f", (t > 0 ? (t - idle) * 100 * cores / t : 0) }'
}

# wait_idle: waits (at most IDLE_WAIT s) until the machine is quiet (below IDLE_LIMIT% of a
# core busy) so that other work does not disturb the step; sets BUSY_BEFORE
wait_idle() {
    local deadline=$((SECONDS + IDLE_WAIT)) said=false
    while :; do
        BUSY_BEFORE=$(machine_busy)
        ((BUSY_BEFORE < IDLE_LIMIT)) && return 0
        if ((SECONDS >= deadline)); then
            log "the machine is still busy ($BUSY_BEFORE% of a core before the step); measuring anyway"
            NOISY=true
            return 0
        fi
        [[ $said == true ]] || log "the machine is busy ($BUSY_BEFORE% of a core): waiting up to $IDLE_WAIT s for it to calm down"
        said=true
    done
}

declare -A BEST STOPPED P50 P99 CPU USPKT
TABLES=()

# one_step NAME N: runs the generator once; sets RESULT (its RESULT line, or empty) and STEP_RC
one_step() {
    local name=$1 n=$2 out=$WORK/$1-$2
    local budget=$((3 * (WARMUP + SECONDS_PER_STEP) + 60 + n / 50))
    # shellcheck disable=SC2206 # RELAY_LOAD_OPTS is a list of options
    local args=(--streams "$n" --seconds "$SECONDS_PER_STEP" --warmup "$WARMUP" --size "$SIZE" --rate "$RATE"
        --clk-tck "$TICKS" ${RELAY_LOAD_OPTS:-})
    if [[ $name == none ]]; then
        args+=(--direct)
    else
        args+=(--ng 127.0.0.1:"$NG_PORT" --relay-pid "$SERVER_PID")
    fi
    STEP_RC=0
    timeout -k 5 "$budget" java -Xms256m -Xmx1g -cp "$GEN_CLASSES" org.palisade.relay.load.RelayLoad "${args[@]}" \
        >>"$out.out" 2>>"$out.err" &
    GEN_PID=$!
    wait "$GEN_PID" || STEP_RC=$?
    GEN_PID=""
    RESULT=$(grep '^RESULT ' "$out.out" | tail -n 1 || true)
    if [[ $name != none ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "$name died during the step with $n streams:" >&2
        tail -n 30 "$SERVER_LOG" >&2
        exit 1
    fi
}

# judge: the status of the step whose RESULT line is in RESULT: ok, or why it failed
judge() {
    if [[ -z $RESULT || -z $(field "$RESULT" loss_pct) ]]; then
        status=ERROR
    elif (($(field "$RESULT" calls_up) < $(field "$RESULT" calls))); then
        status=SETUP # the relay refused (or did not answer) some offers or answers
    elif awk -v l="$(field "$RESULT" lost_or_late_pct)" -v lim="$LOSS_LIMIT" 'BEGIN { exit !(l >= lim) }'; then
        status=LOSS
    elif awk -v s="$(field "$RESULT" sent_pps)" -v o="$(field "$RESULT" offered_pps)" -v lim="$PACE_LIMIT" \
        -v lag="$(field "$RESULT" send_lag_p99_us)" -v max="$LAG_LIMIT_MS" \
        'BEGIN { exit !(s == "-" || s * 100 < o * lim || lag > max * 1000) }'; then
        status=BEHIND
    else
        status=ok
    fi
}

ROW_FORMAT='%7s %6s %8s %8s %7s %7s %6s %6s %7s %6s %7s %7s %11s %6s %6s %6s %7s %6s %7s  %s'

# run_steps NAME: the steps against the running relay (NAME none: the baseline without relay)
run_steps() {
    local name=$1 n status row best="" stopped="" from to try disturbed again
    local rows=()
    for n in $STREAMS; do
        if [[ $name != none ]]; then
            IFS=- read -r from to <<<"$([[ $name == rtpengine ]] && echo "$RTPENGINE_PORTS" || echo "$PALISADE_PORTS")"
            if (((n + 1) / 2 * 4 > to - from + 1)); then
                log "$name: $n streams need up to $(((n + 1) / 2 * 4)) relay ports (4 a call), the range has $((to - from + 1)); stopping"
                stopped="port range too small for $n"
                break
            fi
        fi
        local confirm=1 status_note=""
        for try in $(seq 0 "$RETRIES"); do
            wait_idle
            again=""
            ((try == 0)) || again=", again ($try)"
            log "$name: $n streams ($(((n + 1) / 2)) calls, $((n * RATE)) packets/s), ${WARMUP}+${SECONDS_PER_STEP} s$again"
            one_step "$name" "$n"
            judge
            disturbed=false
            if [[ -n $RESULT ]] && awk -v o="$(field "$RESULT" others_cpu_pct)" -v lim="$OTHERS_LIMIT" \
                'BEGIN { exit !(o != "-" && o > lim) }'; then
                disturbed=true
                log "other programs used $(field "$RESULT" others_cpu_pct)% of a core during the step ($status): it is disturbed"
            elif [[ ($status == LOSS || $status == BEHIND) && $confirm -gt 0 ]]; then
                # one failure may be a hiccup of a shared machine: a step fails when it fails twice
                confirm=0
                status_note="(2nd run)"
                log "$status at $n streams; running the step once more to confirm"
            else
                break
            fi
            sleep 1
        done
        if [[ $status == ERROR ]]; then
            # shellcheck disable=SC2059
            row=$(printf "$ROW_FORMAT" "$n" $(((n + 1) / 2)) $((n * RATE)) - - - - - - - - - - - - - - - - \
                "ERROR (rc $STEP_RC): $(field "$RESULT" error) $(tail -n 1 "$WORK/$name-$n.err" 2>/dev/null)")
        else
            local added="-"
            if [[ $name != none && -n ${P50[none:$n]:-} ]]; then
                added=$(awk -v a="$(field "$RESULT" p50_us)" -v b="${P50[none:$n]}" -v c="$(field "$RESULT" p99_us)" \
                    -v d="${P99[none:$n]}" 'BEGIN { printf "%+d/%+d", a - b, c - d }')
            fi
            # shellcheck disable=SC2059
            row=$(printf "$ROW_FORMAT" \
                "$n" "$(field "$RESULT" calls_up)" "$(field "$RESULT" offered_pps)" "$(field "$RESULT" sent_pps)" \
                "$(field "$RESULT" loss_pct)" "$(field "$RESULT" lost)" "$(field "$RESULT" late)" \
                "$(field "$RESULT" reordered)" "$(field "$RESULT" lost_or_late_pct)" "$(field "$RESULT" p50_us)" "$(field "$RESULT" p99_us)" \
                "$(field "$RESULT" p999_us)" "$added" "$(field "$RESULT" relay_cpu_pct)" \
                "$(field "$RESULT" relay_us_per_pkt)" "$(field "$RESULT" gen_cpu_pct)" \
                "$(awk -v l="$(field "$RESULT" send_lag_p99_us)" 'BEGIN { printf "%.1f", l / 1000 }')" \
                "$(field "$RESULT" others_cpu_pct)$([[ $disturbed == true ]] && echo '!')" \
                "$(field "$RESULT" gen_sock_drops)/$(field "$RESULT" udp_rcvbuf_errors)" "$status $status_note")
            [[ $disturbed == true ]] && NOISY=true
            P50[$name:$n]=$(field "$RESULT" p50_us)
            P99[$name:$n]=$(field "$RESULT" p99_us)
            CPU[$name:$n]=$(field "$RESULT" relay_cpu_pct)
            USPKT[$name:$n]=$(field "$RESULT" relay_us_per_pkt)
        fi
        rows+=("$row")
        printf '%s\n' "$row" >&2
        if [[ $status == ok ]]; then
            best=$n
        else
            stopped="$status at $n streams"
            break
        fi
        sleep 1 # the deletes settle
    done
    BEST[$name]=$best
    STOPPED[$name]=${stopped:-"no step failed (more with --streams)"}
    local header
    # shellcheck disable=SC2059
    header=$(printf "$ROW_FORMAT\n$ROW_FORMAT" \
        streams calls offered sent loss lost late reord "lost+" p50 p99 p99.9 "+p50/+p99" relay relay gen "lag" others drops status \
        "" up pkt/s pkt/s % "" "" "" "late %" us us us "vs none us" CPU% us/pkt CPU% p99ms CPU% gen/all "")
    TABLES+=("$(printf '%s\n' "$header" "${rows[@]}")")
}

# ---------------------------------------------------------------- the runs
cd "$WORK" # no stray ./palisade.properties for `palisade relay`
unset PALISADE_CONFIG
NAMES=()
DESCS=()
if [[ $ONLY == none || ($BASELINE == true && -z $ONLY) ]]; then
    log "baseline: no relay, the generator's sockets send to each other"
    run_steps none
    NAMES+=(none)
    DESCS+=("no relay (baseline): caller and callee sockets send to each other; the generator's own limit")
fi
if [[ $PALISADE_STATE == ready ]]; then
    start_relay palisade
    run_steps palisade
    stop_relay
    NAMES+=(palisade)
    DESCS+=("Palisade: $RELAY_DESC")
fi
if [[ $RTPENGINE_STATE == ready ]]; then
    start_relay rtpengine
    run_steps rtpengine
    stop_relay
    NAMES+=(rtpengine)
    DESCS+=("rtpengine: $RELAY_DESC")
fi

# ---------------------------------------------------------------- report
echo
echo "Media relay benchmark: N one-way RTP streams = N/2 calls (one stream each way), set up with ng offer/answer"
echo "each stream: $SIZE-byte packets (12-byte RTP header + $((SIZE - 12)) payload, PCMU), $RATE packets/s, evenly paced"
echo "per step: ${WARMUP} s warm-up (not counted) + ${SECONDS_PER_STEP} s measured; loopback only (127.0.0.1)"
echo "machine: $CORES cores, SHARED by the load generator and the relay; CPU % is of one core (up to $((CORES * 100))%)"
echo "a step passes (ok) with < $LOSS_LIMIT% of the packets lost or late (> 100 ms), every call set up, and the generator"
echo "on schedule: >= $PACE_LIMIT% of the offered rate sent, p99 send lag <= $LAG_LIMIT_MS ms. A failed step runs once more,"
echo "and stepping stops when it fails again: LOSS, SETUP (the relay refused calls), BEHIND (the generator, i.e. the machine,"
echo "could not keep the schedule: generator and relay share the CPU, so this is the machine's limit, not necessarily the relay's)"
echo
for i in "${!NAMES[@]}"; do
    echo "${DESCS[$i]}"
    printf '%s\n' "${TABLES[$i]}"
    echo
done
cat <<'EOF'
sent: packets/s the generator really sent in the measured window. loss: % of the packets that never arrived;
lost, late (arrived after > 100 ms) and reord(ered): packets; lost+late %: what a phone would miss.
p50/p99/p99.9: one-way latency from the generator's send to its receive, through the relay; +p50/+p99: minus
the baseline's at the same N. relay CPU%, us/pkt: utime+stime of the relay process over the measured window,
and that per packet forwarded. gen CPU%: the generator's. lag: how late the generator's sender was (p99).
others: CPU of all other programs ("!": disturbed even after retries). drops: datagrams dropped on the
generator's own sockets / all UDP receive-buffer drops of the machine during the step.
EOF
if [[ $NOISY == true ]]; then
    echo "WARNING: other programs used the CPU before (see the log) or during (marked !) some steps; those figures are disturbed"
fi
echo
echo "highest N (one-way streams) that passed (< $LOSS_LIMIT% lost or late, generator on schedule; generator and relay on $CORES cores):"
for name in none palisade rtpengine; do
    case "$name" in
        none) label="no relay (generator only)"; state=$([[ " ${NAMES[*]} " == *" none "* ]] && echo ready || echo "not run") ;;
        palisade) label="Palisade"; state=$PALISADE_STATE ;;
        rtpengine) label="rtpengine"; state=$RTPENGINE_STATE ;;
    esac
    if [[ $state != ready ]]; then
        printf '  %-26s %s\n' "$label" "$state"
        continue
    fi
    b=${BEST[$name]:-}
    if [[ -n $b ]]; then
        extra="$(((b + 1) / 2)) calls, $((b * RATE)) packets/s; p50 ${P50[$name:$b]} us, p99 ${P99[$name:$b]} us"
        [[ $name == none ]] || extra+="; relay CPU ${CPU[$name:$b]}%, ${USPKT[$name:$b]} us/packet"
        [[ $name == none || -z ${P50[none:$b]:-} ]] ||
            extra+="; added p50 $((P50[$name:$b] - P50[none:$b])) us, p99 $((P99[$name:$b] - P99[none:$b])) us"
    else
        extra="no step passed"
    fi
    printf '  %-26s %s (%s); stopped: %s\n' "$label" "${b:-none}" "$extra" "${STOPPED[$name]}"
done
if [[ $PALISADE_STATE == ready && $RTPENGINE_STATE == ready ]]; then
    p=${BEST[palisade]:-0} r=${BEST[rtpengine]:-0}
    if ((r > 0)); then
        echo "ratio Palisade/rtpengine, highest N: $(awk -v p="$p" -v r="$r" 'BEGIN { printf "%.2f", p / r }')"
    else
        echo "ratio Palisade/rtpengine, highest N: n/a (rtpengine passed no step)"
    fi
    if [[ ${STOPPED[palisade]} == BEHIND* && ${STOPPED[rtpengine]} == BEHIND* ]]; then
        echo "  (both stopped at BEHIND: the shared machine ran out of CPU before either relay lost packets, so this ratio"
        echo "   says more about the machine than about the relays; the CPU per packet below compares the relays themselves)"
    fi
    common=$((p < r ? p : r))
    if ((common > 0)); then
        echo "at $common streams (both passed): relay CPU Palisade ${CPU[palisade:$common]}%, rtpengine ${CPU[rtpengine:$common]}%;" \
            "CPU per packet Palisade ${USPKT[palisade:$common]} us, rtpengine ${USPKT[rtpengine:$common]} us" \
            "(Palisade/rtpengine $(awk -v p="${USPKT[palisade:$common]}" -v r="${USPKT[rtpengine:$common]}" 'BEGIN { printf "%.2f", (r > 0 ? p / r : 0) }'))"
    fi
else
    echo "ratio Palisade/rtpengine: n/a (Palisade: ${PALISADE_STATE}; rtpengine: ${RTPENGINE_STATE})"
fi
if [[ -n ${BEST[none]:-} ]]; then
    echo "the generator alone (no relay) stopped at: ${STOPPED[none]}; a relay stopping BEHIND near that is limited by the machine"
fi
FAILED=false
