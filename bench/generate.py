#!/usr/bin/env python3
"""Generates a synthetic docs repository with a real git history, for the benchmark.

Checklists move through stages, a work log grows with dated entries and metrics, evidence files are
attached, checklists are occasionally renamed, and a few boxes are ticked before their evidence. The
history is written with `git fast-import`, so even the large size takes seconds, and the result is the
same for the same size and seed.

    bench/generate.py small|medium|large|smoke DIR
"""
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


def main():
    size, target = sys.argv[1], sys.argv[2]
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


def format_day(day):
    import datetime
    return datetime.date.fromordinal(datetime.date(1970, 1, 1).toordinal() + day).isoformat()


if __name__ == "__main__":
    main()
