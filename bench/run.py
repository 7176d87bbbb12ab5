#!/usr/bin/env python3
"""Measures rollout-audit against the floors and a peer on the same generated trees, in one run.

    bench/run.py [--sizes small,medium,large] [--runs 5]

For each size: generates the repository (bench/generate.py), then alternates the commands run by run and
takes medians of wall time and peak memory (GNU time):
  rollout-audit with history; rollout-audit --no-history;
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
    """Wall seconds and peak kilobytes of one run."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "sh", "-c", command + " >/dev/null 2>&1"], cwd=cwd,
                            stderr=subprocess.PIPE, text=True)
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes)


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
        commands = {
            "rollout-audit (history)": f"{args.binary} --fail-on never .",
            "rollout-audit --no-history": f"{args.binary} --no-history --fail-on never .",
            "parse floor (cmark-gfm)": f"xargs -a {work}/{size}.files cmark-gfm -e table -e tasklist -e strikethrough -e autolink",
            "history floor (git log -p)": "git log -p --first-parent -- '*.md' '*validation-reports/*'",
            "markdownlint-cli2": f"{lint} '**/*.md'",
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


def write_results(rows, runs):
    lines = ["# Benchmark results", "",
             f"Measured by `bench/run.py` on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}, "
             f"{platform.platform()}); medians of {runs} alternating runs; peak memory from GNU time.", ""]
    for size, files, docs_bytes, commits, m in rows:
        floor = m["parse floor (cmark-gfm)"][0] + m["history floor (git log -p)"][0]
        audit = m["rollout-audit (history)"][0]
        lint = m["markdownlint-cli2"][0]
        memory_budget = docs_bytes / 1024 + 64 * 1024
        lines += [f"## {size}: {files} Markdown files, {docs_bytes / 1e6:.1f} MB, {commits} commits", "",
                  "| command | wall (s) | peak memory (MB) |", "| --- | ---: | ---: |"]
        for name, (seconds, kilobytes) in m.items():
            lines.append(f"| {name} | {seconds:.2f} | {kilobytes / 1024:.1f} |")
        lines += ["", f"- audit with history / (parse floor + history floor) = {audit / floor if floor else float('nan'):.2f} (target <= 1.5)",
                  f"- markdownlint-cli2 / audit with history = {lint / audit if audit else float('nan'):.1f} (target >= 30)",
                  f"- peak memory {m['rollout-audit (history)'][1] / 1024:.1f} MB against a budget of "
                  f"2 x docs + 64 MB = {memory_budget / 1024:.1f} MB", ""]
    with open(os.path.join(HERE, "RESULTS.md"), "w") as out:
        out.write("\n".join(lines))


if __name__ == "__main__":
    main()
