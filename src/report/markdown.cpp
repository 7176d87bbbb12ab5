#include "report/report.hpp"
#include "report/report_model.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

namespace report {

namespace {

// GitHub refuses comments over 65536 characters and step summaries over 1 MiB; the tables stop short of
// that with a line saying how many rows were left out.
constexpr size_t k_comment_limit = 60000;
constexpr size_t k_step_summary_limit = 1000000;

// Text for one table cell: line breaks become spaces and '|' is escaped everywhere (GFM requires it inside
// code spans too). Outside code spans '<' is escaped so that no text reads as HTML, and '@' is followed by
// a zero-width space so that quoted item text ("notify @oncall") never mentions anyone. Bytes that are not
// UTF-8 and control characters are shown as util::printable shows them.
std::string cell(std::string_view raw)
{
  const std::string text = util::printable(raw);
  std::string out;
  out.reserve(text.size() + 8);
  const auto put = [&](char c, bool code) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '|') {
      // After an odd run of backslashes "\\|" would read as an escaped backslash and a bare pipe, which ends
      // the cell: one more backslash pairs the run off.
      const size_t run = out.size() - std::min(out.size(), out.find_last_not_of('\\') + 1);
      out += run % 2 == 1 ? "\\\\|" : "\\|";
    } else if (!code && c == '<') {
      out += "&lt;";
    } else if (!code && c == '@') {
      out += "@&#8203;";
    } else {
      out += c;
    }
  };
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '`') {
      put(text[i++], false);
      continue;
    }
    size_t run = 0;
    while (i + run < text.size() && text[i + run] == '`') {
      ++run;
    }
    // A code span closes at the next run of exactly as many backticks; without one the run is literal.
    size_t close = std::string_view::npos;
    for (size_t j = i + run; j < text.size();) {
      if (text[j] != '`') {
        ++j;
        continue;
      }
      size_t other = 0;
      while (j + other < text.size() && text[j + other] == '`') {
        ++other;
      }
      if (other == run) {
        close = j;
        break;
      }
      j += other;
    }
    if (close == std::string_view::npos) {
      out.append(run, '`');
      i += run;
      continue;
    }
    for (size_t j = i; j < close + run; ++j) {
      put(text[j], true);
    }
    i = close + run;
  }
  return out;
}

std::string location(std::string_view file, int line)
{
  const std::string place = line > 0 ? fmt::format("{}:{}", file, line) : std::string(file);
  return place.find('`') == std::string::npos ? cell("`" + place + "`") : cell(place);
}

std::string row(const audit::Finding& finding)
{
  return fmt::format("| {} | {} | `{}` | {} |\n",
                     audit::to_string(finding.severity),
                     location(finding.file, finding.line),
                     cell(finding.rule),
                     cell(finding.message));
}

// Appends rows while they fit in `budget`, then one line for those left out.
std::string table(const std::vector<const audit::Finding*>& findings, size_t& budget)
{
  std::string out = "| Severity | Location | Rule | Finding |\n| --- | --- | --- | --- |\n";
  size_t shown = 0;
  for (const audit::Finding* finding : findings) {
    std::string line = row(*finding);
    if (out.size() + line.size() > budget) {
      break;
    }
    out += line;
    ++shown;
  }
  if (shown < findings.size()) {
    out += fmt::format("\n… and {} more not shown here; the JSON or SARIF report has them all.\n", findings.size() - shown);
  }
  budget -= std::min(budget, out.size());
  return out;
}

std::string input_problems(const audit::AuditResult& result)
{
  std::string out;
  for (const auto& diagnostic : result.diagnostics) {
    out += fmt::format("- {}: {}\n", location(diagnostic.file, diagnostic.line), cell(diagnostic.message));
  }
  return out;
}

std::string history_line(const RunInfo& info)
{
  return info.history_note.empty() ? std::string() : fmt::format("\nNote: {}\n", cell(info.history_note));
}

std::string plural(size_t count, std::string_view word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

// "**Not ready to sign**: 9 errors": the verdict's head in bold.
std::string bold_head(const std::string& text)
{
  const size_t colon = text.find(':');
  return colon == std::string::npos ? fmt::format("**{}**", cell(text))
                                    : fmt::format("**{}**:{}", cell(text.substr(0, colon)), cell(text.substr(colon + 1)));
}

// The stages of one checklist as the HTML timeline draws them, then its metrics against its thresholds.
std::string checklist_markdown(const ChecklistModel& checklist)
{
  std::string out = fmt::format("\n#### {} — {}\n\n{}\n", cell(checklist.title), location(checklist.path, 0), bold_head(checklist.verdict.text));
  if (!checklist.stages.empty()) {
    out += "\n| Stage | Steps ticked | First tick | Complete | Ran before the next stage | Stated windows |\n"
           "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& stage : checklist.stages) {
      std::string windows;
      for (int index : stage.windows) {
        const auto& window = checklist.windows[static_cast<size_t>(index)];
        std::string text = fmt::format("'{}'", window.written);
        if (window.start && !window.provisional) {
          text += fmt::format(" until {}", format_moment(Moment{window.start->time + window.seconds, true, false, "", ""}));
        } else if (window.provisional) {
          text += " (not started: the stage it waits on is open)";
        }
        if (window.early && window.tick) {
          text += fmt::format(", ticked early at {}", format_moment(*window.tick));
        }
        windows += (windows.empty() ? "" : "; ") + text;
      }
      out += fmt::format("| {} | {} of {} | {} | {} | {} | {} |\n",
                         cell(stage.title),
                         stage.ticked,
                         stage.required,
                         stage.started ? format_moment(*stage.started) : "—",
                         stage.completed ? format_moment(*stage.completed) : stage.required > stage.ticked ? "open" : "—",
                         stage.lasted ? describe_lasted(stage) : "—",
                         windows.empty() ? "—" : cell(windows));
    }
  }
  if (!checklist.charts.empty()) {
    const auto& columns = checklist.charts.front().columns;
    out += "\n| Metric |";
    for (const auto& column : columns) {
      out += fmt::format(" {} |", cell(column));
    }
    out += " Thresholds |\n| --- |";
    for (size_t c = 0; c < columns.size(); ++c) {
      out += " --- |";
    }
    out += " --- |\n";
    for (const auto& chart : checklist.charts) {
      out += fmt::format("| {} |", cell(chart.label));
      for (size_t c = 0; c < columns.size(); ++c) {
        std::string values;
        for (const auto& point : chart.points) {
          if (point.column == static_cast<int>(c)) {
            const std::string value = format_value(point.value, chart.unit);
            values += (values.empty() ? "" : ", ") + (point.breaches ? fmt::format("**{}** (over)", value) : value);
          }
        }
        out += fmt::format(" {} |", values.empty() ? "no figure" : cell(values));
      }
      std::string thresholds;
      for (const auto& threshold : chart.thresholds) {
        thresholds += (thresholds.empty() ? "" : "; ") + fmt::format("{} {}", threshold.rollback ? "rollback if" : "required", threshold.written);
      }
      out += fmt::format(" {} |\n", thresholds.empty() ? "—" : cell(thresholds));
    }
  }
  return out;
}

} // namespace

std::string format_markdown(const ReportModel& model)
{
  // The marker lets a CI job find its previous comment and edit it instead of adding another.
  std::string out = fmt::format("<!-- rollout-audit -->\n### rollout-audit: {}\n\n", cell(model.counts));
  if (model.detailed) {
    out += bold_head(model.verdict.text) + "\n";
    std::string checklists;
    size_t shown = 0;
    for (const auto& checklist : model.checklists) {
      std::string part = checklist_markdown(checklist);
      if (checklists.size() + part.size() > k_comment_limit / 2) {
        break;
      }
      checklists += part;
      ++shown;
    }
    if (shown < model.checklists.size()) {
      checklists += fmt::format("\n… and {} more not shown here; the HTML report (`rollout-audit report`) has them all.\n",
                                plural(model.checklists.size() - shown, "checklist"));
    }
    out += checklists;
    out += "\n#### Findings\n\n";
  }
  const audit::AuditResult& result = *model.result;
  size_t budget = k_comment_limit > out.size() ? k_comment_limit - out.size() : 0;
  std::vector<const audit::Finding*> shown;
  std::vector<const audit::Finding*> notes;
  for (const audit::Finding* finding : model.all_findings) {
    (finding->severity == audit::Severity::note ? notes : shown).push_back(finding);
  }
  if (result.findings.empty()) {
    out += "No findings.\n";
  }
  if (!shown.empty()) {
    out += table(shown, budget);
  }
  if (!notes.empty()) {
    out += fmt::format("\n<details>\n<summary>{}</summary>\n\n{}\n</details>\n", plural(notes.size(), "note"), table(notes, budget));
  }
  if (!result.diagnostics.empty()) {
    out += fmt::format("\n<details>\n<summary>{} could not be fully read</summary>\n\n{}\n</details>\n",
                       plural(result.diagnostics.size(), "input problem"),
                       input_problems(result));
  }
  out += history_line(model.info);
  return out;
}

std::string format_markdown(const audit::AuditResult& result, const RunInfo& info)
{
  return format_markdown(build_report_model(nullptr, result, info));
}

std::string github_step_summary(const audit::AuditResult& result, const RunInfo& info)
{
  std::string out = fmt::format("## rollout-audit\n\n{}\n\n", cell(verdict(result)));
  size_t budget = k_step_summary_limit;
  if (result.findings.empty()) {
    out += "No findings.\n";
  } else {
    out += table(by_severity(result.findings), budget);
  }
  if (!result.diagnostics.empty()) {
    out += fmt::format("\n{} could not be fully read:\n\n{}", plural(result.diagnostics.size(), "input problem"), input_problems(result));
  }
  out += history_line(info);
  return out;
}

} // namespace report
