# Sourced by ./llmpool and scripts/: finds a JDK 25 or newer and exports JAVA_HOME, or says in one line why not.
# Looks at $JAVA_HOME, then `java` on the PATH, then the folder of installed JDKs (LLMPOOL_JVM_DIR, default
# /usr/lib/jvm).

llmpool_java_major() {
  # prints the major version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

llmpool_find_jdk() {
  local candidate major found="" on_path="" jvm_dir="${LLMPOOL_JVM_DIR:-/usr/lib/jvm}"
  if command -v java >/dev/null 2>&1; then
    on_path="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  for candidate in "${JAVA_HOME:-}" "$on_path" "$jvm_dir"/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(llmpool_java_major "$candidate/bin/java")"
    case "$major" in ''|*[!0-9]*) continue ;; esac
    if [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
    case " $found " in *" $major "*) ;; *) found="${found:+$found }$major" ;; esac
  done
  echo "llmpool: no JDK 25 found (${found:+only JDK $found }in JAVA_HOME, on the PATH and under $jvm_dir): install JDK 25 and set JAVA_HOME to it" >&2
  return 1
}
