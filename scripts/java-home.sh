# Sourced by ./llmpool and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME, or says why not.
# Looks at $JAVA_HOME, then `java` on the PATH, then the system's JVM folder (/usr/lib/jvm).

llmpool_java_major() {
  # prints the major version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

llmpool_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")" 2>/dev/null)" 2>/dev/null)" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(llmpool_java_major "$candidate/bin/java")"
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "llmpool: no JDK 25 found (looked at JAVA_HOME, java on the PATH and /usr/lib/jvm); install JDK 25 and set JAVA_HOME" >&2
  return 1
}
