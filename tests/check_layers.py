#!/usr/bin/env python3
"""Fails when a source file includes a layer ARCHITECTURE.md does not allow for its folder."""
import pathlib
import re
import sys

ALLOWED = {
    "util": set(),
    "vocabulary": {"util"},
    "corpus": {"util"},
    "config": {"vocabulary", "util"},
    "markdown": {"util"},
    "evidence": {"markdown", "vocabulary", "util"},
    "history": {"evidence", "markdown", "vocabulary", "util"},
    "audit": {"history", "evidence", "markdown", "vocabulary", "config", "corpus", "util"},
    "report": {"audit", "vocabulary", "util"},
    "init": {"audit", "evidence", "markdown", "vocabulary", "config", "corpus", "util"},
    "cli": {"report", "init", "audit", "history", "evidence", "markdown", "vocabulary", "config", "corpus", "util"},
}

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
faults = []
for path in sorted(src.rglob("*.[ch]pp")):
    layer = path.relative_to(src).parts[0]
    if layer not in ALLOWED:
        continue  # main.cpp
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = include.match(line)
        if match and match.group(1) != layer and match.group(1) not in ALLOWED[layer]:
            faults.append(f"{path}:{number}: {layer} may not include {match.group(1)} (see ARCHITECTURE.md)")
for fault in faults:
    print(fault)
print(f"{len(faults)} layering faults in {src}")
sys.exit(1 if faults else 0)
