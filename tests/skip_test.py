#!/usr/bin/env python3
"""skip-mechanism: a test that cannot set up its case is reported as skipped by CTest outside CI, and fails
in CI (CI=true); it never passes.

Usage: skip_test.py BUILD_DIR UNIT_TESTS_BINARY

The seed test is run with ROLLOUT_AUDIT_SEED_DIR pointing at a folder that does not exist: without CI it
must print the skip marker and the SKIP_REGULAR_EXPRESSION CTest holds for that test must match its output
(ctest --show-only=json-v1, so no nested test run); with CI=true it must fail, saying why.
"""
import json
import os
import re
import subprocess
import sys

CASE = "parse_document (seed checklist)"
MISSING = "/nonexistent/rollout-audit-seed"
faults = []


def check(condition, what, output=""):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        faults.append(what)
        print(output)


def run_case(binary, ci):
    environment = dict(os.environ, ROLLOUT_AUDIT_SEED_DIR=MISSING)
    environment.pop("CI", None)
    if ci:
        environment["CI"] = "true"
    done = subprocess.run([binary, f"--test-case={CASE}"], capture_output=True, text=True, env=environment, timeout=60)
    return done.returncode, done.stdout + done.stderr


def skip_expression(build):
    listed = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"], capture_output=True, text=True, timeout=60)
    for test in json.loads(listed.stdout)["tests"]:
        if test["name"] == CASE:
            for prop in test.get("properties", []):
                if prop["name"] == "SKIP_REGULAR_EXPRESSION":
                    return prop["value"]
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build, binary = sys.argv[1:]
    why = f"the seed checklist is missing or empty: {MISSING}/000_a72cb46aca6ff8fd.txt"
    code, output = run_case(binary, ci=False)
    check(code == 0 and f"ROLLOUT-AUDIT-SKIPPED: {why}\n" in output, "outside CI the seed test prints the skip marker", output)
    expressions = skip_expression(build)
    check(expressions is not None, f"CTest has a SKIP_REGULAR_EXPRESSION for '{CASE}'")
    if expressions is not None:
        check(any(re.search(e, output) for e in expressions), "CTest's SKIP_REGULAR_EXPRESSION matches it: reported as skipped")
    code, output = run_case(binary, ci=True)
    check(code != 0 and f"cannot set up this case in CI (CI=true): {why}" in output, "with CI=true the seed test fails, saying why", output)
    check("ROLLOUT-AUDIT-SKIPPED" not in output, "with CI=true nothing is marked skipped", output)
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
