#!/usr/bin/env python3
"""The sign-off report of the bundled example in a real headless browser (Debian's chromium).

Builds the example's scripted git history in a temporary folder, runs `rollout-audit report` on it, loads the
page in chromium (headless, no sandbox, no GPU, no background networking) and checks that:
  - the page loads with no console message at all (the page has no scripts; a Content-Security-Policy
    violation, a failed fetch or a script error would each log one);
  - the DOM chromium built holds the verdict, the timeline (ticks, evidence, windows), the metric charts
    with their threshold lines, and the findings table with file:line links;
  - the colours meet WCAG AA contrast (4.5:1) against the page and panel backgrounds, light and dark;
  - it prints (to PDF).
Screenshots (light and dark) and the PDF are saved under --artifacts. With ROLLOUT_AUDIT_UPDATE=1 the light
screenshot is also copied to docs/report-example.png, the one the README shows.

Chromium is installed by this set-up when missing (apt-get, as root or through sudo).
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

NOW = "2025-10-24T12:00:00Z"  # the example's history ends 2025-10-24T10:00:00Z


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def install_chromium():
    chromium = find_chromium()
    if chromium:
        return chromium
    print("browser test set-up: installing chromium (apt-get)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, check=False)
        if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            fail("could not install chromium with apt-get")
    chromium = find_chromium()
    if not chromium:
        fail("chromium is not on PATH after installing it")
    return chromium


def chromium_run(chromium, profile, url, extra, timeout=180):
    """One headless run; returns (stdout, console lines)."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--metrics-recording-only",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, errors="replace")
    if done.returncode != 0:
        fail(f"chromium exited {done.returncode}:\n{done.stderr[-4000:]}")
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return done.stdout, console


def luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_contrast(html):
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    blocks = {
        "light": re.search(r":root \{(.*?)\}", style, re.S).group(1),
        "dark": re.search(r"prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", style, re.S).group(1),
        "print": re.search(r"@media print \{\s*:root \{(.*?)\}", style, re.S).group(1),
    }
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", blocks["light"]))
    problems = []
    for scheme, block in blocks.items():
        colours = dict(light)
        colours.update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        for text in ("fg", "muted", "ok", "bad", "warn", "note", "evidence"):
            for background in ("bg", "panel", "lane"):
                ratio = contrast(colours[text], colours[background])
                if ratio < 4.5:
                    problems.append(f"{scheme}: --{text} {colours[text]} on --{background} {colours[background]} is {ratio:.2f}:1")
    if problems:
        fail("contrast below 4.5:1:\n  " + "\n  ".join(problems))


def check_dom(dom):
    def count(testid):
        return len(re.findall(rf'data-testid="{testid}"', dom))

    expected = {
        "verdict": 1,
        "checklist": 3,  # the execution checklist, the activation plan, the search reindex checklist
        "timeline": 3,
        "tick": 1,
        "evidence": 1,
        "window": 1,
        "metric-chart": 1,
        "threshold": 1,
        "metric-point": 1,
        "findings": 1,
        "stages": 1,
        "events": 1,
    }
    for testid, least in expected.items():
        if count(testid) < least:
            fail(f'the page holds {count(testid)} data-testid="{testid}", expected at least {least}')
    if not re.search(r'<p class="verdict" data-testid="verdict"><strong>Not ready to sign</strong>', dom):
        fail("the page does not say the example is not ready to sign")
    for text in (
        "AI Broker Rollout Execution Checklist",
        "stable for 24 hours",  # the window the ramp's precondition was ticked inside
        "6.2 s",  # the validation stage's P95, over the rollback line
        "rollback if",
        "ticked-before-precondition",
    ):
        if text not in dom:
            fail(f"the page does not show '{text}'")
    links = re.findall(r'<a class="loc" href="[^"]*docs/plans/active/ai-broker-rollout-execution-checklist\.md#L35"><code>(.*?)</code></a>', dom)
    if "docs/plans/active/ai-broker-rollout-execution-checklist.md:35" not in [re.sub(r"<[^>]*>", "", link) for link in links]:
        fail("the findings do not link to file:line")
    # The ramp's precondition tick (line 35) carries its three findings and links to the first of them.
    if not re.search(r'data-testid="tick" data-findings="[1-9]" href="#c\d+-f\d+"', dom):
        fail("no tick in the timeline is marked with its findings")
    # Every drawing is an image with a title and a description.
    for svg in re.findall(r"<svg[^>]*data-testid=\"(?:timeline|metric-chart)\"[^>]*>", dom):
        if 'role="img"' not in svg or "aria-labelledby" not in svg:
            fail(f"a drawing has no text alternative: {svg[:200]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    source = pathlib.Path(args.source)
    artifacts = pathlib.Path(args.artifacts)
    artifacts.mkdir(parents=True, exist_ok=True)

    chromium = install_chromium()
    with tempfile.TemporaryDirectory(prefix="rollout-audit-browser-") as temp:
        temp = pathlib.Path(temp)
        subprocess.run(["bash", str(source / "example" / "history.sh"), str(temp / "example")], check=True, stdout=subprocess.DEVNULL)
        work = temp / "example" / "work"
        page = temp / "report.html"
        done = subprocess.run([args.binary, "report", "docs", "-o", str(page), "--now", NOW], cwd=work, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            fail(f"rollout-audit report exited {done.returncode}: {done.stderr}")
        if done.stdout:
            fail(f"rollout-audit report -o wrote to standard output: {done.stdout[:200]}")
        html = page.read_text(encoding="utf-8")
        shutil.copy(page, artifacts / "report.html")
        check_contrast(html)

        url = page.as_uri()
        dom, console = chromium_run(chromium, temp / "profile-dom", url, ["--dump-dom"])
        if console:
            fail("the page logged to the console:\n" + "\n".join(console))
        check_dom(dom)

        shot = artifacts / "report.png"
        _, console = chromium_run(chromium, temp / "profile-shot", url, [f"--screenshot={shot}", "--window-size=1280,1800"])
        if console:
            fail("the page logged to the console while taking the screenshot:\n" + "\n".join(console))
        if not shot.exists() or shot.stat().st_size < 20000 or shot.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            fail(f"no screenshot at {shot}")

        dark = artifacts / "report-dark.png"
        chromium_run(chromium, temp / "profile-dark", url,
                     [f"--screenshot={dark}", "--window-size=1280,1800", "--blink-settings=preferredColorScheme=0"])
        if not dark.exists():
            fail(f"no dark screenshot at {dark}")

        pdf = artifacts / "report.pdf"
        chromium_run(chromium, temp / "profile-pdf", url, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"])
        if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
            fail(f"no PDF at {pdf}")

        if os.environ.get("ROLLOUT_AUDIT_UPDATE") == "1":
            if shot.stat().st_size > 300_000:
                fail(f"{shot} is {shot.stat().st_size} bytes: too big for the README (300 kB at most)")
            shutil.copy(shot, source / "docs" / "report-example.png")
            print(f"updated {source / 'docs' / 'report-example.png'}")
    print(f"ok: the report loads in {chromium} with no console messages; artifacts in {artifacts}")


if __name__ == "__main__":
    main()
