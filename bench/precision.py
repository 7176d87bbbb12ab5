#!/usr/bin/env python3
"""Precision of rollout-audit on a real repository, against a labels file kept in this repository.

    bench/precision.py --repo PATH [--audit SUBDIR] --labels bench/labels/NAME.tsv [--binary build/rollout-audit]
    bench/precision.py ... --sample 60 --write-sample /tmp/sample.tsv     # stubs of findings to label

Runs the audit as a user would (default settings, history on, `--format json`) at the repository's root on
SUBDIR (default: the whole repository), then joins its findings with the labels by (file, line, rule) and
prints, per rule and severity, how many findings there are, how many are labelled, and the share of the
labelled ones a strict reviewer of that repository judged true. The labels file is tab-separated, one
finding a line: file, line, rule, verdict (true or false), and a one-line reason in our own words (never
text copied from the repository). Lines starting with '#' are comments.

Not part of the test suite (the repositories are fetched, not bundled). Targets of issue 16: at most 15
errors in all; at least 90 % of labelled errors and 75 % of labelled warnings true. Exit status 1 when a
target is missed, 0 otherwise.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

Label = collections.namedtuple("Label", "file line rule verdict reason")


def read_labels(path):
    labels = {}
    if not os.path.exists(path):
        return labels
    with open(path, encoding="utf-8") as stream:
        for number, raw in enumerate(stream, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 5 or parts[3] not in ("true", "false") or not parts[1].isdigit():
                sys.exit(f"{path}:{number}: expected file, line, rule, true|false, reason separated by tabs")
            label = Label(parts[0], int(parts[1]), parts[2], parts[3] == "true", parts[4])
            labels[(label.file, label.line, label.rule)] = label
    return labels


def run_audit(binary, repo, audit):
    command = [binary, "--format", "json", "--no-color", audit]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} (in {repo}) exited {result.returncode}:\n{result.stderr}")
    return json.loads(result.stdout)["findings"]


def key(finding):
    return (finding["file"], finding["line"], finding["rule"])


def table(findings, labels):
    rows = collections.OrderedDict()
    for finding in sorted(findings, key=lambda f: (f["severity"], f["rule"])):
        row = rows.setdefault((finding["rule"], finding["severity"]), {"findings": 0, "labelled": 0, "true": 0})
        row["findings"] += 1
        label = labels.get(key(finding))
        if label:
            row["labelled"] += 1
            row["true"] += 1 if label.verdict else 0
    return rows


def share(true, labelled):
    return f"{100 * true / labelled:.0f} %" if labelled else "-"


def report(name, findings, labels):
    rows = table(findings, labels)
    print(f"## {name}\n")
    print("| rule | severity | findings | labelled | true | precision |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    per_severity = collections.defaultdict(lambda: [0, 0, 0])
    for (rule, severity), row in rows.items():
        print(f"| {rule} | {severity} | {row['findings']} | {row['labelled']} | {row['true']} | {share(row['true'], row['labelled'])} |")
        totals = per_severity[severity]
        totals[0] += row["findings"]
        totals[1] += row["labelled"]
        totals[2] += row["true"]
    for severity, (count, labelled, true) in sorted(per_severity.items()):
        print(f"| **all** | {severity} | {count} | {labelled} | {true} | {share(true, labelled)} |")
    stale = [label for k, label in labels.items() if k not in {key(f) for f in findings}]
    print(f"\n{len(stale)} label(s) match no finding of this run (fixed, moved, or no longer reported).")
    return per_severity


def verdicts(per_severity):
    errors, labelled_errors, true_errors = per_severity.get("error", [0, 0, 0])
    _, labelled_warnings, true_warnings = per_severity.get("warning", [0, 0, 0])
    checks = [
        (f"at most 15 errors (found {errors})", errors <= 15),
        (f"labelled errors at least 90 % true ({share(true_errors, labelled_errors)})",
         labelled_errors == 0 or true_errors >= 0.9 * labelled_errors),
        (f"labelled warnings at least 75 % true ({share(true_warnings, labelled_warnings)})",
         labelled_warnings == 0 or true_warnings >= 0.75 * labelled_warnings),
    ]
    print()
    for text, met in checks:
        print(f"- {'met' if met else 'MISSED'}: {text}")
    return all(met for _, met in checks)


def write_sample(findings, labels, count, path, seed):
    """A sample stratified by rule and severity, every stratum at least once, of findings not labelled yet."""
    unlabelled = [f for f in findings if key(f) not in labels]
    strata = collections.defaultdict(list)
    for finding in unlabelled:
        strata[(finding["rule"], finding["severity"])].append(finding)
    generator = random.Random(seed)
    chosen = []
    for members in strata.values():
        generator.shuffle(members)
    total = max(1, len(unlabelled))
    for members in strata.values():
        chosen.extend(members[:max(1, round(count * len(members) / total))])
    with open(path, "w", encoding="utf-8") as out:
        out.write("# file\tline\trule\tverdict\treason (one line, own words) -- message follows as a comment\n")
        for finding in sorted(chosen, key=key):
            out.write(f"# {finding['severity']}: {finding['message']}\n")
            out.write(f"{finding['file']}\t{finding['line']}\t{finding['rule']}\t?\t\n")
    print(f"wrote {len(chosen)} finding(s) to label to {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", required=True, help="the repository's work tree (its .git is where caches go)")
    parser.add_argument("--audit", default=".", help="what to audit, relative to the repository (default: all)")
    parser.add_argument("--labels", required=True, help="the labels file (tab-separated)")
    parser.add_argument("--name", help="the repository's name for the report (default: the labels file's name)")
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "rollout-audit"))
    parser.add_argument("--sample", type=int, default=0, help="write this many unlabelled findings to label")
    parser.add_argument("--write-sample", help="where --sample writes")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    labels = read_labels(args.labels)
    findings = run_audit(os.path.abspath(args.binary), args.repo, args.audit)
    name = args.name or os.path.splitext(os.path.basename(args.labels))[0]
    per_severity = report(name, findings, labels)
    met = verdicts(per_severity)
    if args.sample:
        write_sample(findings, labels, args.sample, args.write_sample or "/dev/stdout", args.seed)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
