#!/usr/bin/env bash
# The consumer check: installs the published dorisops artifacts (parent POM, BOM, core, ssh-transport,
# jdbc-probe, testkit) into a private local repository and builds integration-tests/consumer, a user's
# project that imports the BOM, compiles the README snippet and runs a Sandbox test, offline against it.
# Third-party artifacts come read-only from the seed repository (~/.m2/repository by default) through
# Maven's tail local repository, so nothing is downloaded and nothing is written to ~/.m2.
#
#   integration-tests/consumer-check.sh            # builds the artifacts first (package, no tests)
#   integration-tests/consumer-check.sh --built    # the artifacts are already in */target (./mvnw -Prelease verify)
#
# Environment: DORISOPS_SEED_REPO (default ~/.m2/repository), DORISOPS_CONSUMER_REPO (default
# integration-tests/target/consumer-repo, recreated on every run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEED="${DORISOPS_SEED_REPO:-$HOME/.m2/repository}"
REPO="${DORISOPS_CONSUMER_REPO:-$ROOT/integration-tests/target/consumer-repo}"
MODULES=(core ssh-transport jdbc-probe testkit)

VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)"
[ -n "$VERSION" ] || { echo "consumer-check: cannot read the version from $ROOT/pom.xml" >&2; exit 1; }

if [ "${1:-}" != "--built" ]; then
    (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests -Djapicmp.skip=true -Dspotless.check.skip=true \
        -pl bom,"$(IFS=,; echo "${MODULES[*]}")" -am)
fi

# Install: the files "mvn install" writes for each artifact, in the local repository layout.
rm -rf "$REPO"
install_artifact() { # artifactId pom [jar]
    local dir="$REPO/io/dorisops/$1/$VERSION"
    mkdir -p "$dir"
    cp "$2" "$dir/$1-$VERSION.pom"
    if [ -n "${3:-}" ]; then
        [ -f "$3" ] || { echo "consumer-check: $3 is missing; build it first (run without --built)" >&2; exit 1; }
        cp "$3" "$dir/$1-$VERSION.jar"
    fi
}
install_artifact dorisops-parent "$ROOT/pom.xml"
install_artifact dorisops-bom "$ROOT/bom/pom.xml"
for module in "${MODULES[@]}"; do
    install_artifact "dorisops-$module" "$ROOT/$module/pom.xml" "$ROOT/$module/target/dorisops-$module-$VERSION.jar"
done

# Build the consumer offline: dorisops only from $REPO, everything else from the seed.
BUILD="$ROOT/integration-tests/target/consumer"
rm -rf "$BUILD"
mkdir -p "$BUILD"
cp -R "$ROOT/integration-tests/consumer/." "$BUILD/"
"$ROOT/mvnw" -B -q -o -f "$BUILD/pom.xml" verify \
    -Ddorisops.version="$VERSION" \
    -Dmaven.repo.local="$REPO" \
    -Dmaven.repo.local.tail="$SEED" \
    -Dmaven.repo.local.tail.ignoreAvailability=true
echo "consumer-check: OK (dorisops $VERSION from $REPO)"
