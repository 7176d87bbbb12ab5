"""The Python side of tests/support/skip.hpp: a test that cannot set up its case (a tool it drives is not
installed) prints the marker CTest's SKIP_REGULAR_EXPRESSION matches, so CTest reports it as skipped, and
ends. In CI (CI=true) scripts/install-deps has installed every such tool, so there the same call fails the
test instead of hiding the gap.

    if not shutil.which("chromium"):
        skip.cannot_set_up("chromium is not installed (scripts/install-deps installs it)")
"""
import os
import sys

SKIP_MARKER = "ROLLOUT-AUDIT-SKIPPED: "


def in_ci():
    return os.environ.get("CI") == "true"


def cannot_set_up(why):
    if in_ci():
        print(f"FAIL: cannot set up this case in CI (CI=true): {why}", flush=True)
        sys.exit(1)
    print(SKIP_MARKER + why, flush=True)
    sys.exit(0)
