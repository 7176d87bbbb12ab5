# The shell side of tests/support/skip.hpp (source it): a test that cannot set up its case prints the marker
# CTest's SKIP_REGULAR_EXPRESSION matches and ends, so CTest reports it skipped; in CI (CI=true)
# scripts/install-deps has installed every such tool, so there it fails instead of hiding the gap.
#   command -v lintian >/dev/null || cannot_set_up "lintian is not installed (scripts/install-deps installs it)"
cannot_set_up() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: cannot set up this case in CI (CI=true): $1"
    exit 1
  fi
  echo "ROLLOUT-AUDIT-SKIPPED: $1"
  exit 0
}
