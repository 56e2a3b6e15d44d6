#!/usr/bin/env bash
# CLI cold start: wall time of whole `bin/sigil` processes, as an operator types them, over RUNS runs each:
#   - `sigil --version`                 (JVM start, picocli, no network)
#   - `sigil cert show SERIAL`          (a real round trip: settings, TLS to Sigil, JSON, rendering)
# against Sigil started here on the embedded H2 database (loopback ports 28443/28080/29090): bin/sigil as it is, then
# with other JVM options in SIGIL_CLI_JAVA_OPTS (C1 only, Serial GC, no CDS, an AppCDS archive, JDK 25 AOT caches
# trained on a round trip or on --help), plain `java -jar`, and the JVM start bin/jdk.sh used to pay on every call.
# Reports the median and p90 of wall time and the median CPU time (user + system of the process tree) in ms. The
# variants take turns run by run, so that other load on the machine falls on each alike; CPU time is the steadier
# figure when the machine is shared.
#
#   bench/cli-startup.sh               # 20 runs of each
#   RUNS=50 bench/cli-startup.sh
# Needs openssl, python3 and GNU time (/usr/bin/time). Loopback only; every wait is bounded.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
RUNS=${RUNS:-20}
work=$(mktemp -d /tmp/sigil-cli-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; return 1; }

echo "== building" >&2
./mvnw -q -B -pl service,cli -am package -DskipTests
java_major=$(sigil_java_major "$JAVA_HOME")
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME)"
echo "== CLI jars: $(du -ch cli/target/sigil-cli.jar cli/target/libs/*.jar | tail -1 | cut -f1) ($(ls cli/target/libs | tr '\n' ' '))"

SIGIL_DATA_DIR="$work/data" SIGIL_SERVER_HOST=127.0.0.1 \
SIGIL_SERVER_HTTPS_PORT=28443 SIGIL_SERVER_HTTP_PORT=28080 SIGIL_SERVER_OBSERVE_PORT=29090 \
SIGIL_SERVER_PUBLIC_URL=http://localhost:28080 \
  bin/sigil-server >"$work/sigil.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:29090/health

export XDG_CACHE_HOME="$work/cache"   # bin/sigil's class-data archive: this run's own, not the user's
export SIGIL_SERVER=https://localhost:28443 SIGIL_TOKEN_FILE="$work/data/admin-token" SIGIL_CA_CERT="$work/data/ca/root.pem"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" -out "$work/r.csr" \
  -subj /CN=cli-bench.internal -addext subjectAltName=DNS:cli-bench.internal 2>/dev/null
serial=$(bin/sigil cert issue --csr "$work/r.csr" --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])')
bin/sigil cert show "$serial" >/dev/null
echo "== certificate $serial issued; $RUNS runs per line, in milliseconds"

# One run: wall time (ms) and CPU time (user + system, ms, GC and JIT threads included) of the whole process tree.
one() {
  local opts=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  if [ "$opts" = JAR ]; then
    /usr/bin/time -f "%U %S" -o "$work/cpu" "$JAVA_HOME/bin/java" -jar cli/target/sigil-cli.jar "$@" >/dev/null
  elif [ "$opts" = JDKCHECK ]; then
    /usr/bin/time -f "%U %S" -o "$work/cpu" "$JAVA_HOME/bin/java" -XshowSettings:properties -version >/dev/null 2>&1
  elif [ "$opts" = UNSET ]; then
    (unset SIGIL_CLI_JAVA_OPTS; /usr/bin/time -f "%U %S" -o "$work/cpu" bin/sigil "$@" >/dev/null)
  elif [ "$opts" = CDSOFF ]; then
    (unset SIGIL_CLI_JAVA_OPTS; SIGIL_CLI_CDS=off /usr/bin/time -f "%U %S" -o "$work/cpu" bin/sigil "$@" >/dev/null)
  else
    SIGIL_CLI_JAVA_OPTS="$opts" /usr/bin/time -f "%U %S" -o "$work/cpu" bin/sigil "$@" >/dev/null
  fi
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/cpu")"
}

if [ "$java_major" -ge 25 ]; then
  # JEP 514/515 (JDK 25): a training run writes an AOT cache of loaded and linked classes and method profiles.
  # One cache is trained on a real round trip; the other on `sigil --help`, what an offline training run at build
  # time could do.
  SIGIL_CLI_JAVA_OPTS="-XX:AOTCacheOutput=$work/show.aot" bin/sigil cert show "$serial" >/dev/null 2>"$work/aot.log"
  "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$work/help.aot" -jar cli/target/sigil-cli.jar --help >/dev/null 2>>"$work/aot.log"
fi

# The variants take turns run by run, so that load from elsewhere on the machine falls on all of them alike.
phase=0
for cmd in "--version" "cert show $serial"; do
  phase=$((phase + 1))
  echo "== sigil $cmd"
  # label|SIGIL_CLI_JAVA_OPTS (or JAR: java -jar without bin/sigil, JDKCHECK: what bin/jdk.sh used to run)
  variants=(
    "bin/sigil as committed (C1 + its class-data archive)|UNSET"
    "bin/sigil with SIGIL_CLI_CDS=off (C1 only)|CDSOFF"
    "no JVM options|"
    "-XX:TieredStopAtLevel=1|-XX:TieredStopAtLevel=1"
    "-XX:+UseSerialGC|-XX:+UseSerialGC"
    "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC|-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    "-Xshare:off (no CDS at all)|-Xshare:off"
    "AppCDS archive of this command, + C1 + SerialGC|-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$work/cli-$phase.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  )
  if [ "$java_major" -ge 25 ]; then
    variants+=("AOT cache trained on cert show, + C1 + SerialGC|-XX:AOTCache=$work/show.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
               "AOT cache trained on --help, + C1 + SerialGC|-XX:AOTCache=$work/help.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
  fi
  variants+=("java -jar, without bin/sigil, no options|JAR"
             "(java -XshowSettings -version: bin/jdk.sh ran it before)|JDKCHECK")
  for i in "${!variants[@]}"; do
    v=${variants[$i]}; one "${v#*|}" $cmd >/dev/null; one "${v#*|}" $cmd >/dev/null   # warm-up, archive creation
    : >"$work/times.$i"
  done
  for _ in $(seq 1 "$RUNS"); do
    for i in "${!variants[@]}"; do
      v=${variants[$i]}; one "${v#*|}" $cmd >>"$work/times.$i"
    done
  done
  for i in "${!variants[@]}"; do
    cpu=$(sort -n -k2 "$work/times.$i" | awk '{ c[NR] = $2 } END { print c[int((NR + 1) / 2)] }')
    sort -n -k1 "$work/times.$i" | awk -v label="${variants[$i]%%|*}" -v cpu="$cpu" '{ w[NR] = $1 } END {
      i90 = int(NR * 0.9 + 0.999); if (i90 > NR) i90 = NR;
      printf "  %-52s wall median %5d  p90 %5d   cpu median %5d\n", label, w[int((NR + 1) / 2)], w[i90], cpu }'
  done
done
