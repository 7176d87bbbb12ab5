#!/usr/bin/env python3
"""docs/ci.md stays true: its blocks parse and run as far as a machine without GitHub or GitLab allows.

    ci_docs_test.py --source SRC --binary BUILD/rollout-audit

- Every ```yaml block parses (python3-yaml); the GitHub workflow checks out with fetch-depth 0 and uses this
  repository's action (action.yml) with only the inputs it declares; the GitLab job's JUnit artifact is the
  file its audit step writes; the pre-commit block names hooks of .pre-commit-hooks.yaml; the Debian
  packages installed are those of scripts/install-deps; -D options exist in the CMake files.
- Versions: every action a workflow or action.yml uses is at least its current major version (CURRENT_MAJOR),
  and every version of rollout-audit named (the action's @ref, pre-commit's rev, ROLLOUT_AUDIT_REF) is main
  or a tag this repository has: no release is pretended.
- Every `rollout-audit ...` command line (in run: steps, script: lists and ```sh blocks) uses only options
  that `rollout-audit --help` lists, with a value where the option takes one, and a --format it lists.
- The audit commands are run, in order, with the built binary on PATH in a scripted pull request (a base
  commit on origin/main, then a commit ticking "Record findings ... Phase 3 entry" with no such entry),
  with ${{ github.base_ref }} and the CI variables set as GitHub and GitLab would, and their reports are
  read back: SARIF and JUnit files parse and hold the finding, the gates exit 1. The workflow's action step
  runs as action.yml runs it (scripts/github-action audit sarif, then gate, with its inputs).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

try:
    import yaml
except ImportError:
    # CMake may have found another Python than Debian's, which python3-yaml is for.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("python3-yaml is not installed: run scripts/install-deps")
    sys.exit(1)

failures = []

# The current major version of each action the docs and action.yml use; older ones are deprecated.
CURRENT_MAJOR = {"actions/checkout": 6, "github/codeql-action/upload-sarif": 4}


def check(condition, what, detail=""):
    print(("ok: " if condition else "FAILED: ") + what)
    if not condition:
        if detail:
            print("---- detail ----\n" + str(detail).rstrip() + "\n----------------")
        failures.append(what)
    return condition


def code_blocks(markdown):
    """(language, text) of each fenced block."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```\s*$", markdown, re.M | re.S)]


def help_options(binary):
    text = subprocess.run([str(binary), "--help"], stdout=subprocess.PIPE, text=True, check=True).stdout
    options = {}
    formats = []
    for line in text.splitlines():
        m = re.match(r"^\s+(--[a-z][a-z-]*)( VALUE)?(?:, -[a-z])?\s+(.*)$", line)
        if m:
            options[m.group(1)] = bool(m.group(2))
            if m.group(1) == "--format":
                audit_formats = m.group(3).split(";")[0]  # after ';': the report subcommand's formats
                formats = [w for w in re.split(r",\s*|\s+or\s+", re.sub(r"\(default\)", "", audit_formats)) if w.strip()]
                formats = [w.strip() for w in formats]
    return options, formats


def shell_lines(text):
    """The lines of a shell script, continuations joined."""
    return [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines() if line.strip()]


def audit_commands(text):
    return [line for line in shell_lines(text) if line.startswith("rollout-audit ") or line == "rollout-audit"]


def parse_command(line, options, formats, where):
    """The options of one rollout-audit command line, checked against --help; None when it is wrong."""
    words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "EXPR", line))
    for stop in (">", ">>", "|", "&&", "||", ";"):
        if stop in words:
            words = words[:words.index(stop)]
    parsed, paths, i, ok = {}, [], 1, True
    while i < len(words):
        word = words[i]
        if word.startswith("--"):
            name, _, inline = word.partition("=")
            if not check(name in options, f"{where}: '{name}' is an option of rollout-audit --help", line):
                return None
            if options[name]:
                if inline:
                    value = inline
                else:
                    i += 1
                    if not check(i < len(words), f"{where}: {name} has a value", line):
                        return None
                    value = words[i]
                parsed[name] = value
            else:
                parsed[name] = True
        else:
            ok = check(not word.startswith("-"), f"{where}: '{word}' is an option of rollout-audit --help", line) and ok
            paths.append(word)
        i += 1
    if "--format" in parsed:
        ok = check(parsed["--format"] in formats, f"{where}: --format {parsed['--format']} is one of {formats}", line) and ok
    return parsed if ok else None


def installed_packages(text):
    packages = []
    for line in shell_lines(text):
        if "apt-get install" in line:
            packages += [w for w in shlex.split(line.split("apt-get install", 1)[1]) if not w.startswith("-")]
    return packages


def steps_text(step):
    return step.get("run", "") if isinstance(step, dict) else ""


def check_versions(source, uses, precommit, gitlab):
    """Actions at their current major version; rollout-audit at main or at a tag that exists."""
    for ref in uses:
        name, _, version = str(ref).partition("@")
        if name in CURRENT_MAJOR:
            major = re.match(r"v(\d+)", version)
            check(major and int(major.group(1)) >= CURRENT_MAJOR[name],
                  f"{name}@{version} is at least v{CURRENT_MAJOR[name]}, the current major version")
    tags = subprocess.run(["git", "-C", str(source), "tag", "--list"], stdout=subprocess.PIPE, text=True).stdout.split()
    named = [str(ref).partition("@")[2] for ref in uses if re.match(r"^[\w.-]+/rollout-audit@", str(ref))]
    named += [repo.get("rev") for repo in precommit["repos"]]
    named += [job.get("variables", {}).get("ROLLOUT_AUDIT_REF") for job in gitlab.values() if isinstance(job, dict) and "script" in job]
    for version in named:
        check(version == "main" or version in tags or re.fullmatch(r"[0-9a-f]{40}", str(version)),
              f"rollout-audit version '{version}' is main, a commit or a tag of this repository ({tags or 'none yet'})")


def run_action_step(source, repo, env, inputs):
    """The workflow's action step as action.yml runs it: the SARIF audit, then the gate, with its inputs."""
    variables = {"path": "RA_PATH", "format": "RA_FORMAT", "fail-on": "RA_FAIL_ON", "baseline": "RA_BASELINE",
                 "changed-since": "RA_CHANGED_SINCE", "sarif-file": "RA_SARIF_FILE"}
    step_env = dict(env, RA_SARIF_FILE="rollout-audit.sarif")
    step_env.update({variables[k]: str(v) for k, v in inputs.items() if k in variables})
    script = str(source / "scripts" / "github-action")
    sarif = subprocess.run([script, "audit", "sarif"], cwd=repo, env=step_env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    written = repo / step_env["RA_SARIF_FILE"]
    check(sarif.returncode == 0 and written.is_file() and "evidence-missing" in written.read_text(),
          "the workflow's action step writes the SARIF report with the finding, exit 0", sarif.stdout)
    gate = subprocess.run([script, "audit", "gate"], cwd=repo, env=step_env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    check(gate.returncode == 1 and re.search(r"^::error .*file=docs/search-reindex-rollout-checklist\.md", gate.stdout, re.M),
          "the workflow's action step fails the job with an ::error annotation on the changed line", gate.stdout)


def make_pull_request(root, env):
    """A repository with origin/main at the base commit and HEAD ticking a box with no evidence."""
    def git(*args, date=None):
        e = dict(env)
        if date:
            e.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return subprocess.run(["git", *args], cwd=root, env=e, check=True, stdout=subprocess.PIPE, text=True).stdout.strip()

    (root / "docs").mkdir(parents=True)
    git("init", "-q", "-b", "main")
    checklist = root / "docs/search-reindex-rollout-checklist.md"
    checklist.write_text("""---
title: Search Reindex Rollout Checklist
owner: search-platform
status: In Progress
last_reviewed: 2025-10-20
---

# Search Reindex Rollout Checklist

## 1. Validation Stage (10 Percent Traffic)

- [x] Set `REINDEX_ROLLOUT_PERCENTAGE=10` and redeploy the search service.
- [ ] Record findings in `docs/work-log.md` under a new Phase 3 entry.
""")
    (root / "docs/work-log.md").write_text("""---
title: Search Platform Work Log
owner: search-platform
status: Active
last_reviewed: 2025-10-20
---

# Search Platform Work Log

## 2025-10-21 - Search reindex Phase 2 preparation

Replica indexes built; no traffic switched yet.
""")
    git("add", "-A")
    git("commit", "-q", "-m", "Search reindex checklist", date="2025-10-21T10:00:00Z")
    base = git("rev-parse", "HEAD")
    git("update-ref", "refs/remotes/origin/main", base)
    git("checkout", "-q", "-b", "phase-3")
    checklist.write_text(checklist.read_text().replace("- [ ] Record findings", "- [x] Record findings"))
    git("commit", "-q", "-am", "Tick Phase 3 findings", date="2025-10-22T15:00:00Z")
    return base


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--binary", required=True, type=Path)
    args = parser.parse_args()
    source, binary = args.source.resolve(), args.binary.resolve()
    options, formats = help_options(binary)
    check("--format" in options and formats, f"rollout-audit --help lists options and formats ({formats})")

    blocks = code_blocks((source / "docs/ci.md").read_text(encoding="utf-8"))
    documents = []
    for language, text in blocks:
        if language == "yaml":
            try:
                documents.append(yaml.safe_load(text))
            except yaml.YAMLError as error:
                check(False, "a yaml block of docs/ci.md parses", error)
    github = [d for d in documents if isinstance(d, dict) and "jobs" in d]
    gitlab = [d for d in documents if isinstance(d, dict) and any(isinstance(j, dict) and "script" in j for j in d.values())]
    precommit = [d for d in documents if isinstance(d, dict) and "repos" in d]
    sh_blocks = [text for language, text in blocks if language in ("sh", "bash", "shell")]
    if not (check(len(github) == 1, "docs/ci.md has one GitHub Actions workflow")
            and check(len(gitlab) == 1, "docs/ci.md has one GitLab CI job")
            and check(len(precommit) == 1, "docs/ci.md has one .pre-commit-config.yaml")):
        return 1
    github, gitlab, precommit = github[0], gitlab[0], precommit[0]

    lists = re.findall(r"^\w*packages=\($(.*?)^\)$", (source / "scripts/install-deps").read_text(), re.S | re.M)
    allowed = [word for listed in lists for line in listed.splitlines() for word in line.split("#")[0].split()]
    allowed += ["ca-certificates"]
    cmake_text = "".join(p.read_text() for p in source.rglob("CMakeLists.txt") if "build" not in p.parts)

    # (where, shell text) in the order a run goes through them.
    scripts = []
    # GitHub Actions.
    triggers = github.get("on", github.get(True, {}))
    check(isinstance(triggers, dict) and "pull_request" in triggers, "the workflow runs on pull requests")
    check((github.get("permissions") or {}).get("security-events") == "write", "the workflow may upload SARIF")
    steps = [s for job in github["jobs"].values() for s in job.get("steps", [])]
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    check(checkouts and (checkouts[0].get("with") or {}).get("fetch-depth") == 0, "actions/checkout with fetch-depth: 0")
    action = yaml.safe_load((source / "action.yml").read_text())
    ours = [s for s in steps if re.match(r"^[\w.-]+/rollout-audit@", str(s.get("uses", "")))]
    check(len(ours) == 1, "the workflow uses the rollout-audit action once")
    action_inputs = ours[0].get("with") or {} if ours else {}
    for name in action_inputs:
        check(name in action["inputs"], f"the workflow's input '{name}' is an input of action.yml")
    for step in steps:
        scripts.append(("GitHub step '" + str(step.get("name", step.get("uses"))) + "'", steps_text(step)))
    check_versions(source, [s.get("uses", "") for s in steps + action["runs"]["steps"]], precommit, gitlab)
    # GitLab CI.
    job_name, job = next((n, j) for n, j in gitlab.items() if isinstance(j, dict) and "script" in j)
    for key in ("before_script", "script"):
        scripts.append((f"GitLab {job_name}.{key}", "\n".join(job.get(key, []))))
    for i, text in enumerate(sh_blocks):
        scripts.append((f"sh block {i + 1}", text))

    for where, text in scripts:
        for package in installed_packages(text):
            check(package in allowed, f"{where}: Debian package {package} is one of scripts/install-deps")
        for line in shell_lines(text):
            for name in re.findall(r"-D(\w+)=", line):
                check(name.startswith("CMAKE_") or name in cmake_text, f"{where}: -D{name} is a CMake option of the project")

    commands = []  # (where, line, parsed)
    for where, text in scripts:
        for line in audit_commands(text):
            parsed = parse_command(line, options, formats, where)
            if parsed is not None:
                commands.append((where, line, parsed))
    check(len(commands) >= 4, f"docs/ci.md has the audit command lines ({len(commands)})")
    junit_outputs = [p.get("--output") for w, _, p in commands if w.startswith("GitLab") and p.get("--format") == "junit"]
    check(((job.get("artifacts") or {}).get("reports") or {}).get("junit") in junit_outputs,
          "the GitLab JUnit report is the file the audit writes", junit_outputs)

    hooks = {h["id"]: h for h in yaml.safe_load((source / ".pre-commit-hooks.yaml").read_text())}
    for repo in precommit["repos"]:
        for hook in repo.get("hooks", []):
            check(hook["id"] in hooks, f"pre-commit hook {hook['id']} is in .pre-commit-hooks.yaml")
            for word in hook.get("args", []):
                check(not word.startswith("--") or word in options, f"pre-commit args {word} is a rollout-audit option")
    for hook in hooks.values():
        pattern = re.compile(hook["files"])
        triggers = ["docs/plan.md", "README.markdown", ".rollout-audit.yaml", "rules/team.yaml", "rules/a/b.yml"]
        others = ["notes.txt", "src/main.cpp", "docs/a.yaml", "team/.rollout-audit.yaml"]
        check(all(pattern.search(p) for p in triggers) and not any(pattern.search(p) for p in others),
              f"hook {hook['id']} runs for Markdown, the configuration and rule packs only")
        check(hook.get("pass_filenames") is False and hook.get("require_serial") is True
              and hook.get("always_run") is False and hook.get("description"),
              f"hook {hook['id']}: pass_filenames false, require_serial true, always_run false, a description")

    # Run the audit lines on a scripted pull request.
    with tempfile.TemporaryDirectory(prefix="rollout-audit-ci-docs-") as temp:
        temp = Path(temp)
        repo = temp / "pull-request"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(HOME=str(temp), GIT_CONFIG_NOSYSTEM="1", LC_ALL="C.UTF-8",
                   GIT_AUTHOR_NAME="Dana Reviewer", GIT_AUTHOR_EMAIL="dana@example.com",
                   GIT_COMMITTER_NAME="Dana Reviewer", GIT_COMMITTER_EMAIL="dana@example.com")
        base = make_pull_request(repo, env)
        env.update(PATH=f"{binary.parent}{os.pathsep}{env['PATH']}", GITHUB_BASE_REF="main", GITHUB_WORKSPACE=str(repo),
                   CI_PROJECT_DIR=str(repo), CI_MERGE_REQUEST_DIFF_BASE_SHA=base,
                   CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", GITHUB_STEP_SUMMARY=str(temp / "step-summary.md"))
        for where, line, parsed in commands:
            shell_line = line.replace("${{ github.base_ref }}", "main")
            # What the output is piped to (reviewdog) is not on this machine: run the audit, read its output.
            shell_line = re.split(r"\s\|\s", shell_line)[0]
            proc = subprocess.run(["bash", "-c", shell_line], cwd=repo, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            output = proc.stdout
            print(f"$ {shell_line}   (exit {proc.returncode})")
            what = f"{where}: {shell_line}"
            if not check(proc.returncode in (0, 1), f"{what} runs (exit 0 or 1)", output):
                continue
            fmt = parsed.get("--format", "text")
            report = (repo / parsed["--output"]).read_text() if "--output" in parsed and (repo / parsed["--output"]).is_file() else output
            if "--write-baseline" in parsed:
                check((repo / parsed["--write-baseline"]).is_file(), f"{what} writes the baseline")
                continue
            if "--baseline" in parsed:
                check(proc.returncode == 0, f"{what} reports no finding recorded in the baseline", output)
                continue
            expected = 0 if parsed.get("--fail-on") == "never" else 1
            check(proc.returncode == expected, f"{what} exits {expected}", output)
            if "--output" in parsed:
                check((repo / parsed["--output"]).is_file(), f"{what} writes {parsed['--output']}")
            if fmt == "sarif":
                try:
                    sarif = json.loads(report)
                    results = [r for run in sarif.get("runs", []) for r in run.get("results", [])]
                    check(any(r.get("ruleId") == "evidence-missing" for r in results), f"{what}: the SARIF holds the finding", report)
                except ValueError as error:
                    check(False, f"{what}: the SARIF is JSON", error)
            elif fmt == "junit":
                try:
                    tree = ElementTree.fromstring(report)
                    check(any(True for _ in tree.iter("failure")) and "evidence-missing" in report,
                          f"{what}: the JUnit report has the finding as a failure", report)
                except ElementTree.ParseError as error:
                    check(False, f"{what}: the JUnit report is XML", error)
            elif fmt == "github":
                check(re.search(r"^::error .*file=docs/search-reindex-rollout-checklist\.md", report, re.M) is not None,
                      f"{what}: an ::error annotation at the checklist", report)
            else:
                target = Path(env["GITHUB_STEP_SUMMARY"]) if "GITHUB_STEP_SUMMARY" in line else None
                text = target.read_text() if target and target.is_file() else report
                check("Phase 3" in text, f"{what}: the report shows the finding", text)

        run_action_step(source, repo, env, action_inputs)

    if failures:
        print(f"\n{len(failures)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
