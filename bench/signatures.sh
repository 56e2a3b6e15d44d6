#!/usr/bin/env bash
# JMH: sign and verify throughput per key type and JCA provider (single thread), the measurement behind
# KeyType's provider choices. Usage: bench/signatures.sh [JMH options, e.g. -p keyType=EC_P256]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
cp_file=$(mktemp)
./mvnw -q -B -pl service -am install -DskipTests
./mvnw -q -B -pl service -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "service/target/test-classes:service/target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main 'dev.sigil.service.bench.SignatureBench' -foe false "$@"
