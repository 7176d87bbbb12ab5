#include "report/report_model.hpp"
#include "../support/words.hpp"

#include "audit/timeline.hpp"
#include "corpus/corpus.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using test_support::words;

namespace {

util::Timestamp at(const char* iso)
{
  return *util::parse_timestamp(iso);
}

// Boxes ticked at fixed commit times, in order of their lines; evidence in the first commit.
class FixedTimeline : public audit::WorkingTreeTimeline
{
public:
  FixedTimeline() : WorkingTreeTimeline(at("2025-10-03T00:00:00Z"))
  {
  }
  std::vector<std::optional<audit::Stamp>> ticks(const std::string&, const markdown::Document& document) const override
  {
    std::vector<std::optional<audit::Stamp>> out;
    util::Timestamp time = at("2025-10-01T10:00:00Z");
    for (const auto& item : document.items) {
      out.push_back(item.ticked ? std::optional<audit::Stamp>(stamp(time)) : std::nullopt);
      time += 3 * 3600;
    }
    return out;
  }
  std::optional<audit::Stamp> file_added(const std::string&) const override
  {
    return stamp(at("2025-10-01T10:00:00Z"));
  }
  std::optional<audit::Stamp> entry_added(const std::string&, const evidence::Entry&) const override
  {
    return stamp(at("2025-10-01T10:00:00Z"));
  }
  std::optional<audit::Stamp> metrics_added(const std::string&) const override
  {
    return stamp(at("2025-10-01T10:00:00Z"));
  }
  bool has_history() const override
  {
    return true;
  }
  static audit::Stamp stamp(util::Timestamp time)
  {
    audit::Stamp stamp;
    stamp.time = time;
    stamp.committed = true;
    stamp.commit = "0123456789abcdef0123456789abcdef01234567";
    stamp.author = "Sam <sam@example.com>";
    return stamp;
  }
};

// Document text that would be markup, script or a URL scheme if it were not escaped.
const char* const k_checklist = "---\n"
                                "title: \"Widget <script>alert(1)</script> Rollout\"\n"
                                "---\n"
                                "\n"
                                "# Widget Rollout\n"
                                "\n"
                                "## 1. Canary Stage (10 Percent Traffic)\n"
                                "\n"
                                "- [x] Set WIDGET_PERCENT=10 \\<img src=x onerror=alert(2)\\> \"quoted\" & 'single'.\n"
                                "- [x] Record results in `docs/work-log.md`.\n"
                                "- [ ] If p95 > 500 ms, rollback immediately.\n"
                                "\n"
                                "## 2. Ramp Stage (50 Percent Traffic)\n"
                                "\n"
                                "- [x] Preconditions met: canary stable for 24 hours.\n"
                                "- [ ] Capture results in the work log.\n";

struct Rendered
{
  Rendered()
  {
    file_system.add_file("docs/a b/checklist.md", k_checklist);
    file_system.add_file("docs/work-log.md", "# Log\n\n## 2025-10-01 - Widget canary (10% traffic)\n\n- p95 latency 620 ms\n");
    corpus = std::make_unique<corpus::Corpus>(file_system, corpus::Options{});
    facts = audit::build_facts(*corpus, config, words(), timeline, "");
    audit::Finding finding;
    finding.rule = "ticked-before-precondition";
    finding.file = "docs/a b/checklist.md";
    finding.line = 15;
    finding.column = 1;
    finding.message = "ticked <b>early</b>";
    finding.tick = FixedTimeline::stamp(at("2025-10-01T22:00:00Z"));
    result.findings.push_back(finding);
    finding.file = "javascript:alert(3)";
    finding.line = 1;
    finding.message = "elsewhere";
    finding.tick.reset();
    result.findings.push_back(finding);
    result.summary = audit::Summary{2, {1, 0, 0, 0}, 5, 3};
    info.tool_version = "0.1.0";
    info.root = "/repo/<root>";
    info.has_history = true;
    info.commits_read = 7;
    model = report::build_report_model(&facts, result, info);
    model.link_base = "../";
    html = report::format_html(model);
  }

  corpus::MemoryFileSystem file_system;
  config::Config config;
  FixedTimeline timeline;
  std::unique_ptr<corpus::Corpus> corpus;
  audit::Facts facts;
  audit::AuditResult result;
  report::RunInfo info;
  report::ReportModel model;
  std::string html;
};

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

size_t count(const std::string& text, std::string_view part)
{
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("format_html")
{
  const Rendered page;
  const std::string& html = page.html;

  SUBCASE("one self-contained page")
  {
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    CHECK(html.ends_with("</html>\n"));
    CHECK(has(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"));
    CHECK(has(html, "<link rel=\"icon\" href=\"data:,\">")); // no favicon request
    CHECK_FALSE(has(html, "<script"));
    CHECK_FALSE(has(html, " src=\""));
    CHECK_FALSE(has(html, "url("));
    CHECK_FALSE(has(html, "@import"));
    CHECK_FALSE(has(html, "https:"));
    // The only absolute URL is SVG's namespace name, which is never fetched.
    CHECK(count(html, "http:") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  }

  SUBCASE("document text is escaped everywhere")
  {
    CHECK_FALSE(has(html, "<script>alert"));
    CHECK_FALSE(has(html, "<img"));
    CHECK_FALSE(has(html, "<b>early"));
    CHECK(has(html, "Widget &lt;script&gt;alert(1)&lt;/script&gt; Rollout"));
    CHECK(has(html, "&lt;img src=x onerror=alert(2)&gt; &quot;quoted&quot; &amp; &#39;single&#39;"));
    CHECK(has(html, "ticked &lt;b&gt;early&lt;/b&gt;"));
    CHECK(has(html, "<span class=\"nb\">repo/</span><wbr><span class=\"nb\">&lt;root&gt;</span>"));
    CHECK(has(html, "Sam &lt;sam@example.com&gt;"));
  }

  SUBCASE("links to file:line, relative to where the page is")
  {
    CHECK(has(html, "<a class=\"loc\" href=\"../docs/a%20b/checklist.md#L15\"><code><span class=\"nb\">docs/</span><wbr>"
                    "<span class=\"nb\">a b/</span><wbr><span class=\"nb\">checklist.md:15</span></code></a>"));
    CHECK(has(html, "href=\"../javascript%3Aalert%283%29#L1\"")); // a path never becomes a scheme
    CHECK_FALSE(has(html, "href=\"javascript"));
  }

  SUBCASE("verdict, timeline, metrics and findings")
  {
    CHECK(has(html, "<p class=\"verdict\" data-testid=\"verdict\"><strong>Not ready to sign</strong>: 1 of 1 checklist not ready"));
    CHECK(has(html, "data-testid=\"checklist-verdict\""));
    // The timeline twice, for wide and narrow screens (CSS shows one), each with every mark.
    CHECK(count(html, "data-testid=\"timeline\"") == 2);
    CHECK(count(html, "data-variant=\"wide\"") == 1);
    CHECK(count(html, "data-variant=\"narrow\"") == 1);
    CHECK(count(html, "data-testid=\"tick\"") == 2 * 3);        // three commits, one box each
    CHECK(count(html, "data-testid=\"window\"") == 2 * 1);      // 'stable for 24 hours'
    CHECK(count(html, "data-testid=\"evidence\"") == 2 * 1);    // the work-log entry
    CHECK(count(html, "data-testid=\"metric-chart\"") == 1);    // P95 latency
    CHECK(count(html, "data-testid=\"threshold\"") == 1);       // rollback if p95 > 500 ms
    CHECK(count(html, "data-testid=\"metric-point\"") == 1);
    CHECK(has(html, "data-testid=\"findings\""));
    CHECK(has(html, "<tr id=\"c1-f0\">"));
    CHECK(has(html, "data-testid=\"tick\" data-findings=\"1\" href=\"#c1-f0\"")); // the tick links to its finding's row
    CHECK(has(html, "data-findings=\"1\""));
    CHECK(has(html, ">Findings in other documents</h2>"));
    CHECK(has(html, "620 ms"));
    CHECK(has(html, "rollback if"));
  }

  SUBCASE("accessible and printable in both schemes")
  {
    // Every drawing is an image with a title and a description, and has a table beside it.
    const std::regex svg_open(R"(<svg [^>]*role="img" aria-labelledby="([\w-]+)-title ([\w-]+)-desc")");
    CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), svg_open), std::sregex_iterator()) == 3);
    CHECK(has(html, "<title id=\"c1-tl-wide-title\">Timeline of Widget &lt;script&gt;"));
    CHECK(has(html, "<desc id=\"c1-tl-wide-desc\">"));
    CHECK(has(html, "<title id=\"c1-tl-narrow-title\">Timeline of Widget &lt;script&gt;"));
    CHECK(has(html, "<title id=\"c1-m0-title\">P95 latency by stage</title>"));
    CHECK(has(html, "data-testid=\"stages\""));
    CHECK(has(html, "data-testid=\"events\""));
    CHECK(has(html, "data-testid=\"metrics-table\""));
    CHECK(has(html, "@media (prefers-color-scheme: dark)"));
    CHECK(has(html, "@media print"));
    CHECK(has(html, "<meta name=\"color-scheme\" content=\"light dark\">"));
  }
}

TEST_CASE("format_html without history")
{
  Rendered page;
  page.model.has_history = false;
  const std::string html = report::format_html(page.model);
  CHECK(has(html, "No git history was read"));
  CHECK(has(html, "no git history"));
}

TEST_CASE("format_markdown of a report model")
{
  const Rendered page;
  const std::string markdown = report::format_markdown(page.model);
  CHECK(markdown.starts_with("<!-- rollout-audit -->\n### rollout-audit: 2 errors, 0 warnings, 0 notes in 2 documents"));
  CHECK(has(markdown, "\n**Not ready to sign**: 1 of 1 checklist not ready ('Widget &lt;script>alert(1)&lt;/script> Rollout'); 2 errors\n"));
  CHECK(has(markdown, "#### Widget &lt;script>alert(1)&lt;/script> Rollout — `docs/a b/checklist.md`\n"));
  CHECK(has(markdown, "| Stage | Steps ticked | First tick | Complete | Ran before the next stage | Stated windows |\n"));
  CHECK(has(markdown, "| 1. Canary Stage (10 Percent Traffic) | 2 of 2 | 2025-10-01 10:00 UTC | 2025-10-01 13:00 UTC | 9h | — |\n"));
  // Without --now the open stage runs until the last recorded event (its own first tick), not until the clock.
  CHECK(has(markdown, "| 2. Ramp Stage (50 Percent Traffic) | 1 of 2 | 2025-10-01 19:00 UTC | open | still open at the last recorded event |"));
  CHECK(has(markdown, "'stable for 24 hours' until 2025-10-02 13:00 UTC, ticked early at 2025-10-01 19:00 UTC"));
  CHECK(has(markdown, "| Metric | Canary Stage · 10% | Ramp Stage · 50% | Thresholds |\n"));
  CHECK(has(markdown, "| P95 latency | **620 ms** (over) | no figure | rollback if p95 > 500 ms |\n"));
  CHECK(has(markdown, "\n#### Findings\n\n| Severity | Location | Rule | Finding |\n"));
  CHECK(has(markdown, "| error | `docs/a b/checklist.md:15` | `ticked-before-precondition` | ticked &lt;b>early&lt;/b> |\n"));

  // The same verdict and counts as the page: one model.
  CHECK(has(page.html, report::verdict(page.result)));
}

TEST_CASE("format_html keeps ids and paths whole: a line may break after a '/', never at a '-'")
{
  const Rendered page;
  const std::string& html = page.html;
  CHECK(has(html, "<td data-label=\"Rule\"><code><span class=\"nb\">ticked-before-precondition</span></code></td>"));
  // In prose too: the verdict names the rule.
  const std::regex verdict(R"re(<p class="verdict" data-testid="checklist-verdict">(.*)</p>)re");
  std::smatch match;
  REQUIRE(std::regex_search(html, match, verdict));
  INFO(match[1].str());
  CHECK(has(match[1].str(), "(1 <span class=\"nb\">ticked-before-precondition);</span>"));
  CHECK_FALSE(std::regex_search(match[1].str(), std::regex("[^>]ticked-before-precondition")));
}

TEST_CASE("format_html: 'now' is drawn only when --now gave it, else an open stage ends at its last event")
{
  Rendered page;
  SUBCASE("from the clock")
  {
    CHECK_FALSE(has(page.html, "class=\"now\""));
    CHECK_FALSE(has(page.html, "until now"));
    CHECK(count(page.html, "<path class=\"open-end\"") == 2 + 1); // the ramp in each drawing, and the legend
    CHECK(has(page.html, "still open at the last recorded event"));
  }
  SUBCASE("given")
  {
    page.info.now_given = true;
    page.model = report::build_report_model(&page.facts, page.result, page.info);
    CHECK(has(report::format_html(page.model), "until now"));
    CHECK_FALSE(has(report::format_html(page.model), "class=\"open-end\""));
    CHECK_FALSE(has(report::format_html(page.model), "class=\"now\"")); // two days on: the line would squeeze the events
    page.model.now = page.model.checklists.at(0).last + 3600;
    CHECK(count(report::format_html(page.model), "<line class=\"now\"") == 2);
  }
}

TEST_CASE("format_html: findings badges sit above their ticks and never on one another")
{
  Rendered page;
  auto& checklist = page.model.checklists.at(0);
  for (auto& tick : checklist.ticks) {
    tick.findings = {0}; // every box flagged, so every tick has a badge beside its neighbours'
  }
  const std::string html = report::format_html(page.model);
  const std::regex mark(R"re(<a class="tick-mark"[^>]*><circle class="[^"]*" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>.*?)re"
                        R"re(<rect class="flag" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)")re");
  struct Box
  {
    double left, right, top, bottom;
  };
  std::vector<Box> badges;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), mark); it != std::sregex_iterator(); ++it) {
    const auto number = [&](int group) { return std::stod((*it)[group].str()); };
    const Box badge{number(4), number(4) + number(6), number(5), number(5) + number(7)};
    CHECK(badge.bottom <= number(2) - number(3)); // above the circle
    for (const auto& other : badges) {
      const bool apart = badge.right <= other.left || other.right <= badge.left || badge.bottom <= other.top || other.bottom <= badge.top;
      CHECK(apart);
    }
    badges.push_back(badge);
  }
  CHECK(badges.size() == 2 * 3);
}

TEST_CASE("format_html: each legend entry reads and looks different")
{
  const Rendered page;
  const std::regex item(R"re(<span class="legend-item"><svg [^>]*>(.*?)</svg>(.*?)</span>)re");
  std::set<std::string> shapes;
  std::set<std::string> texts;
  size_t items = 0;
  for (auto it = std::sregex_iterator(page.html.begin(), page.html.end(), item); it != std::sregex_iterator(); ++it) {
    ++items;
    CHECK(shapes.insert((*it)[1].str()).second);
    CHECK(texts.insert((*it)[2].str()).second);
  }
  CHECK(items >= 10);
  // The two red marks: a filled circle is a bad tick, an outlined pill holds a count of findings.
  CHECK(has(page.html, "<circle class=\"tick bad\" cx=\"11\" cy=\"8\" r=\"7\"/>"));
  CHECK(has(page.html, "<rect class=\"flag\" x=\"3.5\" y=\"1.5\" width=\"15\" height=\"13\" rx=\"6.5\"/>"));
}

TEST_CASE("format_html: text that is not UTF-8 or holds control characters")
{
  audit::AuditResult result;
  audit::Finding finding;
  finding.rule = "out-of-order";
  finding.file = "docs/übersicht.md";
  finding.line = 3;
  finding.column = 1;
  finding.message = "open: 'Verificação das p\xC3' <b>\x01\x1b 段階 🚀 & more";
  result.findings.push_back(finding);
  const std::string html = report::format_html(report::build_report_model(nullptr, result, report::RunInfo{}));
  CHECK(has(html, "open: &#39;Verificação das p\\xc3&#39; &lt;b&gt;\\x01\\x1b 段階 🚀 &amp; more"));
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find('\x1b') == std::string::npos);
  CHECK(html.find("p\xC3'") == std::string::npos);
}
