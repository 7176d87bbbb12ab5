#include "evidence/metric_words.hpp"

#include "evidence/durations.hpp"

namespace evidence {

namespace {

using vocabulary::Concept;
using vocabulary::Vocabulary;

// A word of prose between a metric's name and its figure ("P95 AI response latency").
constexpr std::string_view k_word = R"([a-z][a-z-]*)";
// Where a name may start: not inside a word or an identifier.
constexpr std::string_view k_name_start = R"((?:^|[^a-z0-9_]))";
// "(ms)" or "(production)" after a name, before its figure.
constexpr std::string_view k_aside = R"((?:\s*\([^()0-9]{0,30}\))?)";
// What a percentile's {n} stands for: "95", "99.9".
constexpr std::string_view k_percentile_number = R"(\d{2}(?:\.\d+)?)";
// Figures are timed in milliseconds to minutes; "24h" after a number is no latency.
const std::vector<std::string_view> k_figure_units{"ms", "s", "min"};

std::string words_of(const Vocabulary& words, Concept which, const Fill& fill = {}, bool leading = true)
{
  return bounded_alternation(words.entries(which), fill, leading);
}

std::string cat(std::initializer_list<std::string_view> parts)
{
  std::string result;
  for (const auto part : parts) {
    result += part;
  }
  return result;
}

// Update verbs write into the file they name as record verbs do: "Update `X-COMPLETION.md` with p99 latency".
std::string writing_verbs(const Vocabulary& words)
{
  return bounded_alternation(words.entries({Concept::record_verbs, Concept::update_verbs}), {}, true);
}

// Separators between a name and its figure, up to the figure: "P95 Latency: ", "failure rate of ~".
std::string separators(const Vocabulary& words)
{
  return cat({R"((?:\s*)", words_of(words, Concept::figure_separators), R"()*\s*$)"});
}

Fill percentile_fill(bool capture)
{
  const std::string number(k_percentile_number);
  return {{"{n}", capture ? "(" + number + ")" : number}};
}

// The percentiles that may name a duration alone ("P95: 3.4 s"): those of a numbered group ("p{n}"); an
// average or a median alone says too little.
std::string numbered_percentiles(const Vocabulary& words)
{
  std::vector<vocabulary::Entry> entries;
  for (const auto& group : words.groups(Concept::percentiles)) {
    if (group.name.find('{') != std::string::npos) {
      entries.insert(entries.end(), group.entries.begin(), group.entries.end());
    }
  }
  return bounded_alternation(entries, percentile_fill(false));
}

// How a duration metric is named, with six captures read by MetricWords::duration_name: a percentile then
// the name ("p95 AI response latency"), the name then a percentile ("Response P95", "latency (p95)"), a
// numbered percentile alone ("P95"), the name alone ("response latency").
std::string duration_subject(const Vocabulary& words)
{
  const std::string names = words_of(words, Concept::duration_metrics);
  const std::string qualifiers = words_of(words, Concept::duration_qualifiers);
  const std::string percentile = words_of(words, Concept::percentiles, percentile_fill(false));
  const std::string named = "(" + names + "|" + qualifiers + ")";
  return cat({"(", percentile, R"()(?:\s+)", k_word, R"(){0,3}?\s+)", named,
              "|", named, R"((?:\s+)", k_word, R"(){0,2}?\s*[(\[]?\s*()", percentile, R"()\s*[)\]]?)",
              "|(", numbered_percentiles(words), ")",
              "|(?:", qualifiers, R"(\s+)?()", names, ")"});
}

std::string count_label(const Vocabulary& words)
{
  return words_of(words, Concept::count_labels, {{"{thing}", words_of(words, Concept::countables)}});
}

std::string header(const Vocabulary& words, Concept which)
{
  return cat({R"(\s*(?:(?:)", vocabulary::alternation(words.entries(which)), R"()\s*[:=]?)?\s*)"});
}

std::string comparator_pattern(const Vocabulary& words)
{
  std::string groups;
  for (const auto& group : words.groups(Concept::comparators)) {
    groups += (groups.empty() ? "(" : "|(") + bounded_alternation(group.entries) + ")";
  }
  return "((?:" + groups + R"())\s*$)";
}

std::vector<Comparator> comparator_ops_of(const Vocabulary& words)
{
  static const std::pair<std::string_view, Comparator> k_ops[] = {
    {"less", Comparator::less}, {"at-most", Comparator::less_equal}, {"greater", Comparator::greater},
    {"at-least", Comparator::greater_equal}, {"equal", Comparator::equal},
  };
  std::vector<Comparator> ops;
  for (const auto& group : words.groups(Concept::comparators)) {
    for (const auto& [name, op] : k_ops) {
      if (group.name == name) {
        ops.push_back(op);
      }
    }
  }
  return ops;
}

std::string time_of_day_pattern(const Vocabulary& words)
{
  std::string am;
  std::string pm;
  for (const auto& group : words.groups(Concept::meridiems)) {
    (group.name == "am" ? am : pm) = bounded_alternation(group.entries, {}, false);
  }
  return cat({R"((\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(?:()", am, ")|(", pm, R"()))?(?:\s*()",
              words_of(words, Concept::time_zones, {}, false), "))?"});
}

std::string phrase_stop_pattern(const Vocabulary& words)
{
  return vocabulary::alternation(words.entries(
    {Concept::record_verbs, Concept::update_verbs, Concept::attach_verbs, Concept::communication_verbs, Concept::figure_links}));
}

} // namespace

MetricWords::MetricWords(const Vocabulary& words)
  : time_unit(R"(^[ \t]*)" + duration_unit_pattern(words, k_figure_units).pattern, pattern_options()),
    time_units(duration_unit_pattern(words, k_figure_units).units),
    percent_unit(R"(^[ \t]*()" + words_of(words, Concept::percent_units, {}, false) + ")", pattern_options()),
    says_percent(vocabulary::alternation(words.entries(Concept::percent_units)), pattern_options()),
    iso_time(cat({R"((\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*()",
                  words_of(words, Concept::time_zones, {}, false), R"()|([+-]\d{2}:\d{2}))?)"}),
             pattern_options()),
    time_of_day(time_of_day_pattern(words), pattern_options()),
    duration_before(cat({k_name_start, "(", duration_subject(words), ")", k_aside, separators(words)}), pattern_options()),
    percent_before(cat({k_name_start, "(", words_of(words, Concept::percent_metrics), R"()(?:\s+)", k_word, "){0,2}?",
                        k_aside, separators(words)}),
                   pattern_options()),
    traffic_before(cat({k_name_start, "(", words_of(words, Concept::traffic_metrics), ")", separators(words)}), pattern_options()),
    count_label_before(cat({k_name_start, "(", count_label(words), ")", separators(words)}), pattern_options()),
    count_alone_before(cat({k_name_start, "(", words_of(words, Concept::countables), R"()\s*[:=]\s*$)"}), pattern_options()),
    count_compared(cat({k_name_start, "(", words_of(words, Concept::countables), R"()\s*$)"}), pattern_options()),
    percent_after(R"(^\s*()" + words_of(words, Concept::percent_metrics) + ")", pattern_options()),
    traffic_after(cat({R"(^\s*(?:)", words_of(words, Concept::traffic_qualifiers), R"(\s+){0,3}()",
                       words_of(words, Concept::traffic_metrics), ")"}),
                  pattern_options()),
    count_after(cat({R"(^[ \t]+(?:)", words_of(words, Concept::count_qualifiers), R"([ \t]+)?()",
                     words_of(words, Concept::countables), ")"}),
                pattern_options()),
    countable(cat({"(", words_of(words, Concept::countables), ")"}), pattern_options()),
    comparator_at_end(comparator_pattern(words), pattern_options()),
    comparator_ops(comparator_ops_of(words)),
    hedge(words_of(words, Concept::hedges), pattern_options()),
    value_header(header(words, Concept::value_headers), pattern_options()),
    threshold_header(header(words, Concept::threshold_headers), pattern_options()),
    record_verb(cat({"(", writing_verbs(words), ")"}), pattern_options()),
    linked_figures(cat({words_of(words, Concept::figure_links), R"(\s+(?:[a-z-]+\s+){0,3}?()",
                        words_of(words, Concept::figure_words), ")"}),
                   pattern_options()),
    figures_named(cat({"(", words_of(words, Concept::figure_words), ")"}), pattern_options()),
    duration_named(cat({"(", duration_subject(words), ")"}), pattern_options()),
    percent_named(cat({"(", words_of(words, Concept::percent_metrics), ")"}), pattern_options()),
    traffic_named(cat({"(", words_of(words, Concept::traffic_metrics), ")"}), pattern_options()),
    timestamp_named(cat({"(", words_of(words, Concept::timestamp_names), ")"}), pattern_options()),
    count_named(cat({"(", count_label(words), ")"}), pattern_options()),
    phrase_stop(phrase_stop_pattern(words), pattern_options()),
    durations(words.groups(Concept::duration_metrics)),
    percents(words.groups(Concept::percent_metrics)),
    countables(words.groups(Concept::countables)),
    percentiles(words.groups(Concept::percentiles), percentile_fill(true))
{
}

std::optional<DurationName> MetricWords::duration_name(const Captures& captures, int first) const
{
  const auto at = [&](int offset) -> const re2::StringPiece& { return captures[static_cast<size_t>(first + offset)]; };
  const auto text = [&](int offset) { return std::string_view(at(offset).data(), at(offset).size()); };
  if (durations.names().empty()) {
    return std::nullopt;
  }
  DurationName found;
  for (const int offset : {0, 3, 4}) { // the percentile, before or after the name, or alone
    if (at(offset).data() != nullptr) {
      found.percentile = percentiles.group_of(text(offset)).value_or("");
    }
  }
  // A qualifier ("Response P95") or a percentile alone names the first duration metric.
  found.name = durations.names().front();
  for (const int offset : {1, 2, 5}) {
    if (at(offset).data() != nullptr) {
      found.name = durations.group_of(text(offset)).value_or(found.name);
    }
  }
  return found;
}

std::optional<std::string> MetricWords::countable_in(std::string_view text) const
{
  re2::StringPiece thing;
  if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), countable, &thing)) {
    return std::nullopt;
  }
  return countables.group_of(std::string_view(thing.data(), thing.size()));
}

} // namespace evidence
