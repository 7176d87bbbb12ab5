#!/usr/bin/env python3
"""Runs rollout-audit in every format and checks each output the way its consumers read it.

Usage: validate_outputs.py ROLLOUT_AUDIT_BINARY REPO_ROOT [FIXTURE_CASE...]

Without FIXTURE_CASE it audits the bundled example; with them, each fixture case (a folder holding tree/ or
history.sh, and args) as the fixture runner does, and then also requires that every finding's message
holds non-ASCII text and that the cases together fire every built-in rule and a team rule (the non-ASCII
fixtures, fixtures/non-ascii/).

- text: valid UTF-8, no control character but the line feed;
- json: parses; markdown (the comment) and the sign-off report's Markdown: valid UTF-8, every table row
  with its header's cells as cmark-gfm splits them; the sign-off report's HTML: valid UTF-8, every element
  closed in order (html.parser);

- sarif: valid against the SARIF 2.1.0 schema (Draft 4, the committed copy in tests/schemas/, so the test
  never depends on anything outside the repository), every ruleIndex pointing at its rule, a fingerprint on
  every result, repository-relative URIs;
- junit: well-formed XML whose counts match the JSON summary;
- github: one workflow command per finding and input problem, by level;
- rdjson and rdjsonl: the shape of reviewdog's Diagnostic Format (its proto/rdf jsonschema: DiagnosticResult,
  Diagnostic, Location, Range, Position, Code, Source, Suggestion), checked stricter than reviewdog reads it
  (known keys only, lines and columns from 1, a range's end after its start), one diagnostic per finding
  and input problem; on a checklist with a misspelt rule id in a suppression comment, the suggestion,
  applied to the file as reviewdog would, writes the rule id meant.
rollout-audit exits 1 when there are findings: 0 and 1 are both accepted, anything else fails.
"""
import html.parser
import json
import pathlib
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

faults = []


def fault(message):
    faults.append(message)
    print(f"FAIL: {message}")


class Target:
    """What one audit runs on: a folder to run in and the arguments that pick the tree."""

    def __init__(self, name, cwd, arguments):
        self.name, self.cwd, self.arguments = name, cwd, arguments


def example_target(repo):
    example = repo / "example"
    return Target("example", None, ["--no-history", "--now", "2025-11-01T00:00:00Z", "--root", str(example), str(example / "docs")])


def fixture_target(case, scratch):
    """A fixture case run as tests/cli/fixture_runner.cpp runs it: from inside tree/, or in the repository its
    history.sh builds."""
    arguments = ["--no-color", "--now", "2025-11-01T00:00:00Z"]
    extra = (case / "args").read_text(encoding="utf-8").split() if (case / "args").exists() else []
    if (case / "history.sh").exists():
        folder = scratch / case.name
        folder.mkdir()
        done = subprocess.run(["bash", str(case / "history.sh"), str(folder)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            sys.exit(f"FAIL: {case}/history.sh exited {done.returncode}:\n{done.stderr}")
        return Target(case.name, folder / "work", arguments + extra)
    return Target(case.name, case / "tree", arguments + ["--no-history"] + extra)


def run(binary, target, fmt, command=None):
    """The tool's output as bytes: each check decodes it itself, so invalid UTF-8 is a fault, not a crash."""
    full = [str(binary)] + ([command] if command else []) + target.arguments + ["--format", fmt]
    done = subprocess.run(full, capture_output=True, cwd=target.cwd, timeout=120)
    if done.returncode not in (0, 1):
        sys.exit(f"FAIL: {' '.join(full)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return done.stdout


def decoded(what, data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        fault(f"{what}: not valid UTF-8: {error}")
        return data.decode("utf-8", errors="replace")


def check_sarif(text, summary, schema_path):
    try:
        import jsonschema
    except ImportError:
        sys.exit("FAIL: python3 jsonschema is missing (scripts/install-deps installs python3-jsonschema)")
    sarif = json.loads(text)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=lambda e: list(e.absolute_path))
    for error in errors[:20]:
        fault(f"sarif: schema: {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
    if sarif.get("version") != "2.1.0" or len(sarif.get("runs", [])) != 1:
        fault("sarif: want version 2.1.0 and exactly one run")
        return
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"].get("rules", [])
    results = run_.get("results", [])
    levels = {"error": 0, "warning": 0, "note": 0}
    for number, result in enumerate(results):
        index = result.get("ruleIndex")
        if index is None or index >= len(rules) or rules[index]["id"] != result.get("ruleId"):
            fault(f"sarif: result {number}: ruleIndex {index} does not name rule {result.get('ruleId')}")
        level = result.get("level", "warning")
        levels[level] = levels.get(level, 0) + 1
        if not result.get("partialFingerprints"):
            fault(f"sarif: result {number}: no partialFingerprints")
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        if uri.startswith("/") or "\\" in uri or location["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            fault(f"sarif: result {number}: '{uri}' is not relative to %SRCROOT%")
        if location.get("region", {}).get("startLine", 0) < 1:
            fault(f"sarif: result {number}: no startLine")
    fingerprints = [tuple(sorted(r.get("partialFingerprints", {}).items())) for r in results]
    if len(set(fingerprints)) != len(fingerprints):
        fault("sarif: two results share a fingerprint")
    want = {"error": summary["errors"], "warning": summary["warnings"], "note": summary["notes"]}
    if levels != want:
        fault(f"sarif: results by level {levels}, JSON summary says {want}")
    if "originalUriBaseIds" not in run_ or "%SRCROOT%" not in run_["originalUriBaseIds"]:
        fault("sarif: no originalUriBaseIds for %SRCROOT%")
    invocation = run_.get("invocations", [{}])[0]
    if invocation.get("executionSuccessful") is not True:
        fault("sarif: invocations[0].executionSuccessful is not true")
    warnings = [n for n in invocation.get("toolExecutionNotifications", []) if n.get("level") == "warning"]
    if len(warnings) != summary["diagnostics"]:
        fault(f"sarif: {len(warnings)} input-problem notifications, JSON summary says {summary['diagnostics']}")
    print(f"sarif: {len(results)} results, {len(rules)} rules, schema {'valid' if not errors else 'INVALID'}")


def check_junit(text, summary):
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        fault(f"junit: not well-formed XML: {error}")
        return
    if root.tag != "testsuites":
        fault(f"junit: root element is <{root.tag}>, not <testsuites>")
        return
    suites = root.findall("testsuite")
    if len(suites) != 1:
        fault(f"junit: {len(suites)} testsuites, want 1")
        return
    suite = suites[0]
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    errored = [c for c in cases if c.find("error") is not None]
    noted = [c for c in cases if c.find("system-out") is not None]
    findings = summary["errors"] + summary["warnings"] + summary["notes"]
    expected_tests = findings + summary["diagnostics"] + (1 if findings == 0 else 0)
    checks = [
        ("testcases", len(cases), expected_tests),
        ("testsuite tests=", int(suite.get("tests", -1)), expected_tests),
        ("testcases with <failure>", len(failed), summary["errors"] + summary["warnings"]),
        ("testsuite failures=", int(suite.get("failures", -1)), summary["errors"] + summary["warnings"]),
        ("testcases with <failure type=error>", sum(c.find("failure").get("type") == "error" for c in failed), summary["errors"]),
        ("testcases with <error>", len(errored), summary["diagnostics"]),
        ("testsuite errors=", int(suite.get("errors", -1)), summary["diagnostics"]),
        ("notes as passing testcases", len(noted), summary["notes"]),
        ("testsuites tests=", int(root.get("tests", -1)), expected_tests),
    ]
    for what, got, want in checks:
        if got != want:
            fault(f"junit: {what} {got}, JSON summary says {want}")
    for case in cases:
        if not case.get("classname") or not case.get("name"):
            fault("junit: a testcase without classname or name")
    print(f"junit: {len(cases)} testcases, {len(failed)} failures, {len(errored)} errors")


def check_github(text, summary):
    lines = text.splitlines()
    counts = {kind: sum(line.startswith(f"::{kind} ") for line in lines) for kind in ("error", "warning", "notice")}
    want = {"error": summary["errors"], "warning": summary["warnings"] + summary["diagnostics"], "notice": summary["notes"]}
    if counts != want:
        fault(f"github: commands by level {counts}, JSON summary says {want}")
    order = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    rank = {"::error": 0, "::warning": 1, "::notice": 2}
    if order != sorted(order, key=rank.get):
        fault("github: annotations are not errors first, then warnings, then notices")
    print(f"github: {sum(counts.values())} annotations")


# reviewdog's Diagnostic Format as JSON Schema (Draft 4), written from its proto's messages. Stricter than
# reviewdog's own schema: no keys it does not define, and the fields a reviewer needs are required.
POSITION = {"type": "object", "additionalProperties": False, "required": ["line"],
            "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}}}
RANGE = {"type": "object", "additionalProperties": False, "required": ["start"],
         "properties": {"start": POSITION, "end": POSITION}}
SOURCE = {"type": "object", "additionalProperties": False, "required": ["name"],
          "properties": {"name": {"type": "string", "minLength": 1}, "url": {"type": "string", "pattern": "^https?://"}}}
SEVERITY = {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]}
DIAGNOSTIC = {
    "type": "object", "additionalProperties": False, "required": ["message", "location", "severity", "code"],
    "properties": {
        "message": {"type": "string", "minLength": 1},
        "location": {"type": "object", "additionalProperties": False, "required": ["path", "range"],
                     "properties": {"path": {"type": "string", "minLength": 1, "pattern": "^[^/]"}, "range": RANGE}},
        "severity": {"enum": ["ERROR", "WARNING", "INFO"]},
        "source": SOURCE,
        "code": {"type": "object", "additionalProperties": False, "required": ["value"],
                 "properties": {"value": {"type": "string", "minLength": 1}, "url": {"type": "string", "pattern": "^https?://"}}},
        "suggestions": {"type": "array", "minItems": 1,
                        "items": {"type": "object", "additionalProperties": False, "required": ["range", "text"],
                                  "properties": {"range": RANGE, "text": {"type": "string"}}}},
        "original_output": {"type": "string"},
    },
}
RESULT = {"type": "object", "additionalProperties": False, "required": ["diagnostics"],
          "properties": {"diagnostics": {"type": "array", "items": DIAGNOSTIC}, "source": SOURCE, "severity": SEVERITY}}


def rd_faults(name, instance, schema):
    import jsonschema
    for error in sorted(jsonschema.Draft4Validator(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))[:20]:
        fault(f"{name}: {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
    diagnostics = instance.get("diagnostics", []) if "diagnostics" in instance else [instance]
    for number, diagnostic in enumerate(diagnostics):
        ranges = [s.get("range", {}) for s in diagnostic.get("suggestions", [])]
        for r in ranges:
            start, end = r.get("start", {}), r.get("end", r.get("start", {}))
            if (end.get("line", 0), end.get("column", 0)) < (start.get("line", 0), start.get("column", 0)):
                fault(f"{name}: diagnostic {number}: a suggestion's range ends before it starts")


def check_rdjson(rdjson, rdjsonl, summary):
    result = json.loads(rdjson)
    rd_faults("rdjson", result, RESULT)
    lines = rdjsonl.splitlines()
    for number, line in enumerate(lines):
        rd_faults(f"rdjsonl line {number + 1}", json.loads(line), DIAGNOSTIC)
    if [json.loads(line) for line in lines] != result.get("diagnostics"):
        fault("rdjsonl: its lines are not the diagnostics of rdjson")
    by_code = {}
    for diagnostic in result.get("diagnostics", []):
        key = "input-problem" if diagnostic["code"]["value"] == "input-problem" else diagnostic["severity"]
        by_code[key] = by_code.get(key, 0) + 1
    want = {k: v for k, v in {"ERROR": summary["errors"], "WARNING": summary["warnings"], "INFO": summary["notes"],
                               "input-problem": summary["diagnostics"]}.items() if v}
    if by_code != want:
        fault(f"rdjson: diagnostics {by_code}, JSON summary says {want}")
    print(f"rdjson: {len(result.get('diagnostics', []))} diagnostics; rdjsonl: {len(lines)} lines")


TYPO_CHECKLIST = """# Cache Warmup Rollout

## 1. Canary (5 percent)

<!-- rollout-audit-disable-next-line evidence-mising reason="tracked in OPS-7" -->
- [x] Record findings in `docs/work-log.md` under a new Cache warmup canary entry.
"""


def check_suggestion(binary):
    """A misspelt rule id in a suppression comment: the suggestion, applied, writes the id meant."""
    with tempfile.TemporaryDirectory(prefix="rollout-audit-rdjson-") as temp:
        root = pathlib.Path(temp)
        (root / "docs").mkdir()
        (root / ".rollout-audit.yaml").write_text("exclude: []\n")
        checklist = root / "docs" / "cache-warmup-checklist.md"
        checklist.write_text(TYPO_CHECKLIST)
        (root / "docs" / "work-log.md").write_text("# Log\n")
        done = subprocess.run([str(binary), "--no-history", "--format", "rdjsonl", str(root)], capture_output=True, text=True)
        diagnostics = [json.loads(line) for line in done.stdout.splitlines()]
        for number, diagnostic in enumerate(diagnostics):
            rd_faults(f"rdjsonl (typo) line {number + 1}", diagnostic, DIAGNOSTIC)
        fixed = [d for d in diagnostics if d.get("suggestions")]
        if len(fixed) != 1 or fixed[0]["code"]["value"] != "suppression-comment":
            fault(f"rdjsonl: want one suggestion, for suppression-comment; got {done.stdout}")
            return
        suggestion = fixed[0]["suggestions"][0]
        start, end = suggestion["range"]["start"], suggestion["range"]["end"]
        lines = TYPO_CHECKLIST.split("\n")
        if start["line"] != end["line"]:
            fault("rdjsonl: the suggestion spans lines")
            return
        line = lines[start["line"] - 1].encode()
        lines[start["line"] - 1] = (line[: start["column"] - 1] + suggestion["text"].encode() + line[end["column"] - 1 :]).decode()
        if lines[start["line"] - 1] != '<!-- rollout-audit-disable-next-line evidence-missing reason="tracked in OPS-7" -->':
            fault(f"rdjsonl: the suggestion applied gives {lines[start['line'] - 1]!r}")
        else:
            print("rdjsonl: the suggestion corrects the misspelt rule id")


def check_text(text):
    controls = sorted({f"U+{ord(c):04X}" for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F})
    if controls:
        fault(f"text: control characters {', '.join(controls)}")
    print(f"text: {text.count(chr(10))} lines")


def table_pipes(line):
    """The cell separators of a row as cmark-gfm's scanner finds them: a backslash escapes ASCII punctuation."""
    pipes, i = 0, 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and line[i + 1] in string.punctuation:
            i += 2
            continue
        pipes += line[i] == "|"
        i += 1
    return pipes


def check_markdown(what, text):
    header = 0
    rows = 0
    for line in text.split("\n"):
        row = line.startswith("| ")
        if header and not row and line:
            fault(f"{what}: a line breaks into a table: {line[:80]!r}")
        if not row:
            header = 0
        elif not header:
            header = table_pipes(line)
        elif table_pipes(line) != header:
            fault(f"{what}: a row with other cells than its header: {line[:120]!r}")
        else:
            rows += 1
    print(f"{what}: {rows} table rows")


class Balance(html.parser.HTMLParser):
    VOID = {"meta", "br", "link", "hr", "img", "input", "wbr", "area", "base", "col", "embed", "source", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.problems, self.elements = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements += 1

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {'<' + self.open[-1] + '>' if self.open else 'nothing'}")
        else:
            self.open.pop()


def check_html(text):
    parser = Balance()
    parser.feed(text)
    parser.close()
    for problem in parser.problems[:10]:
        fault(f"report html: {problem}")
    if parser.open:
        fault(f"report html: <{parser.open[-1]}> is never closed")
    controls = sorted({f"U+{ord(c):04X}" for c in text if (ord(c) < 0x20 and c not in "\n\t\r") or 0x7F <= ord(c) <= 0x9F})
    if controls:
        fault(f"report html: control characters {', '.join(controls)}")
    print(f"report html: {parser.elements} elements")


def check_target(binary, repo, target):
    print(f"== {target.name}")
    report = json.loads(decoded("json", run(binary, target, "json")))
    summary = report["summary"]
    check_text(decoded("text", run(binary, target, "text")))
    check_sarif(decoded("sarif", run(binary, target, "sarif")), summary, repo / "tests" / "schemas" / "sarif-schema-2.1.0.json")
    check_junit(run(binary, target, "junit"), summary)
    check_github(decoded("github", run(binary, target, "github")), summary)
    check_rdjson(decoded("rdjson", run(binary, target, "rdjson")), decoded("rdjsonl", run(binary, target, "rdjsonl")), summary)
    check_markdown("markdown", decoded("markdown", run(binary, target, "markdown")))
    check_markdown("report markdown", decoded("report markdown", run(binary, target, "markdown", "report")))
    check_html(decoded("report html", run(binary, target, "html", "report")))
    return report


def check_non_ascii(binary, reports):
    """Every message quotes non-ASCII text, and the cases fire every built-in rule and a team rule."""
    fired = set()
    for name, report in reports:
        for finding in report["findings"]:
            fired.add(finding["rule"])
            if finding["message"].isascii():
                fault(f"{name}: {finding['rule']} at line {finding['line']}: the message holds no non-ASCII text")
    listed = subprocess.run([str(binary), "--list-rules"], capture_output=True, text=True, timeout=60).stdout.split("\n")
    builtin = {line.split()[0] for line in listed if line.strip()}
    missing = builtin - fired
    if missing:
        fault(f"non-ASCII fixtures: no finding of {', '.join(sorted(missing))}")
    if not fired - builtin:
        fault("non-ASCII fixtures: no finding of a team rule (required-file)")
    print(f"non-ASCII fixtures: {len(fired)} rules fired")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary = pathlib.Path(sys.argv[1]).resolve()
    repo = pathlib.Path(sys.argv[2]).resolve()
    cases = [pathlib.Path(case).resolve() for case in sys.argv[3:]]
    with tempfile.TemporaryDirectory(prefix="validate-outputs-") as scratch:
        targets = [fixture_target(case, pathlib.Path(scratch)) for case in cases] if cases else [example_target(repo)]
        reports = []
        for target in targets:
            report = check_target(binary, repo, target)
            summary = report["summary"]
            if summary["errors"] + summary["warnings"] + summary["notes"] == 0:
                fault(f"{target.name} has no findings: nothing would be validated")
            reports.append((target.name, report))
    if cases:
        check_non_ascii(binary, reports)
    check_suggestion(binary)
    print(f"{len(faults)} faults")
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
