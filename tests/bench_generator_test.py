#!/usr/bin/env python3
"""The benchmark's generator at smoke size, every profile: it runs, the same call gives the same history,
rollout-audit audits the result, and the long-docs profile has the shape issue 17 asks for.

    bench_generator_test.py --source SRC --binary BUILD/rollout-audit
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

failures = []


def check(condition, what, detail=""):
    print(("ok: " if condition else "FAILED: ") + what)
    if not condition:
        if detail:
            print("---- detail ----\n" + str(detail).rstrip() + "\n----------------")
        failures.append(what)
    return condition


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.PIPE, text=True).stdout


def generate(source, profile, target):
    subprocess.run([sys.executable, str(source / "bench/generate.py"), "--profile", profile, "smoke", str(target)],
                   check=True, stdout=subprocess.DEVNULL)


def prose_share(repo):
    """Of the first-parent versions that modify a long document, the share whose changed lines are not all
    box lines ("- [ ]" <-> "- [x]")."""
    log = git(repo, "log", "--first-parent", "--unified=0", "--format=tformat:@commit", "-p", "--", "docs/")
    versions, prose = 0, 0
    for commit in log.split("@commit")[1:]:
        for diff in commit.split("\ndiff --git ")[1:]:
            header = diff.split("\n", 1)[0]
            if "/subsystem-" not in header or "\nnew file mode" in diff or "\ndeleted file mode" in diff:
                continue
            changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
            if not changed:
                continue
            versions += 1
            prose += any(not re.match(r"^[+-]- \[[ x]\] ", line) for line in changed)
    return versions, prose


def check_packed_as_cloned(profile, repo):
    """One pack, written as git's pack-objects writes a clone's: every commit before any tree or blob (a
    fast-import pack holds each commit after its own trees and blobs)."""
    counts = dict(line.split(": ") for line in git(repo, "count-objects", "-v").splitlines())
    pack = next((repo / ".git/objects/pack").glob("*.idx"))
    rows = [line.split() for line in git(repo, "verify-pack", "-v", str(pack)).splitlines()]
    by_offset = sorted((int(row[4]), row[1]) for row in rows if len(row) >= 5 and row[1] in ("commit", "tree", "blob", "tag"))
    commits = sum(1 for _, kind in by_offset if kind == "commit")
    check(counts["count"] == "0" and counts["packs"] == "1" and all(kind == "commit" for _, kind in by_offset[:commits]),
          f"{profile}: packed as a clone is (one pack, its {commits} commits first)", counts)


def check_long_docs_shape(repo):
    first_parent = int(git(repo, "rev-list", "--count", "--first-parent", "HEAD"))
    merges = int(git(repo, "rev-list", "--count", "--first-parent", "--merges", "HEAD"))
    markdown = int(git(repo, "rev-list", "--count", "--first-parent", "HEAD", "--", "*.md"))
    check(merges >= first_parent // 3, f"long-docs: pull-request merges on the first-parent line ({merges} of {first_parent})")
    check(markdown <= first_parent * 3 // 4, f"long-docs: first-parent commits that touch no Markdown ({first_parent - markdown} of {first_parent})")
    files = git(repo, "ls-files").split()
    docs = [f for f in files if re.search(r"/subsystem-\d+\.md$", f)]
    others = [f for f in files if not f.endswith(".md")]
    check(len(others) >= 100, f"long-docs: a tree of other files ({len(others)})")
    check(len(docs) >= 4, f"long-docs: long documents ({len(docs)})")
    sizes = {doc: (repo / doc).stat().st_size for doc in docs}
    check(all(20_000 <= size <= 100_000 for size in sizes.values()), "long-docs: each long document holds 20-100 KB", sizes)
    without = [doc for doc in docs if not re.search(r"^## Rollout checklist\n\n###[^\n]*\n\n- \[[ x]\] ", (repo / doc).read_text(), re.M)]
    check(not without, "long-docs: each long document has a checklist section with boxes", without)
    versions, prose = prose_share(repo)
    check(versions >= 10 and prose >= versions * 0.7,
          f"long-docs: the prose changes in most versions of the long documents ({prose} of {versions})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--binary", required=True, type=Path)
    args = parser.parse_args()
    args.binary = args.binary.resolve()
    with tempfile.TemporaryDirectory(prefix="rollout-audit-bench-generator-") as temp:
        temp = Path(temp)
        for profile in ("checklists", "long-docs"):
            first, second = temp / f"{profile}-1", temp / f"{profile}-2"
            generate(args.source, profile, first)
            generate(args.source, profile, second)
            head = git(first, "rev-parse", "HEAD").strip()
            check(head == git(second, "rev-parse", "HEAD").strip(), f"{profile}: the same call gives the same history ({head[:12]})")
            check(git(first, "status", "--porcelain") == "", f"{profile}: the work tree is HEAD's")
            check_packed_as_cloned(profile, first)
            audit = subprocess.run([str(args.binary), "--fail-on", "never", "."], cwd=first, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
            summary = audit.stdout.strip().splitlines()[-1] if audit.stdout.strip() else ""
            check(audit.returncode == 0 and re.search(r"\d+ of \d+ boxes ticked", summary) is not None,
                  f"{profile}: rollout-audit audits it ({summary})", audit.stdout[-2000:])
            if profile == "long-docs":
                check_long_docs_shape(first)
    if failures:
        print(f"\n{len(failures)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
