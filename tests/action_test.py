#!/usr/bin/env python3
"""action.yml, the composite GitHub Action, as GitHub would load and run it, short of GitHub itself.

    action_test.py lint      --source SRC
    action_test.py structure --source SRC --binary BUILD/rollout-audit

lint: action-validator (npm @action-validator/cli, which scripts/install-deps installs) validates action.yml
and every workflow of docs/ci.md (and of .github/workflows/, when there is one) against the schemas of GitHub's
action and workflow files, offline, and must refuse a copy of action.yml with a misspelt key. Without
it CTest reports the test skipped (tests/support/skip.py), and under CI=true, where install-deps has run, it
fails: it installs nothing itself.

structure: the action's steps hang together: a composite action whose every input is declared, described and
used, whose run steps call scripts/github-action with commands it has and pass every RA_* variable the
script reads, which uploads the SARIF file it writes after the gate (always) with upload-sarif at its current
major version. Then the script's steps run: `setup` with stand-ins for cmake (the Release build it asks for,
PATH for later steps, the action's repository as homepage), and `audit sarif` / `audit gate` on a scripted
pull request with globs, a baseline, `changed-since: none` and rdjsonl.
"""
import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ci_docs_test  # noqa: E402  (its scripted pull request, its yaml import)

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))
import skip  # noqa: E402

yaml = ci_docs_test.yaml
# One list of failures with the checks borrowed from ci_docs_test (check_versions).
check = ci_docs_test.check
failures = ci_docs_test.failures


def lint(source):
    validator = shutil.which("action-validator")
    if not validator:
        # install-deps leaves this note when npm's registry was out of reach: then even CI skips.
        note = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rollout-audit" / "npm-unavailable"
        if note.is_file():
            print(skip.SKIP_MARKER + "action-validator is not installed: " + note.read_text().strip(), flush=True)
            sys.exit(0)
        skip.cannot_set_up("action-validator is not installed (scripts/install-deps installs it from npm)")
    with tempfile.TemporaryDirectory(prefix="rollout-audit-action-lint-") as temp:
        # action-validator tells an action from a workflow by the file's name.
        files = [source / "action.yml"]
        for number, (language, text) in enumerate(ci_docs_test.code_blocks((source / "docs/ci.md").read_text()), 1):
            document = yaml.safe_load(text) if language == "yaml" else None
            if isinstance(document, dict) and "jobs" in document:
                workflow = Path(temp) / ".github" / "workflows" / f"ci-md-block-{number}.yml"
                workflow.parent.mkdir(parents=True, exist_ok=True)
                workflow.write_text(text)
                files.append(workflow)
        check(len(files) >= 2, "docs/ci.md has a workflow to lint")
        # The .github folder of this repository, when it has one, holds workflows too.
        files += sorted((source / ".github" / "workflows").glob("*.y*ml"))
        for path in files:
            done = subprocess.run([validator, str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            check(done.returncode == 0, f"action-validator accepts {path.name}", done.stdout)
        # A control: the same action with an input's description misspelt must be refused, or the checks
        # above could not fail.
        broken = Path(temp) / "broken" / "action.yml"
        broken.parent.mkdir()
        action = yaml.safe_load((source / "action.yml").read_text())
        first_input = next(iter(action["inputs"].values()))
        first_input["descripton"] = first_input.pop("description")
        broken.write_text(yaml.safe_dump(action))
        done = subprocess.run([validator, str(broken)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        check(done.returncode != 0 and "descripton" in done.stdout, "action-validator refuses an action with a misspelt key", done.stdout)
    return 0


def referenced_inputs(node):
    text = yaml.safe_dump(node)
    return set(re.findall(r"inputs\.([\w-]+)", text))


def check_structure(source, action):
    check(action.get("runs", {}).get("using") == "composite", "action.yml is a composite action")
    inputs = action.get("inputs", {})
    for name in ("path", "format", "fail-on", "baseline", "changed-since"):
        check(name in inputs, f"action.yml has the input '{name}'")
    for name, spec in inputs.items():
        check(bool((spec or {}).get("description")), f"input '{name}' is described")
    used = referenced_inputs(action["runs"]) | referenced_inputs(action.get("outputs", {}))
    check(used <= set(inputs), f"every input the steps use is declared ({sorted(used - set(inputs))})")
    check(set(inputs) <= used, f"every declared input is used ({sorted(set(inputs) - used)})")

    script_text = (source / "scripts" / "github-action").read_text()
    commands = set(re.findall(r"^(\w+)\) ", script_text, re.M)) | {"audit sarif", "audit gate"}
    read = set(re.findall(r"\bRA_[A-Z_]+", script_text))
    passed = set()
    steps = action["runs"]["steps"]
    for step in steps:
        if "run" in step:
            check(step.get("shell") == "bash", f"step '{step.get('name')}' names its shell (bash)")
            for call in re.findall(r'scripts/github-action"? ([\w ]+?)(?:\'|\n|$)', step["run"]):
                check(call.strip() in commands, f"step '{step.get('name')}' runs github-action {call.strip()}, which exists")
            passed |= set((step.get("env") or {}).keys())
    check(read <= passed, f"every RA_* variable the script reads is passed by a step ({sorted(read - passed)})")

    uploads = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    if check(len(uploads) == 1, "one upload-sarif step"):
        upload = steps[uploads[0]]
        check((upload.get("with") or {}).get("sarif_file") == "${{ inputs.sarif-file }}", "it uploads the SARIF file written")
        check("always()" in str(upload.get("if", "")), "it uploads whatever the gate decided (always())")
        gates = [i for i, s in enumerate(steps) if "audit gate" in str(s.get("run", ""))]
        check(gates and gates[0] < uploads[0], "the gate runs before the upload")
        ci_docs_test.check_versions(source, [upload["uses"]], {"repos": []}, {})


def stub(folder, name, body):
    path = folder / name
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def check_setup(source, temp, env):
    """setup builds a Release rollout-audit of the action's source and puts it on PATH for later steps."""
    bin_dir = temp / "stubs"
    bin_dir.mkdir()
    log = temp / "cmake.log"
    # A cmake that records its arguments and "builds" a rollout-audit printing its version.
    stub(bin_dir, "cmake", f'echo "$*" >>"{log}"\n'
                           'if [ "$1" = --build ]; then printf "#!/bin/sh\\necho rollout-audit 0.0.0-stub\\n" >"$2/rollout-audit";'
                           ' chmod +x "$2/rollout-audit"; fi\n')
    github_path = temp / "github-path"
    runner_temp = temp / "runner"
    runner_temp.mkdir()
    (runner_temp / "rollout-audit-build").mkdir()
    setup_env = dict(env, PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", RUNNER_TEMP=str(runner_temp), GITHUB_PATH=str(github_path),
                     GITHUB_ACTION_REPOSITORY="acme/rollout-audit", GITHUB_SERVER_URL="https://github.example",
                     GITHUB_WORKSPACE=str(temp / "pull-request"))
    done = subprocess.run([str(source / "scripts" / "github-action"), "setup"], env=setup_env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    calls = log.read_text() if log.exists() else ""
    check(done.returncode == 0 and "rollout-audit 0.0.0-stub" in done.stdout, "setup builds and runs rollout-audit", done.stdout)
    check(f"-S {source} -B {runner_temp}/rollout-audit-build -G Ninja -DCMAKE_BUILD_TYPE=Release -DROLLOUT_AUDIT_TESTS=OFF "
          "-DROLLOUT_AUDIT_HOMEPAGE=https://github.example/acme/rollout-audit" in calls,
          "a Release build of the action's source, linking the action's repository", calls)
    check(github_path.exists() and github_path.read_text() == f"{runner_temp}/rollout-audit-build\n",
          "the build folder goes on PATH for the later steps (GITHUB_PATH)")
    safe = subprocess.run(["git", "config", "--global", "--get-all", "safe.directory"], env=setup_env, stdout=subprocess.PIPE, text=True)
    check(str(temp / "pull-request") in safe.stdout.split("\n"), "the workspace is a safe.directory (containers)", safe.stdout)


def check_audit_steps(source, repo, env):
    script = str(source / "scripts" / "github-action")

    def step(*args, **variables):
        done = subprocess.run([script, *args], cwd=repo, env=dict(env, **variables), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        return done.returncode, done.stdout

    status, out = step("audit", "gate", RA_PATH="docs/*.md\ndocs/work-log.md", RA_CHANGED_SINCE="none", RA_FORMAT="text")
    check(status == 1 and "docs/search-reindex-rollout-checklist.md:13:1: error:" in out,
          "globs and new lines in path reach rollout-audit unexpanded; changed-since none audits every line", out)
    status, out = step("audit", "gate", RA_PATH="docs/", RA_FORMAT="rdjsonl", RA_FAIL_ON="never")
    check(status == 0 and '"code":{"value":"evidence-missing"' in out, "format rdjsonl, fail-on never", out)
    baseline = repo.parent / "baseline.yaml"
    subprocess.run([shutil.which("rollout-audit", path=env["PATH"]), "--write-baseline", str(baseline), "docs/"], cwd=repo, env=env,
                   stdout=subprocess.DEVNULL)
    status, out = step("audit", "gate", RA_PATH="docs/", RA_BASELINE=str(baseline))
    check(status == 0 and "1 baselined" in out, "baseline: what it records is not reported", out)
    status, out = step("audit", "sarif", RA_PATH="docs/", RA_SARIF_FILE="report.sarif", RA_FAIL_ON="error")
    check(status == 0 and (repo / "report.sarif").is_file(), "audit sarif never fails and writes sarif-file", out)
    status, out = step("audit", "gates")
    check(status == 2 and "audit sarif|gate, not 'gates'" in out, "an unknown step is an error", out)


def structure(source, binary):
    action = yaml.safe_load((source / "action.yml").read_text())
    check_structure(source, action)
    with tempfile.TemporaryDirectory(prefix="rollout-audit-action-") as temp:
        temp = Path(temp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "RA_"))}
        env.update(HOME=str(temp), GIT_CONFIG_NOSYSTEM="1", LC_ALL="C.UTF-8",
                   GIT_AUTHOR_NAME="Dana Reviewer", GIT_AUTHOR_EMAIL="dana@example.com",
                   GIT_COMMITTER_NAME="Dana Reviewer", GIT_COMMITTER_EMAIL="dana@example.com")
        repo = temp / "pull-request"
        ci_docs_test.make_pull_request(repo, env)
        check_setup(source, temp, env)
        env.update(PATH=f"{binary.parent}{os.pathsep}{env['PATH']}", GITHUB_BASE_REF="main")
        check_audit_steps(source, repo, env)
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["lint", "structure"])
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--binary", type=Path)
    args = parser.parse_args()
    source = args.source.resolve()
    status = lint(source) if args.mode == "lint" else structure(source, args.binary.resolve())
    if failures:
        print(f"\n{len(failures)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
