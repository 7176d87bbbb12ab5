#include "audit/reference_source.hpp"

#include "corpus/file_system.hpp"
#include "evidence/items.hpp"

#include "../support/words.hpp"

#include <doctest/doctest.h>

namespace {

markdown::Reference reference(std::string target, int line, int column, bool from_link)
{
  return markdown::Reference{std::move(target), line, column, from_link};
}

} // namespace

TEST_CASE("SourceLines")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/a.md", "# A\n\n- [ ] Update `docs/b.md`.\r\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  audit::Facts facts;
  facts.corpus = &corpus;
  audit::DocumentFacts document;
  document.path = "docs/a.md";
  audit::SourceLines lines(facts, document);
  CHECK(lines.line(1) == "# A");
  CHECK(lines.line(3) == "- [ ] Update `docs/b.md`.");
  CHECK(lines.line(0).empty());
  CHECK(lines.line(9).empty());
  audit::DocumentFacts unreadable;
  unreadable.path = "docs/none.md";
  CHECK(audit::SourceLines(facts, unreadable).line(1).empty());
}

TEST_CASE("target_span")
{
  SUBCASE("inside the backticks of inline code")
  {
    const auto span = audit::target_span("- [ ] Update `docs/b.md` now.", reference("docs/b.md", 1, 14, false));
    REQUIRE(span);
    CHECK(span->start_column == 15);
    CHECK(span->end_column == 24);
  }
  SUBCASE("between a link's parentheses, not in its text")
  {
    const std::string_view line = "See [docs/b.md](docs/b.md) and [c](<docs/c d.md>).";
    const auto span = audit::target_span(line, reference("docs/b.md", 1, 5, true));
    REQUIRE(span);
    CHECK(line.substr(static_cast<size_t>(span->start_column) - 1, 9) == "docs/b.md");
    CHECK(span->start_column == 17);
    const auto spaced = audit::target_span(line, reference("docs/c d.md", 1, 32, true));
    REQUIRE(spaced);
    CHECK(spaced->start_column == 37);
  }
  SUBCASE("not on the line as written")
  {
    CHECK_FALSE(audit::target_span("See [c](docs/c%20d.md).", reference("docs/c d.md", 1, 5, true)));
    CHECK_FALSE(audit::target_span("short", reference("docs/b.md", 1, 40, false)));
  }
}

TEST_CASE("reference_context")
{
  const auto document_facts = [](std::string text) {
    audit::DocumentFacts document;
    document.path = "docs/plan.md";
    document.document = evidence::read_document(test_support::words(), document.path, text);
    return document;
  };
  const auto document = document_facts("# Plan\n\n## Files to create\n\n| `lib/a.ts` | loader |\n");
  const auto context = audit::reference_context(document, "| `lib/a.ts` | loader |", reference("lib/a.ts", 5, 3, false));
  CHECK(context.before == "| `");
  CHECK(context.after == " | loader |");
  CHECK(context.heading == "Files to create");
  const auto link = audit::reference_context(document, "Read [the plan](../plan.md) first.", reference("../plan.md", 1, 6, true));
  CHECK(link.before == "Read [the plan](");
  CHECK(link.after == " first.");
  CHECK(link.heading.empty()); // before every heading
}
