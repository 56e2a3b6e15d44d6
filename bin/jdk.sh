# Sourced by Sigil's scripts: exports JAVA_HOME pointing at a JDK 21 or newer (Helidon 4 needs it).
# The major version from the JDK's release file (instant); starting that JVM to ask it costs 0.1-0.7 s, which every
# bin/sigil invocation would pay (docs/PERFORMANCE.md, CLI cold start), so only JDKs without one are asked.
sigil_java_major() {
  local v=""
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  if [ -n "$v" ]; then echo "$v"; return; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
sigil_select_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64)
  for d in /usr/lib/jvm/*; do candidates+=("$d"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(sigil_java_major "$c")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  echo "error: Sigil needs a JDK 21 or newer; none found (set JAVA_HOME, or install e.g. openjdk-21-jdk)." >&2
  return 1
}
