#!/usr/bin/env bash
# OCSP benchmark: GET requests (RFC 6960 A.1) for a hot set of HOT serials of one issuer, half of them revoked,
# against Sigil on MariaDB, driven by wrk (bench/ocsp.lua). Every request reads the status from the inventory;
# the signed answer is reused from the responder's cache (docs/OCSP.md), so this measures the cached path.
#
#   bench/ocsp.sh                     # 100 serials, 32 connections, 10 s warm-up, 30 s measured
#   HOT=1000 CLIENTS=64 bench/ocsp.sh
# Needs MariaDB on 127.0.0.1:3306 (root, no password), openssl and wrk (installed if missing). Loopback only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
HOT=${HOT:-100}
CLIENTS=${CLIENTS:-32}
WARMUP=${WARMUP:-10}
MEASURE=${SECONDS_MEASURED:-30}
DB=${BENCH_DB:-sigil_bench_ocsp}
work=$(mktemp -d /tmp/sigil-ocsp-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
wait_for() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; return 1; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
SIGIL_DATA_DIR="$work/data" SIGIL_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" SIGIL_DB_USER=root \
SIGIL_SERVER_HOST=127.0.0.1 SIGIL_SERVER_HTTPS_PORT=18443 SIGIL_SERVER_HTTP_PORT=18080 SIGIL_SERVER_OBSERVE_PORT=19090 \
SIGIL_SERVER_PUBLIC_URL=http://localhost:18080 \
  bin/sigil-server >"$work/sigil.log" 2>&1 &
pids+=($!)
SIGIL_PID=$!
wait_for http://127.0.0.1:19090/health

echo "== issuing $HOT certificates, revoking every other one" >&2
token=$(cat "$work/data/admin-token")
api() { curl -fsS --cacert "$work/data/ca/root.pem" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" -out "$work/r.csr" \
  -subj /CN=ocsp-bench.internal -addext subjectAltName=DNS:ocsp-bench.internal 2>/dev/null
body=$(python3 -c 'import json,sys; print(json.dumps({"csr": open(sys.argv[1]).read(), "profile": "server"}))' "$work/r.csr")
issuer=$(mysql -uroot -h127.0.0.1 -Nse "select id from $DB.issuers where kind='INTERMEDIATE'")
curl -fsS "http://127.0.0.1:18080/ca/$issuer.pem" -o "$work/issuer.pem"
: >"$work/paths"
for i in $(seq 1 "$HOT"); do
  serial=$(api -X POST https://localhost:18443/api/v1/certificates -d "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])')
  [ $((i % 2)) -eq 0 ] && api -X POST "https://localhost:18443/api/v1/certificates/$serial/revoke" -d '{"reason":"keyCompromise"}' >/dev/null
  openssl ocsp -issuer "$work/issuer.pem" -serial "0x$serial" -no_nonce -reqout "$work/req.der" >/dev/null 2>&1
  python3 -c 'import base64,sys,urllib.parse; print("/ocsp/" + urllib.parse.quote(base64.b64encode(open(sys.argv[1],"rb").read()).decode(), safe=""))' "$work/req.der" >>"$work/paths"
done
sample=$(head -1 "$work/paths")
curl -fsS "http://127.0.0.1:18080$sample" -o "$work/resp.der"
openssl ocsp -respin "$work/resp.der" -resp_text -noverify | grep -m1 'Cert Status' | sed 's/^/   first answer: /'

echo "== wrk: $CLIENTS connections, ${WARMUP}s warm-up, ${MEASURE}s measured"
PATHS="$work/paths" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/ocsp.lua http://127.0.0.1:18080 >/dev/null
cpu0=$(cpu_ms "$SIGIL_PID")
out=$(PATHS="$work/paths" wrk -t2 -c"$CLIENTS" -d"${MEASURE}s" --timeout 10s -s bench/ocsp.lua http://127.0.0.1:18080 | tail -1)
echo "$out" | awk -v cpu="$(( $(cpu_ms "$SIGIL_PID") - cpu0 ))" '{ for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) { split($i, a, "="); n = a[2] } }
  END { printf "%s cpu=%.3fms/answer\n", $0, (n > 0 ? cpu / n : 0) }'
