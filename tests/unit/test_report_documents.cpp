#include "report/documents.hpp"
#include "../support/words.hpp"

#include "corpus/file_system.hpp"

#include <doctest/doctest.h>

using test_support::words;

namespace {

// A mobile team's staged release, the plan it executes, its retro and a questionnaire.
struct Tree
{
  Tree()
  {
    files.add_file("docs/release/app-4.2.md", "# App 4.2 Staged Release\n"
                                              "\n"
                                              "Ships `plans/app-4.2-plan.md`.\n"
                                              "\n"
                                              "## Phase 1: 1% of users\n"
                                              "\n"
                                              "- [x] Submit the build.\n"
                                              "- [ ] Halt the release if error rate > 0.5 percent.\n"
                                              "\n"
                                              "## Phase 2: 20% of users\n"
                                              "\n"
                                              "- [ ] Widen to a fifth of users.\n");
    files.add_file("docs/release/plans/app-4.2-plan.md", "# App 4.2\n"
                                                         "\n"
                                                         "## Design\n"
                                                         "\n"
                                                         "- [x] Offline mode.\n"
                                                         "\n"
                                                         "## Success Checklist\n"
                                                         "\n"
                                                         "- [ ] Crash-free sessions above 99.5%.\n");
    files.add_file("docs/retro.md", "- [x] Kept the crash budget.\n\n# Retrospective\n");
    files.add_file("docs/survey.md", "# Which platform first?\n\nNo boxes yet.\n");
  }

  std::string text() const
  {
    const corpus::Corpus corpus(files, corpus::Options{});
    const audit::WorkingTreeTimeline timeline(1'761'955'200);
    return report::format_documents_text(audit::build_facts(corpus, config, words(), timeline, "docs", 1));
  }

  std::string json() const
  {
    const corpus::Corpus corpus(files, corpus::Options{});
    const audit::WorkingTreeTimeline timeline(1'761'955'200);
    return report::format_documents_json(audit::build_facts(corpus, config, words(), timeline, "docs", 1));
  }

  corpus::MemoryFileSystem files;
  config::Config config;
};

} // namespace

TEST_CASE("format_documents_text")
{
  Tree tree;
  tree.files.add_file("README.md", "# Not under docs/: not listed\n");
  CHECK(tree.text() == "docs/release/app-4.2.md: rollout\n"
                       "  because: 2 rollout stages (lines 5, 10), 2 with a traffic share; rollback guard (line 8)\n"
                       "  stage at line 5: 'Phase 1: 1% of users', 2 boxes, a rollout stage by '1%', 'Phase 1'\n"
                       "  stage at line 10: 'Phase 2: 20% of users', 1 box, a rollout stage by '20%', 'Phase 2'\n"
                       "docs/release/plans/app-4.2-plan.md: plan\n"
                       "  because: final checklist 'Success Checklist' (line 7); named by the rollout "
                       "docs/release/app-4.2.md (line 3)\n"
                       "  stage at line 3: 'Design', 1 box\n"
                       "  stage at line 7: 'Success Checklist', 1 box, the final checklist\n"
                       "docs/retro.md: record\n"
                       "  because: 'Retrospective' in the title\n"
                       "  stage before any heading: 1 box\n"
                       "docs/survey.md: other\n"
                       "  because: no boxes\n"
                       "4 documents: 1 rollout, 1 plan, 1 record, 1 other\n");
}

TEST_CASE("format_documents_json")
{
  Tree tree;
  tree.files.add_file("docs/release/plans/app-4.2-plan.md", "# App 4.2\n\n## Success Checklist\n\n- [ ] Crash-free.\n");
  tree.files.add_file("docs/release/app-4.2.md", "# Stub\n");
  CHECK(tree.json() == R"({
  "documents": [
    {
      "path": "docs/release/app-4.2.md",
      "kind": "other",
      "reasons": [
        "no boxes"
      ],
      "stages": []
    },
    {
      "path": "docs/release/plans/app-4.2-plan.md",
      "kind": "other",
      "reasons": [
        "1 box under 1 heading, none a rollout stage",
        "final checklist 'Success Checklist' (line 3), but no rollout names it or is named by it"
      ],
      "stages": [
        {
          "line": 3,
          "title": "Success Checklist",
          "boxes": 1,
          "rollout_stage": [],
          "final_checklist": true
        }
      ]
    },
    {
      "path": "docs/retro.md",
      "kind": "record",
      "reasons": [
        "'Retrospective' in the title"
      ],
      "stages": [
        {
          "line": null,
          "title": null,
          "boxes": 1,
          "rollout_stage": [],
          "final_checklist": false
        }
      ]
    },
    {
      "path": "docs/survey.md",
      "kind": "other",
      "reasons": [
        "no boxes"
      ],
      "stages": []
    }
  ],
  "summary": {
    "documents": 4,
    "rollout": 0,
    "plan": 0,
    "record": 1,
    "other": 3
  }
}
)");
}
