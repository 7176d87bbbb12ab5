#!/usr/bin/env python3
"""The pre-commit hooks of .pre-commit-hooks.yaml, as a consumer repository uses them.

    precommit_test.py --mode system --source SRC --binary BUILD/rollout-audit
    precommit_test.py --mode build  --source SRC

Makes a consumer git repository (fixed commit dates) with a checklist and a work log, stages an early
tick ("Record findings in `docs/work-log.md` under a new Phase 3 entry" with no such entry) and runs
`pre-commit try-repo <hook repo> <hook> --verbose`: the hook must fail and show the finding. Then it
stages the entry and the hook must pass; a commit without Markdown must skip the hook; a change to
.rollout-audit.yaml must run it.

The hook repository is a temporary git repository holding this checkout as it is (tracked files plus
new, not ignored ones), committed: try-repo clones it, and the test must pass on a clean clone as well as
on a work tree with uncommitted changes.

--mode system puts the built binary first on PATH (hook rollout-audit, language: system). --mode build
runs hook rollout-audit-build (language: script), which builds the tool into a temporary
XDG_CACHE_HOME on the first run (2 jobs) and must reuse it afterwards; before that, it must refuse to
build without cmake and name scripts/install-deps.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FINDING = "has no entry for 'Phase 3'"

CHECKLIST = """\
---
title: Search Reindex Rollout Checklist
owner: search-platform
status: In Progress
last_reviewed: 2025-10-20
---

# Search Reindex Rollout Checklist

## 1. Validation Stage (10 Percent Traffic)

- [x] Set `REINDEX_ROLLOUT_PERCENTAGE=10` and redeploy the search service.
- [ ] Record findings in `docs/work-log.md` under a new Phase 3 entry.
"""

WORK_LOG = """\
---
title: Search Platform Work Log
owner: search-platform
status: Active
last_reviewed: 2025-10-20
---

# Search Platform Work Log

## 2025-10-21 - Search reindex Phase 2 preparation

Replica indexes built; no traffic switched yet.
"""

PHASE_3_ENTRY = """
## 2025-10-22 - Search reindex Phase 3 validation (10% traffic)

Validation at 10% traffic from 14:05 UTC: query P95 180 ms, error rate 0.1%.
"""

failures = []


def check(condition, what, output=""):
    if condition:
        print(f"ok: {what}")
    else:
        print(f"FAILED: {what}")
        if output:
            print("---- output ----\n" + output.rstrip() + "\n----------------")
        failures.append(what)
    return condition


def run(args, cwd, env, timeout=120):
    started = time.monotonic()
    proc = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)
    print(f"$ {' '.join(str(a) for a in args)}   (exit {proc.returncode}, {time.monotonic() - started:.1f}s)")
    return proc.returncode, proc.stdout


def git(repo, *args, env, date=None):
    env = dict(env)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def snapshot_hook_repo(source, dest, env):
    """dest becomes a one-commit git repository with the checkout's files as they are now."""
    dest.mkdir()
    if (source / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=source, check=True, stdout=subprocess.PIPE).stdout.decode()
        paths = [p for p in listed.split("\0") if p]
    else:  # a source tarball: everything but build folders
        paths = [str(p.relative_to(source)) for p in source.rglob("*")
                 if p.is_file() and not p.relative_to(source).parts[0].startswith("build")]
    for rel in paths:
        src = source / rel
        if not src.is_file():  # deleted in the work tree, or a submodule
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    git(dest, "init", "-q", "-b", "main", env=env)
    git(dest, "add", "-A", env=env)
    git(dest, "commit", "-q", "-m", "snapshot of the checkout under test", env=env, date="2025-10-20T09:00:00Z")


def tick(path, text):
    content = path.read_text()
    assert f"- [ ] {text}" in content, text
    path.write_text(content.replace(f"- [ ] {text}", f"- [x] {text}", 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["system", "build"], required=True)
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--binary", type=Path)
    options = parser.parse_args()
    source = options.source.resolve()

    pre_commit = shutil.which("pre-commit")
    if not pre_commit:
        print("pre-commit is not installed: run scripts/install-deps (it installs Debian's pre-commit)")
        return 1
    hook = "rollout-audit" if options.mode == "system" else "rollout-audit-build"

    temp = Path(tempfile.mkdtemp(prefix=f"rollout-audit-precommit-{options.mode}-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        for name in ("home", "pre-commit", "cache", "tmp"):
            (temp / name).mkdir()
        env.update(HOME=str(temp / "home"), PRE_COMMIT_HOME=str(temp / "pre-commit"),
                   XDG_CACHE_HOME=str(temp / "cache"), TMPDIR=str(temp / "tmp"), GIT_CONFIG_NOSYSTEM="1",
                   GIT_AUTHOR_NAME="Dana Reviewer", GIT_AUTHOR_EMAIL="dana@example.com",
                   GIT_COMMITTER_NAME="Dana Reviewer", GIT_COMMITTER_EMAIL="dana@example.com",
                   ROLLOUT_AUDIT_BUILD_JOBS="2", LC_ALL="C.UTF-8")
        if options.mode == "system":
            if not options.binary or not os.access(options.binary, os.X_OK):
                print(f"--binary {options.binary} is not an executable")
                return 1
            env["PATH"] = f"{options.binary.resolve().parent}{os.pathsep}{env['PATH']}"

        hook_repo = temp / "hook-repo"
        snapshot_hook_repo(source, hook_repo, env)

        consumer = temp / "consumer"
        (consumer / "docs").mkdir(parents=True)
        git(consumer, "init", "-q", "-b", "main", env=env)
        checklist = consumer / "docs/search-reindex-rollout-checklist.md"
        work_log = consumer / "docs/work-log.md"
        checklist.write_text(CHECKLIST)
        work_log.write_text(WORK_LOG)
        (consumer / "notes.txt").write_text("Not a checklist.\n")
        git(consumer, "add", "-A", env=env)
        git(consumer, "commit", "-q", "-m", "Search reindex checklist", env=env, date="2025-10-21T10:00:00Z")

        try_repo = [pre_commit, "try-repo", str(hook_repo), hook, "--verbose"]

        if options.mode == "build":
            # Without cmake the hook must stop before building and say what to run.
            no_cmake = temp / "bin-without-cmake"
            no_cmake.mkdir()
            for folder in os.environ["PATH"].split(os.pathsep):
                if os.path.isdir(folder):
                    for entry in os.listdir(folder):
                        if entry != "cmake" and not (no_cmake / entry).exists():
                            (no_cmake / entry).symlink_to(os.path.join(folder, entry))
            tick(checklist, "Record findings in `docs/work-log.md` under a new Phase 3 entry.")
            git(consumer, "add", "-A", env=env)
            status, output = run(try_repo, consumer, dict(env, PATH=str(no_cmake)))
            check(status != 0 and "scripts/install-deps" in output and "cmake" in output,
                  "without cmake the build hook fails and names scripts/install-deps", output)
            check(not any((temp / "cache").glob("rollout-audit/*/rollout-audit")),
                  "without cmake nothing is cached")
            git(consumer, "checkout", "-q", "HEAD", "--", ".", env=env)

        # 1. An early tick: ticked, and the work log has no Phase 3 entry.
        tick(checklist, "Record findings in `docs/work-log.md` under a new Phase 3 entry.")
        git(consumer, "add", "-A", env=env)
        status, output = run(try_repo, consumer, env, timeout=1500)
        check(status != 0, f"{hook} fails on the early tick", output)
        check(FINDING in output and "[evidence-missing]" in output
              and "docs/search-reindex-rollout-checklist.md:13:1: error:" in output,
              f"{hook} shows the finding", output)
        if options.mode == "build":
            check("building it into" in output, "the first run builds rollout-audit", output)
            built = list((temp / "cache").glob("rollout-audit/*/rollout-audit"))
            if not check(len(built) == 1, f"one build in the cache ({[str(b) for b in built]})"):
                print("the first run built nothing (see its output above): the later runs would only build again")
                return 1
            # The hook builds as the README's .deb build does (Release, -O3): its log is the compiler's output.
            log = (built[0].parent / "build.log").read_text(errors="replace")
            warnings = [line for line in log.splitlines() if "warning:" in line]
            check(not warnings, "the Release build prints no compiler warning", "\n".join(warnings))

        # 2. The entry is staged with the tick: the commit is backed.
        with work_log.open("a") as log:
            log.write(PHASE_3_ENTRY)
        git(consumer, "add", "-A", env=env)
        status, output = run(try_repo, consumer, env)
        check(status == 0 and "Passed" in output, f"{hook} passes once the Phase 3 entry is staged", output)
        if options.mode == "build":
            check("building it into" not in output, "the second run reuses the build", output)
        git(consumer, "commit", "-q", "-m", "Phase 3 validation", env=env, date="2025-10-22T15:00:00Z")

        # 3. A commit without Markdown, configuration or rules does not run the hook.
        (consumer / "notes.txt").write_text("Still not a checklist.\n")
        git(consumer, "add", "-A", env=env)
        status, output = run(try_repo, consumer, env)
        check(status == 0 and "Skipped" in output, f"{hook} is skipped for a commit of notes.txt", output)
        git(consumer, "commit", "-q", "-m", "notes", env=env, date="2025-10-22T16:00:00Z")

        # 4. The configuration is a trigger.
        (consumer / ".rollout-audit.yaml").write_text("work_log: docs/work-log.md\n")
        git(consumer, "add", "-A", env=env)
        status, output = run(try_repo, consumer, env)
        check(status == 0 and "Passed" in output and "0 errors" in output,
              f"{hook} runs for a change to .rollout-audit.yaml", output)

        if options.mode == "build":
            builds = [p for p in (temp / "cache" / "rollout-audit").iterdir() if p.is_dir()]
            check(len(builds) == 1, f"exactly one build folder in the cache: {[p.name for p in builds]}")
    finally:
        shutil.rmtree(temp, ignore_errors=True)

    if failures:
        print(f"{len(failures)} check(s) failed: " + "; ".join(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
