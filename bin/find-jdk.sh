# Sourced by ./ringwork and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME, without anyone setting it.
# Order: $RINGWORK_JAVA_HOME, $JAVA_HOME, the java on PATH, then the usual install directories.

ringwork_jdk_major() {
    # Prints the feature version of the JDK at $1, or nothing if it is not a JDK.
    local home="$1" version=""
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}
    echo "${version%%[.+-]*}"
}

ringwork_find_jdk() {
    local want=25 candidate major
    local candidates=()
    [ -n "${RINGWORK_JAVA_HOME:-}" ] && candidates+=("$RINGWORK_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                     "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        major=$(ringwork_jdk_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge "$want" ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "ringwork: needs a JDK $want or newer and found none (looked at \$RINGWORK_JAVA_HOME, \$JAVA_HOME, the java" \
         "on PATH, /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks). Install one, for example the Temurin 25" \
         "JDK (apt-get install temurin-25-jdk from the Adoptium repository), or point RINGWORK_JAVA_HOME at it." >&2
    return 1
}
