#include "report/report_model.hpp"

#include "util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace report {

namespace {

// Every piece of document text goes through here, in element content and in attributes alike.
std::string esc(std::string_view text)
{
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
    case '\0':
      out += "\xEF\xBF\xBD";
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

std::string plural(size_t count, std::string_view word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string location_link(const ReportModel& model, std::string_view file, int line)
{
  const std::string place = line > 0 ? fmt::format("{}:{}", file, line) : std::string(file);
  const std::string href = url_path(model.link_base) + url_path(file) + (line > 0 ? fmt::format("#L{}", line) : "");
  return fmt::format("<a class=\"loc\" href=\"{}\"><code>{}</code></a>", href, esc(place));
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

Axis make_axis(util::Timestamp first, util::Timestamp last, double left, double right)
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
    if (span / step <= 10) {
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
.page { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
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
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); font-size: 0.85rem; margin: 6px 0 0; }
.legend svg { width: 18px; height: 16px; vertical-align: middle; margin-right: 4px; }
.note-box { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--border); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { white-space: nowrap; }
.sev { font-weight: 600; }
.sev.error, .bad { color: var(--bad); }
.sev.warning { color: var(--warn); }
.sev.note { color: var(--note); }
.good { color: var(--ok); }
.muted { color: var(--muted); }
tr:target { outline: 2px solid var(--note); outline-offset: -2px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; }
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
svg .flag { fill: var(--bad); }
svg .flag-text { fill: var(--bg); font-size: 10px; font-weight: 700; }
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
  .checklist { break-before: page; border-top: none; }
  figure, .chart, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
)CSS";

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
      text += fmt::format(", ran {}{}", util::format_duration(*stage.lasted), stage.lasted_until_now ? " until now" : " before the next stage began");
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

// `section` is the checklist's id: the ticks link to its findings rows.
std::string timeline_svg(const ReportModel& model, const ChecklistModel& checklist, const std::string& section)
{
  const std::string id = section + "-tl";
  constexpr double k_width = 1200;
  constexpr double k_label = 250;
  constexpr double k_top = 40;
  constexpr double k_lane = 64;
  std::vector<Lane> lanes;
  for (size_t s = 0; s < checklist.stages.size(); ++s) {
    const auto& stage = checklist.stages[s];
    lanes.push_back({lane_title(stage), stage.title, fmt::format("{}/{} steps ticked", stage.ticked, stage.required), static_cast<int>(s)});
  }
  const bool loose = std::any_of(checklist.evidence.begin(), checklist.evidence.end(), [](const EvidenceMark& mark) {
    return mark.stage < 0 && (mark.when || mark.written);
  }) || std::any_of(checklist.ticks.begin(), checklist.ticks.end(), [](const TickMark& tick) { return tick.stage < 0; });
  if (loose) {
    lanes.push_back({"Other evidence", "for no single stage", "reports, files, entries", -1});
  }
  const double height = k_top + k_lane * static_cast<double>(std::max<size_t>(lanes.size(), 1)) + 12;
  util::Timestamp first = checklist.first;
  util::Timestamp last = checklist.last;
  const bool show_now = model.now > 0 && (model.now <= last + (last - first) / 4 || !model.has_history);
  if (show_now) {
    first = std::min(first, model.now);
    last = std::max(last, model.now);
  }
  const Axis axis = make_axis(first, last, k_label + 10, k_width - 24);
  const auto lane_y = [&](int stage) {
    for (size_t l = 0; l < lanes.size(); ++l) {
      if (lanes[l].stage == stage) {
        return k_top + k_lane * static_cast<double>(l);
      }
    }
    return k_top + k_lane * static_cast<double>(lanes.empty() ? 0 : lanes.size() - 1);
  };

  std::string out = fmt::format(
    "<svg class=\"timeline-svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" "
    "xmlns=\"http://www.w3.org/2000/svg\" data-testid=\"timeline\">\n"
    "<title id=\"{}-title\">Timeline of {}: stages as lanes, ticks and evidence at their commit times</title>\n"
    "<desc id=\"{}-desc\">{}</desc>\n",
    svg_num(k_width), svg_num(height), id, id, id, esc(checklist.title), id, esc(timeline_description(model, checklist)));

  // Lanes and their titles.
  for (size_t l = 0; l < lanes.size(); ++l) {
    const double y = k_top + k_lane * static_cast<double>(l);
    if (l % 2 == 0) {
      out += fmt::format("<rect class=\"lane\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>", svg_num(y), svg_num(k_width), svg_num(k_lane));
    }
    out += fmt::format("<text x=\"8\" y=\"{}\" font-size=\"13\" font-weight=\"600\">{}<title>{}</title></text>", svg_num(y + 27),
                       esc(lanes[l].title), esc(lanes[l].full));
    out += fmt::format("<text class=\"muted\" x=\"8\" y=\"{}\" font-size=\"11\">{}</text>\n", svg_num(y + 44), esc(lanes[l].subtitle));
  }
  // The time axis and its grid.
  out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", svg_num(axis.left), svg_num(k_top), svg_num(axis.right), svg_num(k_top));
  const util::Timestamp start = (axis.from / axis.step + (axis.from % axis.step > 0 ? 1 : 0)) * axis.step;
  bool first_label = true;
  for (util::Timestamp t = start; t <= axis.to; t += axis.step) {
    const double x = axis.x(t);
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", svg_num(x), svg_num(k_top), svg_num(x), svg_num(height - 12));
    out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", svg_num(x),
                       svg_num(k_top - 10), esc(axis_label(t, first_label)));
    first_label = false;
  }
  out += fmt::format("<text class=\"muted\" x=\"8\" y=\"{}\" font-size=\"11\">{}</text>\n", svg_num(k_top - 10),
                     model.has_history ? "UTC, first-parent commit times" : "UTC; no history: ticks dated now");

  // How long each stage ran: a bar from its first tick to the next stage's.
  for (size_t s = 0; s < checklist.stages.size(); ++s) {
    const auto& stage = checklist.stages[s];
    if (!stage.started || !model.has_history) {
      continue;
    }
    const util::Timestamp end = stage.lasted ? stage.started->time + *stage.lasted : stage.completed ? stage.completed->time : stage.started->time;
    const double y = lane_y(static_cast<int>(s));
    const double x1 = axis.x(stage.started->time);
    const double x2 = std::max(axis.x(end), x1 + 2);
    out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" rx=\"2\"><title>{}</title></rect>", svg_num(x1),
                       svg_num(y + k_lane - 9), svg_num(x2 - x1),
                       esc(stage.lasted ? fmt::format("{} ran {}{}", stage.title, util::format_duration(*stage.lasted),
                                                      stage.lasted_until_now ? " until now" : " before the next stage began")
                                        : fmt::format("{}: first tick {}", stage.title, format_moment(*stage.started))));
    if (stage.lasted) {
      out += fmt::format("<text class=\"muted\" x=\"{}\" y=\"{}\" font-size=\"10\">ran {}</text>", svg_num(x2 + 4), svg_num(y + k_lane - 4),
                         esc(util::format_duration(*stage.lasted)));
    }
  }
  out += "\n";
  // Stated windows, behind the marks.
  for (const auto& window : checklist.windows) {
    if (!window.start) {
      continue;
    }
    const double y = lane_y(window.stage);
    const double x1 = axis.x(window.start->time);
    const double x2 = axis.x(window.start->time + window.seconds);
    out += fmt::format("<g class=\"window-span\" data-testid=\"window\"><rect class=\"window{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                       window.provisional ? " provisional" : "", svg_num(x1), svg_num(y + 3), svg_num(std::max(x2 - x1, 1.0)),
                       svg_num(k_lane - 16));
    out += fmt::format("<text class=\"window-label\" x=\"{}\" y=\"{}\">{}{}</text>", svg_num(x1 + 4), svg_num(y + 13),
                       esc(window.written), window.provisional ? " (not started)" : "");
    out += fmt::format("<title>{}</title></g>\n", esc(window_summary(checklist, window)));
  }
  // "Now".
  if (show_now) {
    const double x = axis.x(model.now);
    out += fmt::format("<line class=\"now\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" "
                       "text-anchor=\"middle\" fill=\"currentColor\" class=\"muted\">now</text>\n",
                       svg_num(x), svg_num(k_top), svg_num(x), svg_num(height - 12), svg_num(x), svg_num(height - 1));
  }
  // Evidence marks: lower row of their lane.
  {
    std::map<std::pair<int, long>, std::vector<const EvidenceMark*>> groups;
    for (const auto& mark : checklist.evidence) {
      if (!mark.when && !mark.written) {
        continue;
      }
      const double x = axis.x(plotted_time(mark, model.has_history));
      groups[{mark.stage, std::lround(x / 7)}].push_back(&mark);
    }
    for (const auto& [key, marks] : groups) {
      const EvidenceMark& mark = *marks.front();
      const double x = axis.x(plotted_time(mark, model.has_history));
      const double y = lane_y(key.first) + 47;
      std::string tip;
      for (const auto* each : marks) {
        tip += fmt::format("{}{}: {} ({}:{}), {}", tip.empty() ? "" : "\n", to_string(each->kind), each->label, each->file, each->line,
                           each->when && each->when->committed ? "appeared " + format_moment(*each->when)
                           : !model.has_history && each->written ? "dated " + util::format_timestamp(*each->written).substr(0, 10) + " by its heading"
                                                                 : std::string("not committed"));
      }
      const bool uncommitted = model.has_history && mark.when && !mark.when->committed;
      out += fmt::format("<g class=\"evidence-mark\" data-testid=\"evidence\" data-kind=\"{}\" tabindex=\"0\">", esc(to_string(mark.kind)));
      draw_mark_shape(out, mark.kind, x, y, uncommitted ? "evidence uncommitted" : "evidence");
      if (marks.size() > 1) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" class=\"muted\">×{}</text>", svg_num(x + 8), svg_num(y + 4), marks.size());
      }
      out += fmt::format("<title>{}</title></g>\n", esc(tip));
    }
  }
  // Ticks: upper row; one mark per lane and commit, numbered when it holds several boxes.
  {
    std::map<std::tuple<int, util::Timestamp, std::string>, std::vector<const TickMark*>> groups;
    for (const auto& tick : checklist.ticks) {
      groups[{tick.stage, tick.when.time, tick.when.commit}].push_back(&tick);
    }
    for (const auto& [key, ticks] : groups) {
      const double x = axis.x(std::get<1>(key));
      const double y = lane_y(std::get<0>(key)) + 31;
      audit::Severity worst = audit::Severity::note;
      size_t finding_count = 0;
      bool in_window = false;
      int first_finding = -1;
      std::string tip;
      for (const auto* tick : ticks) {
        in_window = in_window || tick->in_window;
        for (int index : tick->findings) {
          const auto severity = checklist.findings[static_cast<size_t>(index)].finding->severity;
          worst = finding_count == 0 ? severity : std::max(worst, severity);
          ++finding_count;
          if (first_finding < 0) {
            first_finding = index;
          }
        }
        if (!tip.empty()) {
          tip += '\n';
        }
        tip += tick_summary(checklist, *tick);
      }
      std::string css = "tick";
      if ((finding_count > 0 && worst == audit::Severity::error) || in_window) {
        css += " bad";
      } else if (finding_count > 0 && worst == audit::Severity::warning) {
        css += " warn";
      }
      if (!ticks.front()->when.committed) {
        css += " uncommitted";
      }
      const double radius = ticks.size() > 1 ? 9 : 7;
      const std::string href = first_finding >= 0 ? fmt::format(" href=\"#{}-f{}\"", section, first_finding) : "";
      out += fmt::format("<a class=\"tick-mark\" data-testid=\"tick\" data-findings=\"{}\"{}{}>", finding_count, href,
                         href.empty() ? " tabindex=\"0\"" : "");
      out += fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", css, svg_num(x), svg_num(y), svg_num(radius));
      if (ticks.size() > 1) {
        out += fmt::format("<text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", svg_num(x), svg_num(y + 3.5), ticks.size());
      }
      if (finding_count > 0) {
        out += fmt::format("<circle class=\"flag\" cx=\"{}\" cy=\"{}\" r=\"7\"/><text class=\"flag-text\" x=\"{}\" y=\"{}\" "
                           "text-anchor=\"middle\">{}</text>",
                           svg_num(x + radius + 3), svg_num(y - radius - 1), svg_num(x + radius + 3), svg_num(y - radius + 2.5),
                           finding_count > 9 ? std::string("9+") : std::to_string(finding_count));
      }
      out += fmt::format("<title>{}</title></a>\n", esc(tip));
    }
  }
  out += "</svg>\n";
  return out;
}

std::string legend()
{
  const auto swatch = [](std::string_view shape) {
    return fmt::format("<svg width=\"18\" height=\"16\" viewBox=\"0 0 18 16\" aria-hidden=\"true\">{}</svg>", shape);
  };
  std::string out = "<p class=\"legend\">";
  out += "<span>" + swatch("<circle class=\"tick\" cx=\"9\" cy=\"8\" r=\"6\"/>") + "ticked box (number: boxes in one commit)</span>";
  out += "<span>" + swatch("<circle class=\"tick bad\" cx=\"9\" cy=\"8\" r=\"6\"/>") + "ticked box with an error or ticked inside a window</span>";
  out += "<span>" + swatch("<circle class=\"flag\" cx=\"9\" cy=\"8\" r=\"6\"/>") + "number of findings on it</span>";
  out += "<span>" + swatch("<circle class=\"tick uncommitted\" cx=\"9\" cy=\"8\" r=\"5\"/>") + "not committed (dated now)</span>";
  out += "<span>" + swatch("<path class=\"evidence\" d=\"M9 2l6 6l-6 6l-6 -6z\"/>") + "work-log entry</span>";
  out += "<span>" + swatch("<rect class=\"evidence\" x=\"3.5\" y=\"2.5\" width=\"11\" height=\"11\"/>") + "completion report</span>";
  out += "<span>" + swatch("<path class=\"evidence\" d=\"M9 2l6.5 11h-13z\"/>") + "evidence file</span>";
  out += "<span>" + swatch("<rect class=\"window\" x=\"1\" y=\"3\" width=\"16\" height=\"10\"/>") + "stated window, from the stage it waits on</span>";
  out += "<span>" + swatch("<rect class=\"bar\" x=\"1\" y=\"6\" width=\"16\" height=\"5\"/>") + "how long the stage ran before the next began</span>";
  out += "</p>\n";
  return out;
}

std::string stages_table(const ChecklistModel& checklist)
{
  std::string out =
    "<table class=\"stages\" data-testid=\"stages\">\n<caption class=\"muted\" style=\"text-align:left\">The stages as the timeline draws them</caption>\n"
    "<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Steps ticked</th><th scope=\"col\">First tick</th>"
    "<th scope=\"col\">Complete</th><th scope=\"col\">Ran before the next stage</th><th scope=\"col\">Stated windows</th></tr></thead>\n<tbody>\n";
  for (const auto& stage : checklist.stages) {
    std::string windows;
    for (int index : stage.windows) {
      const auto& window = checklist.windows[static_cast<size_t>(index)];
      windows += fmt::format("{}<span class=\"{}\">{}</span>", windows.empty() ? "" : "<br>", window.early ? "bad" : "",
                             esc(window_summary(checklist, window)));
    }
    out += fmt::format("<tr><th scope=\"row\">{}</th><td class=\"num{}\">{} of {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td>{}</td></tr>\n",
                       esc(stage.title), stage.ticked < stage.required ? " bad" : "", stage.ticked, stage.required,
                       stage.started ? esc(format_moment(*stage.started)) : "—",
                       stage.completed ? esc(format_moment(*stage.completed)) : stage.required > stage.ticked ? "open" : "—",
                       stage.lasted ? esc(util::format_duration(*stage.lasted) + (stage.lasted_until_now ? " (until now)" : "")) : "—",
                       windows.empty() ? "—" : windows);
  }
  out += "</tbody></table>\n";
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
                           index, esc(finding->rule));
    }
    if (tick.in_window) {
      notes += std::string(notes.empty() ? "" : ", ") + "<span class=\"bad\">inside a stated window</span>";
    }
    rows.push_back({tick.when.time, 0,
                    fmt::format("<td class=\"num\">{}</td><td>{}</td><td>ticked</td><td>{} {}</td><td>{}</td>", esc(format_moment(tick.when)),
                                stage_name(tick.stage), location_link(model, checklist.path, tick.line), esc(tick.text), notes.empty() ? "—" : notes)});
  }
  for (const auto& mark : checklist.evidence) {
    const std::string when = mark.when && mark.when->committed ? format_moment(*mark.when)
                             : !model.has_history && mark.written ? util::format_timestamp(*mark.written).substr(0, 10) + " (heading)"
                                                                  : std::string("not committed");
    rows.push_back({mark.when || mark.written ? plotted_time(mark, model.has_history) : 0, 1,
                    fmt::format("<td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>—</td>", esc(when), stage_name(mark.stage),
                                esc(to_string(mark.kind)), location_link(model, mark.file, mark.line), esc(mark.label))});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return std::tie(a.time, a.order) < std::tie(b.time, b.order); });
  std::string out = fmt::format(
    "<table class=\"events\" data-testid=\"events\">\n<caption class=\"muted\" style=\"text-align:left\">The timeline as a table: every tick and "
    "piece of evidence in time order</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Stage</th><th scope=\"col\">What</th>"
    "<th scope=\"col\">Where</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
  for (const auto& row : rows) {
    out += "<tr>" + row.html + "</tr>\n";
  }
  out += "</tbody></table>\n";
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
  std::string out = "<table class=\"metrics\" data-testid=\"metrics-table\">\n<caption class=\"muted\" style=\"text-align:left\">The charts as a "
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
      out += fmt::format("<td>{}</td>", cell.empty() ? "<span class=\"muted\">no figure</span>" : cell);
    }
    std::string thresholds;
    for (const auto& threshold : chart.thresholds) {
      thresholds += fmt::format("{}{} {}", thresholds.empty() ? "" : "<br>", esc(threshold.rollback ? "rollback if" : "required"),
                                esc(threshold.written));
      thresholds += fmt::format(" ({})", location_link(model, checklist.path, threshold.line));
    }
    out += fmt::format("<td>{}</td></tr>\n", thresholds.empty() ? "—" : thresholds);
  }
  out += "</tbody></table>\n";
  return out;
}

// ---- findings -------------------------------------------------------------------------------------------

std::string findings_table(const ReportModel& model, const std::vector<const audit::Finding*>& findings, const std::string& id)
{
  std::string out = "<table class=\"findings\" data-testid=\"findings\">\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Location</th>"
                    "<th scope=\"col\">Rule</th><th scope=\"col\">Finding</th><th scope=\"col\">Ticked</th></tr></thead>\n<tbody>\n";
  for (size_t f = 0; f < findings.size(); ++f) {
    const auto& finding = *findings[f];
    std::string tick = "—";
    if (finding.tick) {
      const Moment moment{finding.tick->time, finding.tick->committed, finding.tick->truncated, finding.tick->commit, finding.tick->author};
      tick = esc(format_moment(moment));
      if (finding.tick->committed) {
        tick += fmt::format("<br><span class=\"muted\"><code>{}</code> {}</span>", esc(finding.tick->commit.substr(0, 12)), esc(finding.tick->author));
      }
    }
    out += fmt::format("<tr id=\"{}-f{}\"><td class=\"sev {}\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                       id, f, severity_class(finding.severity), audit::to_string(finding.severity),
                       location_link(model, finding.file, finding.line), esc(finding.rule), esc(finding.message), tick);
  }
  out += "</tbody></table>\n";
  return out;
}

std::string verdict_html(const Verdict& verdict, std::string_view testid)
{
  const std::string head = verdict.ready ? "Ready to sign" : verdict.text.starts_with("Nothing") ? "Nothing to sign" : "Not ready to sign";
  std::string rest = verdict.text.substr(std::min(verdict.text.size(), head.size()));
  return fmt::format("<p class=\"verdict{}\" data-testid=\"{}\"><strong>{}</strong>{}</p>\n", verdict.ready ? " ready" : "", testid, esc(head), esc(rest));
}

std::string checklist_section(const ReportModel& model, const ChecklistModel& checklist, size_t index)
{
  const std::string id = fmt::format("c{}", index + 1);
  std::string out = fmt::format("<section class=\"checklist\" id=\"{}\" aria-labelledby=\"{}-h\" data-testid=\"checklist\">\n<h2 id=\"{}-h\">{}</h2>\n",
                                id, id, id, esc(checklist.title));
  out += fmt::format("<p class=\"path\">{}{}</p>\n", location_link(model, checklist.path, 0),
                     checklist.rollout.empty() ? "" : fmt::format(" · rollout <code>{}</code>", esc(checklist.rollout)));
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
    out += "<figure class=\"timeline\" data-testid=\"timeline-figure\">\n" + timeline_svg(model, checklist, id) + legend() + "</figure>\n";
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
    std::string(k_style) + "</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>Rollout sign-off report</h1>\n";

  std::string history;
  if (model.has_history) {
    history = fmt::format("times from git history ({} read{})", plural(model.info.commits_read, "commit"), model.info.shallow ? ", shallow clone" : "");
  } else {
    history = "no git history" + (model.info.history_note.empty() ? std::string() : ": " + model.info.history_note);
  }
  out += fmt::format("<p class=\"meta\">{}{}{}</p>\n", model.info.root.empty() ? "" : "<code>" + esc(model.info.root) + "</code> · ",
                     model.now > 0 ? "as of " + esc(format_moment(Moment{model.now, true, false, "", ""})) + " · " : "", esc(history));
  out += verdict_html(model.verdict, "verdict");
  out += fmt::format("<p class=\"counts\">{}</p>\n", esc(model.counts));
  if (!model.checklists.empty()) {
    out += "<nav aria-label=\"Checklists\"><ul>\n";
    for (size_t c = 0; c < model.checklists.size(); ++c) {
      const auto& checklist = model.checklists[c];
      out += fmt::format("<li><span class=\"badge {}\">{}</span><a href=\"#c{}\">{}</a> <span class=\"muted\"><code>{}</code></span></li>\n",
                         checklist.verdict.ready ? "ready" : "not-ready", checklist.verdict.ready ? "ready" : "not ready", c + 1,
                         esc(checklist.title), esc(checklist.path));
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
      out += fmt::format("<li>{}: {}</li>\n", location_link(model, diagnostic.file, diagnostic.line), esc(diagnostic.message));
    }
    out += "</ul>\n</section>\n";
  }
  out += "</main>\n<footer>Written by rollout-audit " + esc(model.info.tool_version) +
         ". Times are committer times of first-parent commits, in UTC; what is not committed is dated now. "
         "The Markdown comment (<code>--format markdown</code>) is rendered from the same data.</footer>\n</div>\n</body>\n</html>\n";
  return out;
}

} // namespace report
