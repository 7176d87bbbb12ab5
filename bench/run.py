#!/usr/bin/env python3
"""Measures rollout-audit against the floors and a peer on the same generated trees, in one run.

    bench/run.py [--sizes small,medium,large] [--runs 5]

For each size: generates the repository (bench/generate.py), then alternates the commands run by run and
takes medians of wall time and peak memory (GNU time):
  rollout-audit cold (the whole history walked, --no-cache), warm (history cache filled, nothing new),
  warm with --staged and one file staged (the pre-commit case), and --no-history;
  the parse floor (Debian's cmark-gfm CLI over the same Markdown files);
  the history floor (git log -p over the audited paths);
  markdownlint-cli2 (installed from npm into a temporary folder).
Writes bench/RESULTS.md. Not part of the test suite: the suite only runs the generator at smoke size.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(command, **kwargs):
    return subprocess.run(command, shell=True, check=True, **kwargs)


def ensure_tools(work):
    missing = [p for p, probe in (("cmark-gfm", "cmark-gfm"), ("time", "/usr/bin/time")) if not shutil.which(probe)]
    if missing:
        sh("apt-get install -y -qq " + " ".join(missing) + " >/dev/null")
    lint = os.path.join(work, "npm")
    if not os.path.exists(os.path.join(lint, "node_modules", ".bin", "markdownlint-cli2")):
        os.makedirs(lint, exist_ok=True)
        sh(f"cd {lint} && npm install --silent --no-audit --no-fund markdownlint-cli2 >/dev/null 2>&1")
    return os.path.join(lint, "node_modules", ".bin", "markdownlint-cli2")


def measure(command, cwd):
    """Wall seconds (the clock around the process: GNU time rounds to 10 ms) and peak kilobytes of one run."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", command + " >/dev/null 2>&1"], cwd=cwd,
                            stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    kilobytes = result.stderr.strip().splitlines()[-1]
    return seconds, int(kilobytes)


COLD = "rollout-audit, cold (--no-cache)"
WARM = "rollout-audit, warm cache, nothing new"
PRECOMMIT = "rollout-audit --staged, warm (pre-commit, one file staged)"
STATIC = "rollout-audit --no-history --no-cache (every document parsed)"
PARSE = "parse floor (cmark-gfm)"
HISTORY = "history floor (git log -p)"
LINT = "markdownlint-cli2"
NOTES_HEADING = "## What was profiled and changed"


def stage_one_change(tree, markdown):
    """The pre-commit case: one checklist edited (a box ticked) and staged, nothing new in history."""
    checklist = next(f for f in markdown if "-rollout-checklist.md" in f)
    path = os.path.join(tree, checklist)
    with open(path) as source:
        text = source.read()
    with open(path, "w") as out:
        out.write(text.replace("- [ ]", "- [x]", 1) if "- [ ]" in text else text + "\n- [ ] A new step.\n")
    sh(f"git add {checklist}", cwd=tree)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "rollout-audit"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="rollout-audit-bench-")
    lint = ensure_tools(work)
    rows = []
    for size in args.sizes.split(","):
        tree = os.path.join(work, size)
        sh(f"{sys.executable} {HERE}/generate.py {size} {tree}")
        markdown = subprocess.run("git ls-files '*.md'", shell=True, cwd=tree, capture_output=True, text=True).stdout.split()
        with open(os.path.join(work, f"{size}.files"), "w") as listing:
            listing.write("\n".join(markdown))
        docs_bytes = sum(os.path.getsize(os.path.join(tree, f)) for f in markdown)
        commits = int(subprocess.run("git rev-list --count HEAD", shell=True, cwd=tree, capture_output=True, text=True).stdout)
        stage_one_change(tree, markdown)
        # Fills the history cache and both facts caches (working tree, index) for the warm runs.
        sh(f"{args.binary} --fail-on never . >/dev/null", cwd=tree)
        sh(f"{args.binary} --staged --fail-on never . >/dev/null", cwd=tree)
        commands = {
            COLD: f"{args.binary} --no-cache --fail-on never .",
            WARM: f"{args.binary} --fail-on never .",
            PRECOMMIT: f"{args.binary} --staged --fail-on never .",
            STATIC: f"{args.binary} --no-history --no-cache --fail-on never .",
            PARSE: f"xargs -a {work}/{size}.files cmark-gfm -e table -e tasklist -e strikethrough -e autolink",
            HISTORY: "git log -p --first-parent -- '*.md' '*validation-reports/*'",
            LINT: f"{lint} '**/*.md'",
        }
        samples = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():  # alternating, so drift in machine load hits all alike
                samples[name].append(measure(command, tree))
        medians = {name: (statistics.median(s[0] for s in runs), statistics.median(s[1] for s in runs))
                   for name, runs in samples.items()}
        rows.append((size, len(markdown), docs_bytes, commits, medians))
        print(size, {k: v for k, v in medians.items()}, flush=True)
    write_results(rows, args.runs)
    shutil.rmtree(work, ignore_errors=True)


def verdict(met):
    return "met" if met else "**not met**"


def write_results(rows, runs):
    lines = ["# Benchmark results", "",
             f"Measured by `bench/run.py` on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}, "
             f"{platform.platform()}); medians of {runs} alternating runs; wall time measured around each process, "
             "peak memory from GNU time.", "",
             "Each size is one generated repository; the last checklist edit is staged before the runs, as in a "
             "pre-commit hook. The cold run walks the whole history (`--no-cache`); the warm runs find the history "
             "cache (`.git/rollout-audit/`) filled by a run before the measurements.", ""]
    ratios = []
    for size, files, docs_bytes, commits, m in rows:
        floor = m[PARSE][0] + m[HISTORY][0]
        cold = m[COLD][0]
        lint = m[LINT][0]
        budget_mb = 2 * docs_bytes / 2**20 + 64
        peak_mb = max(m[name][1] for name in (COLD, WARM, PRECOMMIT, STATIC)) / 1024
        ratio = cold / floor if floor else float("nan")
        ratios.append((size, ratio))
        lines += [f"## {size}: {files} Markdown files, {docs_bytes / 1e6:.1f} MB, {commits} commits", "",
                  "| command | wall (s) | peak memory (MB) |", "| --- | ---: | ---: |"]
        for name, (seconds, kilobytes) in m.items():
            lines.append(f"| {name} | {seconds:.3f} | {kilobytes / 1024:.1f} |")
        like_for_like = max(m[STATIC][0], 0.01)
        lines += ["",
                  f"- cold audit with history / (parse floor + history floor) = {ratio:.2f}: "
                  f"{verdict(ratio <= 1.5)} (target <= 1.5)",
                  f"- markdownlint-cli2 / audit of the same documents without history, every one parsed = "
                  f"{lint / like_for_like:.0f}: {verdict(lint / like_for_like >= 30)} (target >= 30; the peer reads "
                  f"the documents and no history; against the warm audit with history it is {lint / m[WARM][0]:.0f}, "
                  f"against the cold walk {lint / cold:.1f})",
                  f"- peak memory {peak_mb:.1f} MB against 2 x docs + 64 MB = {budget_mb:.1f} MB: {verdict(peak_mb <= budget_mb)}"]
        if size == "medium":
            lines.append(f"- pre-commit run (warm, one file staged) {m[PRECOMMIT][0] * 1000:.0f} ms: "
                         f"{verdict(m[PRECOMMIT][0] <= 0.05)} (target <= 50 ms on medium)")
        lines.append("")
    if len(ratios) > 1:
        first, last = ratios[0], ratios[-1]
        lines += [f"Linear cost: the cold ratio goes from {first[1]:.2f} ({first[0]}) to {last[1]:.2f} ({last[0]}): "
                  f"{verdict(last[1] <= max(first[1], 1.0) * 1.1)} (must not grow with size).", ""]
    # The hand-written account of what was profiled and changed follows the measurements; a new run
    # replaces the measurements and keeps the account.
    path = os.path.join(HERE, "RESULTS.md")
    notes = ""
    if os.path.exists(path):
        with open(path) as previous:
            text = previous.read()
        if NOTES_HEADING in text:
            notes = text[text.index(NOTES_HEADING):]
    with open(path, "w") as out:
        out.write("\n".join(lines) + ("\n" + notes if notes else ""))


if __name__ == "__main__":
    main()
