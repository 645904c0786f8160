# Shared by the whole-stack benchmarks (sourced, not run).

# Packages the services and the launcher once (unless BENCH_NO_BUILD=1), then runs the named benchmark classes of
# system-tests, which start the whole stack (devstack launcher) at port offset BENCH_PORT_OFFSET and stop it after.
#   stack_benchmark <Class[,Class…]> [-Dprop=value…]
stack_benchmark() {
  local classes=$1; shift
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    ./run.sh --build-only   # prints its own "Building …" line
  fi
  # -am: system-tests uses the devstack classes of this checkout, not an older installed copy. Surefire hands the
  # -D properties to the test JVM.
  ./mvnw -B -q -pl system-tests -am test -Dbench.excluded=none -Dgroups=benchmark -Dtest="$classes" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dstack.portOffset="${BENCH_PORT_OFFSET:-23000}" "$@"
}
