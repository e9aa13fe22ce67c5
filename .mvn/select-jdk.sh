# Sourced by ./mvnw, ./lantern and .ci/run: makes JAVA_HOME point at a JDK >= 25.
# Lantern needs Java 25 (records, FFM, virtual threads); many machines default to an older java,
# so an older JAVA_HOME is replaced by the first JDK >= 25 found in the usual places.
lantern_java_feature() {
  # Prints the feature release of the java binary given as $1 ("17", "25", ...), or 0.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}
lantern_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] \
     && [ "$(lantern_java_feature "$JAVA_HOME/bin/java")" -ge 25 ]; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* \
                   /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(lantern_java_feature "$candidate/bin/java")" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if [ "$(lantern_java_feature "$candidate/bin/java")" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  fi
  echo "Lantern needs a JDK 25 or newer; none was found (JAVA_HOME=${JAVA_HOME:-unset})." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
lantern_select_jdk || exit 1
