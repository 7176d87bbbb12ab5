#!/usr/bin/env python3
"""The sign-off report of the bundled example in a real headless browser (Debian's chromium).

Builds the example's scripted git history in a temporary folder, runs `rollout-audit report` on it twice (with
--now, and as a user runs it, without), and drives chromium over the DevTools protocol (tests/support/cdp.py)
to check that:
  - the page loads with no console message at all (the page has no scripts; a Content-Security-Policy
    violation, a failed fetch or a script error would each log one);
  - the DOM chromium built holds the verdict, the timeline (ticks, evidence, windows), the metric charts
    with their threshold lines, and the findings table with file:line links;
  - the colours meet WCAG AA contrast (4.5:1) against the page and panel backgrounds, light and dark;
  - it reads at every width from a phone to a monitor and in print (360, 390, 800, 1400 px, and print
    media at 700 px): nothing overflows horizontally (the document no wider than the viewport, no element
    past its right edge, no table scrolling inside its box, no timeline text outside its drawing), the
    timeline's text is drawn at 9 px or more, its findings badges overlap no tick and no other badge, a
    stages table drawn as a table gives its "Stated windows" column room, and no table row is taller than
    the screen;
  - without --now no "now" line is drawn and no stage runs "until now";
  - it prints (to PDF).
Screenshots at 390, 800 and 1400 px (report-390.png, ...), light and dark at 1280 px, and the PDF are kept
under --artifacts. With ROLLOUT_AUDIT_UPDATE=1 the light screenshot is also copied to docs/report-example.png,
the one the README shows.

Chromium comes from scripts/install-deps. Without it the test is reported skipped (tests/support/skip.py),
and fails under CI=true, where install-deps has run: it installs nothing itself.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "support"))
import cdp  # noqa: E402
import skip  # noqa: E402

NOW = "2025-10-24T12:00:00Z"  # the example's history ends 2025-10-24T10:00:00Z
SCREENSHOT_WIDTHS = (390, 800, 1400)
LAYOUT_WIDTHS = (360, 390, 800, 1400)
PRINT_WIDTH = 700  # about an A4 page's text width in CSS pixels
SMALLEST_TEXT = 9  # CSS pixels, for the timeline's text as drawn


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


# Measures the page as laid out: a list of problems (empty when it reads) and a few figures for the log.
LAYOUT = r"""
(() => {
  const problems = [];
  const viewport = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\s+/).join('.') : '') +
    (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '');
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

  const scroll = document.documentElement.scrollWidth;
  if (scroll > viewport) problems.push(`the document is ${scroll} px wide in a ${viewport} px viewport: it scrolls sideways`);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > viewport + 0.5) problems.push(`${name(el)} ends at ${Math.round(r.right)} px, past the ${viewport} px viewport`);
  }
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (shown(wrap) && wrap.scrollWidth > wrap.clientWidth + 1)
      problems.push(`${name(wrap.firstElementChild)} is ${wrap.scrollWidth} px wide in its ${wrap.clientWidth} px box: it scrolls sideways`);
  }
  let smallest = Infinity;
  const variants = [];
  for (const svg of document.querySelectorAll('svg[data-testid="timeline"]')) {
    if (!shown(svg)) continue;
    variants.push(svg.getAttribute('data-variant'));
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1)
        problems.push(`timeline text '${text.textContent}' runs out of its drawing (${Math.round(r.left)}..${Math.round(r.right)} px, drawing ${Math.round(box.left)}..${Math.round(box.right)} px)`);
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
    const ticks = [...svg.querySelectorAll('circle.tick')].map((c) => c.getBoundingClientRect());
    const badges = [...svg.querySelectorAll('rect.flag')].map((b) => b.getBoundingClientRect());
    badges.forEach((badge, i) => {
      if (ticks.some((tick) => overlap(badge, tick))) problems.push(`a findings badge overlaps a tick in ${svg.id || name(svg)}`);
      if (badges.slice(i + 1).some((other) => overlap(badge, other))) problems.push(`two findings badges overlap in ${name(svg)}`);
    });
  }
  if (smallest < SMALLEST) problems.push(`timeline text is drawn at ${smallest.toFixed(1)} px (at least ${SMALLEST} px)`);
  for (const cell of document.querySelectorAll('table.stages td.windows')) {
    const table = cell.closest('table');
    if (!shown(cell) || getComputedStyle(table).display !== 'table') continue;
    const em = parseFloat(getComputedStyle(cell).fontSize);
    if (cell.getBoundingClientRect().width < 12 * em)
      problems.push(`the 'Stated windows' column is ${Math.round(cell.getBoundingClientRect().width)} px wide (${(cell.getBoundingClientRect().width / em).toFixed(1)} em)`);
  }
  for (const row of document.querySelectorAll('tr')) {
    if (shown(row) && row.getBoundingClientRect().height > Math.max(window.innerHeight, 700))
      problems.push(`a row of ${name(row.closest('table'))} is ${Math.round(row.getBoundingClientRect().height)} px tall`);
  }
  return {problems: problems.slice(0, 30), smallest: smallest === Infinity ? null : smallest, variants};
})()
""".replace("SMALLEST", str(SMALLEST_TEXT))


def check_layout(page, what):
    measured = page.evaluate(LAYOUT)
    if measured["problems"]:
        fail(f"{what}:\n  " + "\n  ".join(measured["problems"]))
    if not measured["variants"]:
        fail(f"{what}: no timeline drawing is shown")
    smallest = measured["smallest"]
    print(f"ok: {what}: nothing overflows; timeline drawn {'/'.join(measured['variants'])}, smallest text {smallest:.1f} px")
    return measured


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


def render(binary, work, page, *extra):
    done = subprocess.run([binary, "report", "docs", "-o", str(page), *extra], cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"rollout-audit report exited {done.returncode}: {done.stderr}")
    if done.stdout:
        fail(f"rollout-audit report -o wrote to standard output: {done.stdout[:200]}")
    return page.read_text(encoding="utf-8")


def check_png(path):
    if not path.exists() or path.stat().st_size < 20000 or path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"no screenshot at {path}")


def check_without_now(html):
    """As a user runs it, without --now: the clock says nothing about the rollout, so no 'now' is drawn and
    the open stage ends at the last recorded event."""
    if 'class="now"' in html:
        fail("without --now the timeline draws a 'now' line")
    if "until now" in html:
        fail("without --now a stage runs 'until now'")
    if 'class="open-end"' not in html:
        fail("without --now the open stage is not drawn with an open end")


def open_page(page, url, what):
    page.navigate(url)
    console = page.console()
    if console:
        fail(f"the page logged to the console ({what}):\n" + "\n".join(console))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    source = pathlib.Path(args.source)
    artifacts = pathlib.Path(args.artifacts)

    chromium = find_chromium()
    if not chromium:
        skip.cannot_set_up("chromium is not installed (scripts/install-deps installs it)")
    artifacts.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rollout-audit-browser-") as temp:
        temp = pathlib.Path(temp)
        subprocess.run(["bash", str(source / "example" / "history.sh"), str(temp / "example")], check=True, stdout=subprocess.DEVNULL)
        work = temp / "example" / "work"
        dated = temp / "report.html"
        html = render(args.binary, work, dated, "--now", NOW)
        shutil.copy(dated, artifacts / "report.html")
        check_contrast(html)
        default = temp / "report-default.html"
        check_without_now(render(args.binary, work, default))
        shutil.copy(default, artifacts / "report-default.html")

        with cdp.Browser(chromium, temp / "profile") as browser:
            page = browser.new_page(1280, 1800)
            open_page(page, dated.as_uri(), "with --now")
            check_dom(page.evaluate("document.documentElement.outerHTML"))
            shot = artifacts / "report.png"  # the top of the page, as the README shows it
            page.screenshot(shot, whole_page=False)
            check_png(shot)
            page.emulate(dark=True)
            page.screenshot(artifacts / "report-dark.png", whole_page=False)
            check_png(artifacts / "report-dark.png")
            page.emulate()

            for width in LAYOUT_WIDTHS:
                page.resize(width, 900)
                for url, what in ((dated.as_uri(), "with --now"), (default.as_uri(), "without --now")):
                    open_page(page, url, f"{what}, {width} px")
                    check_layout(page, f"{width} px, {what}")
                if width in SCREENSHOT_WIDTHS:  # the default page, as users first see it
                    page.screenshot(artifacts / f"report-{width}.png")
                    check_png(artifacts / f"report-{width}.png")

            page.resize(PRINT_WIDTH, 1000)
            page.emulate(media="print")
            open_page(page, dated.as_uri(), "print media")
            check_layout(page, f"print media, {PRINT_WIDTH} px")
            pdf = artifacts / "report.pdf"
            page.pdf(pdf)
            if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
                fail(f"no PDF at {pdf}")

        if os.environ.get("ROLLOUT_AUDIT_UPDATE") == "1":
            if shot.stat().st_size > 300_000:
                fail(f"{shot} is {shot.stat().st_size} bytes: too big for the README (300 kB at most)")
            shutil.copy(shot, source / "docs" / "report-example.png")
            print(f"updated {source / 'docs' / 'report-example.png'}")
    print(f"ok: the report reads in {chromium} at {', '.join(map(str, LAYOUT_WIDTHS))} px and in print, with no console message; "
          f"artifacts in {artifacts}")


if __name__ == "__main__":
    main()
