#include "audit/reference_intent.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace audit {

namespace {

using vocabulary::Concept;

// Create-like words first, then absence: at one place, the first alternative that matches wins.
std::string verbs_pattern(const vocabulary::Vocabulary& words)
{
  std::vector<vocabulary::Entry> creating = words.entries(Concept::create_verbs);
  const auto& attaching = words.entries(Concept::attach_verbs);
  creating.insert(creating.end(), attaching.begin(), attaching.end());
  return "\\b(?:(" + vocabulary::alternation(creating) + ")|(" + vocabulary::alternation(words.entries(Concept::absence_words))
         + ")|(" + vocabulary::alternation(words.entries(Concept::update_verbs)) + "))\\b";
}

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

struct IntentWords
{
  explicit IntentWords(const vocabulary::Vocabulary& words) : verbs(verbs_pattern(words), quiet_options())
  {
  }
  RE2 verbs;
};

// What each of the words in the text says: create, absent or update, in order.
std::vector<ReferenceIntent> verbs_in(const RE2& pattern, std::string_view text)
{
  std::vector<ReferenceIntent> found;
  std::array<re2::StringPiece, 4> groups;
  size_t at = 0;
  while (at < text.size() && pattern.Match(text, at, text.size(), RE2::UNANCHORED, groups.data(), 4)) {
    const size_t start = static_cast<size_t>(groups[0].data() - text.data());
    found.push_back(groups[1].data()   ? ReferenceIntent::create
                    : groups[2].data() ? ReferenceIntent::absent
                                       : ReferenceIntent::update);
    at = start + std::max<size_t>(groups[0].size(), 1);
  }
  return found;
}

// Where a sentence ends inside a line: a stop followed by a space. "e.g. " cuts too; what it loses is a verb
// far from the reference.
constexpr std::array<std::string_view, 4> k_sentence_ends{". ", "; ", "! ", "? "};

// One backward pass for the last of any stop (the text before a reference can be a long paragraph, and
// rfind of each two-character stop compares at every position).
std::string_view since_sentence_start(std::string_view before)
{
  for (size_t i = before.size(); i >= 2; --i) {
    const std::string_view pair = before.substr(i - 2, 2);
    if (pair[1] == ' ' && std::find(k_sentence_ends.begin(), k_sentence_ends.end(), pair) != k_sentence_ends.end()) {
      return before.substr(i);
    }
  }
  return before;
}

// What stands right after a reference says something of it ("(new)", "| NEW |", "will be updated"): its first
// three words, within its sentence and before the next reference. Further on, words are about something else
// ("... if the what's-new text changed").
constexpr size_t k_words_after = 3;

std::string_view until_next(std::string_view after)
{
  size_t end = std::min(after.find('`'), after.find('['));
  for (const auto stop : k_sentence_ends) {
    end = std::min(end, after.find(stop));
  }
  after = after.substr(0, std::min(end, after.size()));
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < after.size(); ++i) {
    const bool letter = std::isalnum(static_cast<unsigned char>(after[i])) != 0 || after[i] == '\'';
    if (letter && !in_word && ++words > k_words_after) {
      return after.substr(0, i);
    }
    in_word = letter;
  }
  return after;
}

bool has(const std::vector<ReferenceIntent>& verbs, ReferenceIntent intent)
{
  return std::find(verbs.begin(), verbs.end(), intent) != verbs.end();
}

} // namespace

ReferenceIntent reference_intent(const vocabulary::Vocabulary& words, const ReferenceContext& context)
{
  const RE2& pattern = words.derived<IntentWords>().verbs;
  std::vector<ReferenceIntent> around = verbs_in(pattern, since_sentence_start(context.before));
  const auto after = verbs_in(pattern, until_next(context.after));
  around.insert(around.end(), after.begin(), after.end());
  for (const auto intent : {ReferenceIntent::create, ReferenceIntent::absent}) {
    if (has(around, intent)) {
      return intent;
    }
  }
  if (has(around, ReferenceIntent::update)) {
    return ReferenceIntent::update;
  }
  // "Files to create", not "Files to create or update": a heading never updates (its "updates" may be a noun),
  // it only keeps a heading from creating.
  const auto heading = verbs_in(pattern, context.heading);
  return has(heading, ReferenceIntent::create) && !has(heading, ReferenceIntent::update) ? ReferenceIntent::create
                                                                                         : ReferenceIntent::named;
}

} // namespace audit
