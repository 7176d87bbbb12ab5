#include "../support/words.hpp"
#include "audit/audit.hpp"

#include "corpus/corpus.hpp"
#include "corpus/file_system.hpp"

#include "../support/fake_timeline.hpp"

#include <doctest/doctest.h>

namespace {

constexpr util::Timestamp k_now = 1761955200;         // 2025-11-01T00:00:00Z
constexpr util::Timestamp k_tick_time = 1761138000;   // 2025-10-22T13:00:00Z
const std::string k_checklist_path = "rollouts/0042-payments/checklist.md";
const std::string k_meta_path = "rollouts/0042-payments/meta.yaml";
const std::string k_approval_path = "approvals/payments/0042.yaml";

const std::string k_checklist = "---\ntitle: Payments ramp\nowner: payments\n---\n\n# Payments ramp\n\n## 2. Ramp stage (50%)\n\n"
                                "- [x] Readiness review approved\n- [ ] Traffic moved to 50%\n";
const std::string k_meta = "owning-group: payments\nstage: ramp\nstatus: approved-for-release\n";
const std::string k_approval = "stages:\n  ramp:\n    approver: Kim Lee\n    decision: approved\n";

// The sidecar-plus-approval convention: approvals/<owning group>/<the folder's number>.yaml holding an
// approver for the stage the metadata file names.
const std::string k_pack = "pack: team\nrules:\n  - id: readiness-approved\n    check: required-file\n    summary: x\n"
                           "    sidecar: '{dir}/meta.yaml'\n    select:\n      item: '(?i)readiness review approved'\n";
const std::string k_params = "    params:\n      path: 'approvals/{sidecar.owning-group}/{dir|basename|capture:^(\\d+)-}.yaml'\n"
                             "      key: 'stages.{sidecar.stage}.approver'\n";

// The audit of one checklist whose box at line 10 was ticked in commit c1 (whose files are `then`), with
// the files `now` in the working tree.
struct World
{
  World(std::map<std::string, std::string> now, std::optional<std::map<std::string, std::string>> then, const std::string& pack)
  {
    now.emplace(k_checklist_path, k_checklist);
    for (const auto& [path, text] : now) {
      files.add_file(path, text);
    }
    corpus = std::make_unique<corpus::Corpus>(files, corpus::Options{});
    timeline = std::make_unique<test_support::FakeTimeline>(k_now, corpus.get());
    plain = std::make_unique<audit::WorkingTreeTimeline>(k_now, corpus.get());
    if (then) {
      then->emplace(k_checklist_path, k_checklist);
      timeline->commit("c1c1c1c1c1c1c1", *then);
      timeline->tick(k_checklist_path, 10, "c1c1c1c1c1c1c1", k_tick_time);
    }
    const audit::Timeline& dates = then ? static_cast<const audit::Timeline&>(*timeline) : *plain;
    facts = audit::build_facts(*corpus, config, test_support::words(), dates, "", 1);
    auto parsed = audit::parse_rule_pack("team.yaml", pack);
    REQUIRE_MESSAGE(parsed, (parsed ? "" : parsed.error()));
    result = audit::run_audit(facts, parsed->rules, 1);
  }
  std::vector<std::string> messages() const
  {
    std::vector<std::string> lines;
    for (const auto& finding : result.findings) {
      lines.push_back(std::to_string(finding.line) + ": " + finding.message);
    }
    return lines;
  }

  corpus::MemoryFileSystem files;
  config::Config config;
  std::unique_ptr<corpus::Corpus> corpus;
  std::unique_ptr<test_support::FakeTimeline> timeline;
  std::unique_ptr<audit::WorkingTreeTimeline> plain;
  audit::Facts facts;
  audit::AuditResult result;
};

using Files = std::map<std::string, std::string>;

} // namespace

TEST_CASE("required-file as of the tick")
{
  const std::string pack = k_pack + k_params;
  SUBCASE("an approval that came after the tick did not back it")
  {
    const World world({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, Files{{k_meta_path, k_meta}}, pack);
    CHECK(world.messages()
          == std::vector<std::string>{"10: ticked in commit c1c1c1c1c1c1 at 2025-10-22T13:00:00Z, when `approvals/payments/0042.yaml` "
                                      "did not exist; `approvals/payments/0042.yaml` backs it now, so the record came after the "
                                      "tick: commit it with the tick or before it"});
  }
  SUBCASE("an approval there at the tick backs it")
  {
    const Files files{{k_meta_path, k_meta}, {k_approval_path, k_approval}};
    CHECK(World(files, files, pack).messages().empty());
  }
  SUBCASE("an approval that moved with the owning group is read where the metadata put it then")
  {
    const World world({{k_meta_path, "owning-group: billing\nstage: ramp\n"}, {"approvals/billing/0042.yaml", k_approval}},
                      Files{{k_meta_path, k_meta}, {k_approval_path, k_approval}}, pack);
    CHECK(world.messages().empty());
  }
  SUBCASE("missing then and now")
  {
    const World world({{k_meta_path, k_meta}}, Files{{k_meta_path, k_meta}}, pack);
    CHECK(world.messages()
          == std::vector<std::string>{"10: ticked in commit c1c1c1c1c1c1 at 2025-10-22T13:00:00Z, when `approvals/payments/0042.yaml` "
                                      "did not exist, and `approvals/payments/0042.yaml` does not exist now; add it, or untick the box"});
  }
  SUBCASE("there then, gone now")
  {
    const World world({{k_meta_path, k_meta}}, Files{{k_meta_path, k_meta}, {k_approval_path, k_approval}}, pack);
    CHECK(world.messages()
          == std::vector<std::string>{"10: ticked in commit c1c1c1c1c1c1 at 2025-10-22T13:00:00Z, backed then by "
                                      "`approvals/payments/0042.yaml`, but `approvals/payments/0042.yaml` does not exist now; add "
                                      "it, or untick the box"});
  }
  SUBCASE("the key recorded after the tick")
  {
    const World world({{k_meta_path, k_meta}, {k_approval_path, k_approval}},
                      Files{{k_meta_path, k_meta}, {k_approval_path, "stages:\n  ramp: {}\n"}}, pack);
    CHECK(world.messages()
          == std::vector<std::string>{"10: ticked in commit c1c1c1c1c1c1 at 2025-10-22T13:00:00Z, when `approvals/payments/0042.yaml` "
                                      "had no value at 'stages.ramp.approver'; `approvals/payments/0042.yaml` backs it now, so the "
                                      "record came after the tick: commit it with the tick or before it"});
  }
  SUBCASE("a metadata file missing at the tick says so")
  {
    const World world({{k_meta_path, k_meta}}, Files{}, pack);
    CHECK(world.messages()
          == std::vector<std::string>{
            "10: ticked in commit c1c1c1c1c1c1 at 2025-10-22T13:00:00Z, when the required file's path "
            "'approvals/{sidecar.owning-group}/{dir|basename|capture:^(\\d+)-}.yaml' could not be built as of that commit: "
            "metadata file `rollouts/0042-payments/meta.yaml` is missing, and `approvals/payments/0042.yaml` does not exist "
            "now; add it, or untick the box"});
  }
  SUBCASE("a commit whose files cannot be read is judged as of now")
  {
    World world({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, Files{}, pack);
    world.timeline->tick(k_checklist_path, 10, "unknown-commit", k_tick_time);
    world.facts = audit::build_facts(*world.corpus, world.config, test_support::words(), *world.timeline, "", 1);
    auto parsed = audit::parse_rule_pack("team.yaml", pack);
    CHECK(audit::run_audit(world.facts, parsed->rules, 1).findings.empty());
  }
  SUBCASE("as_of: now judges the files as they are")
  {
    const World world({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, Files{{k_meta_path, k_meta}}, pack + "      as_of: now\n");
    CHECK(world.messages().empty());
  }
}

TEST_CASE("required-file without history")
{
  const std::string pack = k_pack + k_params;
  SUBCASE("missing file, missing metadata, missing key")
  {
    CHECK(World({{k_meta_path, k_meta}}, std::nullopt, pack).messages()
          == std::vector<std::string>{"10: ticked, but `approvals/payments/0042.yaml` does not exist; add it, or untick the box"});
    CHECK(World({}, std::nullopt, pack).messages()
          == std::vector<std::string>{"10: ticked, but the required file's path "
                                      "'approvals/{sidecar.owning-group}/{dir|basename|capture:^(\\d+)-}.yaml' cannot be built: "
                                      "metadata file `rollouts/0042-payments/meta.yaml` is missing"});
    CHECK(World({{k_meta_path, "owning-group: payments\n"}, {k_approval_path, k_approval}}, std::nullopt, pack).messages()
          == std::vector<std::string>{"10: ticked, but the required key 'stages.{sidecar.stage}.approver' cannot be built: "
                                      "metadata file `rollouts/0042-payments/meta.yaml` has no key `stage`"});
    CHECK(World({{k_meta_path, "owning-group: [a, b]\n"}}, std::nullopt, pack).messages().front().ends_with(
      "cannot be built: metadata file `rollouts/0042-payments/meta.yaml` has a list at `owning-group`, not a value"));
    CHECK(World({{k_meta_path, "owning-group: [a\n"}}, std::nullopt, pack).messages().front().ends_with(
      "cannot be built: metadata file `rollouts/0042-payments/meta.yaml` is not readable YAML "
      "(rollouts/0042-payments/meta.yaml:2:1: end of sequence flow not found)"));
  }
  SUBCASE("a value condition")
  {
    const std::string with_value = k_pack
                                   + "    params:\n      path: 'approvals/{sidecar.owning-group}/{dir|basename|capture:^(\\d+)-}.yaml'\n"
                                     "      key: 'stages.{sidecar.stage}.decision'\n      value: {one_of: [approved, approved-with-conditions]}\n";
    CHECK(World({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, std::nullopt, with_value).messages().empty());
    CHECK(World({{k_meta_path, k_meta}, {k_approval_path, "stages: {ramp: {decision: pending}}\n"}}, std::nullopt, with_value).messages()
          == std::vector<std::string>{"10: ticked, but `approvals/payments/0042.yaml` has 'pending' at 'stages.ramp.decision', not one "
                                      "of approved, approved-with-conditions; correct it, or untick the box"});
  }
  SUBCASE("the metadata file's number against the folder's")
  {
    const std::string numbers = k_pack + "    params:\n      path: '{dir}/meta.yaml'\n      key: number\n"
                                         "      value: {version: '== {dir|basename|capture:^(\\d+)-}'}\n";
    CHECK(World({{k_meta_path, "number: 42\n"}}, std::nullopt, numbers).messages().empty());
    CHECK(World({{k_meta_path, "number: 43\n"}}, std::nullopt, numbers).messages()
          == std::vector<std::string>{"10: ticked, but `rollouts/0042-payments/meta.yaml` has '43' at 'number', which differs from "
                                      "0042; correct it, or untick the box"});
  }
  SUBCASE("alternatives: any one backs the box")
  {
    const std::string either = k_pack + "    params:\n      alternatives:\n"
                                        "        - {path: 'approvals/{sidecar.owning-group}/{dir|basename|capture:^(\\d+)-}.yaml', key: 'stages.{sidecar.stage}.approver'}\n"
                                        "        - {path: '{dir}/meta.yaml', key: approval.approver}\n";
    CHECK(World({{k_meta_path, k_meta + "approval: {approver: Kim Lee}\n"}}, std::nullopt, either).messages().empty());
    CHECK(World({{k_meta_path, k_meta}}, std::nullopt, either).messages()
          == std::vector<std::string>{"10: ticked, but none of the accepted records is there (`approvals/payments/0042.yaml` does not "
                                      "exist; `rollouts/0042-payments/meta.yaml` has no value at 'approval.approver'); add one, or "
                                      "untick the box"});
  }
}

TEST_CASE("required-file where")
{
  const std::string pack = k_pack + "      where: {sidecar.status: {equals: approved-for-release}}\n" + k_params;
  CAPTURE(pack);
  SUBCASE("judged by the metadata as of now without history")
  {
    CHECK(World({{k_meta_path, "owning-group: payments\nstage: ramp\nstatus: draft\n"}}, std::nullopt, pack).messages().empty());
    CHECK(World({{k_meta_path, k_meta}}, std::nullopt, pack).messages().size() == 1);
  }
  SUBCASE("judged by the metadata as of the tick with history")
  {
    const std::string draft = "owning-group: payments\nstage: ramp\nstatus: draft\n";
    // Released after the tick: as of the tick the rule did not apply, now it does and the approval is there.
    CHECK(World({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, Files{{k_meta_path, draft}}, pack).messages().empty());
    // Released then, draft (or cancelled) now: whether the rule applies is today's question.
    CHECK(World({{k_meta_path, draft}}, Files{{k_meta_path, k_meta}}, pack).messages().empty());
    // Released then and now: judged as of the tick.
    CHECK(World({{k_meta_path, k_meta}, {k_approval_path, k_approval}}, Files{{k_meta_path, k_meta}}, pack).messages().size() == 1);
  }
}

TEST_CASE("required-file says what one document lacks")
{
  const std::string head = "pack: team\nrules:\n  - id: readiness-approved\n    check: required-file\n    summary: x\n"
                           "    select: {kinds: [rollout, plan, record, other], item: '(?i)readiness review approved'}\n";
  const auto first = [](const World& world) { return world.messages().empty() ? std::string("none") : world.messages().front(); };
  SUBCASE("front matter: absent, unreadable")
  {
    const std::string pack = head + "    params: {path: 'approvals/{front.release}.yaml'}\n";
    CHECK(first(World({{k_checklist_path, "# Payments\n\n## Ramp\n\n- [x] Readiness review approved\n"}}, std::nullopt, pack))
          == "5: ticked, but the required file's path 'approvals/{front.release}.yaml' cannot be built: "
             "`rollouts/0042-payments/checklist.md` has no front matter");
    CHECK(first(World({{k_checklist_path, "---\nrelease: [R1\n---\n\n## Ramp\n\n- [x] Readiness review approved\n"}}, std::nullopt, pack))
          == "7: ticked, but the required file's path 'approvals/{front.release}.yaml' cannot be built: the front matter of "
             "`rollouts/0042-payments/checklist.md` is not readable YAML (line 3: end of sequence flow not found)");
  }
  SUBCASE("stages: none, without a number")
  {
    const std::string pack = head + "    params: {path: 'approvals/{stage_number}.yaml'}\n";
    CHECK(first(World({{k_checklist_path, "- [x] Readiness review approved\n"}}, std::nullopt, pack))
          == "1: ticked, but the required file's path 'approvals/{stage_number}.yaml' cannot be built: the box is under no "
             "stage heading");
    CHECK(first(World({{k_checklist_path, "## Ramp\n\n- [x] Readiness review approved\n"}}, std::nullopt, pack))
          == "3: ticked, but the required file's path 'approvals/{stage_number}.yaml' cannot be built: the stage heading "
             "'Ramp' has no number");
  }
  SUBCASE("the required file: binary, not YAML; the expected value")
  {
    const std::string pack = head + "    sidecar: '{dir}/meta.yaml'\n    params: {path: 'approvals/x.yaml', key: approver, value: {equals: '{sidecar.approver}'}}\n";
    CHECK(first(World({{"approvals/x.yaml", std::string("\0\1", 2)}, {k_meta_path, "approver: Kim\n"}}, std::nullopt, pack))
          == "10: ticked, but `approvals/x.yaml` is not a text file; fix it, or untick the box");
    CHECK(first(World({{"approvals/x.yaml", "approver: [Kim\n"}, {k_meta_path, "approver: Kim\n"}}, std::nullopt, pack))
          == "10: ticked, but `approvals/x.yaml` is not readable YAML: approvals/x.yaml:2:1: end of sequence flow not found; fix "
             "it, or untick the box");
    CHECK(first(World({{"approvals/x.yaml", "approver: Kim\n"}, {k_meta_path, "group: payments\n"}}, std::nullopt, pack))
          == "10: ticked, but the expected value cannot be built: metadata file `rollouts/0042-payments/meta.yaml` has no key "
             "`approver`");
  }
  SUBCASE("the metadata file: binary, its path not built")
  {
    const std::string pack = head + "    sidecar: '{dir}/{front.meta}.yaml'\n    params: {path: 'approvals/{sidecar.group}.yaml'}\n";
    CHECK(first(World({}, std::nullopt, pack))
          == "10: ticked, but the required file's path 'approvals/{sidecar.group}.yaml' cannot be built: the metadata file's "
             "path '{dir}/{front.meta}.yaml' cannot be built: the front matter has no key `meta`");
    const std::string binary = head + "    sidecar: '{dir}/meta.yaml'\n    params: {path: 'approvals/{sidecar.group}.yaml'}\n";
    CHECK(first(World({{k_meta_path, std::string("\0\1", 2)}}, std::nullopt, binary))
          == "10: ticked, but the required file's path 'approvals/{sidecar.group}.yaml' cannot be built: metadata file "
             "`rollouts/0042-payments/meta.yaml` is not text");
  }
}
