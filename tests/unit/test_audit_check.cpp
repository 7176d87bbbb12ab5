#include "../support/words.hpp"
#include "audit/check.hpp"

#include "corpus/corpus.hpp"
#include "corpus/file_system.hpp"

#include <doctest/doctest.h>

namespace {

const char* const k_checklist = "---\nrelease: R7\naudit_kind: rollout\n---\n\n# Release\n\n## Readiness\n\n"
                                "- [x] Readiness review approved\n"
                                "  - [ ] Security sign-off\n"
                                "  - [x] Load test\n"
                                "- [x] Announce the release\n\n"
                                "## Appendix\n\n"
                                "- [x] Archive old runbooks\n";

struct World
{
  World()
  {
    files.add_file("docs/release.md", k_checklist);
    files.add_file("docs/meta.yaml", "status: approved-for-release\n");
    files.add_file("other/release.md", k_checklist);
    files.add_file("other/meta.yaml", "status: draft\n");
    corpus = std::make_unique<corpus::Corpus>(files, corpus::Options{});
    timeline = std::make_unique<audit::WorkingTreeTimeline>(1761955200, corpus.get());
    facts = audit::build_facts(*corpus, config, test_support::words(), *timeline, "", 1);
  }
  // The texts of the items of `path` the rule selects.
  std::vector<std::string> selected(const std::string& selector, const std::string& path = "docs/release.md") const
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: t\nrules:\n  - id: r\n    check: out-of-order\n    summary: x\n"
                                                    "    sidecar: '{dir}/meta.yaml'\n    select: " + selector + "\n");
    REQUIRE_MESSAGE(pack, (pack ? "" : pack.error()));
    audit::Rule rule = pack->rules.front();
    audit::resolve_where(rule, facts);
    const auto& document = *facts.document(path);
    std::vector<std::string> texts;
    if (!audit::selects_document(rule, document)) {
      return texts;
    }
    for (const auto& item : document.document.items) {
      if (audit::selects_item(rule, document, item)) {
        texts.push_back(item.text);
      }
    }
    return texts;
  }

  corpus::MemoryFileSystem files;
  config::Config config;
  std::unique_ptr<corpus::Corpus> corpus;
  std::unique_ptr<audit::WorkingTreeTimeline> timeline;
  audit::Facts facts;
};

using Texts = std::vector<std::string>;

} // namespace

TEST_CASE("selects_item")
{
  const World world;
  SUBCASE("parent: the boxes nested under a matching box")
  {
    CHECK(world.selected("{parent: '(?i)readiness'}") == Texts{"Security sign-off", "Load test"});
  }
  SUBCASE("exclude: what it matches is left out, every part it gives must match")
  {
    CHECK(world.selected("{exclude: {section: '(?i)appendix'}}")
          == Texts{"Readiness review approved", "Security sign-off", "Load test", "Announce the release"});
    CHECK(world.selected("{item: '(?i)e', exclude: {item: '(?i)announce', section: '(?i)readiness'}}")
          == Texts{"Readiness review approved", "Security sign-off", "Load test", "Archive old runbooks"});
    CHECK(world.selected("{exclude: {documents: ['other/**']}}", "other/release.md").empty());
  }
  SUBCASE("where: the document's front matter and metadata file as of now")
  {
    CHECK(world.selected("{item: Announce, where: {sidecar.status: {equals: approved-for-release}}}") == Texts{"Announce the release"});
    CHECK(world.selected("{item: Announce, where: {sidecar.status: {equals: approved-for-release}}}", "other/release.md").empty());
    CHECK(world.selected("{item: Announce, where: {front.release|lower: {equals: r7}}}") == Texts{"Announce the release"});
    CHECK(world.selected("{item: Announce, where: {front.missing: {equals: x}}}").empty()); // a value it lacks: not selected
    CHECK(world.selected("{item: Announce, exclude: {where: {sidecar.status: {equals: draft}}}}", "other/release.md").empty());
    CHECK(world.selected("{item: Announce, exclude: {where: {sidecar.status: {equals: draft}}}}") == Texts{"Announce the release"});
  }
}
