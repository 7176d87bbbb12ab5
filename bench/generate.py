#!/usr/bin/env python3
"""Generates a synthetic repository with a real git history, for the benchmark.

Two profiles, each at sizes smoke, small, medium and large:

- `checklists` (the default): a docs tree. Checklists move through stages, a work log grows with dated
  entries and metrics, evidence files are attached, checklists are occasionally renamed, and a few boxes
  are ticked before their evidence. Prose rarely changes.
- `long-docs`: shaped like real repositories (issue 17). Long documents (20-100 KB) with a checklist
  section, whose prose changes in most commits that touch them; a few documents are edited far more
  often than the rest; most first-parent commits are merges of short pull-request branches; about half
  the commits touch no Markdown; a large tree of other files (code) beside the docs.

The history is written with `git fast-import`, so even the large size takes a few minutes at most, then packed
as a clone would have it (`git repack -a -d`); the result is the same for the same profile and size: the random
numbers are seeded and the dates fixed.

    bench/generate.py [--profile checklists|long-docs] small|medium|large|smoke DIR
"""
import argparse
import os
import random
import subprocess
import sys

SIZES = {
    #          documents  commits  filler paragraphs per document
    "smoke": (12, 40, 2),
    "small": (50, 300, 20),
    "medium": (600, 3000, 20),
    "large": (6000, 30000, 20),
}

WORDS = ("rollout stage traffic worker queue latency percentile failure rate fallback broker chat "
         "deploy verify metrics window stable ramp cutover validation evidence report owner review "
         "service config migration status dashboard alert threshold rollback incident support").split()

STAGES = [
    ("1. Pre-flight (One Hour Before Validation Window)", ["Confirm credentials in the target environment.",
                                                            "Download recent worker logs.",
                                                            "Notify stakeholders in `#rollouts`."]),
    ("2. Validation Stage (10 Percent Traffic)", ["Update environment configuration to 10 percent.",
                                                  "Redeploy worker/service.",
                                                  "Execute smoke tests and log timestamps plus response latency.",
                                                  "Record findings in `docs/work-log.md` under a new {name} validation entry.",
                                                  "If failure rate >= 2 percent or response P95 > 5 s, rollback immediately."]),
    ("3. Ramp Stage (50 Percent Traffic)", ["Preconditions met: validation window complete, failed job rate < 1 percent, worker stable for 24 hours.",
                                            "Update configuration to 50 percent.",
                                            "Capture results in the work log."]),
    ("4. Full Cutover (100 Percent Traffic)", ["Preconditions met: Ramp window stable for 72 hours and leadership sign-off recorded.",
                                               "Update configuration to 100 percent.",
                                               "Redeploy worker/service."]),
    ("5. Post-Execution Documentation", ["Update `docs/reports/{slug}-COMPLETION.md` with actual rollout metrics.",
                                         "Attach logs to `docs/validation-reports/`."]),
]


def filler(rng, paragraphs):
    out = []
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 110))).capitalize() + ".")
    return "\n\n".join(out)


class Checklist:
    def __init__(self, rng, index, paragraphs):
        self.name = f"Service {index:05d}"
        self.slug = f"service-{index:05d}"
        self.path = f"docs/plans/active/{self.slug}-rollout-checklist.md"
        self.items = []  # (stage index, text, ticked)
        for stage, (title, items) in enumerate(STAGES):
            for text in items:
                self.items.append([stage, text.format(name=self.name, slug=self.slug), False])
        self.filler = filler(rng, paragraphs)
        self.next_item = 0

    def render(self):
        lines = ["---", f"title: {self.name} Rollout Checklist", "owner: platform", "status: Active",
                 "last_reviewed: 2025-10-01", "---", "", f"# {self.name} Rollout Checklist", "", self.filler, ""]
        stage = -1
        for item_stage, text, ticked in self.items:
            if item_stage != stage:
                stage = item_stage
                lines += ["", f"## {STAGES[stage][0]}", ""]
            lines.append(f"- [{'x' if ticked else ' '}] {text}")
        return "\n".join(lines) + "\n"


def generate_checklists(size, target):
    documents, commits, paragraphs = SIZES[size]
    rng = random.Random(42)
    os.makedirs(target, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", target], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
    out = importer.stdin

    checklists = [Checklist(rng, i, paragraphs) for i in range(max(1, documents * 3 // 10))]
    notes = [f"docs/notes/note-{i:05d}.md" for i in range(documents - len(checklists) - 1)]
    work_log = ["# Work Log", ""]
    time = 1756684800  # 2025-09-01T00:00:00Z
    mark = 0

    def commit(changes, message, deletes=()):
        nonlocal time, mark
        time += rng.randint(600, 7200)
        mark += 1
        body = message.encode()
        out.write(f"commit refs/heads/main\nmark :{mark}\n".encode())
        out.write(f"author Bench Bot <bench@example.com> {time} +0000\n".encode())
        out.write(f"committer Bench Bot <bench@example.com> {time} +0000\n".encode())
        out.write(f"data {len(body)}\n".encode() + body + b"\n")
        for path in deletes:
            out.write(f"D {path}\n".encode())
        for path, text in changes.items():
            data = text.encode()
            out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        out.write(b"\n")

    # The first commit lays the tree out.
    initial = {c.path: c.render() for c in checklists}
    for path in notes:
        initial[path] = f"---\ntitle: Note {path}\n---\n\n# Note\n\n{filler(rng, paragraphs)}\n"
    initial["docs/work-log.md"] = "\n".join(work_log) + "\n"
    initial[".rollout-audit.yaml"] = "exclude: []\n"
    commit(initial, "Lay out the docs tree")

    for n in range(1, commits):
        checklist = rng.choice(checklists)
        changes = {}
        deletes = []
        roll = rng.random()
        if checklist.next_item < len(checklist.items) and roll < 0.6:
            stage, text, _ = checklist.items[checklist.next_item]
            checklist.items[checklist.next_item][2] = not text.startswith("If ")
            checklist.next_item += 1
            changes[checklist.path] = checklist.render()
            if "work-log" in text or "work log" in text or rng.random() < 0.05:  # evidence with the tick, mostly
                day = time // 86400
                work_log[2:2] = [f"## {format_day(day)} - {checklist.name} {STAGES[stage][0].split(' ', 1)[1].split(' (')[0].lower()}",
                                 "", f"Response P95: {rng.uniform(0.8, 4.5):.1f} s, failure rate {rng.uniform(0, 1.5):.1f}%, "
                                 f"failed job rate {rng.uniform(0, 0.9):.1f}%, at {rng.randint(10, 23)}:{rng.randint(10, 59)} UTC.", ""]
                changes["docs/work-log.md"] = "\n".join(work_log) + "\n"
        elif roll < 0.75:
            path = f"docs/validation-reports/{checklist.slug}-{n}.md"
            changes[path] = f"# {checklist.name} evidence {n}\n\nP95 {rng.uniform(0.8, 4.5):.1f} s.\n"
        elif roll < 0.8:
            old = checklist.path
            checklist.path = checklist.path.replace("/active/", "/archive/") if "/active/" in old else old.replace("/archive/", "/active/")
            deletes.append(old)
            changes[checklist.path] = checklist.render()
        else:
            path = rng.choice(notes) if notes else checklist.path
            changes[path] = f"---\ntitle: Note {path}\n---\n\n# Note {n}\n\n{filler(rng, paragraphs)}\n"
        commit(changes, f"Change {n}", deletes)

    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)


# The long-docs profile (issue 17): what real repositories with rollout docs look like.

LONG_DOCS_SIZES = {
    #          long documents  first-parent commits  other files
    "smoke": (6, 40, 150),
    "small": (40, 300, 1500),
    "medium": (200, 3000, 6000),
    "large": (700, 30000, 20000),
}
PULL_REQUEST_SHARE = 0.7  # first-parent commits that merge a short branch
NO_MARKDOWN_SHARE = 0.5   # first-parent commits (direct, or a whole pull request) that change only code
PROSE_SHARE = 0.85        # touches of a document that change its prose (the rest only tick boxes)
TICK_SHARE = 0.35         # touches of a document that also tick its next box
MIN_DOC_BYTES, MAX_DOC_BYTES = 20_000, 100_000
AREAS = ("design", "runbooks", "architecture", "operations", "release")
CODE_AREAS = ("api", "agent", "storage", "alerts", "monitoring", "frontend", "auth", "billing", "search",
              "scheduler", "ingest", "export")
START = 1756684800  # 2025-09-01T00:00:00Z


def words(rng, low, high):
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


class LongDoc:
    """A long design or runbook document with a rollout checklist section somewhere in it and a "Current
    state" section that grows; a share of them hold what keeps a parser from cutting them at headings:
    link reference definitions, or an HTML block."""

    def __init__(self, rng, index):
        self.rng = rng
        self.name = f"Subsystem {index:04d}"
        self.slug = f"subsystem-{index:04d}"
        self.path = f"docs/{AREAS[index % len(AREAS)]}/{self.slug}.md"
        self.front_matter = rng.random() < 0.6
        self.references = rng.random() < 0.15
        self.details = rng.random() < 0.15
        self.items = [[stage, text.format(name=self.name, slug=self.slug), False]
                      for stage, (title, items) in enumerate(STAGES) for text in items]
        self.next_item = 0
        self.sections = []  # [title, [blocks]]
        target = rng.randint(MIN_DOC_BYTES, MAX_DOC_BYTES - 10_000)
        size = 0
        while size < target:
            blocks = []
            for _ in range(rng.randint(3, 14)):
                blocks.append(self.block())
                size += len(blocks[-1]) + 2
            self.sections.append([words(rng, 2, 5).capitalize(), blocks])
        self.checklist_at = rng.randint(1, len(self.sections))  # the checklist section comes before this one
        self.state = []  # "Current state" entries, oldest first
        self.size = size

    def link(self):
        if self.references and self.rng.random() < 0.3:
            return f"[{self.rng.choice(WORDS)} notes][ref-{self.rng.randint(1, 5)}]"
        return f"[{self.rng.choice(WORDS)} {self.rng.choice(WORDS)}](../{self.rng.choice(AREAS)}/{self.rng.choice(WORDS)}.md)"

    def paragraph(self, low=50, high=130):
        rng = self.rng
        text = words(rng, low, high).capitalize().split(" ")
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(text))
            text[at] = rng.choice((f"`{text[at]}`", f"**{text[at]}**", self.link()))
        return " ".join(text) + "."

    def block(self):
        rng = self.rng
        kind = rng.random()
        if kind < 0.6:
            return self.paragraph()
        if kind < 0.75:
            return "\n".join(f"- {words(rng, 4, 16)} {self.link()}" for _ in range(rng.randint(3, 7)))
        if kind < 0.83:
            return "```sh\n" + "\n".join(f"svcctl {rng.choice(WORDS)} --{rng.choice(WORDS)}={rng.randint(1, 99)}"
                                         for _ in range(rng.randint(2, 8))) + "\n```"
        if kind < 0.9:
            rows = [f"| {rng.choice(WORDS)} | {rng.randint(1, 500)} ms | {words(rng, 3, 8)} |" for _ in range(rng.randint(2, 8))]
            return "\n".join(["| signal | budget | note |", "| --- | ---: | --- |"] + rows)
        return f"### {words(rng, 2, 4).capitalize()}\n\n{self.paragraph()}"

    def touch(self, day):
        """One commit's edit: mostly prose (a block reworded, a state entry added, a block inserted), often
        a box ticked too. Returns the ticked item's (stage, text) or None."""
        rng = self.rng
        ticked = None
        prose = rng.random() < PROSE_SHARE
        if prose:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                roll = rng.random()
                if roll < 0.5:
                    blocks = rng.choice(self.sections)[1]
                    at = rng.randrange(len(blocks))
                    old = blocks[at]
                    blocks[at] = self.paragraph() if not old.startswith(("-", "|", "`", "#")) else self.block()
                    self.size += len(blocks[at]) - len(old)
                elif roll < 0.85:
                    entry = f"### {format_day(day)}: {words(rng, 3, 7)}\n\n{self.paragraph(30, 90)}"
                    self.state.append(entry)
                    self.size += len(entry) + 2
                else:
                    block = self.block()
                    blocks = rng.choice(self.sections)[1]
                    blocks.insert(rng.randrange(len(blocks) + 1), block)
                    self.size += len(block) + 2
            while self.size > MAX_DOC_BYTES - 4_000 and self.state:  # headings, checklist and links are not counted
                self.size -= len(self.state.pop(0)) + 2
        if self.next_item < len(self.items) and (not prose or rng.random() < TICK_SHARE):
            stage, text, _ = self.items[self.next_item]
            self.items[self.next_item][2] = not text.startswith("If ")
            self.next_item += 1
            ticked = (stage, text)
        elif not prose:
            # Nothing left to tick: a follow-up step is added, as teams do.
            self.items.append([len(STAGES) - 1, f"Follow up: {words(rng, 4, 10)}.", False])
        return ticked

    def render(self):
        lines = []
        if self.front_matter:
            lines += ["---", f"title: {self.name} Design", "owner: platform", "status: Active", "last_reviewed: 2025-10-01", "---", ""]
        lines += [f"# {self.name} Design", ""]
        for n, (title, blocks) in enumerate(self.sections):
            if n == self.checklist_at - 1:
                lines += self.render_checklist()
            lines += [f"## {title}", ""]
            for block in blocks:
                lines += [block, ""]
            if self.details and n == 0:
                lines += ["<details>", "<summary>Background</summary>", "", self.sections[0][1][0], "", "</details>", ""]
        lines += ["## Current state", ""]
        for entry in self.state:
            lines += [entry, ""]
        if self.references:
            lines += [f"[ref-{n}]: https://wiki.example.com/{self.slug}/{n}" for n in range(1, 6)] + [""]
        return "\n".join(lines)

    def render_checklist(self):
        lines = ["## Rollout checklist"]
        stage = -1
        for item_stage, text, ticked in self.items:
            if item_stage != stage:
                stage = item_stage
                lines += ["", f"### {STAGES[stage][0]}", ""]
            lines.append(f"- [{'x' if ticked else ' '}] {text}")
        return lines + [""]


class FastImport:
    """Writes commits to `git fast-import`: blobs by mark, so a merge can take its branch's files."""

    def __init__(self, target, rng):
        os.makedirs(target, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", "main", target], check=True)
        self.process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
        self.out = self.process.stdin
        self.rng = rng
        self.mark = 0
        self.time = START

    def blob(self, text):
        data = text.encode()
        self.mark += 1
        self.out.write(f"blob\nmark :{self.mark}\ndata {len(data)}\n".encode() + data + b"\n")
        return self.mark

    def commit(self, ref, message, files, deletes=(), parents=()):
        """`files`: path -> blob mark. Returns the commit's mark."""
        self.time += self.rng.randint(600, 7200)
        self.mark += 1
        body = message.encode()
        out = self.out
        out.write(f"commit {ref}\nmark :{self.mark}\n".encode())
        for who in ("author", "committer"):
            out.write(f"{who} Bench Bot <bench@example.com> {self.time} +0000\n".encode())
        out.write(f"data {len(body)}\n".encode() + body + b"\n")
        if parents:
            out.write(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            out.write(f"merge :{parent}\n".encode())
        for path in deletes:
            out.write(f"D {path}\n".encode())
        for path, mark in files.items():
            out.write(f"M 100644 :{mark} {path}\n".encode())
        out.write(b"\n")
        return self.mark

    def finish(self, target):
        self.out.close()
        if self.process.wait() != 0:
            sys.exit("git fast-import failed")
        subprocess.run(["git", "update-ref", "-d", "refs/heads/topic"], cwd=target, check=True)
        subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)


class LongDocsRepository:
    def __init__(self, rng, size):
        documents, self.commits, others = LONG_DOCS_SIZES[size]
        self.rng = rng
        self.docs = [LongDoc(rng, i) for i in range(documents)]
        self.code = [f"src/{CODE_AREAS[i % len(CODE_AREAS)]}/pkg{(i // len(CODE_AREAS)) % 40:02d}/file{i:05d}.go"
                     for i in range(others)]
        self.readmes = [f"src/{area}/README.md" for area in CODE_AREAS]
        self.work_log = ["# Work Log", ""]
        self.day = START // 86400

    def code_file(self, path):
        rng = self.rng
        return (f"package {path.split('/')[2]}\n\n// {words(rng, 6, 20)}\nfunc F{rng.randint(1, 10**6)}() int {{\n"
                f"\treturn {rng.randint(1, 10**6)}\n}}\n")

    def readme(self, path):
        return f"# {path.split('/')[1].capitalize()}\n\n{words(self.rng, 40, 90).capitalize()}. See [the design](../../docs/design/).\n"

    def initial(self):
        files = {doc.path: doc.render() for doc in self.docs}
        files.update({path: self.code_file(path) for path in self.code})
        files.update({path: self.readme(path) for path in self.readmes})
        files["docs/work-log.md"] = "\n".join(self.work_log) + "\n"
        return files

    def change(self, n, markdown):
        """One commit's changes: code only, or one to three documents (with code beside them half the time)."""
        rng = self.rng
        files, deletes = {}, []
        if not markdown or rng.random() < 0.5:
            for path in rng.sample(self.code, rng.randint(1, 6)):
                files[path] = self.code_file(path)
            if rng.random() < 0.1:
                path = f"src/{rng.choice(CODE_AREAS)}/new/file{n:06d}.go"
                self.code.append(path)
                files[path] = self.code_file(path)
            if rng.random() < 0.03:
                path = rng.choice(self.readmes)
                files[path] = self.readme(path)
        if markdown:
            for _ in range(rng.choice((1, 1, 1, 1, 2, 3))):
                # A few documents take most of the edits, as in real repositories.
                doc = self.docs[int(len(self.docs) * rng.random() ** 3)]
                if rng.random() < 0.01:
                    old = doc.path
                    doc.path = old.replace("docs/", "docs/archive/", 1) if "/archive/" not in old else old.replace("archive/", "", 1)
                    deletes.append(old)
                    files.pop(old, None)
                ticked = doc.touch(self.day)
                files[doc.path] = doc.render()
                if ticked:
                    self.evidence(doc, ticked, n, files)
        return files, deletes

    def evidence(self, doc, ticked, n, files):
        rng = self.rng
        stage, text = ticked
        if "work-log" in text or "work log" in text or rng.random() < 0.05:
            title = STAGES[stage][0].split(" ", 1)[1].split(" (")[0].lower()
            self.work_log[2:2] = [f"## {format_day(self.day)} - {doc.name} {title}", "",
                                  f"Response P95: {rng.uniform(0.8, 4.5):.1f} s, failure rate {rng.uniform(0, 1.5):.1f}%, "
                                  f"failed job rate {rng.uniform(0, 0.9):.1f}%, at {rng.randint(10, 23)}:{rng.randint(10, 59)} UTC.", ""]
            files["docs/work-log.md"] = "\n".join(self.work_log) + "\n"
        if "validation-reports" in text or rng.random() < 0.1:
            files[f"docs/validation-reports/{doc.slug}-{n}.md"] = f"# {doc.name} evidence {n}\n\nP95 {rng.uniform(0.8, 4.5):.1f} s.\n"


def generate_long_docs(size, target):
    rng = random.Random(17)
    repository = LongDocsRepository(rng, size)
    git = FastImport(target, rng)
    main = git.commit("refs/heads/main", "Lay out the repository", {p: git.blob(t) for p, t in repository.initial().items()})
    for n in range(1, repository.commits):
        repository.day = git.time // 86400
        markdown = rng.random() >= NO_MARKDOWN_SHARE
        if rng.random() < PULL_REQUEST_SHARE:
            tip, merged, gone = main, {}, set()
            for k in range(rng.randint(1, 4)):
                # A docs pull request's commits do not all touch the docs.
                files, deletes = repository.change(n, markdown and (k == 0 or rng.random() < 0.6))
                marks = {p: git.blob(t) for p, t in files.items()}
                tip = git.commit("refs/heads/topic", f"Pull request {n}: change {k + 1}", marks, deletes, [tip])
                merged.update(marks)
                gone.update(deletes)
                gone.difference_update(marks)
                for path in deletes:
                    merged.pop(path, None)
            main = git.commit("refs/heads/main", f"Merge pull request #{n} from bench/topic-{n}", merged, sorted(gone), [main, tip])
        else:
            files, deletes = repository.change(n, markdown)
            main = git.commit("refs/heads/main", f"Change {n}", {p: git.blob(t) for p, t in files.items()}, deletes, [main])
    git.finish(target)


def format_day(day):
    import datetime
    return datetime.date.fromordinal(datetime.date(1970, 1, 1).toordinal() + day).isoformat()


def main():
    parser = argparse.ArgumentParser(description="Generates a benchmark repository with a scripted git history.")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="checklists")
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("target")
    args = parser.parse_args()
    PROFILES[args.profile](args.size, args.target)
    # Packed as a clone or `git gc` packs it: commits, then trees, then blobs. fast-import writes objects in
    # the order it reads them, trees among the blobs, which no cloned repository has: a walk of such a pack
    # reads its trees from all over it (issue 17: the long-docs profile unmapped pack windows 55,000 times).
    # One thread and one pack whatever the user's configuration: the same call gives the same pack.
    subprocess.run(["git", "-c", "pack.threads=1", "-c", "pack.packSizeLimit=0", "repack", "-a", "-d", "-q"],
                   cwd=args.target, check=True)


PROFILES = {"checklists": generate_checklists, "long-docs": generate_long_docs}

if __name__ == "__main__":
    main()
