#include "evidence/metrics.hpp"

#include "evidence/durations.hpp"
#include "evidence/metric_words.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace evidence {

namespace {

using Groups = Captures;

// "^" and "$" mean the ends of `text`, so callers pass the window they want anchored.
bool find(const RE2& re, std::string_view text, RE2::Anchor anchor, Groups& groups, size_t start = 0)
{
  groups.assign(1 + re.NumberOfCapturingGroups(), re2::StringPiece());
  return re.Match(re2::StringPiece(text.data(), text.size()),
                  start,
                  text.size(),
                  anchor,
                  groups.data(),
                  static_cast<int>(groups.size()));
}

// Whether `re` matches anywhere in `text`. Without groups to fill, RE2 answers from its DFA alone.
bool occurs(const RE2& re, std::string_view text)
{
  return re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, nullptr, 0);
}

bool matched(const re2::StringPiece& group)
{
  return group.data() != nullptr;
}

std::string_view view(const re2::StringPiece& group)
{
  return {group.data(), group.size()};
}

size_t offset_in(std::string_view text, const re2::StringPiece& group)
{
  return static_cast<size_t>(group.data() - text.data());
}

bool is_alpha(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool is_alnum(char c)
{
  return is_alpha(c) || is_digit(c);
}

bool one_of(char c, std::string_view set)
{
  return set.find(c) != std::string_view::npos;
}

bool is_blank(std::string_view text)
{
  return util::trim(text).empty();
}

// Figures that were set in bold or code still read as prose, and odd spaces are spaces. Every replacement
// keeps the byte count so offsets found in the plain text hold for the original.
struct Plain
{
  std::string text;
  std::vector<bool> dropped; // emphasis markers, left out of `written`
};

// Every figure, time and bound starts at an ASCII digit, and making the text plain adds none: a text
// without one needs no scan (most prose, most checklist items).
bool has_digit(std::string_view text)
{
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Plain make_plain(std::string_view text)
{
  Plain plain{std::string(text), std::vector<bool>(text.size(), false)};
  const auto word_at = [&](size_t i) { return i < text.size() && is_alnum(text[i]); };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // BULLMQ_ROLLOUT_PERCENTAGE keeps its underscores; "_P95_" loses them.
    const bool emphasis_underscore = c == '_' && !(i > 0 && word_at(i - 1) && word_at(i + 1));
    if (c == '*' || c == '`' || emphasis_underscore) {
      plain.text[i] = ' ';
      plain.dropped[i] = true;
    }
  }
  static const std::pair<std::string_view, std::string_view> k_replacements[] = {
    {"\xE2\x80\xAF", "   "}, // narrow no-break space
    {"\xE2\x80\x89", "   "}, // thin space
    {"\xC2\xA0", "  "},      // no-break space
  };
  for (const auto& [from, to] : k_replacements) {
    for (size_t at = plain.text.find(from); at != std::string::npos; at = plain.text.find(from, at + to.size())) {
      plain.text.replace(at, from.size(), to);
    }
  }
  return plain;
}

std::string written_between(std::string_view text, const Plain& plain, size_t begin, size_t end)
{
  std::string result;
  for (size_t i = begin; i < end && i < text.size(); ++i) {
    if (!plain.dropped[i]) {
      result += text[i];
    }
  }
  return util::collapse_spaces(result);
}

enum class Unit { none, time, percent, other };

struct Token
{
  size_t begin = 0;
  size_t end = 0;      // after the digits
  size_t unit_end = 0; // after the unit, `end` when there is none
  double value = 0;    // times already in milliseconds
  Unit unit = Unit::none;
  bool integer = true;
};

struct Span
{
  size_t begin = 0;
  size_t end = 0;
};

struct Subject
{
  Quantity quantity = Quantity::duration;
  std::string name;
  std::string percentile;
  size_t begin = 0;
  size_t end = 0;
  bool unit_optional = false; // "rollout percentage: 50" says its unit in its name
};

struct FoundMetric
{
  Metric metric;
  size_t begin = 0;
  size_t end = 0;
};

struct FoundCondition
{
  Condition condition;
  size_t begin = 0;
  size_t end = 0;
};

struct FoundComparator
{
  Span span;
  Comparator op = Comparator::less;
};

class Scanner
{
public:
  Scanner(const MetricWords& words, std::string_view text, int line)
    : m_words(words), m_text(text), m_line(line), m_plain(make_plain(text))
  {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        m_newlines.push_back(i);
      }
    }
    claim_times();
    find_tokens();
  }

  std::vector<FoundMetric> metrics();
  std::vector<FoundCondition> conditions();

  int line_at(size_t offset) const
  {
    const auto before = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset) - m_newlines.begin();
    return m_line + static_cast<int>(before);
  }

private:
  struct Window
  {
    size_t begin = 0;
    size_t end = 0;
    bool in_cell = false; // starts right after a table cell bar
  };

  void claim_times();
  void claim_iso_times(std::vector<Span>& spans);
  void claim_times_of_day(std::vector<Span>& spans);
  void find_tokens();
  void parse_unit(Token& token) const;
  void add_claims(std::vector<Span> spans);
  bool claimed(size_t begin, size_t end) const;
  size_t claims_end_before(size_t offset) const;
  Window window_before(size_t index) const;
  std::optional<Window> row_label(const Window& cell, const RE2& generic_header) const;
  std::optional<Subject> prefix_subject(const Window& window, const Token& token, bool compared = false) const;
  std::optional<Subject> prefix_count(std::string_view text, size_t offset, bool compared) const;
  std::optional<Subject> suffix_subject(const Token& token, size_t& end) const;
  std::optional<FoundComparator> comparator_at_end(const Window& window) const;
  bool hedged(const Window& window) const;
  bool plausible_bare_number(const Token& token) const
  {
    // "Errors: 3/100", "rollout percentage: 10-50": a ratio or a range, not one figure.
    return token.end >= m_plain.text.size() || !one_of(m_plain.text[token.end], "/-:");
  }
  std::string written(size_t begin, size_t end) const
  {
    return written_between(m_text, m_plain, begin, end);
  }
  std::string_view plain(size_t begin, size_t end) const
  {
    return std::string_view(m_plain.text).substr(begin, end - begin);
  }
  void add_time(size_t begin, size_t end, double seconds, std::optional<util::Timestamp> absolute)
  {
    Metric metric;
    metric.quantity = Quantity::timestamp;
    metric.value = seconds;
    metric.unit = "s";
    metric.absolute = absolute;
    metric.written = written(begin, end);
    metric.line = line_at(begin);
    m_times.push_back({metric, begin, end});
  }

  const MetricWords& m_words;
  std::string_view m_text;
  int m_line;
  Plain m_plain;
  std::vector<size_t> m_newlines;
  std::vector<Span> m_claims;       // dates, times and versions: their digits are no figures of their own
  std::vector<size_t> m_claims_end; // the furthest end among m_claims[0..i], for lookups in sorted claims
  std::vector<FoundMetric> m_times;
  std::vector<Token> m_tokens;
};

void Scanner::claim_times()
{
  std::vector<Span> spans;
  claim_iso_times(spans);
  static const RE2 k_dates_and_versions(R"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d+(?:\.\d+){2,})");
  const std::string_view text = m_plain.text;
  Groups groups;
  for (size_t start = 0; find(k_dates_and_versions, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    start = begin + groups[0].size();
    spans.push_back({begin, start});
  }
  add_claims(std::move(spans));
  spans.clear();
  claim_times_of_day(spans);
  add_claims(std::move(spans));
}

// "2025-10-22T17:05:56Z", "2025-10-22 17:05 UTC": the time-zones are names of UTC.
void Scanner::claim_iso_times(std::vector<Span>& spans)
{
  const std::string_view text = m_plain.text;
  Groups groups;
  for (size_t start = 0; find(m_words.iso_time, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    const size_t end = begin + groups[0].size();
    start = end;
    if (begin > 0 && is_alnum(text[begin - 1])) {
      continue;
    }
    spans.push_back({begin, end});
    const std::string iso = std::string(view(groups[1])) + "T" + std::string(view(groups[2])) + std::string(view(groups[4]));
    if (const auto time = util::parse_timestamp(iso)) {
      add_time(begin, end, static_cast<double>(((*time % 86400) + 86400) % 86400), *time);
    }
  }
}

// "14:05 UTC", "2:05 pm": captures hour, minute, second, am, pm, zone.
void Scanner::claim_times_of_day(std::vector<Span>& spans)
{
  const std::string_view text = m_plain.text;
  Groups groups;
  const auto number = [&](int group) {
    int value = 0;
    if (matched(groups[static_cast<size_t>(group)])) {
      std::from_chars(groups[static_cast<size_t>(group)].data(), groups[static_cast<size_t>(group)].data() + groups[static_cast<size_t>(group)].size(), value);
    }
    return value;
  };
  for (size_t start = 0; find(m_words.time_of_day, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    const size_t end = begin + groups[0].size();
    start = end;
    if (claimed(begin, end) || (begin > 0 && (is_alnum(text[begin - 1]) || one_of(text[begin - 1], ":./")))) {
      continue;
    }
    if (end < text.size() && (is_digit(text[end]) || text[end] == ':')) {
      continue;
    }
    int hour = number(1);
    const int minute = number(2);
    const int second = number(3);
    const bool meridiem = matched(groups[4]) || matched(groups[5]);
    // "3:16" is as likely a verse or a ratio as a time; a lone digit needs "pm" or "UTC" to be one.
    if (groups[1].size() == 1 && !meridiem && !matched(groups[6])) {
      continue;
    }
    if (minute > 59 || second > 59 || (meridiem ? hour < 1 || hour > 12 : hour > 23)) {
      continue;
    }
    if (meridiem) {
      hour = hour % 12 + (matched(groups[5]) ? 12 : 0);
    }
    spans.push_back({begin, end});
    add_time(begin, end, hour * 3600 + minute * 60 + second, std::nullopt);
  }
}

// Kept sorted with running ends so that a hostile paragraph of ten thousand dates stays linear-logarithmic.
void Scanner::add_claims(std::vector<Span> spans)
{
  m_claims.insert(m_claims.end(), spans.begin(), spans.end());
  std::sort(m_claims.begin(), m_claims.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  m_claims_end.clear();
  for (const Span& span : m_claims) {
    m_claims_end.push_back(std::max(span.end, m_claims_end.empty() ? 0 : m_claims_end.back()));
  }
}

// The furthest end of the claims that start before `offset`, 0 when none does.
size_t Scanner::claims_end_before(size_t offset) const
{
  const auto after = std::lower_bound(
    m_claims.begin(), m_claims.end(), offset, [](const Span& span, size_t at) { return span.begin < at; });
  const auto count = static_cast<size_t>(after - m_claims.begin());
  return count == 0 ? 0 : m_claims_end[count - 1];
}

bool Scanner::claimed(size_t begin, size_t end) const
{
  return claims_end_before(end) > begin;
}

void Scanner::parse_unit(Token& token) const
{
  const std::string_view rest = std::string_view(m_plain.text).substr(token.end);
  Groups groups;
  if (find(m_words.time_unit, rest, RE2::ANCHOR_START, groups)) {
    for (size_t unit = 0; unit < m_words.time_units.size(); ++unit) {
      if (matched(groups[1 + unit])) {
        token.value *= 1000 * seconds_per_unit(m_words.time_units[unit]).value_or(0);
      }
    }
    token.unit = Unit::time;
    token.unit_end = token.end + groups[0].size();
  } else if (find(m_words.percent_unit, rest, RE2::ANCHOR_START, groups)) {
    token.unit = Unit::percent;
    token.unit_end = token.end + groups[0].size();
  } else if (!rest.empty() && is_alpha(rest[0])) {
    token.unit = Unit::other; // "24h", "2x", "3rd"
  }
}

void Scanner::find_tokens()
{
  const std::string_view text = m_plain.text;
  static const RE2 k_number(R"(\d+(?:,\d{3})*(?:\.\d+)?)");
  Groups groups;
  for (size_t start = 0; find(k_number, text, RE2::UNANCHORED, groups, start);) {
    Token token;
    token.begin = offset_in(text, groups[0]);
    token.end = token.begin + groups[0].size();
    token.unit_end = token.end;
    start = token.end;
    if (claimed(token.begin, token.end)) {
      continue;
    }
    // "p95", "v2", "-5", "+300 ms", "#12", "$3", "1,2": part of a name or a difference, not a figure.
    if (token.begin > 0) {
      const char before = text[token.begin - 1];
      if (is_alnum(before) || one_of(before, "_.:/-+#$\\")
          || (before == ',' && token.begin > 1 && is_digit(text[token.begin - 2]))) {
        continue;
      }
    }
    std::string digits;
    for (char c : view(groups[0])) {
      if (c != ',') {
        digits += c;
      }
    }
    token.integer = digits.find('.') == std::string::npos;
    std::from_chars(digits.data(), digits.data() + digits.size(), token.value);
    parse_unit(token);
    m_tokens.push_back(token);
  }
}

// The clause before a figure: from the previous figure, date or punctuation up to the figure, so that
// "P95 3.4 s, p99 5 s" gives each figure its own name.
Scanner::Window Scanner::window_before(size_t index) const
{
  const Token& token = m_tokens[index];
  Window window{0, token.begin, false};
  // A number followed by letters ("95th", "24h", "2x") is part of a name, not a figure that ends a clause:
  // "95th percentile: 900 ms" names its figure with it.
  for (size_t previous = index; previous > 0; --previous) {
    if (m_tokens[previous - 1].unit != Unit::other) {
      window.begin = m_tokens[previous - 1].unit_end;
      break;
    }
  }
  // Tokens never lie inside a claim, so every claim that starts before the token also ends before it.
  window.begin = std::max(window.begin, claims_end_before(token.begin));
  const std::string_view text = m_plain.text;
  for (size_t i = token.begin; i > window.begin; --i) {
    const char c = text[i - 1];
    const bool followed_by_space = i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0;
    if (c == '|' || c == ';' || (one_of(c, ".,!?") && followed_by_space)) {
      window.begin = i;
      window.in_cell = c == '|';
      break;
    }
  }
  return window;
}

// A row of a | Metric | Value | table reads "Metric: P95 latency | Value: 3.4 s": the figure's own cell
// is a generic header, and its name is in the row's first cell.
std::optional<Scanner::Window> Scanner::row_label(const Window& cell, const RE2& generic_header) const
{
  if (!cell.in_cell) {
    return std::nullopt;
  }
  Groups groups;
  if (!find(generic_header, plain(cell.begin, cell.end), RE2::ANCHOR_BOTH, groups)) {
    return std::nullopt;
  }
  const std::string_view text = m_plain.text;
  const auto newline = std::lower_bound(m_newlines.begin(), m_newlines.end(), cell.begin);
  const size_t row_begin = newline == m_newlines.begin() ? 0 : *(newline - 1) + 1;
  size_t cell_begin = row_begin;
  while (cell_begin < cell.begin) {
    size_t cell_end = text.find('|', cell_begin);
    if (cell_end == std::string_view::npos || cell_end >= cell.begin) {
      break;
    }
    if (!is_blank(plain(cell_begin, cell_end))) {
      const auto first = std::lower_bound(
        m_tokens.begin(), m_tokens.end(), cell_begin, [](const Token& token, size_t at) { return token.begin < at; });
      const bool has_figure = first != m_tokens.end() && first->begin < cell_end;
      if (has_figure) {
        return std::nullopt;
      }
      return Window{cell_begin, cell_end, false};
    }
    cell_begin = cell_end + 1;
  }
  return std::nullopt;
}

// The metric named in the clause before a figure. `compared`: the clause ended at a comparator, which then
// separates a count from its figure as a colon would ("mismatches > 0").
std::optional<Subject> Scanner::prefix_subject(const Window& window, const Token& token, bool compared) const
{
  const std::string_view text = plain(window.begin, window.end);
  Groups groups;
  Subject subject;
  const auto found = [&](const re2::StringPiece& group) {
    subject.begin = window.begin + offset_in(text, group);
    subject.end = subject.begin + group.size();
    return subject;
  };
  if (token.unit == Unit::time) {
    if (!find(m_words.duration_before, text, RE2::UNANCHORED, groups)) {
      return std::nullopt;
    }
    const auto duration = m_words.duration_name(groups, 2);
    if (!duration) {
      return std::nullopt;
    }
    subject.quantity = Quantity::duration;
    subject.name = duration->name;
    subject.percentile = duration->percentile;
    return found(groups[1]);
  }
  if (token.unit == Unit::percent) {
    if (find(m_words.percent_before, text, RE2::UNANCHORED, groups)) {
      if (auto name = m_words.percents.group_of(view(groups[1]))) {
        subject.quantity = Quantity::percent;
        subject.name = std::move(*name);
        return found(groups[1]);
      }
    }
    if (find(m_words.traffic_before, text, RE2::UNANCHORED, groups)) {
      subject.quantity = Quantity::traffic_share;
      return found(groups[1]);
    }
    return std::nullopt;
  }
  if (token.unit != Unit::none) {
    return std::nullopt;
  }
  // A bare number is a share of traffic only when its name says percent ("BULLMQ_ROLLOUT_PERCENTAGE=50").
  if (find(m_words.traffic_before, text, RE2::UNANCHORED, groups)
      && RE2::PartialMatch(re2::StringPiece(groups[1].data(), groups[1].size()), m_words.says_percent)) {
    subject.quantity = Quantity::traffic_share;
    subject.unit_optional = true;
    return found(groups[1]);
  }
  return prefix_count(text, window.begin, compared);
}

// "mismatch count: 0", "number of timeouts 3", "Timeouts: 1".
std::optional<Subject> Scanner::prefix_count(std::string_view text, size_t offset, bool compared) const
{
  Groups groups;
  std::optional<std::string> thing;
  if (find(m_words.count_label_before, text, RE2::UNANCHORED, groups)) {
    thing = m_words.countable_in(view(groups[1]));
  } else if (find(compared ? m_words.count_compared : m_words.count_alone_before, text, RE2::UNANCHORED, groups)) {
    thing = m_words.countables.group_of(view(groups[1]));
  }
  if (!thing) {
    return std::nullopt;
  }
  Subject subject;
  subject.quantity = Quantity::count;
  subject.name = std::move(*thing);
  subject.begin = offset + offset_in(text, groups[1]);
  subject.end = subject.begin + groups[1].size();
  return subject;
}

// Names written after the figure: "0.6% failure rate", "10 percent of the live traffic", "12 mismatches".
std::optional<Subject> Scanner::suffix_subject(const Token& token, size_t& end) const
{
  const std::string_view rest = std::string_view(m_plain.text).substr(token.unit_end);
  Groups groups;
  Subject subject;
  subject.begin = token.begin;
  if (token.unit == Unit::percent) {
    if (find(m_words.percent_after, rest, RE2::ANCHOR_START, groups)) {
      auto name = m_words.percents.group_of(view(groups[1]));
      if (!name) {
        return std::nullopt;
      }
      subject.quantity = Quantity::percent;
      subject.name = std::move(*name);
    } else if (find(m_words.traffic_after, rest, RE2::ANCHOR_START, groups)) {
      subject.quantity = Quantity::traffic_share;
    } else {
      return std::nullopt;
    }
    end = token.unit_end + groups[0].size();
    return subject;
  }
  if (token.unit != Unit::none || !token.integer || !find(m_words.count_after, rest, RE2::ANCHOR_START, groups)) {
    return std::nullopt;
  }
  end = token.unit_end + groups[0].size();
  // "2 chat-based flows", "3 errors/min" name something else.
  if (end < m_plain.text.size() && (m_plain.text[end] == '-' || m_plain.text[end] == '/')) {
    return std::nullopt;
  }
  auto thing = m_words.countables.group_of(view(groups[1]));
  if (!thing) {
    return std::nullopt;
  }
  subject.quantity = Quantity::count;
  subject.name = std::move(*thing);
  return subject;
}

// A comparator ending the clause before a figure, and which comparison its group says.
std::optional<FoundComparator> Scanner::comparator_at_end(const Window& window) const
{
  const std::string_view text = plain(window.begin, window.end);
  Groups groups;
  if (!find(m_words.comparator_at_end, text, RE2::UNANCHORED, groups)) {
    return std::nullopt;
  }
  const size_t begin = window.begin + offset_in(text, groups[1]);
  for (size_t g = 0; g < m_words.comparator_ops.size(); ++g) {
    if (matched(groups[2 + g])) {
      return FoundComparator{Span{begin, begin + groups[1].size()}, m_words.comparator_ops[g]};
    }
  }
  return std::nullopt;
}

// A figure named as a goal or a hypothesis ("target P95 latency: 5 s", "if p95 is 6 s") was not observed.
bool Scanner::hedged(const Window& window) const
{
  return occurs(m_words.hedge, plain(window.begin, window.end));
}

bool is_percentage(Quantity quantity)
{
  return quantity == Quantity::percent || quantity == Quantity::traffic_share;
}

// Whether the token's unit is the one the subject's quantity is measured in.
bool unit_fits(const Subject& subject, const Token& token)
{
  if (is_percentage(subject.quantity)) {
    return (token.unit == Unit::percent || subject.unit_optional) && token.value <= 100;
  }
  return true; // durations were named only for times, counts only for bare numbers
}

std::vector<FoundMetric> Scanner::metrics()
{
  std::vector<FoundMetric> found = m_times;
  for (size_t i = 0; i < m_tokens.size(); ++i) {
    const Token& token = m_tokens[i];
    if (token.unit == Unit::other) {
      continue;
    }
    const Window window = window_before(i);
    if (comparator_at_end(window)) {
      continue;
    }
    Window name_window = window;
    std::optional<Subject> subject = prefix_subject(window, token);
    bool from_label = false;
    if (!subject) {
      if (const auto label = row_label(window, m_words.value_header)) {
        subject = prefix_subject(*label, token);
        from_label = subject.has_value();
        name_window = from_label ? *label : window;
      }
    }
    size_t end = token.unit_end;
    if (!subject) {
      subject = suffix_subject(token, end);
    }
    if (!subject || hedged(name_window) || !unit_fits(*subject, token)) {
      continue;
    }
    if (token.unit == Unit::none && !plausible_bare_number(token)) {
      continue;
    }
    if (subject->quantity == Quantity::count && !token.integer) {
      continue;
    }
    Metric metric;
    metric.quantity = subject->quantity;
    metric.name = subject->name;
    metric.percentile = subject->percentile;
    metric.value = token.value;
    metric.unit = subject->quantity == Quantity::duration ? "ms" : subject->quantity == Quantity::count ? "" : "%";
    const size_t begin = std::min(subject->begin, token.begin);
    metric.written = from_label ? written(subject->begin, subject->end) + " " + written(token.begin, end)
                                : written(begin, end);
    metric.line = line_at(begin);
    found.push_back({metric, begin, end});
  }
  std::stable_sort(
    found.begin(), found.end(), [](const FoundMetric& a, const FoundMetric& b) { return a.begin < b.begin; });
  return found;
}

std::vector<FoundCondition> Scanner::conditions()
{
  std::vector<FoundCondition> found;
  for (size_t i = 0; i < m_tokens.size(); ++i) {
    const Token& token = m_tokens[i];
    if (token.unit == Unit::other) {
      continue;
    }
    const Window window = window_before(i);
    const auto comparator = comparator_at_end(window);
    if (!comparator) {
      continue;
    }
    // "p95 -> 3 s" is an arrow, not a bound.
    const size_t at = comparator->span.begin;
    if (at > 0 && m_plain.text[at] == '>' && (m_plain.text[at - 1] == '-' || m_plain.text[at - 1] == '=')) {
      continue;
    }
    const Window before{window.begin, at, window.in_cell};
    std::optional<Subject> subject = prefix_subject(before, token, true);
    bool from_label = false;
    if (!subject) {
      if (const auto label = row_label(before, m_words.threshold_header)) {
        subject = prefix_subject(*label, token);
        from_label = subject.has_value();
      }
    }
    size_t end = token.unit_end;
    if (!subject) {
      subject = suffix_subject(token, end);
    }
    if (!subject || !unit_fits(*subject, token) || (token.unit == Unit::none && !plausible_bare_number(token))) {
      continue;
    }
    Condition condition;
    condition.quantity = subject->quantity;
    condition.name = subject->name;
    condition.percentile = subject->percentile;
    condition.op = comparator->op;
    condition.value = token.value;
    const size_t begin = std::min(subject->begin, at);
    condition.written = from_label ? written(subject->begin, subject->end) + " " + written(at, end) : written(begin, end);
    condition.line = line_at(begin);
    found.push_back({condition, begin, end});
  }
  return found;
}

struct FoundDemand
{
  MetricDemand demand;
  size_t begin = 0;
  size_t end = 0;
};

bool same_demand(const MetricDemand& a, const MetricDemand& b)
{
  return a.any == b.any
         && (a.any || (a.quantity == b.quantity && a.name == b.name && a.percentile == b.percentile));
}

// "actual rollout metrics": the words that qualify "metrics", back to the verb or link that asked for them.
std::string qualified_phrase(const MetricWords& words, std::string_view text, size_t begin, size_t end)
{
  size_t phrase_begin = begin;
  size_t cursor = begin;
  for (int count = 0; count < 3; ++count) {
    while (cursor > 0 && text[cursor - 1] == ' ') {
      --cursor;
    }
    size_t word_begin = cursor;
    while (word_begin > 0 && (is_alpha(text[word_begin - 1]) || text[word_begin - 1] == '-')) {
      --word_begin;
    }
    if (word_begin == cursor || (word_begin > 0 && text[word_begin - 1] != ' ')) {
      break;
    }
    const std::string_view word = text.substr(word_begin, cursor - word_begin);
    if (RE2::FullMatch(re2::StringPiece(word.data(), word.size()), words.phrase_stop)) {
      break;
    }
    phrase_begin = word_begin;
    cursor = word_begin;
  }
  return util::collapse_spaces(text.substr(phrase_begin, end - phrase_begin));
}

// Each pattern's capture 1 through the item, outside what the item states itself: its conditions ("page
// on-call if failure rate >= 2 percent" asks for no failure rate) and its figures ("Update configuration:
// `X_ROLLOUT_PERCENTAGE=10`" sets a share, it does not ask for one), turned into a demand by `make` (nullopt:
// not a demand after all).
class DemandCollector
{
public:
  DemandCollector(std::string_view item_text, std::string_view plain, std::vector<Span> stated)
    : m_item(item_text), m_plain(plain), m_stated(std::move(stated))
  {
    // Sorted by start, with the furthest end so far: whether a match overlaps a stated figure is a binary
    // search, not a scan (a 5 MB item holds tens of thousands of both).
    std::sort(m_stated.begin(), m_stated.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    size_t furthest = 0;
    for (const auto& span : m_stated) {
      furthest = std::max(furthest, span.end);
      m_furthest_end.push_back(furthest);
    }
  }

  template<typename Make>
  void collect(const RE2& pattern, Make&& make)
  {
    Groups groups;
    for (size_t start = 0; start < m_plain.size() && find(pattern, m_plain, RE2::UNANCHORED, groups, start);) {
      const size_t begin = offset_in(m_plain, groups[1]);
      const size_t end = begin + groups[1].size();
      start = std::max(offset_in(m_plain, groups[0]) + groups[0].size(), begin + 1);
      if (overlaps_stated(begin, end)) {
        continue;
      }
      if (std::optional<MetricDemand> demand = make(groups, begin, end)) {
        if (demand->phrase.empty()) {
          demand->phrase = util::collapse_spaces(m_item.substr(begin, end - begin));
        }
        m_found.push_back({std::move(*demand), begin, end});
      }
    }
  }

  // In the item's order, each once; a demand inside one found whole ("p99" in "p99 latency") adds nothing.
  std::vector<MetricDemand> demands();

private:
  // Whether [begin, end) overlaps a figure or condition the item states itself.
  bool overlaps_stated(size_t begin, size_t end) const
  {
    const auto after = std::partition_point(m_stated.begin(), m_stated.end(), [&](const Span& span) { return span.begin < end; });
    const auto starting_before = static_cast<size_t>(after - m_stated.begin());
    return starting_before > 0 && m_furthest_end[starting_before - 1] > begin;
  }

  std::string_view m_item;
  std::string_view m_plain;
  std::vector<Span> m_stated;
  std::vector<size_t> m_furthest_end; // m_furthest_end[i]: the largest end of m_stated[0..i]
  std::vector<FoundDemand> m_found;
};

std::vector<MetricDemand> DemandCollector::demands()
{
  std::stable_sort(
    m_found.begin(), m_found.end(), [](const FoundDemand& a, const FoundDemand& b) { return a.begin < b.begin; });
  std::vector<MetricDemand> demands;
  size_t covered_to = 0;
  for (const auto& candidate : m_found) {
    if (candidate.begin < covered_to) {
      continue;
    }
    covered_to = candidate.end;
    const bool known = std::any_of(demands.begin(), demands.end(), [&](const MetricDemand& demand) {
      return same_demand(demand, candidate.demand);
    });
    if (!known) {
      demands.push_back(candidate.demand);
    }
  }
  return demands;
}

std::optional<MetricDemand> demand_of(Quantity quantity, std::optional<std::string> name, std::string percentile = "")
{
  if (!name) {
    return std::nullopt;
  }
  MetricDemand demand;
  demand.quantity = quantity;
  demand.name = std::move(*name);
  demand.percentile = std::move(percentile);
  return demand;
}

// The metrics an item names, once a recording verb says it writes them down.
void collect_named(const MetricWords& words, DemandCollector& collector)
{
  collector.collect(words.duration_named, [&](const Groups& groups, size_t, size_t) -> std::optional<MetricDemand> {
    const auto duration = words.duration_name(groups, 2);
    return duration ? demand_of(Quantity::duration, duration->name, duration->percentile) : std::nullopt;
  });
  collector.collect(words.percent_named, [&](const Groups& groups, size_t, size_t) {
    return demand_of(Quantity::percent, words.percents.group_of(view(groups[1])));
  });
  // "rollout percentage", not "rollout notes": a share of traffic is asked for by a name that says percent.
  collector.collect(words.traffic_named, [&](const Groups& groups, size_t, size_t) -> std::optional<MetricDemand> {
    const bool says_percent = RE2::PartialMatch(groups[1], words.says_percent);
    return says_percent ? demand_of(Quantity::traffic_share, std::string()) : std::nullopt;
  });
  collector.collect(words.timestamp_named, [&](const Groups&, size_t, size_t) {
    return demand_of(Quantity::timestamp, std::string());
  });
  collector.collect(words.count_named, [&](const Groups& groups, size_t, size_t) {
    return demand_of(Quantity::count, words.countable_in(view(groups[1])));
  });
}

} // namespace

std::string_view to_string(Quantity quantity)
{
  switch (quantity) {
  case Quantity::duration:
    return "duration";
  case Quantity::percent:
    return "percent";
  case Quantity::traffic_share:
    return "traffic_share";
  case Quantity::timestamp:
    return "timestamp";
  case Quantity::count:
    return "count";
  }
  return "count";
}

std::string metric_label(Quantity quantity, std::string_view name)
{
  if (quantity == Quantity::traffic_share) {
    return "rollout percentage";
  }
  if (name.empty()) {
    return std::string(to_string(quantity));
  }
  std::string label(name);
  std::replace(label.begin(), label.end(), '-', ' ');
  return label;
}

std::string_view to_string(Comparator op)
{
  switch (op) {
  case Comparator::less:
    return "<";
  case Comparator::less_equal:
    return "<=";
  case Comparator::greater:
    return ">";
  case Comparator::greater_equal:
    return ">=";
  case Comparator::equal:
    return "=";
  }
  return "=";
}

std::vector<Metric> extract_metrics(const vocabulary::Vocabulary& words, std::string_view text, int line)
{
  if (!has_digit(text)) {
    return {};
  }
  Scanner scanner(words.derived<MetricWords>(), text, line);
  std::vector<Metric> metrics;
  for (auto& found : scanner.metrics()) {
    metrics.push_back(std::move(found.metric));
  }
  return metrics;
}

std::vector<Condition> extract_conditions(const vocabulary::Vocabulary& words, std::string_view text, int line)
{
  if (!has_digit(text)) {
    return {};
  }
  Scanner scanner(words.derived<MetricWords>(), text, line);
  std::vector<Condition> conditions;
  for (auto& found : scanner.conditions()) {
    conditions.push_back(std::move(found.condition));
  }
  return conditions;
}

bool applies_to(const Condition& condition, const Metric& metric)
{
  if (condition.quantity != metric.quantity || condition.name != metric.name) {
    return false;
  }
  if (condition.quantity == Quantity::duration && !condition.percentile.empty() && !metric.percentile.empty()) {
    return condition.percentile == metric.percentile;
  }
  return true;
}

bool holds(const Condition& condition, double value)
{
  switch (condition.op) {
  case Comparator::less:
    return value < condition.value;
  case Comparator::less_equal:
    return value <= condition.value;
  case Comparator::greater:
    return value > condition.value;
  case Comparator::greater_equal:
    return value >= condition.value;
  case Comparator::equal:
    return value == condition.value;
  }
  return false;
}

std::vector<MetricDemand> demanded_metrics(const vocabulary::Vocabulary& vocabulary, std::string_view item_text)
{
  const MetricWords& words = vocabulary.derived<MetricWords>();
  const std::string plain = make_plain(item_text).text;
  const bool recording = occurs(words.record_verb, plain);
  if (!recording && !occurs(words.linked_figures, plain)) {
    return {};
  }
  std::vector<Span> stated;
  if (has_digit(item_text)) {
    Scanner scanner(words, item_text, 0);
    for (const auto& found : scanner.conditions()) {
      stated.push_back({found.begin, found.end});
    }
    for (const auto& found : scanner.metrics()) {
      stated.push_back({found.begin, found.end});
    }
  }
  DemandCollector collector(item_text, plain, std::move(stated));
  if (recording) {
    collect_named(words, collector);
  }
  collector.collect(words.figures_named, [&](const Groups&, size_t begin, size_t end) -> std::optional<MetricDemand> {
    MetricDemand demand;
    demand.any = true;
    demand.phrase = qualified_phrase(words, item_text, begin, end);
    return demand;
  });
  return collector.demands();
}

bool satisfies(const MetricDemand& demand, const Metric& metric)
{
  if (demand.any) {
    return metric.quantity != Quantity::timestamp;
  }
  if (demand.quantity != metric.quantity || (!demand.name.empty() && demand.name != metric.name)) {
    return false;
  }
  return demand.quantity != Quantity::duration || demand.percentile.empty() || demand.percentile == metric.percentile;
}

} // namespace evidence
