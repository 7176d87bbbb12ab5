#include "audit/reference_target.hpp"

#include "corpus/file_system.hpp"
#include "evidence/items.hpp"

#include "../support/words.hpp"

#include <doctest/doctest.h>

namespace {

markdown::Reference code(std::string target)
{
  return markdown::Reference{std::move(target), 1, 1, false};
}

} // namespace

TEST_CASE("names_repository_path")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/plans/active/billing-plan.md", "# Plan\n");
  files.add_file("docs/runbooks/billing-cutover.md", "# Cutover\n");
  files.add_file("src/billing/invoice.ts", "export {};\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  audit::Facts facts;
  facts.corpus = &corpus;
  audit::DocumentFacts document;
  document.path = "docs/runbooks/billing-cutover.md";
  const auto names = [&](const markdown::Reference& reference) {
    return audit::names_repository_path(facts, document, reference);
  };

  SUBCASE("a link or an image always names a path here, whatever it names")
  {
    CHECK(names(markdown::Reference{"vendor/sdk/README.md", 1, 1, true}));
  }
  SUBCASE("inline code whose first folder exists at the root or beside the document")
  {
    CHECK(names(code("src/billing/missing.ts")));
    CHECK(names(code("docs/plans/active/other-plan.md")));
    CHECK(names(code("../plans/active/billing-plan.md")));
    CHECK(names(code("./appendix/steps.md"))); // "./" is the document's folder, which exists
    document.path = "docs/plans/overview.md";
    CHECK(names(code("active/renamed-plan.md"))); // docs/plans/active
  }
  SUBCASE("the bare name of a Markdown document")
  {
    CHECK(names(code("billing-plan.md")));
    CHECK(names(code("NOTES.MARKDOWN")));
    CHECK_FALSE(names(code("invoice.ts")));
    CHECK_FALSE(names(code("package.json")));
  }
  SUBCASE("package paths and paths in other repositories: their first folder is not here")
  {
    CHECK_FALSE(names(code("next/font/google")));
    CHECK_FALSE(names(code("k8s.io/kubernetes/pkg/controller")));
    CHECK_FALSE(names(code("payments-infra/runbooks/failover.md")));
    CHECK_FALSE(names(code("../../../outside.md"))); // leaves the repository
  }
  SUBCASE("a symbol of a package here is no file")
  {
    CHECK_FALSE(names(code("src/billing/invoice.InvoiceTotal")));
    CHECK_FALSE(names(code("src/billing.Version")));
    CHECK(names(code("src/billing/NOTES.MD")));
  }
}

TEST_CASE("is_placeholder_path")
{
  CHECK(audit::is_placeholder_path("docs/reports/load-test-YYYY-MM-DD.md"));
  CHECK(audit::is_placeholder_path("docs/tasks/TASK-XX.md"));
  CHECK(audit::is_placeholder_path("docs/phase-X/summary.md"));
  CHECK(audit::is_placeholder_path("docs/plans/...-COMPLETION.md"));
  CHECK_FALSE(audit::is_placeholder_path("docs/plans/2025-10-20-billing-plan.md"));
  CHECK_FALSE(audit::is_placeholder_path("docs/PHASE-II-REPORT.md"));
  CHECK_FALSE(audit::is_placeholder_path("docs/API.md"));
}

TEST_CASE("plans_ahead")
{
  const auto plans = [](const std::string& path, const std::string& text, const vocabulary::Vocabulary& words = test_support::words()) {
    audit::DocumentFacts document;
    document.path = path;
    document.document = evidence::read_document(words, path, text);
    return audit::plans_ahead(words, document);
  };
  CHECK(plans("docs/notes/q4.md", "# Checkout roadmap, Q4\n"));              // its title
  CHECK(plans("docs/search-proposal.md", "# Search\n"));                     // its file name
  CHECK(plans("docs/plans/active/search.md", "# Search\n"));                 // a folder it sits in
  CHECK(plans("docs/completion_drive_plans/sync.md", "# Sync\n"));           // a folder's words
  CHECK_FALSE(plans("docs/runbooks/search-cutover.md", "# Search cutover\n"));
  CHECK_FALSE(plans("docs/planning-poker.md", "# Estimation games\n"));       // whole words only
  CHECK(plans("docs/ideas/search.md", "# Search\n", test_support::team_words("plan-words: [ideas]\n")));
}
