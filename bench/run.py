#!/usr/bin/env python3
"""Measures rollout-audit against the floors and a peer on generated trees and real repositories, in one run.

    bench/run.py [--profiles checklists,long-docs] [--sizes small,medium,large] [--runs 5]
                 [--repo NAME=PATH[:AUDITED]]...

--sizes takes sizes for every profile ("small") or for one ("long-docs:small"); a profile size left out is
named in RESULTS.md as not measured.

For each profile and size: generates the repository (bench/generate.py). For each --repo (a work tree or a
mirror, e.g. `--repo nextnest=/work/scratch/nextnest:docs/ --repo pulse=/work/scratch/pulse:.`): clones it
into the scratch folder (the tool writes its caches into .git/rollout-audit/, and the source stays as it is)
with the source's work tree, and audits AUDITED (default: the root). Then, per tree, alternates the commands
run by run and takes medians of wall time and peak memory (GNU time):
  rollout-audit cold (the whole history walked, --no-cache), warm (history cache filled, nothing new),
  warm with --staged and one file staged (the pre-commit case), and --no-history;
  the parse floor (Debian's cmark-gfm CLI over the audited Markdown at HEAD);
  the history floor (git log -p --first-parent over the audited Markdown and evidence paths);
  markdownlint-cli2 (installed from npm into a temporary folder).
The findings (JSON, --now fixed) of a cold and a warm run are compared byte for byte, and their digest is
compared with the previous RESULTS.md's for the same tree at the same commit, so a change to the walk shows
whether it kept every finding. Writes bench/RESULTS.md. Not part of the test suite: the suite only runs the
generator at smoke size.
"""
import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "RESULTS.md")
NOW = "2026-01-01T00:00:00Z"  # findings compared across runs must not depend on the clock

COLD = "rollout-audit, cold (--no-cache)"
WARM = "rollout-audit, warm cache, nothing new"
PRECOMMIT = "rollout-audit --staged, warm (pre-commit, one file staged)"
STATIC = "rollout-audit --no-history --no-cache (every document parsed)"
PARSE = "parse floor (cmark-gfm)"
HISTORY = "history floor (git log -p)"
LINT = "markdownlint-cli2"
AUDITS = (COLD, WARM, PRECOMMIT, STATIC)
NOTES_HEADING = "## What was profiled and changed"
COLD_TARGET = 1.5
SIZES = ("smoke", "small", "medium", "large")  # bench/generate.py's, smallest first


def sh(command, **kwargs):
    return subprocess.run(command, shell=True, check=True, **kwargs)


def out(command, cwd):
    return subprocess.run(command, shell=True, check=True, cwd=cwd, capture_output=True, text=True).stdout


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


class Tree:
    """One measured repository: `path` is the clone's root, `audited` the PATH given to rollout-audit."""

    def __init__(self, name, title, path, audited=".", group=None, size=None):
        self.name, self.title, self.path, self.audited = name, title, path, audited
        self.group, self.size = group, size  # a generated profile and its size, for the flat-ratio target
        prefix = "" if audited in (".", "./", "") else audited.rstrip("/") + "/"
        self.markdown_specs = f"'{prefix}*.md' '{prefix}*.markdown'"
        self.history_specs = self.markdown_specs + f" '{prefix}*validation-reports/*'"
        self.markdown = out(f"git ls-files -- {self.markdown_specs}", path).split("\n")
        self.markdown = [f for f in self.markdown if f and os.path.isfile(os.path.join(path, f))]
        self.docs_bytes = sum(os.path.getsize(os.path.join(path, f)) for f in self.markdown)
        self.commits = int(out("git rev-list --count --first-parent HEAD", path))
        self.head = out("git rev-parse HEAD", path).strip()
        self.files = len(out("git ls-files", path).splitlines())
        self.medians, self.spread, self.findings = {}, {}, {}


def generated_tree(work, profile, size):
    path = os.path.join(work, f"{profile}-{size}")
    sh(f"{sys.executable} {HERE}/generate.py --profile {profile} {size} {path}")
    return Tree(f"{profile} {size}", f"generated, profile {profile}, {size}", path, group=profile, size=size)


def repository_tree(work, name, spec):
    """A copy of the repository at SOURCE with its work tree as it is (tracked files only), so the tool may
    write its caches and the source is never touched; a mirror without a work tree is checked out."""
    source, _, audited = spec.rpartition(":") if ":" in spec else (spec, "", ".")
    source = os.path.abspath(source)
    path = os.path.join(work, f"repo-{name}")
    sh(f"git clone --quiet --no-checkout --no-hardlinks {source} {path}")
    if out("git rev-parse --is-bare-repository", source).strip() == "true":
        sh("git checkout --quiet -f HEAD", cwd=path)
    else:
        # Copied rather than checked out: a clone from a snapshot may miss some large blobs, and what is
        # audited is the work tree as it stands.
        tracked = out("git ls-files -z", source).split("\0")
        for relative in tracked:
            origin = os.path.join(source, relative)
            target = os.path.join(path, relative)
            if not relative or not os.path.lexists(origin):
                continue
            if os.path.isdir(origin) and not os.path.islink(origin):  # a submodule's folder
                os.makedirs(target, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(origin, target, follow_symlinks=False)
        sh("git reset --quiet", cwd=path)
    return Tree(name, f"{name}: {source} (audited: `{audited}`)", path, audited)


def stage_one_change(tree):
    """The pre-commit case: one checklist edited (a box ticked) and staged, nothing new in history."""
    for relative in tree.markdown:
        with open(os.path.join(tree.path, relative), encoding="utf-8", errors="surrogateescape") as source:
            text = source.read()
        if "- [ ]" in text:
            break
    else:
        relative = tree.markdown[0]
        with open(os.path.join(tree.path, relative), encoding="utf-8", errors="surrogateescape") as source:
            text = source.read() + "\n- [ ] A new step.\n"
    with open(os.path.join(tree.path, relative), "w", encoding="utf-8", errors="surrogateescape") as changed:
        changed.write(text.replace("- [ ]", "- [x]", 1))
    sh(f"git add -- '{relative}'", cwd=tree.path)


def findings(binary, tree, cache):
    flag = "" if cache else "--no-cache "
    result = subprocess.run(f"{binary} {flag}--format json --now {NOW} --fail-on never {tree.audited}", shell=True,
                            cwd=tree.path, capture_output=True)
    return hashlib.sha256(result.stdout).hexdigest()[:16]


def measure_tree(tree, binary, lint, runs, work, baseline):
    # What the walk finds, before the tree is touched: cold, then warm from the caches that run filled, and
    # the baseline binary's cold findings (the build before a change), byte for byte.
    cold = findings(binary, tree, cache=False)
    subprocess.run(f"{binary} --fail-on never {tree.audited}", shell=True, cwd=tree.path, capture_output=True)
    tree.findings = {"digest": cold, "warm_same": findings(binary, tree, cache=True) == cold}
    if baseline:
        tree.findings["baseline_same"] = findings(baseline, tree, cache=False) == cold
    stage_one_change(tree)
    # Fills the history cache and both facts caches (working tree, index) for the warm runs.
    for staged in ("", "--staged "):
        subprocess.run(f"{binary} {staged}--fail-on never {tree.audited}", shell=True, cwd=tree.path, capture_output=True)
    listing = os.path.join(work, f"{tree.name.replace(' ', '-')}.files")
    with open(listing, "w") as files:
        files.write("\n".join(tree.markdown))
    prefix = "" if tree.audited in (".", "./") else tree.audited.rstrip("/") + "/"
    commands = {
        COLD: f"{binary} --no-cache --fail-on never {tree.audited}",
        WARM: f"{binary} --fail-on never {tree.audited}",
        PRECOMMIT: f"{binary} --staged --fail-on never {tree.audited}",
        STATIC: f"{binary} --no-history --no-cache --fail-on never {tree.audited}",
        PARSE: f"xargs -d '\\n' -a {listing} cmark-gfm -e table -e tasklist -e strikethrough -e autolink",
        HISTORY: f"git log -p --first-parent -- {tree.history_specs}",
        LINT: f"{lint} '{prefix}**/*.md'",
    }
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():  # alternating, so drift in machine load hits all alike
            samples[name].append(measure(command, tree.path))
    for name, got in samples.items():
        seconds = [s for s, _ in got]
        tree.medians[name] = (statistics.median(seconds), statistics.median(k for _, k in got))
        tree.spread[name] = (min(seconds), max(seconds))
    print(tree.name, {k: f"{v[0]:.2f}s" for k, v in tree.medians.items()}, flush=True)


def verdict(met):
    return "met" if met else "**not met**"


def cold_ratio(tree):
    floor = tree.medians[PARSE][0] + tree.medians[HISTORY][0]
    return tree.medians[COLD][0] / floor if floor else float("nan")


def peak_mb(tree):
    return max(tree.medians[name][1] for name in AUDITS) / 1024


def budget_mb(tree):
    return 2 * tree.docs_bytes / 2**20 + 64


def lint_ratio(tree):
    return tree.medians[LINT][0] / max(tree.medians[STATIC][0], 0.01)


def previous_digests():
    """name -> (head, digest) from the RESULTS.md this run replaces."""
    if not os.path.exists(RESULTS):
        return {}
    with open(RESULTS) as previous:
        text = previous.read()
    return {m.group(1): (m.group(2), m.group(3))
            for m in re.finditer(r"^<!-- findings (.+?) head ([0-9a-f]+) digest ([0-9a-f]+) -->$", text, re.M)}


def flat(trees):
    """Per generated profile: the cold ratio of its first and last size, and whether it did not grow."""
    result = {}
    for tree in trees:
        if tree.group:
            result.setdefault(tree.group, []).append(tree)
    return {group: (sizes[0], sizes[-1], cold_ratio(sizes[-1]) <= max(cold_ratio(sizes[0]), 1.0) * 1.1)
            for group, sizes in result.items() if len(sizes) > 1}


def summary(trees, previous):
    """The issue 17 targets, one column per tree, a verdict per row."""
    lines = ["## Targets", "",
             "| target | " + " | ".join(t.name for t in trees) + " | verdict |",
             "| --- | " + " | ".join("---:" for _ in trees) + " | --- |"]

    def row(what, cells, met):
        lines.append(f"| {what} | " + " | ".join(cells) + f" | {verdict(met)} |")

    row(f"cold / floor <= {COLD_TARGET}", [f"{cold_ratio(t):.2f}" for t in trees], all(cold_ratio(t) <= COLD_TARGET for t in trees))
    row("markdownlint-cli2 / no-history audit >= 30", [f"{lint_ratio(t):.0f}" for t in trees], all(lint_ratio(t) >= 30 for t in trees))
    row("peak MB <= 2 x docs + 64 MB", [f"{peak_mb(t):.0f} / {budget_mb(t):.0f}" for t in trees],
        all(peak_mb(t) <= budget_mb(t) for t in trees))
    row("findings: cold = warm, byte for byte", ["yes" if t.findings["warm_same"] else "**no**" for t in trees],
        all(t.findings["warm_same"] for t in trees))
    if any("baseline_same" in t.findings for t in trees):
        row("findings = the baseline binary's, byte for byte", ["yes" if t.findings["baseline_same"] else "**no**" for t in trees],
            all(t.findings["baseline_same"] for t in trees))
    compared = [t for t in trees if previous.get(t.name, ("", ""))[0] == t.head[:12]]
    if compared:
        row("findings = previous RESULTS.md's (same commit)",
            [("yes" if previous[t.name][1] == t.findings["digest"] else "**no**") if t in compared else "-" for t in trees],
            all(previous[t.name][1] == t.findings["digest"] for t in compared))
    lines.append("")
    medium = [t for t in trees if t.group == "checklists" and t.size == "medium"]
    for tree in medium:
        lines.append(f"- Pre-commit run (warm, one file staged) on checklists medium: {tree.medians[PRECOMMIT][0] * 1000:.0f} ms: "
                     f"{verdict(tree.medians[PRECOMMIT][0] <= 0.05)} (target <= 50 ms).")
    for group, (first, last, met) in flat(trees).items():
        lines.append(f"- Cold ratio as size grows ({group}): {cold_ratio(first):.2f} ({first.size}) to {cold_ratio(last):.2f} "
                     f"({last.size}): {verdict(met)} (must not grow).")
    return lines + [""]


def tree_section(tree):
    m = tree.medians
    lines = [f"## {tree.name}: {len(tree.markdown)} Markdown files, {tree.docs_bytes / 1e6:.1f} MB, "
             f"{tree.commits} first-parent commits, {tree.files} files", "",
             f"{tree.title}; HEAD `{tree.head[:12]}`.", "",
             "| command | wall (s), median | min - max | peak memory (MB) |", "| --- | ---: | ---: | ---: |"]
    for name, (seconds, kilobytes) in m.items():
        low, high = tree.spread[name]
        lines.append(f"| {name} | {seconds:.3f} | {low:.2f} - {high:.2f} | {kilobytes / 1024:.1f} |")
    ratio = cold_ratio(tree)
    lines += ["",
              f"- cold audit with history / (parse floor + history floor) = {ratio:.2f}: "
              f"{verdict(ratio <= COLD_TARGET)} (target <= {COLD_TARGET})",
              f"- markdownlint-cli2 / audit of the same documents without history, every one parsed = "
              f"{lint_ratio(tree):.0f}: {verdict(lint_ratio(tree) >= 30)} (target >= 30; the peer reads "
              f"the documents and no history; against the warm audit with history it is {m[LINT][0] / m[WARM][0]:.0f}, "
              f"against the cold walk {m[LINT][0] / m[COLD][0]:.1f})",
              f"- peak memory {peak_mb(tree):.1f} MB against 2 x docs + 64 MB = {budget_mb(tree):.1f} MB: "
              f"{verdict(peak_mb(tree) <= budget_mb(tree))}",
              f"- warm / cold = {m[WARM][0] / m[COLD][0]:.3f} (what a kept `.git/rollout-audit/` buys: "
              f"{m[COLD][0]:.1f} s -> {m[WARM][0]:.2f} s)",
              f"- findings (JSON, `--now {NOW}`): digest `{tree.findings['digest']}`; cold and warm "
              f"{'identical' if tree.findings['warm_same'] else '**differ**'}",
              f"<!-- findings {tree.name} head {tree.head[:12]} digest {tree.findings['digest']} -->", ""]
    return lines


def write_results(trees, runs, load, binary, skipped, baseline):
    previous = previous_digests()
    commit = subprocess.run("git rev-parse --short=12 HEAD", shell=True, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = ["# Benchmark results", "",
             f"Measured by `bench/run.py` on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}, "
             f"{platform.platform()}), binary `{binary}` built from `{commit}`; medians of {runs} alternating runs; "
             f"wall time measured around each process, peak memory from GNU time; load average {load[0]} before, "
             f"{load[1]} after. The ratios compare commands of the same run.", "",
             "Each tree is one repository: generated by `bench/generate.py` (profile and size), or a copy of a real "
             "repository with its work tree. The last checklist edit is staged before the runs, as in a pre-commit "
             "hook. The cold run walks the whole history (`--no-cache`); the warm runs find the caches "
             "(`.git/rollout-audit/`) filled by a run before the measurements. The floor is cmark-gfm over the "
             "audited Markdown at HEAD plus `git log -p --first-parent` of the audited Markdown and evidence paths.", ""]
    if baseline:
        lines += [f"Baseline binary for the findings (the build before the change): `{baseline}`.", ""]
    if skipped:
        lines += [f"Not measured in this run: {', '.join(skipped)}.", ""]
    lines += summary(trees, previous)
    for tree in trees:
        lines += tree_section(tree)
    # The hand-written account of what was profiled and changed follows the measurements; a new run
    # replaces the measurements and keeps the account.
    notes = ""
    if os.path.exists(RESULTS):
        with open(RESULTS) as old:
            text = old.read()
        if NOTES_HEADING in text:
            notes = text[text.index(NOTES_HEADING):]
    with open(RESULTS, "w") as results:
        results.write("\n".join(lines) + ("\n" + notes if notes else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", default="checklists,long-docs", help="generated profiles, comma-separated ('' for none)")
    parser.add_argument("--sizes", default="small,medium,large",
                        help="sizes, comma-separated: SIZE for every profile or PROFILE:SIZE for one ('' for none)")
    parser.add_argument("--repo", action="append", default=[], metavar="NAME=PATH[:AUDITED]",
                        help="a real repository (work tree or mirror) and the folder to audit in it; repeatable")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "rollout-audit"))
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (printed) for a look")
    parser.add_argument("--baseline", help="another rollout-audit binary (the build before a change) whose cold findings "
                                           "must equal this one's on every tree")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="rollout-audit-bench-")
    lint = ensure_tools(work)
    load = [os.getloadavg()[0]]
    preparations = []
    for name, _, spec in (r.partition("=") for r in args.repo):
        if not spec or not os.path.exists(spec.rpartition(":")[0] if ":" in spec else spec):
            print(f"--repo {name}={spec}: not present, skipped", flush=True)
            continue
        preparations.append(lambda name=name, spec=spec: repository_tree(work, name, spec))
    sizes = [s.rpartition(":") for s in filter(None, args.sizes.split(","))]
    skipped = []
    for profile in filter(None, args.profiles.split(",")):
        for size in SIZES:
            if any(size == wanted and profile_name in ("", profile) for profile_name, _, wanted in sizes):
                preparations.append(lambda profile=profile, size=size: generated_tree(work, profile, size))
            elif size != "smoke":
                skipped.append(f"{profile} {size}")
    trees = []
    for prepare in preparations:  # one tree on disk at a time: the large ones take gigabytes
        tree = prepare()
        measure_tree(tree, binary, lint, args.runs, work, args.baseline and os.path.abspath(args.baseline))
        if not args.keep:
            shutil.rmtree(tree.path, ignore_errors=True)
        trees.append(tree)
    load.append(os.getloadavg()[0])
    write_results(trees, args.runs, [f"{x:.1f}" for x in load], os.path.relpath(binary, ROOT), skipped, args.baseline)
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
