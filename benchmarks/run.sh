#!/usr/bin/env bash
# Runs revsync's benchmarks and rewrites BENCHMARKS.md at the repository root.
#
#   benchmarks/run.sh                 full size (about 30 minutes on 2 cores)
#   benchmarks/run.sh --quick         smaller sizes, a few minutes
#   benchmarks/run.sh --only throughput,micro --targets salesforce_bulk --runs 5
#   benchmarks/run.sh --only throughput --targets pardot_rest --pull-n 1000000 --out BENCHMARKS-pardot.md
#                                     the Pardot pull: 1,000,000 prospects through v5 query pages
#
# The harness JVM runs the simulators; every measured pull, write and pipeline run is a fresh
# JVM (-Xmx256m; -Xmx1g for the many-tenant pipeline). See BenchmarkMain for every option.
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
  # No Error Prone here: it checks the code, not its speed, and would double the build time.
  ./mvnw -q -B "$@" -pl benchmarks -am process-classes -Pbench-classpath -Derrorprone.skip
}
# Offline first (the usual case here); online once if an artifact is missing.
build -o || build

classpath="benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt)"
exec java -Xmx3g ${REVSYNC_BENCH_JAVA_OPTS:-} -cp "$classpath" dev.revsync.benchmarks.BenchmarkMain "$@"
