// The whole audit in memory, from arbitrary documents to every format: the input is cut at each "\0\0"
// into a checklist body, its front matter, a work log, a completion report, an evidence file and the git
// author of the ticks. The corpus reads them from a MemoryFileSystem, the default rules run on a timeline
// that dates every tick by a commit of that author, and every formatter and the sign-off report render
// the result. Properties: text is valid UTF-8 with no control character but the line feed; JSON and SARIF
// parse (SARIF with what its schema requires); JUnit is well-formed XML; GitHub annotations are one line
// each; the HTML report is well-formed; Markdown tables keep their cells.
#include "fuzz_common.hpp"
#include "output_checks.hpp"

#include "audit/audit.hpp"
#include "audit/rule.hpp"
#include "audit/timeline.hpp"
#include "config/config.hpp"
#include "corpus/corpus.hpp"
#include "corpus/file_system.hpp"
#include "report/report.hpp"
#include "report/report_model.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace {

using fuzz_support::require;

std::vector<std::string> parts_of(std::string_view bytes)
{
  std::vector<std::string> parts;
  while (parts.size() < 5) {
    const size_t cut = bytes.find(std::string_view("\0\0", 2));
    if (cut == std::string_view::npos) {
      break;
    }
    parts.emplace_back(bytes.substr(0, cut));
    bytes.remove_prefix(cut + 2);
  }
  parts.emplace_back(bytes);
  parts.resize(6);
  return parts;
}

// Every tick committed by the input's author, an hour apart, some merged from a branch: the time checks,
// the report's timeline and every "ticked in ... by ..." line see the author's bytes.
class FuzzTimeline : public audit::WorkingTreeTimeline
{
public:
  FuzzTimeline(std::string author) : WorkingTreeTimeline(1761955200), m_author(std::move(author))
  {
  }
  std::vector<std::optional<audit::Stamp>> ticks(const std::string&, const markdown::Document& document) const override
  {
    std::vector<std::optional<audit::Stamp>> out;
    for (size_t i = 0; i < document.items.size(); ++i) {
      if (!document.items[i].ticked) {
        out.emplace_back();
        continue;
      }
      audit::Stamp stamp;
      stamp.commit = std::string(40, static_cast<char>('a' + i % 6));
      stamp.time = 1761000000 + static_cast<util::Timestamp>(i) * 3600;
      stamp.author = m_author;
      stamp.committed = true;
      if (i % 3 == 1) {
        stamp.original_commit = std::string(40, 'f');
        stamp.original_time = stamp.time - 600;
        stamp.original_author = m_author;
      }
      out.push_back(stamp);
    }
    return out;
  }
  bool has_history() const override
  {
    return true;
  }

private:
  std::string m_author;
};

// Whether every output must be free of \xNN escapes: the input (each part) is valid UTF-8 and holds no backslash and no
// control character but line breaks and tabs, so any \xNN in an output is a byte the tool broke itself (a
// cut inside a UTF-8 sequence), which the writers' escaping would otherwise hide.
bool clean(std::string_view input)
{
  if (util::find_invalid_utf8(input) || input.find('\\') != std::string_view::npos) {
    return false;
  }
  for (size_t i = 0; i < input.size(); ++i) {
    const auto byte = static_cast<unsigned char>(input[i]);
    const bool c1 = byte == 0xC2 && i + 1 < input.size() && static_cast<unsigned char>(input[i + 1]) < 0xA0;
    if ((byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t') || byte == 0x7F || c1) {
      return false;
    }
  }
  return true;
}

void check_formats(const audit::AuditResult& result, const report::RunInfo& info, bool clean_input)
{
  const std::string text = report::render("text", result, info, false);
  require(!clean_input || text.find("\\x") == std::string::npos, "text: a byte the tool broke (\\xNN from clean input)");
  require(!util::find_invalid_utf8(text), "text: not valid UTF-8");
  require(text.find_first_of(std::string_view("\0\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f", 33)) == std::string::npos,
          "text: a control character");
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  size_t ticked = 0;
  for (const auto& finding : result.findings) {
    ticked += finding.tick && finding.tick->committed ? 1 : 0;
  }
  require(lines == result.findings.size() + ticked + result.diagnostics.size() + (info.history_note.empty() ? 0 : 1) + 1,
          "text: a finding, problem or note took more than its line");

  for (const char* format : {"json", "sarif"}) {
    const std::string json_text = report::render(format, result, info, false);
    fuzz_support::JsonParser parser(json_text);
    const auto json = parser.parse();
    if (!json) {
      std::fprintf(stderr, "%s: %s\n", format, parser.error().c_str());
    }
    require(json != nullptr, "json or sarif: does not parse");
    if (std::string_view(format) == "sarif") {
      const std::string fault = fuzz_support::check_sarif(*json);
      std::fprintf(stderr, "%s", fault.empty() ? "" : (fault + "\n").c_str());
      require(fault.empty(), "sarif: lacks what the schema requires");
    }
  }

  const std::string junit = fuzz_support::check_markup(report::render("junit", result, info, false), false);
  std::fprintf(stderr, "%s", junit.empty() ? "" : ("junit: " + junit + "\n").c_str());
  require(junit.empty(), "junit: not well-formed XML");

  const std::string github = report::render("github", result, info, false);
  require(!util::find_invalid_utf8(github), "github: not valid UTF-8");
  size_t annotations = 0;
  for (std::string_view line : util::split_lines(github)) {
    annotations += line.starts_with("::") ? 1 : 0;
    require(line.starts_with("::") || line.starts_with("rollout-audit: "), "github: a line that is neither an annotation nor the tool's");
  }
  require(github.find('\r') == std::string::npos, "github: a carriage return");
  require(annotations == result.findings.size() + result.diagnostics.size(), "github: not one line per annotation");

  for (const std::string& markdown : {report::render("markdown", result, info, false), report::github_step_summary(result, info)}) {
    const std::string fault = fuzz_support::check_markdown_tables(markdown);
    std::fprintf(stderr, "%s", fault.empty() ? "" : ("markdown: " + fault + "\n").c_str());
    require(fault.empty(), "markdown: a table row broken");
  }
}

void check_report(const audit::Facts& facts, const audit::AuditResult& result, const report::RunInfo& info, bool clean_input)
{
  const report::ReportModel model = report::build_report_model(&facts, result, info);
  const std::string page = report::format_html(model);
  require(!clean_input || page.find("\\x") == std::string::npos, "report html: a byte the tool broke (\\xNN from clean input)");
  const std::string html = fuzz_support::check_markup(page, true);
  std::fprintf(stderr, "%s", html.empty() ? "" : ("html: " + html + "\n").c_str());
  require(html.empty(), "report html: not well-formed");
  const std::string markdown = fuzz_support::check_markdown_tables(report::format_markdown(model));
  std::fprintf(stderr, "%s", markdown.empty() ? "" : ("report markdown: " + markdown + "\n").c_str());
  require(markdown.empty(), "report markdown: a table row broken");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto parts = parts_of(fuzz_support::bytes(data, size));
  corpus::MemoryFileSystem files;
  const std::string front = parts[1].empty() ? "" : "---\n" + parts[1] + "\n---\n";
  files.add_file("docs/rollout-checklist.md", front + parts[0]);
  files.add_file("docs/work-log.md", parts[2]);
  files.add_file("docs/rollout-COMPLETION.md", parts[3]);
  files.add_file("docs/validation-reports/rollout.txt", parts[4]);
  const config::Config config;
  const corpus::Corpus corpus(files, corpus::Options{config.exclude, {}});
  const FuzzTimeline timeline(parts[5]);
  const audit::Facts facts = audit::build_facts(corpus, config, audit::default_vocabulary(), timeline, "", 1);
  // Assembled once: compiling the pack's patterns would otherwise cost more than the audit of a small input.
  static const auto rules = audit::assemble_rules({audit::default_rule_pack()}, config);
  require(rules.has_value(), "the default rules do not assemble");
  const audit::AuditResult result = audit::run_audit(facts, *rules, 1);

  report::RunInfo info;
  info.tool_version = "fuzz";
  info.root = ".";
  info.has_history = true;
  info.history_note = parts[5].empty() ? "" : "history read by " + parts[5];
  info.rules = report::describe_rules(*rules);
  const bool clean_input = std::all_of(parts.begin(), parts.end(), [](const std::string& part) { return clean(part); });
  check_formats(result, info, clean_input);
  check_report(facts, result, info, clean_input);
  return 0;
}
