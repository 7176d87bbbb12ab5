#include "history/work_log_version.hpp"
#include "evidence/items.hpp"
#include "../support/words.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using test_support::words;

namespace {

const history::VersionRoles k_work_log{true, false};

// Every field the walk reads, as text: two versions compare in one CHECK.
std::string describe(const history::Version& version)
{
  std::string text;
  for (const auto& item : version.items) {
    text += std::to_string(item.line) + ":" + std::to_string(item.column) + (item.ticked ? " [x] " : " [ ] ") + item.text + " | "
            + item.section + " | " + item.status + "\n";
  }
  for (const auto& title : version.entry_titles) {
    text += "entry " + title + "\n";
  }
  return text + (version.has_metrics ? "metrics\n" : "");
}

std::string whole(std::string_view bytes)
{
  return describe(history::read_version(words(), evidence::read_document(words(), "docs/work-log.md", bytes), k_work_log));
}

std::string entry(int day, const std::string& body)
{
  return "## 2025-10-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + " - Widget stage " + std::to_string(day) + "\n\n"
         + body + "\n\n";
}

// Pieces of Markdown that cmark reads differently when cut at the wrong place.
const std::vector<std::string> k_bodies = {
  "P95 1.2 s, failure rate 0.4%.",
  "- [x] Routed 10 percent.\n- [ ] Ramp *later* [x] maybe.",
  "```sh\n# not a heading\nrailway logs\n```",
  "````\n```\n# still code\n````",
  "> quoted\n> - [x] in a quote",
  "Setext title\n------------\n\ntext",
  "<!-- rollout-audit-disable-next-line out-of-order reason=\"x\" -->\n- [x] suppressed",
  "- item\n\n      indented code\n\n# Not an entry heading\n\nbody",
  "    # indented code, not a heading",
  "#hashtag is text",
  "1. [x] ordered\n   - [ ] nested",
  "| Metric | Value |\n| --- | --- |\n| P95 | 1 s |",
  "- [ ] a step\n  # a heading inside the item\n  - [x] nested step",
  // Fences indented in list items: closed where the item's code closes, or ended with the item.
  "1. [x] Deploy\n   ```sh\n   # not a heading\n\n   kubectl apply\n   ```\n2. [ ] Verify",
  "- [x] Step\n  ```\n  code\n# Ends the item and its code\n\n```\n# in a fence of its own\n```\n- [ ] after",
  "- [ ] Step\n  ```\n  code\n      ```\n  # still code\n  ```\n- [x] after",
  "- [x] Step\n  ```\n  code\n    ```\n  # after the item's code\n  ```\n# in the next code\n  ```\n- [ ] after",
  "Paragraph text\n  # indented heading interrupts it\n- [x] after",
  // HTML blocks and link reference definitions (at the end of the log, used by pieces above).
  "<details>\n<summary>Background</summary>\n\n- [x] inside details, after a blank line\n</details>",
  "<div>\n- [ ] not an item: the block's text\n</div>\n\n- [x] after the block",
  "<!--\n- [x] in a comment\n-->\n- [ ] after it",
  "- [x] [Ramp][ramp-doc] the widget\n- [ ] [unknown][nowhere] link",
  "[ramp-doc]: https://example.com/ramp \"Ramp\"",
  // Completion marks: a sub-heading's marks count through the stage heading of the piece above it.
  "**Status:** ✅ DONE\n\n### Checks\n\n- ✅ dashboards green\n- ☐ support told",
  "### Monitoring\n\n| When | Status |\n| --- | --- |\n| T+1h | ✅ |\n| T+6h | |",
  "### Phase 9 (COMPLETED)\n\nStatus: skipped\n\n- [ ] not required",
  "# Notes\n\n- ✅ under a title that names no stage",
};

} // namespace

TEST_CASE("heading_cuts")
{
  SUBCASE("before each top-level ATX heading, not inside code or front matter")
  {
    const std::string text = "---\ntitle: Log\n# a YAML comment\n---\n# Work Log\n\n## 2025-10-01 - A\n\n```\n# code\n```\n\n### Detail\n#tag\n";
    const auto cuts = history::heading_cuts(text);
    REQUIRE(cuts);
    CHECK(cuts->starts == std::vector<size_t>{0, text.find("# Work"), text.find("## 2025"), text.find("### Detail")});
  }
  SUBCASE("a fence stays open until one of its own length and character closes it")
  {
    const std::string text = "# A\n````\n```\n# inside\n~~~~\n````\n# B\n";
    const auto cuts = history::heading_cuts(text);
    REQUIRE(cuts);
    CHECK(cuts->starts == std::vector<size_t>{0, text.find("# B")});
  }
  SUBCASE("what could tie pieces together: cut nowhere")
  {
    for (const char* text : {"# A\n\n[^1]: a note\n", "# A\ntext\n[ref]: https://example.com\n", "# A\n\n[ref]:\n  https://example.com\n",
                             "# A\n\n[ref]: https://example.com\n\n```\nopen to the end\n", "# A\r\n# B\r\n",
                             "# A\n  ```\n# B\n  ```\n", "# A\n\t# B\n", "# A\n- step\n  ```\n  code\n    ```\n# B\n"}) {
      CAPTURE(text);
      CHECK_FALSE(history::heading_cuts(text));
    }
  }
  SUBCASE("a fence indented in a list item hides the headings in it until it closes")
  {
    const std::string text = "# A\n- step\n  ```sh\n  # a comment\n\n   # another\n  ```\n# B\n1. step\n   ~~~\n   # code\n   ~~~~\n# C\n";
    const auto cuts = history::heading_cuts(text);
    REQUIRE(cuts);
    CHECK(cuts->starts == std::vector<size_t>{0, text.find("# B"), text.find("# C")});
  }
  SUBCASE("an HTML block hides the headings in it until it ends")
  {
    const std::string text = "# A\n<div>\n# in the block\n</div>\n\n# B\n<!-- open\n# in the comment\n-->\n# C\n"
                             "<script>\n\n# in the script\n</script>\n# D\n";
    const auto cuts = history::heading_cuts(text);
    REQUIRE(cuts);
    CHECK(cuts->starts == std::vector<size_t>{0, text.find("# B"), text.find("# C"), text.find("# D")});
  }
  SUBCASE("the link reference definitions, which every piece is parsed with")
  {
    const auto cuts = history::heading_cuts("# A\n\nSee [the runbook][rb].\n\n# B\n\n[rb]: https://example.com/rb \"Runbook\"\n[x]: y\n");
    REQUIRE(cuts);
    CHECK(cuts->starts.size() == 2);
    CHECK(cuts->definitions == "[rb]: https://example.com/rb \"Runbook\"\n[x]: y\n");
  }
  SUBCASE("a one-line comment is no obstacle")
  {
    const auto cuts = history::heading_cuts("# A\n<!-- note -->\n# B\n");
    REQUIRE(cuts);
    CHECK(cuts->starts.size() == 2);
  }
}

TEST_CASE("WorkLogVersions")
{
  SUBCASE("a growing log: every version reads as its whole parse, and only new entries are parsed")
  {
    history::WorkLogVersions versions;
    std::string entries;
    size_t parsed_before = 0;
    for (int day = 1; day <= 24; ++day) {
      const std::string& body = k_bodies[static_cast<size_t>(day) % k_bodies.size()];
      entries = entry(day, body) + entries; // newest first
      const std::string text = "---\ntitle: Work Log\n---\n\n# Work Log\n\nIntro.\n\n" + entries;
      CAPTURE(day);
      CHECK(describe(versions.read(words(), "docs/work-log.md", text, k_work_log)) == whole(text));
      if (day > 1 && body.find("]: ") == std::string::npos) { // new definitions: every piece is parsed again
        CHECK(versions.pieces_parsed() - parsed_before <= 2); // the new entry (and the title piece once)
      }
      parsed_before = versions.pieces_parsed();
    }
  }
  SUBCASE("an edited entry, a removed entry, and a log that cannot be cut")
  {
    history::WorkLogVersions versions;
    const std::string first = "# Log\n\n" + entry(3, "a") + entry(2, "b") + entry(1, "c");
    const std::string edited = "# Log\n\n" + entry(3, "a") + entry(2, "b, edited\n- [x] done") + entry(1, "c");
    const std::string removed = "# Log\n\n" + entry(3, "a") + entry(1, "c");
    const std::string uncuttable = "# Log\n\n[ref]: x\n\n" + entry(1, "c");
    for (const auto& text : {first, edited, removed, uncuttable, first}) {
      CHECK(describe(versions.read(words(), "docs/work-log.md", text, k_work_log)) == whole(text));
    }
  }
  SUBCASE("every fixture work log, and every prefix of the seed")
  {
    for (const auto& file : std::filesystem::recursive_directory_iterator(ROLLOUT_AUDIT_SOURCE_DIR "/fixtures")) {
      if (file.path().filename() != "work-log.md") {
        continue;
      }
      const std::string bytes = test_support::read_file(file.path());
      history::WorkLogVersions versions;
      CAPTURE(file.path());
      CHECK(describe(versions.read(words(), "docs/work-log.md", bytes, k_work_log)) == whole(bytes));
    }
  }
}

TEST_CASE("WorkLogVersions: a long plan whose prose changes a section at a time")
{
  const history::VersionRoles plain{};
  const auto whole_plan = [&](std::string_view bytes) {
    return describe(history::read_version(words(), evidence::read_document(words(), "docs/plan.md", bytes), plain));
  };
  // Section bodies, each edited in turn; the first three hold nothing the parse of the heading lacks.
  std::vector<std::string> bodies{
    "Background with a [link](notes.md) and a stage word: the 10% canary.\n",
    "Design notes.\n\n1. First point.\n2. Second point.\n",
    "More prose.\n\n> A quote.\n",
    "Text\n---\n",                          // a setext heading inside
    "- # a heading in a list item\n",       // an ATX heading inside
    "Status: ✅ Done\n",                     // a mark under the stage heading above
    "- [x] Ramp to 10%\n- [ ] Ramp to 50%\n", // boxes
  };
  const auto plan = [&]() {
    std::string text = "# Payments rollout plan\n\nIntro.\n\n## Canary\n\n";
    for (size_t i = 0; i < bodies.size(); ++i) {
      text += "### Part " + std::to_string(i) + "\n\n" + bodies[i] + "\n";
    }
    return text;
  };
  history::WorkLogVersions versions;
  CHECK(describe(versions.read(words(), "docs/plan.md", plan(), plain)) == whole_plan(plan()));
  const size_t first_headings = versions.headings_only();
  CHECK(first_headings == 4); // "## Canary" and the three plain parts
  for (size_t i = 0; i < bodies.size(); ++i) {
    CAPTURE(i);
    bodies[i] += "Edited.\n";
    const size_t before = versions.headings_only();
    CHECK(describe(versions.read(words(), "docs/plan.md", plan(), plain)) == whole_plan(plan()));
    CHECK(versions.headings_only() - before == (i < 3 ? 1u : 0u));
  }
}
