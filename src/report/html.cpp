#include "report/report_model.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace report {

namespace {

// Every piece of document text goes through here, in element content and in attributes alike. Bytes that
// are not UTF-8 and control characters, which HTML does not allow, are shown as util::printable shows them.
std::string esc(std::string_view raw)
{
  const std::string text = util::printable(raw);
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// A repository path as a relative URL: everything but unreserved characters and '/' percent-encoded, so
// no path can become a scheme ("javascript:") or break out of the attribute.
std::string url_path(std::string_view path)
{
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Characters, not bytes: for estimating how wide a text is drawn.
size_t glyphs(std::string_view text)
{
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A path or id: the browser may break it after a '/', never at a '-' ("ai-broker-rollout" split over two
// lines reads as two words); each part between two '/' is kept on one line (.nb), and a part longer than
// `long_part` characters only where it is wider than the whole line (.nb.long). The text copied stays the same.
std::string code_text(std::string_view text, size_t long_part = std::string_view::npos)
{
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t slash = text.find('/', start);
    const std::string_view part = text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash + 1 - start);
    if (!part.empty()) {
      out += fmt::format("<span class=\"nb{}\">{}</span>", glyphs(part) > long_part ? " long" : "", esc(part));
    }
    if (slash == std::string_view::npos) {
      break;
    }
    out += "<wbr>";
    start = slash + 1;
  }
  return out;
}

// Prose that names ids and paths ("2 ticked-before-precondition", "in docs/work-log.md"): a word with a '-'
// inside it is kept whole as code_text keeps it, except that a long file name in a sentence may be broken
// where it is wider than the column, which would otherwise widen to hold it; the other words wrap as usual.
std::string prose_text(std::string_view text)
{
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    const std::string_view word = text.substr(start, end - start);
    const size_t dash = word.find('-');
    out += dash != std::string_view::npos && dash > 0 && dash + 1 < word.size() ? code_text(word, 40) : esc(word);
    if (end < text.size()) {
      out += ' ';
    }
    start = end + 1;
  }
  return out;
}

std::string plural(size_t count, std::string_view word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string location_link(const ReportModel& model, std::string_view file, int line)
{
  const std::string place = line > 0 ? fmt::format("{}:{}", file, line) : std::string(file);
  const std::string href = url_path(model.link_base) + url_path(file) + (line > 0 ? fmt::format("#L{}", line) : "");
  return fmt::format("<a class=\"loc\" href=\"{}\"><code>{}</code></a>", href, code_text(place));
}

std::string_view severity_class(audit::Severity severity)
{
  switch (severity) {
  case audit::Severity::error:
    return "error";
  case audit::Severity::warning:
    return "warning";
  case audit::Severity::note:
    return "note";
  }
  return "note";
}

std::string svg_num(double value)
{
  return fmt::format("{:.1f}", value);
}

// ---- time axis ------------------------------------------------------------------------------------------

const char* const k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "Oct 22" at midnight, "15:00" otherwise.
std::string axis_label(util::Timestamp time, bool with_date)
{
  const std::string iso = util::format_timestamp(time); // 2025-10-22T15:00:00Z
  const int month = std::stoi(iso.substr(5, 2));
  const std::string date = fmt::format("{} {}", k_months[(month + 11) % 12], std::stoi(iso.substr(8, 2)));
  const std::string clock = iso.substr(11, 5);
  if (clock == "00:00") {
    return date;
  }
  return with_date ? date + " " + clock : clock;
}

struct Axis
{
  util::Timestamp from = 0;
  util::Timestamp to = 0;
  double left = 0;
  double right = 0;
  int64_t step = 3600;

  double x(util::Timestamp time) const
  {
    if (to <= from) {
      return (left + right) / 2;
    }
    return left + (right - left) * static_cast<double>(time - from) / static_cast<double>(to - from);
  }
};

Axis make_axis(util::Timestamp first, util::Timestamp last, double left, double right, int max_labels)
{
  Axis axis;
  axis.left = left;
  axis.right = right;
  int64_t span = last - first;
  const int64_t pad = std::max<int64_t>(span / 25, 3600);
  axis.from = first - pad;
  axis.to = last + pad;
  if (span <= 0) {
    axis.from = first - 12 * 3600;
    axis.to = last + 12 * 3600;
  }
  span = axis.to - axis.from;
  const int64_t k_steps[] = {3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400,
                             91 * 86400, 365 * 86400};
  axis.step = k_steps[std::size(k_steps) - 1];
  for (int64_t step : k_steps) {
    if (span / step <= max_labels) {
      axis.step = step;
      break;
    }
  }
  return axis;
}

// ---- the page's CSS -------------------------------------------------------------------------------------

constexpr std::string_view k_style = R"CSS(
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa; --lane: #f6f8fa;
  --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --note: #0969da; --evidence: #0550ae;
  --window: rgba(154, 103, 0, 0.14); --window-line: #9a6700; --bar: #8c959f; --grid: #e4e8ec;
  --bad-area: rgba(207, 34, 46, 0.07);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9aa4af; --border: #3d444d; --panel: #151b23; --lane: #151b23;
    --ok: #3fb950; --bad: #ff7b72; --warn: #d29922; --note: #58a6ff; --evidence: #79c0ff;
    --window: rgba(210, 153, 34, 0.18); --window-line: #d29922; --bar: #656c76; --grid: #262c34;
    --bad-area: rgba(255, 123, 114, 0.10);
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
.page { max-width: 1240px; margin: 0 auto; padding: 20px clamp(12px, 3vw, 28px) 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 2px; }
h3 { font-size: 1.05rem; margin: 28px 0 8px; }
a { color: var(--note); }
code { font: 0.88em/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.meta, .path { color: var(--muted); margin: 0 0 12px; }
.verdict { border: 2px solid var(--bad); border-left-width: 8px; border-radius: 6px; padding: 10px 14px; margin: 12px 0;
  font-size: 1.05rem; }
.verdict.ready { border-color: var(--ok); }
.verdict strong { color: var(--bad); }
.verdict.ready strong { color: var(--ok); }
.counts { color: var(--muted); margin: 0 0 16px; }
nav ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 4px; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0 8px; border-radius: 10px;
  border: 1px solid currentColor; margin-right: 6px; }
.badge.ready { color: var(--ok); }
.badge.not-ready { color: var(--bad); }
.checklist { border-top: 1px solid var(--border); margin-top: 32px; padding-top: 24px; }
figure { margin: 0; }
.timeline svg.timeline-svg { width: 100%; height: auto; display: block; background: var(--bg); }
.timeline svg.wide { max-width: 1040px; }
.timeline svg.narrow { display: none; max-width: 500px; }
@media screen and (max-width: 759px) {
  .timeline svg.wide { display: none; }
  .timeline svg.narrow { display: block; }
}
.nb { white-space: nowrap; }
.nb.long { display: inline-block; max-width: 100%; white-space: normal; }
@media screen and (max-width: 759px) {
  /* A phone's line may be shorter than one part of a path: the part is then broken at its '-' inside its box. */
  .nb { display: inline-block; max-width: 100%; white-space: normal; }
  a .nb { text-decoration: underline; } /* an inline-block does not inherit its link's underline */
}
.table-wrap { overflow-x: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); font-size: 0.85rem; margin: 6px 0 0; }
.legend svg { width: 22px; height: 16px; vertical-align: middle; margin-right: 4px; }
.note-box { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--border); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
table.stages td.windows { min-width: 14em; }
.sev { font-weight: 600; }
.sev.error, .bad { color: var(--bad); }
.sev.warning { color: var(--warn); }
.sev.note { color: var(--note); }
.good { color: var(--ok); }
.muted { color: var(--muted); }
tr:target { outline: 2px solid var(--note); outline-offset: -2px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 16px; }
.chart { border: 1px solid var(--border); border-radius: 6px; padding: 8px; }
.chart figcaption { font-weight: 600; margin: 0 0 4px; }
.chart svg { width: 100%; height: auto; display: block; }
svg text { fill: var(--fg); font-family: system-ui, "DejaVu Sans", Arial, sans-serif; }
svg .muted { fill: var(--muted); }
svg .lane { fill: var(--lane); }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .axis { stroke: var(--border); stroke-width: 1; }
svg .now { stroke: var(--note); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .bar { fill: var(--bar); opacity: 0.55; }
svg .window { fill: var(--window); stroke: var(--window-line); stroke-width: 1.2; }
svg .window.provisional { stroke-dasharray: 5 3; }
svg .window-label { fill: var(--warn); font-size: 11px; font-weight: 600; }
svg .tick { fill: var(--ok); stroke: var(--bg); stroke-width: 1.5; }
svg .tick.bad { fill: var(--bad); }
svg .tick.warn { fill: var(--warn); }
svg .tick.uncommitted { fill: var(--bg); stroke: var(--ok); stroke-width: 2; stroke-dasharray: 2 2; }
svg .tick.bad.uncommitted { stroke: var(--bad); }
svg .count { fill: var(--bg); font-size: 10px; font-weight: 700; }
svg .uncommitted ~ .count { fill: var(--fg); }
svg .flag { fill: var(--bg); stroke: var(--bad); stroke-width: 1.5; }
svg .flag-text { fill: var(--bad); font-size: 10px; font-weight: 700; }
svg .leader { stroke: var(--bad); stroke-width: 1; }
svg .open-end { fill: var(--bar); }
svg .evidence { fill: var(--evidence); stroke: var(--bg); stroke-width: 1.2; }
svg .evidence.uncommitted { fill: var(--bg); stroke: var(--evidence); stroke-width: 1.5; }
svg .threshold { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .threshold.gate { stroke: var(--warn); }
svg .threshold-label { fill: var(--bad); font-size: 11px; }
svg .threshold-label.gate { fill: var(--warn); }
svg .bad-area { fill: var(--bad-area); }
svg .point { fill: var(--ok); stroke: var(--bg); stroke-width: 1.5; }
svg .point.bad { fill: var(--bad); }
svg a:focus-visible circle, svg a:focus-visible path { stroke: var(--note); stroke-width: 3; }
footer { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--border); margin-top: 40px; padding-top: 12px; }
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #444c56; --border: #b0b8c1; --panel: #f2f4f6; --lane: #f4f6f8;
    --ok: #116329; --bad: #a40e26; --warn: #7d4e00; --note: #0a3069; --evidence: #0a3069; --grid: #dde2e6;
  }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
  .timeline svg.narrow { display: none; }
  .timeline svg.wide { display: block; max-width: none; }
  .checklist { break-before: page; border-top: none; }
  figure, .chart, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
)CSS";

// Below `media`'s width the tables of `table` become cards: a row a box, each cell on its own line after its
// column's name. The stages fit as a table from 760 px; metrics, findings and events, whose paths and rule ids
// do not wrap, from 1100 px (and print on cards).
std::string cards_css(std::string_view table, std::string_view media)
{
  return fmt::format(R"CSS(@media {1} {{
  {0}, {0} tbody, {0} tr, {0} td, {0} th[scope="row"], {0} caption {{ display: block; }}
  {0} thead {{ display: none; }}
  {0} tr {{ border: 1px solid var(--border); border-radius: 6px; margin: 0 0 10px; padding: 4px 10px; }}
  {0} td, {0} th[scope="row"] {{ border: none; padding: 3px 0; background: none; min-width: 0; }}
  {0} td[data-label]::before {{ content: attr(data-label) ": "; color: var(--muted); font-weight: 600; }}
}}
)CSS",
                     table, media);
}

// ---- the timeline ---------------------------------------------------------------------------------------

std::string lane_title(const StageModel& stage)
{
  return stage.short_title.empty() ? stage.title : stage.short_title;
}

std::string tick_summary(const ChecklistModel& checklist, const TickMark& tick)
{
  std::string text = fmt::format("line {} '{}' ticked {}", tick.line, tick.text,
                                 tick.when.committed ? format_moment(tick.when) : std::string("in the working tree (not committed)"));
  if (!tick.when.author.empty()) {
    text += " by " + tick.when.author;
  }
  if (tick.in_window) {
    text += "; inside a stated window that had not passed";
  }
  for (int index : tick.findings) {
    const auto* finding = checklist.findings[static_cast<size_t>(index)].finding;
    text += fmt::format("; {} [{}]: {}", audit::to_string(finding->severity), finding->rule, finding->message);
  }
  return text;
}

std::string window_summary(const ChecklistModel& checklist, const WindowSpan& window)
{
  const std::string& waits = checklist.stages[static_cast<size_t>(window.waits_on)].title;
  std::string text = fmt::format("'{}' (line {}): {} from the completion of '{}'", window.written, window.line,
                                 util::format_duration(window.seconds), waits);
  if (!window.start) {
    return text + "; not drawn: nothing dates it";
  }
  if (window.provisional) {
    text += fmt::format(", which is not complete; drawn from its latest tick, {}", format_moment(*window.start));
  } else {
    text += fmt::format(", {}, until {}", format_moment(*window.start),
                        format_moment(Moment{window.start->time + window.seconds, true, false, "", ""}));
  }
  if (window.tick) {
    text += window.early ? fmt::format("; ticked {}, before the window had passed", format_moment(*window.tick))
                         : fmt::format("; ticked {}", format_moment(*window.tick));
  }
  return text;
}

std::string timeline_description(const ReportModel& model, const ChecklistModel& checklist)
{
  std::string text;
  if (!model.has_history) {
    text += "Without git history every tick is dated now; work-log entries are placed at the dates their headings state. ";
  }
  for (const auto& stage : checklist.stages) {
    text += fmt::format("{}: {} of {} ticked", stage.title, stage.ticked, plural(static_cast<size_t>(stage.required), "required step"));
    if (stage.started) {
      text += fmt::format(", first tick {}", format_moment(*stage.started));
    }
    if (stage.completed) {
      text += fmt::format(", complete {}", format_moment(*stage.completed));
    }
    if (stage.lasted) {
      text += stage.open_end || stage.lasted_until_now ? ", ran " + describe_lasted(stage)
                                                       : fmt::format(", ran {} before the next stage began", util::format_duration(*stage.lasted));
    }
    text += ". ";
  }
  size_t early = 0;
  size_t flagged = 0;
  for (const auto& tick : checklist.ticks) {
    early += tick.in_window ? 1 : 0;
    flagged += tick.findings.empty() ? 0 : 1;
  }
  text += fmt::format("{} drawn, {} with findings, {} inside a stated window. ", plural(checklist.ticks.size(), "tick"), flagged, early);
  text += fmt::format("{} drawn.", plural(checklist.evidence.size(), "evidence mark"));
  return text;
}

struct Lane
{
  std::string title;
  std::string full;
  std::string subtitle;
  int stage = -2; // -1: the lane for evidence of no stage
};

// The timeline is drawn twice, wide and narrow, and CSS shows the one that fits: SVG text scales with the
// drawing, so one drawing for every width would have 6 px text on a phone or 20 px text on a monitor.
struct Geometry
{
  std::string_view variant; // "wide", "narrow": the CSS class that shows it
  double width;             // of the viewBox
  double label;             // the lane titles' column; 0: titles above each lane
  double top;               // the axis labels' band
  double lane;              // a lane's height
  double font;              // lane titles
  double small;             // everything else
  int max_labels;           // time labels on the axis at most
};

// Sized so that no text is drawn under 9 px from 360 px screens up: the narrow drawing below 760 px (its
// 10-unit counts at 0.93 scale on a phone), the wide one from there (0.94 at 760 px) and in print.
constexpr Geometry k_wide{"wide", 760, 170, 36, 74, 12.5, 11, 8};
constexpr Geometry k_narrow{"narrow", 360, 0, 36, 94, 13, 11.5, 4};

// Rows within a lane, from its top: the window labels, the findings badges, the ticks, the evidence, the bar.
struct Rows
{
  double window_label, badge, tick, evidence, bar;
};

Rows rows_of(const Geometry& geometry)
{
  const double base = geometry.label > 0 ? 0 : 20; // room for the title above the lane
  return {base + 13, base + 24, base + 42, base + 59, base + 67};
}

// Text cut to what fits in `room` units at `size` (an estimate: an average glyph is about 0.56 em).
std::string fit(std::string_view text, double room, double size)
{
  const auto fits = static_cast<size_t>(std::max(room / (size * 0.56), 4.0));
  return util::shorten(text, fits);
}

void draw_mark_shape(std::string& out, EvidenceKind kind, double x, double y, std::string_view css)
{
  switch (kind) {
  case EvidenceKind::work_log_entry:
    out += fmt::format("<path class=\"{}\" d=\"M{} {}l6 6l-6 6l-6 -6z\"/>", css, svg_num(x), svg_num(y - 6));
    break;
  case EvidenceKind::completion_report:
    out += fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"11\" height=\"11\"/>", css, svg_num(x - 5.5), svg_num(y - 5.5));
    break;
  case EvidenceKind::evidence_file:
    out += fmt::format("<path class=\"{}\" d=\"M{} {}l6.5 11h-13z\"/>", css, svg_num(x), svg_num(y - 6.5));
    break;
  }
}

// The findings badge: a pill with the count, so it never reads as another tick.
void draw_badge(std::string& out, double x, double y, size_t count)
{
  const std::string text = count > 9 ? "9+" : std::to_string(count);
  const double width = text.size() > 1 ? 20 : 15;
  out += fmt::format("<rect class=\"flag\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"13\" rx=\"6.5\"/><text class=\"flag-text\" x=\"{}\" "
                     "y=\"{}\" text-anchor=\"middle\">{}</text>",
                     svg_num(x - width / 2), svg_num(y - 6.5), svg_num(width), svg_num(x), svg_num(y + 3.5), text);
}

struct Timeline
{
  const ReportModel& model;
  const ChecklistModel& checklist;
  const Geometry& geometry;
  std::string id;       // of the drawing, unique in the page
  std::string section;  // the checklist's id: ticks link to its findings rows
  std::vector<Lane> lanes;
  Axis axis;
  Rows rows;
  double height = 0;

  double lane_y(int stage) const
  {
    for (size_t l = 0; l < lanes.size(); ++l) {
      if (lanes[l].stage == stage) {
        return geometry.top + geometry.lane * static_cast<double>(l);
      }
    }
    return geometry.top + geometry.lane * static_cast<double>(lanes.empty() ? 0 : lanes.size() - 1);
  }
};

std::vector<Lane> timeline_lanes(const ChecklistModel& checklist)
{
  std::vector<Lane> lanes;
  for (size_t s = 0; s < checklist.stages.size(); ++s) {
    const auto& stage = checklist.stages[s];
    lanes.push_back({lane_title(stage), stage.title, fmt::format("{}/{} steps ticked", stage.ticked, stage.required), static_cast<int>(s)});
  }
  const bool loose = std::any_of(checklist.evidence.begin(), checklist.evidence.end(), [](const EvidenceMark& mark) {
    return mark.stage < 0 && (mark.when || mark.written);
  }) || std::any_of(checklist.ticks.begin(), checklist.ticks.end(), [](const TickMark& tick) { return tick.stage < 0; });
  if (loose) {
    lanes.push_back({"Other evidence", "Other evidence, for no single stage", "reports, files, entries", -1});
  }
  return lanes;
}

// Without --now, "now" is a reading of the clock, which says nothing about the rollout: it is shown only
// when it was given and lies near the events, or when nothing has history (every mark is dated now).
bool shows_now(const ReportModel& model, const ChecklistModel& checklist)
{
  if (model.now <= 0) {
    return false;
  }
  if (!model.has_history) {
    return true;
  }
  return model.info.now_given && model.now <= checklist.last + (checklist.last - checklist.first) / 4;
}

void draw_lanes_and_axis(std::string& out, const Timeline& t)
{
  const Geometry& g = t.geometry;
  for (size_t l = 0; l < t.lanes.size(); ++l) {
    const double y = g.top + g.lane * static_cast<double>(l);
    if (l % 2 == 0) {
      out += fmt::format("<rect class=\"lane\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>", svg_num(y), svg_num(g.width), svg_num(g.lane));
    }
    const bool above = g.label <= 0;
    const double room = above ? g.width - 16 : g.label - 12;
    out += fmt::format("<text x=\"8\" y=\"{}\" font-size=\"{}\" font-weight=\"600\">{}<title>{}</title></text>", svg_num(y + (above ? 15 : 30)),
                       svg_num(g.font), esc(fit(above ? t.lanes[l].full : t.lanes[l].title, above ? room * 0.62 : room, g.font)),
                       esc(t.lanes[l].full));
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"{}\"{}>{}</text>\n", svg_num(above ? g.width - 8 : 8),
                       svg_num(y + (above ? 15 : 47)), svg_num(g.small), above ? " text-anchor=\"end\"" : "", esc(t.lanes[l].subtitle));
  }
  const Axis& axis = t.axis;
  out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", svg_num(axis.left), svg_num(g.top), svg_num(axis.right), svg_num(g.top));
  const util::Timestamp start = (axis.from / axis.step + (axis.from % axis.step > 0 ? 1 : 0)) * axis.step;
  bool first_label = true;
  for (util::Timestamp time = start; time <= axis.to; time += axis.step) {
    const double x = axis.x(time);
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", svg_num(x), svg_num(g.top), svg_num(x), svg_num(t.height - 12));
    // Centred on its grid line, unless that would put it past an edge of the drawing.
    const std::string label = axis_label(time, first_label);
    const double half = static_cast<double>(glyphs(label)) * g.small * 0.28;
    const std::string_view anchor = x - half < 2 ? "start" : x + half > g.width - 2 ? "end" : "middle";
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\">{}</text>",
                       svg_num(anchor == "start" ? std::max(x, 2.0) : anchor == "end" ? std::min(x, g.width - 2) : x), svg_num(g.top - 8),
                       svg_num(g.small), anchor, esc(label));
    first_label = false;
  }
  if (g.label > 0) {
    out += fmt::format("<text class=\"muted\" x=\"8\" y=\"{}\" font-size=\"{}\">{}</text>\n", svg_num(g.top - 8), svg_num(g.small),
                       t.model.has_history ? "UTC, commit times" : "UTC; no history");
  }
}

// How long each stage ran: a bar from its first tick to the next stage's first tick; a stage still open
// at the last recorded event ends in an arrow (it goes on), or runs until the --now given.
void draw_bars(std::string& out, const Timeline& t)
{
  const Geometry& g = t.geometry;
  for (size_t s = 0; s < t.checklist.stages.size(); ++s) {
    const auto& stage = t.checklist.stages[s];
    if (!stage.started || !t.model.has_history) {
      continue;
    }
    const util::Timestamp end = stage.lasted ? stage.started->time + *stage.lasted : stage.completed ? stage.completed->time : stage.started->time;
    const double y = t.lane_y(static_cast<int>(s)) + t.rows.bar;
    const double x1 = t.axis.x(stage.started->time);
    const double x2 = std::max(t.axis.x(end), x1 + 2);
    const std::string how = !stage.lasted ? fmt::format("{}: first tick {}", stage.title, format_moment(*stage.started))
                            : stage.open_end || stage.lasted_until_now
                              ? fmt::format("{}: ran {}", stage.title, describe_lasted(stage))
                              : fmt::format("{} ran {} before the next stage began", stage.title, util::format_duration(*stage.lasted));
    out += fmt::format("<g class=\"stage-bar\" data-testid=\"bar\"><rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" rx=\"2\"/>",
                       svg_num(x1), svg_num(y), svg_num(x2 - x1));
    if (stage.open_end) {
      out += fmt::format("<path class=\"open-end\" d=\"M{} {}l7 4.5l-7 4.5z\"/>", svg_num(x2), svg_num(y - 2));
    }
    if (stage.lasted) {
      const std::string text = !stage.open_end ? "ran " + util::format_duration(*stage.lasted)
                               : *stage.lasted > 0 ? "≥ " + util::format_duration(*stage.lasted)
                                                   : std::string("open");
      const double room = g.width - 4 - (x2 + (stage.open_end ? 10 : 4));
      const double width = static_cast<double>(glyphs(text)) * g.small * 0.56;
      // Beside the bar's end when it fits there, else before it, so no text leaves the drawing.
      out += width <= room ? fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>", svg_num(x2 + (stage.open_end ? 10 : 4)),
                                         svg_num(y + 5), svg_num(g.small - 1), esc(text))
                           : fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"end\">{}</text>", svg_num(x1 - 4),
                                         svg_num(y + 5), svg_num(g.small - 1), esc(text));
    }
    out += fmt::format("<title>{}</title></g>\n", esc(how));
  }
}

void draw_windows(std::string& out, const Timeline& t)
{
  const Geometry& g = t.geometry;
  for (const auto& window : t.checklist.windows) {
    if (!window.start) {
      continue;
    }
    const double y = t.lane_y(window.stage);
    const double x1 = t.axis.x(window.start->time);
    const double x2 = t.axis.x(window.start->time + window.seconds);
    out += fmt::format("<g class=\"window-span\" data-testid=\"window\"><rect class=\"window{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                       window.provisional ? " provisional" : "", svg_num(x1), svg_num(y + t.rows.window_label - 11), svg_num(std::max(x2 - x1, 1.0)),
                       svg_num(t.rows.bar - t.rows.window_label + 8));
    const std::string label = window.written + (window.provisional ? " (not started)" : "");
    out += fmt::format("<text class=\"window-label\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>", svg_num(x1 + 4), svg_num(y + t.rows.window_label),
                       svg_num(g.small - 0.5), esc(fit(label, g.width - 6 - x1, g.small - 0.5)));
    out += fmt::format("<title>{}</title></g>\n", esc(window_summary(t.checklist, window)));
  }
}

void draw_evidence(std::string& out, const Timeline& t)
{
  std::map<std::pair<int, long>, std::vector<const EvidenceMark*>> groups;
  for (const auto& mark : t.checklist.evidence) {
    if (mark.when || mark.written) {
      groups[{mark.stage, std::lround(t.axis.x(plotted_time(mark, t.model.has_history)) / 9)}].push_back(&mark);
    }
  }
  for (const auto& [key, marks] : groups) {
    const EvidenceMark& mark = *marks.front();
    const double x = t.axis.x(plotted_time(mark, t.model.has_history));
    const double y = t.lane_y(key.first) + t.rows.evidence;
    std::string tip;
    for (const auto* each : marks) {
      if (!tip.empty()) {
        tip += '\n';
      }
      tip += fmt::format("{}: {} ({}:{}), {}", to_string(each->kind), each->label, each->file, each->line,
                         each->when && each->when->committed ? "appeared " + format_moment(*each->when)
                         : !t.model.has_history && each->written ? "dated " + util::format_timestamp(*each->written).substr(0, 10) + " by its heading"
                                                                 : std::string("not committed"));
    }
    const bool uncommitted = t.model.has_history && mark.when && !mark.when->committed;
    out += fmt::format("<g class=\"evidence-mark\" data-testid=\"evidence\" data-kind=\"{}\" tabindex=\"0\">", esc(to_string(mark.kind)));
    draw_mark_shape(out, mark.kind, x, y, uncommitted ? "evidence uncommitted" : "evidence");
    if (marks.size() > 1) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" class=\"muted\">×{}</text>", svg_num(x + 8), svg_num(y + 4),
                         svg_num(t.geometry.small - 1), marks.size());
    }
    out += fmt::format("<title>{}</title></g>\n", esc(tip));
  }
}

// Ticks of one lane close enough to touch, drawn as one numbered mark.
struct TickCluster
{
  int stage = 0;
  double x = 0;
  std::vector<const TickMark*> ticks;
};

std::vector<TickCluster> cluster_ticks(const Timeline& t)
{
  std::vector<TickCluster> clusters;
  std::vector<const TickMark*> ticks;
  for (const auto& tick : t.checklist.ticks) {
    ticks.push_back(&tick);
  }
  std::stable_sort(ticks.begin(), ticks.end(), [](const TickMark* a, const TickMark* b) {
    return std::tie(a->stage, a->when.time) < std::tie(b->stage, b->when.time);
  });
  for (const auto* tick : ticks) {
    const double x = t.axis.x(tick->when.time);
    if (clusters.empty() || clusters.back().stage != tick->stage || x - clusters.back().x > 15
        || clusters.back().ticks.front()->when.committed != tick->when.committed) {
      clusters.push_back({tick->stage, x, {}});
    }
    clusters.back().ticks.push_back(tick);
  }
  return clusters;
}

// The mark of one cluster: a circle (numbered when it holds several boxes, "!" when it is bad alone), and
// the findings badge in the row above it, pushed right past the previous badge of the lane so none overlap;
// a thin line joins a pushed badge to its tick.
void draw_tick(std::string& out, const Timeline& t, const TickCluster& cluster, double& badge_free_x)
{
  audit::Severity worst = audit::Severity::note;
  size_t finding_count = 0;
  bool in_window = false;
  int first_finding = -1;
  std::string tip;
  for (const auto* tick : cluster.ticks) {
    in_window = in_window || tick->in_window;
    for (int index : tick->findings) {
      const auto severity = t.checklist.findings[static_cast<size_t>(index)].finding->severity;
      worst = finding_count == 0 ? severity : std::max(worst, severity);
      ++finding_count;
      first_finding = first_finding < 0 ? index : first_finding;
    }
    if (!tip.empty()) {
      tip += '\n';
    }
    tip += tick_summary(t.checklist, *tick);
  }
  const bool bad = (finding_count > 0 && worst == audit::Severity::error) || in_window;
  std::string css = bad ? "tick bad" : finding_count > 0 && worst == audit::Severity::warning ? "tick warn" : "tick";
  if (!cluster.ticks.front()->when.committed) {
    css += " uncommitted";
  }
  const double x = cluster.x;
  const double y = t.lane_y(cluster.stage) + t.rows.tick;
  const double radius = cluster.ticks.size() > 1 ? 8.5 : 7;
  const std::string href = first_finding >= 0 ? fmt::format(" href=\"#{}-f{}\"", t.section, first_finding) : "";
  out += fmt::format("<a class=\"tick-mark\" data-testid=\"tick\" data-findings=\"{}\"{}{}>", finding_count, href, href.empty() ? " tabindex=\"0\"" : "");
  out += fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", css, svg_num(x), svg_num(y), svg_num(radius));
  if (cluster.ticks.size() > 1 || bad) {
    out += fmt::format("<text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", svg_num(x), svg_num(y + 3.5),
                       cluster.ticks.size() > 1 ? std::to_string(cluster.ticks.size()) : std::string("!"));
  }
  if (finding_count > 0) {
    const double badge_x = std::max(x, badge_free_x);
    const double badge_y = t.lane_y(cluster.stage) + t.rows.badge;
    if (badge_x - x > 3) {
      out += fmt::format("<line class=\"leader\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", svg_num(x), svg_num(y - radius), svg_num(badge_x),
                         svg_num(badge_y + 6.5));
    }
    draw_badge(out, badge_x, badge_y, finding_count);
    badge_free_x = badge_x + 23;
  }
  out += fmt::format("<title>{}</title></a>\n", esc(tip));
}

std::string timeline_svg(const ReportModel& model, const ChecklistModel& checklist, const std::string& section, const Geometry& geometry)
{
  Timeline t{model, checklist, geometry, fmt::format("{}-tl-{}", section, geometry.variant), section, timeline_lanes(checklist), {}, rows_of(geometry), 0};
  t.height = geometry.top + geometry.lane * static_cast<double>(std::max<size_t>(t.lanes.size(), 1)) + 14;
  util::Timestamp first = checklist.first;
  util::Timestamp last = checklist.last;
  const bool show_now = shows_now(model, checklist);
  if (show_now) {
    first = std::min(first, model.now);
    last = std::max(last, model.now);
  }
  // Room on the right for an open end's arrow and its length.
  t.axis = make_axis(first, last, geometry.label > 0 ? geometry.label + 10 : 14, geometry.width - 40, geometry.max_labels);

  std::string out = fmt::format(
    "<svg class=\"timeline-svg {}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" "
    "xmlns=\"http://www.w3.org/2000/svg\" data-testid=\"timeline\" data-variant=\"{}\">\n"
    "<title id=\"{}-title\">Timeline of {}: stages as lanes, ticks and evidence at their commit times</title>\n"
    "<desc id=\"{}-desc\">{}</desc>\n",
    geometry.variant, svg_num(geometry.width), svg_num(t.height), t.id, t.id, geometry.variant, t.id, esc(checklist.title), t.id,
    esc(timeline_description(model, checklist)));
  draw_lanes_and_axis(out, t);
  draw_bars(out, t);
  draw_windows(out, t);
  if (show_now) {
    const double x = t.axis.x(model.now);
    out += fmt::format("<line class=\"now\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\" "
                       "text-anchor=\"middle\" class=\"muted\">now</text>\n",
                       svg_num(x), svg_num(geometry.top), svg_num(x), svg_num(t.height - 12), svg_num(x), svg_num(t.height - 1), svg_num(geometry.small));
  }
  draw_evidence(out, t);
  std::map<int, double> badge_free_x; // per lane
  for (const auto& cluster : cluster_ticks(t)) {
    draw_tick(out, t, cluster, badge_free_x.try_emplace(cluster.stage, 0.0).first->second);
  }
  out += "</svg>\n";
  return out;
}

std::string legend(const ChecklistModel& checklist)
{
  const auto item = [](std::string_view shape, std::string_view text) {
    return fmt::format("<span class=\"legend-item\"><svg width=\"22\" height=\"16\" viewBox=\"0 0 22 16\" aria-hidden=\"true\">{}</svg>{}</span>",
                       shape, text);
  };
  std::string out = "<p class=\"legend\" data-testid=\"legend\">";
  out += item("<circle class=\"tick\" cx=\"11\" cy=\"8\" r=\"6\"/>", "ticked box");
  out += item("<circle class=\"tick\" cx=\"11\" cy=\"8\" r=\"7\"/><text class=\"count\" x=\"11\" y=\"11.5\" text-anchor=\"middle\">3</text>",
              "boxes ticked together");
  out += item("<circle class=\"tick bad\" cx=\"11\" cy=\"8\" r=\"7\"/><text class=\"count\" x=\"11\" y=\"11.5\" text-anchor=\"middle\">!</text>",
              "ticked with an error, or inside a window");
  out += item("<rect class=\"flag\" x=\"3.5\" y=\"1.5\" width=\"15\" height=\"13\" rx=\"6.5\"/><text class=\"flag-text\" x=\"11\" y=\"11.5\" "
              "text-anchor=\"middle\">2</text>",
              "findings on the box below it");
  out += item("<circle class=\"tick uncommitted\" cx=\"11\" cy=\"8\" r=\"5\"/>", "not committed (dated now)");
  out += item("<path class=\"evidence\" d=\"M11 2l6 6l-6 6l-6 -6z\"/>", "work-log entry");
  out += item("<rect class=\"evidence\" x=\"5.5\" y=\"2.5\" width=\"11\" height=\"11\"/>", "completion report");
  out += item("<path class=\"evidence\" d=\"M11 2l6.5 11h-13z\"/>", "evidence file");
  out += item("<rect class=\"window\" x=\"1\" y=\"3\" width=\"20\" height=\"10\"/>", "stated window, from the stage it waits on");
  out += item("<rect class=\"bar\" x=\"1\" y=\"6\" width=\"20\" height=\"5\"/>", "how long the stage ran before the next began");
  if (std::any_of(checklist.stages.begin(), checklist.stages.end(), [](const StageModel& stage) { return stage.open_end; })) {
    out += item("<rect class=\"bar\" x=\"1\" y=\"6\" width=\"13\" height=\"5\"/><path class=\"open-end\" d=\"M14 4l7 4.5l-7 4.5z\"/>",
                "still open at the last recorded event");
  }
  out += "</p>\n";
  return out;
}

std::string stages_table(const ChecklistModel& checklist)
{
  std::string out =
    "<div class=\"table-wrap\"><table class=\"stages cards\" data-testid=\"stages\">\n<caption class=\"muted\" style=\"text-align:left\">The stages as the timeline draws them</caption>\n"
    "<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Steps ticked</th><th scope=\"col\">First tick</th>"
    "<th scope=\"col\">Complete</th><th scope=\"col\">Ran before the next stage</th><th scope=\"col\">Stated windows</th></tr></thead>\n<tbody>\n";
  for (const auto& stage : checklist.stages) {
    std::string windows;
    for (int index : stage.windows) {
      const auto& window = checklist.windows[static_cast<size_t>(index)];
      windows += fmt::format("{}<span class=\"{}\">{}</span>", windows.empty() ? "" : "<br>", window.early ? "bad" : "",
                             esc(window_summary(checklist, window)));
    }
    out += fmt::format("<tr><th scope=\"row\">{}</th><td class=\"num{}\" data-label=\"Steps ticked\">{} of {}</td>"
                       "<td class=\"num\" data-label=\"First tick\">{}</td><td class=\"num\" data-label=\"Complete\">{}</td>"
                       "<td class=\"num\" data-label=\"Ran\">{}</td><td class=\"windows\" data-label=\"Stated windows\">{}</td></tr>\n",
                       esc(stage.title), stage.ticked < stage.required ? " bad" : "", stage.ticked, stage.required,
                       stage.started ? prose_text(format_moment(*stage.started)) : "—",
                       stage.completed ? prose_text(format_moment(*stage.completed)) : stage.required > stage.ticked ? "open" : "—",
                       stage.lasted ? prose_text(describe_lasted(stage)) : "—",
                       windows.empty() ? "—" : windows);
  }
  out += "</tbody></table></div>\n";
  return out;
}

std::string events_table(const ReportModel& model, const ChecklistModel& checklist, const std::string& id)
{
  struct Row
  {
    util::Timestamp time;
    int order;
    std::string html;
  };
  std::vector<Row> rows;
  const auto stage_name = [&](int stage) { return stage >= 0 ? esc(checklist.stages[static_cast<size_t>(stage)].title) : std::string("—"); };
  for (const auto& tick : checklist.ticks) {
    std::string notes;
    for (int index : tick.findings) {
      const auto* finding = checklist.findings[static_cast<size_t>(index)].finding;
      notes += fmt::format("{}<a class=\"sev {}\" href=\"#{}-f{}\">{}</a>", notes.empty() ? "" : ", ", severity_class(finding->severity), id,
                           index, code_text(finding->rule));
    }
    if (tick.in_window) {
      notes += std::string(notes.empty() ? "" : ", ") + "<span class=\"bad\">inside a stated window</span>";
    }
    rows.push_back({tick.when.time, 0,
                    fmt::format("<td class=\"num\" data-label=\"When\">{}</td><td data-label=\"Stage\">{}</td><td data-label=\"What\">ticked</td>"
                                "<td data-label=\"Where\">{} {}</td><td data-label=\"Findings\">{}</td>",
                                prose_text(format_moment(tick.when)),
                                stage_name(tick.stage), location_link(model, checklist.path, tick.line), esc(tick.text), notes.empty() ? "—" : notes)});
  }
  for (const auto& mark : checklist.evidence) {
    const std::string when = mark.when && mark.when->committed ? format_moment(*mark.when)
                             : !model.has_history && mark.written ? util::format_timestamp(*mark.written).substr(0, 10) + " (heading)"
                                                                  : std::string("not committed");
    rows.push_back({mark.when || mark.written ? plotted_time(mark, model.has_history) : 0, 1,
                    fmt::format("<td class=\"num\" data-label=\"When\">{}</td><td data-label=\"Stage\">{}</td><td data-label=\"What\">{}</td>"
                                "<td data-label=\"Where\">{} {}</td><td data-label=\"Findings\">—</td>",
                                prose_text(when), stage_name(mark.stage),
                                esc(to_string(mark.kind)), location_link(model, mark.file, mark.line), esc(mark.label))});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return std::tie(a.time, a.order) < std::tie(b.time, b.order); });
  std::string out = fmt::format(
    "<div class=\"table-wrap\"><table class=\"events wide-cards\" data-testid=\"events\">\n<caption class=\"muted\" style=\"text-align:left\">The timeline as a table: every tick and "
    "piece of evidence in time order</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Stage</th><th scope=\"col\">What</th>"
    "<th scope=\"col\">Where</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
  for (const auto& row : rows) {
    out += "<tr>" + row.html + "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  return out;
}

// ---- metric charts --------------------------------------------------------------------------------------

double nice_step(double value)
{
  if (value <= 0) {
    return 0.25;
  }
  const double magnitude = std::pow(10, std::floor(std::log10(value)));
  for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (factor * magnitude >= value) {
      return factor * magnitude;
    }
  }
  return 10 * magnitude;
}

std::string chart_description(const MetricChart& chart)
{
  std::string text;
  for (size_t c = 0; c < chart.columns.size(); ++c) {
    std::string values;
    for (const auto& point : chart.points) {
      if (point.column == static_cast<int>(c)) {
        values += fmt::format("{}{}{}", values.empty() ? "" : ", ", format_value(point.value, chart.unit), point.breaches ? " (over the line)" : "");
      }
    }
    text += fmt::format("{}: {}. ", chart.columns[c], values.empty() ? "no figure logged" : values);
  }
  for (const auto& threshold : chart.thresholds) {
    text += fmt::format("Threshold: {} ({}). ", describe_threshold(threshold), format_value(threshold.value, chart.unit));
  }
  return text;
}

std::string chart_svg(const MetricChart& chart, const std::string& id)
{
  constexpr double k_width = 380;
  constexpr double k_height = 230;
  constexpr double k_left = 58;
  constexpr double k_right = 14;
  constexpr double k_top = 18;
  constexpr double k_bottom = 46;
  double top_value = 0;
  for (const auto& point : chart.points) {
    top_value = std::max(top_value, point.value);
  }
  for (const auto& threshold : chart.thresholds) {
    top_value = std::max(top_value, threshold.value);
  }
  const double ceiling = 4 * nice_step(top_value * 1.15 / 4); // four grid steps of a round size
  const double plot_w = k_width - k_left - k_right;
  const double plot_h = k_height - k_top - k_bottom;
  const auto y_of = [&](double value) { return k_top + plot_h * (1 - std::clamp(value / ceiling, 0.0, 1.0)); };
  const size_t columns = std::max<size_t>(chart.columns.size(), 1);
  const auto x_of = [&](int column) { return k_left + plot_w * (static_cast<double>(column) + 0.5) / static_cast<double>(columns); };

  std::string out = fmt::format(
    "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" xmlns=\"http://www.w3.org/2000/svg\" data-testid=\"metric-chart\">\n"
    "<title id=\"{}-title\">{} by stage</title>\n<desc id=\"{}-desc\">{}</desc>\n",
    svg_num(k_width), svg_num(k_height), id, id, id, esc(chart.label), id, esc(chart_description(chart)));
  // Grid and y labels.
  for (int g = 0; g <= 4; ++g) {
    const double value = ceiling * g / 4;
    const double y = y_of(value);
    out += fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", g == 0 ? "axis" : "grid", svg_num(k_left), svg_num(y),
                       svg_num(k_width - k_right), svg_num(y));
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>", svg_num(k_left - 6),
                       svg_num(y + 3.5), esc(format_value(value, chart.unit)));
  }
  // Thresholds: the region a rollback threshold forbids shaded, the line dashed.
  for (size_t t = 0; t < chart.thresholds.size(); ++t) {
    const auto& threshold = chart.thresholds[t];
    const double y = y_of(threshold.value);
    const bool above = threshold.op == evidence::Comparator::greater || threshold.op == evidence::Comparator::greater_equal;
    if (threshold.rollback) {
      out += fmt::format("<rect class=\"bad-area\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", svg_num(k_left), svg_num(above ? k_top : y),
                         svg_num(plot_w), svg_num(above ? y - k_top : k_top + plot_h - y));
    }
    const std::string css = threshold.rollback ? "" : " gate";
    out += fmt::format("<g data-testid=\"threshold\"><line class=\"threshold{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", css, svg_num(k_left),
                       svg_num(y), svg_num(k_width - k_right), svg_num(y));
    out += fmt::format("<text class=\"threshold-label{}\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {} {}</text><title>{}</title></g>\n", css,
                       svg_num(k_width - k_right - 2), svg_num(y - 4 - 12.0 * static_cast<double>(t % 2)),
                       threshold.rollback ? "rollback if" : "required", esc(std::string(evidence::to_string(threshold.op))),
                       esc(format_value(threshold.value, chart.unit)), esc(describe_threshold(threshold)));
  }
  // Columns.
  for (size_t c = 0; c < chart.columns.size(); ++c) {
    const double x = x_of(static_cast<int>(c));
    std::string label = chart.columns[c];
    const size_t split = label.find(" · ");
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", svg_num(x), svg_num(k_height - k_bottom + 16),
                       esc(split == std::string::npos ? label : label.substr(0, split)));
    if (split != std::string::npos) {
      out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", svg_num(x),
                         svg_num(k_height - k_bottom + 30), esc(label.substr(split + 4)));
    }
    const bool any = std::any_of(chart.points.begin(), chart.points.end(), [&](const MetricPoint& point) { return point.column == static_cast<int>(c); });
    if (!any) {
      out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"11\" font-style=\"italic\" text-anchor=\"middle\">no figure</text>",
                         svg_num(x), svg_num(k_top + plot_h - 8));
    }
  }
  // Points, spread a little when a column has several.
  std::map<int, int> seen;
  std::map<int, int> per_column;
  for (const auto& point : chart.points) {
    ++per_column[point.column];
  }
  for (const auto& point : chart.points) {
    const int index = seen[point.column]++;
    const int count = per_column[point.column];
    const double x = x_of(point.column) + (index - (count - 1) / 2.0) * 22;
    const double y = y_of(point.value);
    out += fmt::format("<g data-testid=\"metric-point\"><circle class=\"point{}\" cx=\"{}\" cy=\"{}\" r=\"6\"/>", point.breaches ? " bad" : "",
                       svg_num(x), svg_num(y));
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"600\" text-anchor=\"middle\">{}</text>", svg_num(x), svg_num(y - 10),
                       esc(format_value(point.value, chart.unit)));
    out += fmt::format("<title>{} — {} ({}:{}){}</title></g>\n", esc(point.written), esc(point.source), esc(point.file), point.line,
                       point.breaches ? ", over a threshold" : "");
  }
  out += "</svg>\n";
  return out;
}

std::string metrics_table(const ReportModel& model, const ChecklistModel& checklist)
{
  const auto& columns = checklist.charts.front().columns;
  std::string out = "<div class=\"table-wrap\"><table class=\"metrics wide-cards\" data-testid=\"metrics-table\">\n<caption class=\"muted\" style=\"text-align:left\">The charts as a "
                    "table</caption>\n<thead><tr><th scope=\"col\">Metric</th>";
  for (const auto& column : columns) {
    out += fmt::format("<th scope=\"col\">{}</th>", esc(column));
  }
  out += "<th scope=\"col\">Thresholds the checklist states</th></tr></thead>\n<tbody>\n";
  for (const auto& chart : checklist.charts) {
    out += fmt::format("<tr><th scope=\"row\">{}</th>", esc(chart.label));
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string cell;
      for (const auto& point : chart.points) {
        if (point.column == static_cast<int>(c)) {
          cell += fmt::format("{}<span class=\"{}\" title=\"{}\">{}{}</span> {}", cell.empty() ? "" : "<br>", point.breaches ? "bad" : "good",
                              esc(point.written), esc(format_value(point.value, chart.unit)), point.breaches ? " (over)" : "",
                              location_link(model, point.file, point.line));
        }
      }
      out += fmt::format("<td data-label=\"{}\">{}</td>", esc(columns[c]), cell.empty() ? "<span class=\"muted\">no figure</span>" : cell);
    }
    std::string thresholds;
    for (const auto& threshold : chart.thresholds) {
      thresholds += fmt::format("{}{} {}", thresholds.empty() ? "" : "<br>", esc(threshold.rollback ? "rollback if" : "required"),
                                esc(threshold.written));
      thresholds += fmt::format(" ({})", location_link(model, checklist.path, threshold.line));
    }
    out += fmt::format("<td data-label=\"Thresholds\">{}</td></tr>\n", thresholds.empty() ? "—" : thresholds);
  }
  out += "</tbody></table></div>\n";
  return out;
}

// ---- findings -------------------------------------------------------------------------------------------

std::string findings_table(const ReportModel& model, const std::vector<const audit::Finding*>& findings, const std::string& id)
{
  std::string out = "<div class=\"table-wrap\"><table class=\"findings wide-cards\" data-testid=\"findings\">\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Location</th>"
                    "<th scope=\"col\">Rule</th><th scope=\"col\">Finding</th><th scope=\"col\">Ticked</th></tr></thead>\n<tbody>\n";
  for (size_t f = 0; f < findings.size(); ++f) {
    const auto& finding = *findings[f];
    std::string tick = "—";
    if (finding.tick) {
      const Moment moment{finding.tick->time, finding.tick->committed, finding.tick->truncated, finding.tick->commit, finding.tick->author};
      tick = prose_text(format_moment(moment));
      if (finding.tick->committed) {
        tick += fmt::format("<br><span class=\"muted\"><code>{}</code> {}</span>", esc(finding.tick->commit.substr(0, 12)), esc(finding.tick->author));
      }
    }
    out += fmt::format("<tr id=\"{}-f{}\"><td class=\"sev {}\" data-label=\"Severity\">{}</td><td data-label=\"Location\">{}</td>"
                       "<td data-label=\"Rule\"><code>{}</code></td><td data-label=\"Finding\">{}</td><td class=\"num\" data-label=\"Ticked\">{}</td></tr>\n",
                       id, f, severity_class(finding.severity), audit::to_string(finding.severity),
                       location_link(model, finding.file, finding.line), code_text(finding.rule), prose_text(finding.message), tick);
  }
  out += "</tbody></table></div>\n";
  return out;
}

std::string verdict_html(const Verdict& verdict, std::string_view testid)
{
  const std::string head = verdict.ready ? "Ready to sign" : verdict.text.starts_with("Nothing") ? "Nothing to sign" : "Not ready to sign";
  std::string rest = verdict.text.substr(std::min(verdict.text.size(), head.size()));
  return fmt::format("<p class=\"verdict{}\" data-testid=\"{}\"><strong>{}</strong>{}</p>\n", verdict.ready ? " ready" : "", testid, esc(head), prose_text(rest));
}

std::string checklist_section(const ReportModel& model, const ChecklistModel& checklist, size_t index)
{
  const std::string id = fmt::format("c{}", index + 1);
  std::string out = fmt::format("<section class=\"checklist\" id=\"{}\" aria-labelledby=\"{}-h\" data-testid=\"checklist\">\n<h2 id=\"{}-h\">{}</h2>\n",
                                id, id, id, esc(checklist.title));
  out += fmt::format("<p class=\"path\">{}{}</p>\n", location_link(model, checklist.path, 0),
                     checklist.rollout.empty() ? "" : fmt::format(" · rollout <code>{}</code>", code_text(checklist.rollout)));
  out += verdict_html(checklist.verdict, "checklist-verdict");

  out += fmt::format("<h3 id=\"{}-timeline\">Timeline</h3>\n", id);
  if (!model.has_history) {
    out += "<p class=\"note-box\">No git history was read, so every tick is dated now and the order of ticks and evidence is unknown; "
           "work-log entries are placed at the dates their headings state. Run inside a git repository (without <code>--no-history</code>) "
           "to see when each box was ticked.</p>\n";
  }
  if (checklist.ticks.empty() && checklist.evidence.empty() && checklist.stages.empty()) {
    out += "<p class=\"muted\">Nothing to draw: no stage, no ticked box, no evidence.</p>\n";
  } else {
    out += "<figure class=\"timeline\" data-testid=\"timeline-figure\">\n" + timeline_svg(model, checklist, id, k_wide)
           + timeline_svg(model, checklist, id, k_narrow) + legend(checklist) + "</figure>\n";
  }
  if (!checklist.stages.empty()) {
    out += stages_table(checklist);
  }

  out += fmt::format("<h3 id=\"{}-metrics\">Metrics by stage</h3>\n", id);
  if (checklist.charts.empty()) {
    out += "<p class=\"muted\" data-testid=\"metrics-none\">No figures logged for this rollout's stages and no thresholds stated.</p>\n";
  } else {
    out += "<div class=\"charts\" data-testid=\"metrics\">\n";
    for (size_t c = 0; c < checklist.charts.size(); ++c) {
      out += fmt::format("<figure class=\"chart\"><figcaption>{}</figcaption>\n{}</figure>\n", esc(checklist.charts[c].label),
                         chart_svg(checklist.charts[c], fmt::format("{}-m{}", id, c)));
    }
    out += "</div>\n";
    out += metrics_table(model, checklist);
  }

  out += fmt::format("<h3 id=\"{}-findings\">Findings</h3>\n", id);
  if (checklist.findings.empty()) {
    out += "<p class=\"good\" data-testid=\"findings-none\">No findings in this checklist.</p>\n";
  } else {
    std::vector<const audit::Finding*> findings;
    for (const auto& finding : checklist.findings) {
      findings.push_back(finding.finding);
    }
    out += findings_table(model, findings, id);
  }
  if (!checklist.ticks.empty() || !checklist.evidence.empty()) {
    out += fmt::format("<h3 id=\"{}-events\">Every tick and piece of evidence</h3>\n", id);
    out += events_table(model, checklist, id);
  }
  out += "</section>\n";
  return out;
}

} // namespace

std::string format_html(const ReportModel& model)
{
  std::string out =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    // Nothing on this page comes from anywhere else: no scripts, fonts, images or styles but its own.
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
    "<meta name=\"color-scheme\" content=\"light dark\">\n"
    "<meta name=\"generator\" content=\"rollout-audit " +
    esc(model.info.tool_version) +
    "\">\n"
    "<link rel=\"icon\" href=\"data:,\">\n"
    "<title>Rollout sign-off report</title>\n<style>" +
    std::string(k_style) + cards_css("table.cards", "screen and (max-width: 759px)") +
    cards_css("table.wide-cards", "screen and (max-width: 1099px), print") + "</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>Rollout sign-off report</h1>\n";

  std::string history;
  if (model.has_history) {
    history = fmt::format("times from git history ({} read{})", plural(model.info.commits_read, "commit"), model.info.shallow ? ", shallow clone" : "");
  } else {
    history = "no git history" + (model.info.history_note.empty() ? std::string() : ": " + model.info.history_note);
  }
  out += fmt::format("<p class=\"meta\">{}{}{}</p>\n", model.info.root.empty() ? "" : "<code>" + code_text(model.info.root) + "</code> · ",
                     model.now > 0 ? "as of " + esc(format_moment(Moment{model.now, true, false, "", ""})) + " · " : "", esc(history));
  out += verdict_html(model.verdict, "verdict");
  out += fmt::format("<p class=\"counts\">{}</p>\n", esc(model.counts));
  if (!model.checklists.empty()) {
    out += "<nav aria-label=\"Checklists\"><ul>\n";
    for (size_t c = 0; c < model.checklists.size(); ++c) {
      const auto& checklist = model.checklists[c];
      out += fmt::format("<li><span class=\"badge {}\">{}</span><a href=\"#c{}\">{}</a> <span class=\"muted\"><code>{}</code></span></li>\n",
                         checklist.verdict.ready ? "ready" : "not-ready", checklist.verdict.ready ? "ready" : "not ready", c + 1,
                         esc(checklist.title), code_text(checklist.path));
    }
    out += "</ul></nav>\n";
  }
  out += "</header>\n<main>\n";
  for (size_t c = 0; c < model.checklists.size(); ++c) {
    out += checklist_section(model, model.checklists[c], c);
  }
  if (!model.other_findings.empty()) {
    out += "<section class=\"checklist\" id=\"other\" aria-labelledby=\"other-h\">\n<h2 id=\"other-h\">Findings in other documents</h2>\n";
    out += findings_table(model, model.other_findings, "other");
    out += "</section>\n";
  }
  if (model.result && !model.result->diagnostics.empty()) {
    out += "<section class=\"checklist\" id=\"inputs\" aria-labelledby=\"inputs-h\">\n<h2 id=\"inputs-h\">Input problems</h2>\n<ul>\n";
    for (const auto& diagnostic : model.result->diagnostics) {
      out += fmt::format("<li>{}: {}</li>\n", location_link(model, diagnostic.file, diagnostic.line), prose_text(diagnostic.message));
    }
    out += "</ul>\n</section>\n";
  }
  out += "</main>\n<footer>Written by rollout-audit " + esc(model.info.tool_version) +
         ". Times are committer times of first-parent commits, in UTC; what is not committed is dated now. "
         "The Markdown comment (<code>--format markdown</code>) is rendered from the same data.</footer>\n</div>\n</body>\n</html>\n";
  return out;
}

} // namespace report
