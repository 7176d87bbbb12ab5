#pragma once

#include "audit/audit.hpp"
#include "audit/facts.hpp"
#include "report/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace report {

// The sign-off report as data: what happened when, per checklist, and whether it is ready to sign. Built
// once from Facts and the filtered AuditResult; the HTML page and the Markdown comment both render it, so
// the two never disagree. A pure function of its inputs: no clock, no files.

// A point in the audited history: a first-parent commit's time, or "now" for what is not committed.
struct Moment
{
  util::Timestamp time = 0;
  bool committed = false;
  bool truncated = false; // at a shallow clone's boundary: the real time may be earlier
  std::string commit;     // full hash, empty when not committed
  std::string author;
};

// One ticked box, at its commit time.
struct TickMark
{
  int item = -1;  // index into the document's items
  int stage = -1; // index into ChecklistModel::stages, -1 before any stage
  int line = 0;
  std::string text;
  Moment when;
  bool required = true;   // a step; guards, optional and N/A boxes are drawn but do not complete a stage
  bool in_window = false; // ticked inside a stated window that had not passed yet
  std::vector<int> findings; // indices into ChecklistModel::findings, the findings at this box's line
};

enum class EvidenceKind { work_log_entry, completion_report, evidence_file };

std::string_view to_string(EvidenceKind kind); // "work-log entry", "completion report", "evidence file"

// A piece of evidence, at the time it entered what main saw.
struct EvidenceMark
{
  EvidenceKind kind = EvidenceKind::work_log_entry;
  int stage = -1; // the stage it reports on, -1 for none
  std::string label; // the entry's heading, the file's path
  std::string file;
  int line = 0;
  std::optional<Moment> when; // nullopt when nothing dates it
  std::optional<util::Timestamp> written; // the date the entry's heading states, when it has one
};

// "stable for 72 hours": a span from the completion of the stage it waits on.
struct WindowSpan
{
  int stage = -1;      // the stage whose step (or heading) states it: the lane it is drawn in
  int waits_on = -1;   // the stage whose completion starts it
  int item = -1;       // the item that states it, -1 when the stage heading does
  int line = 0;
  std::string written; // "stable for 72 hours"
  int64_t seconds = 0;
  // When the window starts: the completion of `waits_on`. When that stage is still open, the latest tick
  // in it so far, and `provisional` is set (the window cannot have started yet).
  std::optional<Moment> start;
  bool provisional = false;
  std::optional<Moment> tick; // when the box stating it was ticked
  bool early = false;         // ticked before start + seconds
};

struct StageModel
{
  std::string title;
  std::string short_title; // "Validation Stage · 10%": for lanes and chart columns
  int line = 0;
  std::optional<double> percent;
  int required = 0; // required steps
  int ticked = 0;   // of which ticked
  std::vector<int> open_lines; // lines of the open required steps
  std::optional<Moment> started;   // its first tick
  std::optional<Moment> completed; // its last required step's tick, once every one is ticked
  // How long it ran before the next stage began (the next started stage's first tick), or until now when
  // it is the last one begun; nullopt when it never started.
  std::optional<int64_t> lasted;
  bool lasted_until_now = false; // until the --now given
  // Still open at the last recorded event (no --now): `lasted` runs until that event, and the stage goes on.
  bool open_end = false;
  std::vector<int> windows; // indices into ChecklistModel::windows stated by this stage
};

// A figure logged for a stage (or in a completion report).
struct MetricPoint
{
  int column = 0; // index into MetricChart::columns
  double value = 0;
  std::string written; // "Response P95: 6.2 s"
  std::string file;
  int line = 0;
  std::string source; // "entry '2025-10-22 - Phase 3 validation'"
  bool breaches = false; // crosses a rollback threshold or misses a gate
};

struct ThresholdLine
{
  bool rollback = true; // a rollback threshold ("rollback if ..."); false: a gate a stage requires ("< 1 percent")
  evidence::Comparator op = evidence::Comparator::less;
  double value = 0;
  std::string written;
  int line = 0;
};

// One metric ("response P95", "failure rate") across the rollout's stages against the thresholds.
struct MetricChart
{
  std::string label; // "P95 latency", "failure rate", "mismatch count"
  std::string unit;  // "ms", "%", ""
  std::vector<std::string> columns; // stage titles (short) and "completion report"
  std::vector<int> column_stages;   // the stage of each column, -1 for the completion report
  std::vector<MetricPoint> points;
  std::vector<ThresholdLine> thresholds;
};

struct Verdict
{
  bool ready = false;
  std::string text; // "Not ready to sign: 9 errors, 5 required steps open (first at line 42)"
};

struct ModelFinding
{
  const audit::Finding* finding = nullptr;
  int tick = -1; // index into ChecklistModel::ticks when it concerns a ticked box
};

struct ChecklistModel
{
  std::string path;
  std::string title;  // the front matter's title or the first heading, else the path
  std::string rollout; // slug
  std::vector<StageModel> stages;
  std::vector<TickMark> ticks;         // in time order
  std::vector<EvidenceMark> evidence;  // in time order, undated last
  std::vector<WindowSpan> windows;
  std::vector<MetricChart> charts;
  std::vector<ModelFinding> findings; // the findings in this document, errors first
  Verdict verdict;
  // The span the timeline covers: every dated mark and window. Equal when nothing is dated.
  util::Timestamp first = 0;
  util::Timestamp last = 0;
};

struct ReportModel
{
  RunInfo info;
  util::Timestamp now = 0;
  bool has_history = false;
  std::string counts; // report::verdict(): "11 errors, 1 warning, … (3 checklists, 26 of 34 boxes ticked)"
  Verdict verdict;    // the whole run: ready only when every checklist is
  bool detailed = false; // built with Facts: the checklists were looked at, not only the findings
  std::vector<ChecklistModel> checklists; // the audited rollouts, then plans, by path within
  std::vector<const audit::Finding*> other_findings; // findings in files that are not audited checklists
  std::vector<const audit::Finding*> all_findings;   // errors first
  const audit::AuditResult* result = nullptr;
  // Prepended to repository-relative paths in links (the HTML's file:line links): where the repository
  // root is seen from the page, "../" or "" — set by the caller, which knows where the page is written.
  std::string link_base;
};

// `facts` may be null: then the model holds the findings and the verdict only (the PR comment of a plain
// `--format markdown` run). The model points into `facts` and `result`, which must outlive it.
ReportModel build_report_model(const audit::Facts* facts, const audit::AuditResult& result, const RunInfo& info);

// The self-contained page (inline CSS and SVG, no scripts, no network): docs/report.md.
std::string format_html(const ReportModel& model);
// The same model as a pull-request comment.
std::string format_markdown(const ReportModel& model);

// Shared by both renderings.
std::string format_moment(const Moment& moment);            // "2025-10-22 15:00 UTC" or "not committed"
std::string format_value(double value, std::string_view unit); // "6.2 s", "0.8 %", "612 ms", "12"
std::string describe_threshold(const ThresholdLine& threshold); // "rollback if response P95 > 5 s (line 31)"
// How long a stage ran, as the stages table says it: "9h", "2d 3h (until now)", "at least 4h (still open at
// the last recorded event)", "still open at the last recorded event"; empty when it never started.
std::string describe_lasted(const StageModel& stage);
// Where a piece of evidence sits on the time axis: when it entered history; without history, the date its
// heading states (a work-log entry's), else "now".
util::Timestamp plotted_time(const EvidenceMark& mark, bool has_history);

} // namespace report
