#!/usr/bin/env python3
"""skip-mechanism: a test that cannot set up its case is reported as skipped by CTest outside CI, and fails
in CI (CI=true); it never passes. Nor does a doctest CTest test whose filter selects no test case.

Usage: skip_test.py BUILD_DIR UNIT_TESTS_BINARY SOURCE_DIR

The seed test is run with ROLLOUT_AUDIT_SEED_DIR pointing at a folder that does not exist: without CI it
must print the skip marker and the SKIP_REGULAR_EXPRESSION CTest holds for that test must match its output
(ctest --show-only=json-v1, so no nested test run); with CI=true it must fail, saying why. The same for the
tests that drive a tool scripts/install-deps installs (chromium, action-validator, lintian ...), run with a
PATH that holds none of them.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

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


def expressions(build, name, case=CASE):
    """The regular expressions CTest holds in property `name` of test `case`."""
    listed = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"], capture_output=True, text=True, timeout=60)
    for test in json.loads(listed.stdout)["tests"]:
        if test["name"] == case:
            for prop in test.get("properties", []):
                if prop["name"] == name:
                    return prop["value"]
    return None


def tool_tests(source, scratch):
    """CTest name, command and the tool it says is missing, for each test that drives an installed tool."""
    tests = source / "tests"
    return [
        ("browser-report", [sys.executable, str(tests / "browser_report_test.py"), "--binary", "/nonexistent/rollout-audit",
                            "--source", str(source), "--artifacts", str(scratch / "artifacts")], "chromium is not installed"),
        ("action-lint", [sys.executable, str(tests / "action_test.py"), "lint", "--source", str(source)],
         "action-validator is not installed"),
        ("package-deb", ["/bin/bash", str(tests / "package_deb_test.sh"), str(scratch), "0.0.0"], "cpack is not installed"),
    ]


def check_tool_tests(build, source):
    with tempfile.TemporaryDirectory(prefix="rollout-audit-skip-") as scratch:
        for name, command, why in tool_tests(pathlib.Path(source), pathlib.Path(scratch)):
            environment = dict(os.environ, PATH="/nonexistent")
            environment.pop("CI", None)
            done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
            output = done.stdout + done.stderr
            check(done.returncode == 0 and f"ROLLOUT-AUDIT-SKIPPED: {why}" in output, f"{name} without its tool prints the skip marker", output)
            skip = expressions(build, "SKIP_REGULAR_EXPRESSION", name) or []
            check(any(re.search(e, output) for e in skip), f"CTest's SKIP_REGULAR_EXPRESSION for {name} matches it: reported as skipped")
            environment["CI"] = "true"
            done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
            output = done.stdout + done.stderr
            check(done.returncode != 0 and f"cannot set up this case in CI (CI=true): {why}" in output,
                  f"with CI=true {name} without its tool fails, saying why", output)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    build, binary, source = sys.argv[1:]
    why = f"the seed checklist is missing or empty: {MISSING}/000_a72cb46aca6ff8fd.txt"
    code, output = run_case(binary, ci=False)
    check(code == 0 and f"ROLLOUT-AUDIT-SKIPPED: {why}\n" in output, "outside CI the seed test prints the skip marker", output)
    skip = expressions(build, "SKIP_REGULAR_EXPRESSION")
    check(skip is not None, f"CTest has a SKIP_REGULAR_EXPRESSION for '{CASE}'")
    if skip is not None:
        check(any(re.search(e, output) for e in skip), "CTest's SKIP_REGULAR_EXPRESSION matches it: reported as skipped")
    fail = expressions(build, "FAIL_REGULAR_EXPRESSION") or []
    nothing = subprocess.run([binary, "--test-case=no such test case"], capture_output=True, text=True, timeout=60).stdout
    check(any(re.search(e, nothing) for e in fail), "a filter that selects no test case matches FAIL_REGULAR_EXPRESSION", nothing)
    check(not any(re.search(e, output) for e in fail), "a test that ran does not", output)
    code, output = run_case(binary, ci=True)
    check(code != 0 and f"cannot set up this case in CI (CI=true): {why}" in output, "with CI=true the seed test fails, saying why", output)
    check("ROLLOUT-AUDIT-SKIPPED" not in output, "with CI=true nothing is marked skipped", output)
    check_tool_tests(build, source)
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
