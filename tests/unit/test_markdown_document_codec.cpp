#include "markdown/document_codec.hpp"

#include "../support/skip.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

std::string encoded(const markdown::Document& document)
{
  util::ByteWriter out;
  markdown::encode_document(document, out);
  return out.take();
}

std::optional<markdown::Document> round_trip(const markdown::Document& document)
{
  const std::string bytes = encoded(document);
  util::ByteReader in(bytes);
  auto decoded = markdown::decode_document(in);
  CHECK(in.ok());
  return decoded;
}

// Every field takes part in the encoding, so equal encodings and equal YAML trees are equal documents.
void check_same(const markdown::Document& decoded, const markdown::Document& original)
{
  CHECK(encoded(decoded) == encoded(original));
  CHECK(YAML::Dump(decoded.front_matter.root()) == YAML::Dump(original.front_matter.root()));
  CHECK(decoded.front_matter.root().Type() == original.front_matter.root().Type());
}

const char* const k_everything = "---\n"
                                 "title: Widget Rollout Checklist\n"
                                 "approvals: {validation: {approver: dana}}\n"
                                 "---\n"
                                 "# Widget\n\n"
                                 "<!-- rollout-audit-disable-next-line out-of-order reason=\"x\" -->\n"
                                 "## 1. Validation (10 Percent Traffic)\n\n"
                                 "- [x] Route 10 percent, see [plan](docs/plan.md) and `docs/validation-reports/`. <!-- evidence note -->\n"
                                 "  - [ ] ~~Nested and struck~~\n"
                                 "    ```sh\n    railway logs\n    ```\n"
                                 "- [ ] If failure rate >= 2 percent, rollback immediately.\n\n"
                                 "> - [x] quoted (optional)\n\n"
                                 "| Metric | Value |\n| --- | --- |\n| P95 | 1.2 s |\n\nProse.\n";

} // namespace

TEST_CASE("encode_document")
{
  const auto document = markdown::parse_document("docs/a.md", k_everything);
  REQUIRE(document.items.size() == 4);
  REQUIRE(document.tables.size() == 1);
  REQUIRE(document.comments.size() == 2);
  CHECK(encoded(document) == encoded(markdown::parse_document("docs/a.md", k_everything)));
  CHECK(encoded(document) != encoded(markdown::parse_document("docs/a.md", std::string(k_everything) + "- [ ] one more\n")));
}

TEST_CASE("decode_document")
{
  SUBCASE("every kind of content comes back, the YAML tree included")
  {
    const auto document = markdown::parse_document("docs/a.md", k_everything);
    const auto decoded = round_trip(document);
    REQUIRE(decoded);
    check_same(*decoded, document);
    CHECK(decoded->front_matter.root()["approvals"]["validation"]["approver"].Scalar() == "dana");
    REQUIRE(decoded->items[0].comments.size() == 1);
    CHECK(decoded->items[0].comments[0].text == "evidence note");
    CHECK(decoded->items[1].struck_through);
    REQUIRE(decoded->items[0].references.size() == 2);
    CHECK(decoded->items[0].references[0].from_link);
    CHECK(decoded->items[0].references[1].enumerated); // in a list item
  }
  SUBCASE("front matter absent, empty, broken; notes from limits")
  {
    for (const char* text : {"# No front matter\n", "---\n---\n# Empty\n", "---\ntitle: [unclosed\n---\n# Broken\n",
                             "---\n- a list\n---\n"}) {
      CAPTURE(text);
      const auto document = markdown::parse_document("docs/a.md", text);
      const auto decoded = round_trip(document);
      REQUIRE(decoded);
      check_same(*decoded, document);
    }
    const auto deep = markdown::parse_document("docs/a.md", "- - - - [x] deep\n", markdown::ParseOptions{2});
    REQUIRE_FALSE(deep.notes.empty());
    check_same(*round_trip(deep), deep);
  }
  SUBCASE("every fixture document")
  {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(ROLLOUT_AUDIT_SOURCE_DIR "/fixtures")) {
      if (entry.path().extension() == ".md") {
        files.push_back(entry.path());
      }
    }
    for (const auto& file : files) {
      CAPTURE(file);
      const auto document = markdown::parse_document(file.string(), test_support::read_file(file));
      const auto decoded = round_trip(document);
      REQUIRE(decoded);
      check_same(*decoded, document);
    }
    CHECK(files.size() > 50);
  }
  SUBCASE("completion marks and what they are read from: forms, states' words, stage headings, lines, lists")
  {
    auto document = markdown::parse_document("docs/a.md", "## Phase 1 (1%)\n\nStatus: done\nOwner: Ana\n\n- ☐ a\n- ☐ b\n");
    REQUIRE(document.blocks.size() == 4);
    REQUIRE(document.lists.size() == 1);
    CHECK(document.blocks[1].later_lines.size() == 1);
    document.sections[0].stage = true;
    markdown::TaskItem status;
    status.form = markdown::ItemForm::status_line;
    status.status = "done";
    status.text = "Phase 1 (1%)";
    status.section = 0;
    document.items.push_back(status);
    const auto decoded = round_trip(document);
    REQUIRE(decoded);
    check_same(*decoded, document);
    CHECK(decoded->items[0].form == markdown::ItemForm::status_line);
    CHECK(decoded->items[0].status == "done");
    CHECK(decoded->sections[0].stage);
    CHECK(decoded->blocks[2].list == 0);
    CHECK(decoded->blocks[1].later_lines[0].line == 4);
    SUBCASE("a form out of range, or a line cut past its text: no document")
    {
      auto broken = document;
      broken.items[0].form = static_cast<markdown::ItemForm>(9);
      const std::string bytes = encoded(broken);
      util::ByteReader in(bytes);
      CHECK_FALSE(markdown::decode_document(in));
      broken = document;
      broken.blocks[1].later_lines[0].offset = 999;
      const std::string cut = encoded(broken);
      util::ByteReader cut_in(cut);
      CHECK_FALSE(markdown::decode_document(cut_in));
    }
  }
  SUBCASE("cut short anywhere: no document")
  {
    const std::string bytes = encoded(markdown::parse_document("docs/a.md", k_everything));
    for (size_t size = 0; size < bytes.size(); size += 7) {
      util::ByteReader in(std::string_view(bytes).substr(0, size));
      CHECK_FALSE(markdown::decode_document(in));
    }
  }
  SUBCASE("an index out of range (a section that does not exist): no document")
  {
    auto document = markdown::parse_document("docs/a.md", k_everything);
    document.items[0].section = 99;
    const std::string bytes = encoded(document);
    util::ByteReader in(bytes);
    CHECK_FALSE(markdown::decode_document(in));
  }
}

TEST_CASE("decode_document (seed checklist)")
{
  const std::filesystem::path seed = test_support::seed_file("000_a72cb46aca6ff8fd.txt");
  if (!std::filesystem::exists(seed)) {
    return test_support::cannot_set_up("the seed checklist is missing: " + seed.string());
  }
  const auto document = markdown::parse_document("docs/checklist.md", test_support::read_file(seed));
  CHECK(document.items.size() > 20);
  const auto decoded = round_trip(document);
  REQUIRE(decoded);
  check_same(*decoded, document);
}
