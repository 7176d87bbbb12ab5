#include "audit/reference_intent.hpp"

#include "../support/words.hpp"

#include <doctest/doctest.h>

using audit::ReferenceIntent;
using test_support::team_words;
using test_support::words;

namespace {

ReferenceIntent intent(std::string_view before, std::string_view after = "", std::string_view heading = "")
{
  return audit::reference_intent(words(), {before, after, heading});
}

} // namespace

TEST_CASE("reference_intent")
{
  SUBCASE("a create verb before the reference: it may not exist yet")
  {
    CHECK(intent("- [ ] Create ") == ReferenceIntent::create);
    CHECK(intent("3. Scaffold the handler in ") == ReferenceIntent::create);
    CHECK(intent("| New | ") == ReferenceIntent::create);
    CHECK(intent("- Attach the export to ") == ReferenceIntent::create);
    CHECK(intent("Each nightly run writes ") == ReferenceIntent::create); // a file a tool makes
    CHECK(intent("- [ ] Write the postmortem in ") == ReferenceIntent::create);
  }
  SUBCASE("an update verb before the reference: it is changed, so it must exist")
  {
    CHECK(intent("- [ ] Update ") == ReferenceIntent::update);
    CHECK(intent("- Updated the thresholds in ") == ReferenceIntent::update); // past tense: it was there
    CHECK(intent("Amend ") == ReferenceIntent::update);
  }
  SUBCASE("an absence word: the text knows it is not there")
  {
    CHECK(intent("- ✅ Deleted ") == ReferenceIntent::absent);
    CHECK(intent("- Missing: ") == ReferenceIntent::absent);
    CHECK(intent("**Previously:** in ", " (archived 2025-10-18)") == ReferenceIntent::absent);
    CHECK(intent("- [ ] Update or remove the helpers in ") == ReferenceIntent::absent); // over updating
    CHECK(intent("- [ ] Create the stub and delete ") == ReferenceIntent::create);      // creating first
  }
  SUBCASE("a record verb says nothing of whether the file is there yet")
  {
    CHECK(intent("- [x] Log the p99 in ") == ReferenceIntent::named);
    CHECK(intent("- [ ] Document the schema in ") == ReferenceIntent::named);
  }
  SUBCASE("a create word anywhere in the sentence before it wins over an update verb, which may be a noun")
  {
    CHECK(intent("- [ ] Create the summary, then amend ") == ReferenceIntent::create);
    CHECK(intent("- [ ] Update `docs/index.md` and generate ") == ReferenceIntent::create);
    CHECK(intent("- Draft the readiness report template (") == ReferenceIntent::create);
    CHECK(intent("- Add sitemap updates (") == ReferenceIntent::create);
    CHECK(intent("- [ ] Update ", " (new) with the escalation paths") == ReferenceIntent::create);
  }
  SUBCASE("a word in both lists creates")
  {
    CHECK(intent("Add ") == ReferenceIntent::create);
  }
  SUBCASE("past tenses claim the file exists: they create nothing")
  {
    CHECK(intent("- Created ") == ReferenceIntent::named);
    CHECK(intent("Generated ") == ReferenceIntent::named);
  }
  SUBCASE("verbs inside identifiers are not words")
  {
    CHECK(intent("Call `createInvoice()` from ") == ReferenceIntent::named);
  }
  SUBCASE("a verb in an earlier sentence of the line does not reach the reference")
  {
    CHECK(intent("Create the branch first. The checklist is ") == ReferenceIntent::named);
    // The last stop of any kind starts the sentence, whichever kind comes later in the list of stops.
    CHECK(intent("Create it? Then update. The list is ") == ReferenceIntent::named);
    CHECK(intent("Update the notes; create ") == ReferenceIntent::create);
    CHECK(intent("Create the page! Amend ") == ReferenceIntent::update);
    CHECK(intent("Create the page; amend. Keep ") == ReferenceIntent::named);
    CHECK(intent(". ") == ReferenceIntent::named);
    CHECK(intent("Create.") == ReferenceIntent::create); // a stop ends a sentence only before a space
  }
  SUBCASE("without a verb before it, the first after it, up to the next reference")
  {
    CHECK(intent("| ", " | NEW | rate card loader |") == ReferenceIntent::create);
    CHECK(intent("- ", " (to be created in phase 2)") == ReferenceIntent::create);
    CHECK(intent("- ", " will be updated with the figures") == ReferenceIntent::update);
    CHECK(intent("- ", " and `lib/other.ts` (new)") == ReferenceIntent::named);
    CHECK(intent("- [ ] Refresh the copy in ", " if the what's-new text changed.") == ReferenceIntent::named);
  }
  SUBCASE("without a verb on its line, a heading that names only creating or only writing")
  {
    CHECK(intent("- ", " - the loader", "New Files to Create") == ReferenceIntent::create);
    CHECK(intent("- ", "", "Documents to update") == ReferenceIntent::named); // "updates" in a heading may be a noun
    CHECK(intent("- ", "", "Files to create or update") == ReferenceIntent::named);
    CHECK(intent("- ", "", "Files Created") == ReferenceIntent::named);
  }
  SUBCASE("a team's words")
  {
    const auto team = team_words("create-verbs: [stub out]\n");
    CHECK(audit::reference_intent(team, {"- Stub out ", "", ""}) == ReferenceIntent::create);
    CHECK(audit::reference_intent(words(), {"- Stub out ", "", ""}) == ReferenceIntent::named);
  }
}
