#include "evidence/metrics.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace evidence {

namespace {

using Groups = std::vector<re2::StringPiece>;

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

// Figures that were set in bold or code still read as prose, and "≤" is a comparator like "<=". Every
// replacement keeps the byte count so offsets found in the plain text hold for the original.
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
    {"\xE2\x89\xA4", "<= "}, // ≤
    {"\xE2\x89\xA5", ">= "}, // ≥
    {"\xE2\x89\x88", "~  "}, // ≈
    {"\xE2\x80\x93", ":  "}, // en dash, "P95 – 3.4 s"
    {"\xE2\x80\x94", ":  "}, // em dash
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
  MetricKind kind = MetricKind::latency;
  std::string percentile;
  std::string name;
  size_t begin = 0;
  size_t end = 0;
  bool unit_optional = false; // "rollout percentage: 50" needs no "%"
};

struct FoundMetric
{
  Metric metric;
  size_t begin = 0;
};

struct FoundCondition
{
  Condition condition;
  size_t begin = 0;
  size_t end = 0;
};

// Words people put between a name and its figure: "P95 Latency: 17670ms", "failure rate of 0.6%",
// "rollout at 10%", "latency was ~300 ms".
constexpr std::string_view k_separators =
  R"((?:\s*(?::|=|~|\b(?:of|at|is|was|were|to|around|about|approx|approximately|roughly|averaging|averaged))"
  R"(\b\.?))*\s*$)";
constexpr std::string_view k_count_separators = R"((?:\s*(?::|=|\b(?:is|was|were|of)\b))?\s*$)";
constexpr std::string_view k_percentile = R"((p\d{2}(?:\.\d+)?|\d{2}(?:th)?[ -]percentile|avg|average|mean|median))";
constexpr std::string_view k_countable =
  R"((duplicate[ -]repl(?:y|ies)|duplicate[ -]messages?|failed[ -]jobs?|failed[ -]requests?|mismatch(?:es)?|)"
  R"(duplicates?|conversations?|chats?|requests?|errors?|failures?|incidents?|jobs?|retry|retries|timeouts?|)"
  R"(time-outs?|messages?))";

std::string pattern(std::initializer_list<std::string_view> parts)
{
  std::string result;
  for (auto part : parts) {
    result += part;
  }
  return result;
}

std::string normalise_percentile(std::string_view written)
{
  std::string lower = util::to_lower(util::collapse_spaces(written));
  if (lower == "avg" || lower == "average" || lower == "mean") {
    return "avg";
  }
  if (lower == "median") {
    return "p50";
  }
  if (!lower.empty() && is_digit(lower[0])) { // "95th percentile"
    return "p" + lower.substr(0, 2);
  }
  return lower;
}

std::string singular(std::string_view noun)
{
  std::string word = util::to_lower(util::collapse_spaces(noun));
  std::replace(word.begin(), word.end(), '-', ' ');
  if (word == "time outs" || word == "time out") {
    return "timeout";
  }
  if (word.ends_with("ies")) {
    return word.substr(0, word.size() - 3) + "y";
  }
  if (word.ends_with("ches") || word.ends_with("shes") || word.ends_with("sses") || word.ends_with("xes")) {
    return word.substr(0, word.size() - 2);
  }
  if (word.ends_with("s")) {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

std::optional<Comparator> comparator_of(std::string_view written)
{
  const std::string word = util::to_lower(util::collapse_spaces(written));
  if (word == "<" || word == "below" || word == "under" || word == "less than" || word == "fewer than"
      || word == "lower than") {
    return Comparator::less;
  }
  if (word == "<=" || word == "at most" || word == "no more than" || word == "not more than"
      || word == "less than or equal to" || word == "within") {
    return Comparator::less_equal;
  }
  if (word == ">" || word == "above" || word == "over" || word == "more than" || word == "greater than"
      || word == "higher than" || word.starts_with("exceed")) {
    return Comparator::greater;
  }
  if (word == ">=" || word == "at least" || word == "no less than" || word == "not less than"
      || word == "greater than or equal to") {
    return Comparator::greater_equal;
  }
  if (word == "==") {
    return Comparator::equal;
  }
  return std::nullopt;
}

class Scanner
{
public:
  Scanner(std::string_view text, int line) : m_text(text), m_line(line), m_plain(make_plain(text))
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
  void find_tokens();
  void parse_unit(Token& token) const;
  void add_claims(std::vector<Span> spans);
  bool claimed(size_t begin, size_t end) const;
  size_t claims_end_before(size_t offset) const;
  Window window_before(size_t index) const;
  std::optional<Window> row_label(const Window& cell, const RE2& generic_header) const;
  std::optional<Subject> prefix_subject(const Window& window, const Token& token) const;
  std::optional<Subject> suffix_subject(const Token& token, size_t& end) const;
  std::optional<Span> comparator_at_end(const Window& window) const;
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
  const std::string_view text = m_plain.text;
  Groups groups;

  std::vector<Span> spans;
  static const RE2 k_iso(
    R"((\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*(?:Z|UTC|GMT)\b|[+-]\d{2}:\d{2})?)");
  for (size_t start = 0; find(k_iso, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    const size_t end = begin + groups[0].size();
    start = end;
    if (begin > 0 && is_alnum(text[begin - 1])) {
      continue;
    }
    spans.push_back({begin, end});
    if (const auto time = util::parse_timestamp(view(groups[0]))) {
      Metric metric;
      metric.kind = MetricKind::timestamp;
      metric.value = static_cast<double>(((*time % 86400) + 86400) % 86400);
      metric.unit = "s";
      metric.absolute = *time;
      metric.written = written(begin, end);
      metric.line = line_at(begin);
      m_times.push_back({metric, begin});
    }
  }

  static const RE2 k_dates_and_versions(R"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d+(?:\.\d+){2,})");
  for (size_t start = 0; find(k_dates_and_versions, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    start = begin + groups[0].size();
    spans.push_back({begin, start});
  }
  add_claims(std::move(spans));

  spans.clear();
  static const RE2 k_time_of_day(
    R"((\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b\.?)?(?:\s*(UTC|GMT|Z)\b)?)");
  for (size_t start = 0; find(k_time_of_day, text, RE2::UNANCHORED, groups, start);) {
    const size_t begin = offset_in(text, groups[0]);
    const size_t end = begin + groups[0].size();
    start = end;
    if (claimed(begin, end) || (begin > 0 && (is_alnum(text[begin - 1]) || one_of(text[begin - 1], ":./")))) {
      continue;
    }
    if (end < text.size() && (is_digit(text[end]) || text[end] == ':')) {
      continue;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::from_chars(groups[1].data(), groups[1].data() + groups[1].size(), hour);
    std::from_chars(groups[2].data(), groups[2].data() + groups[2].size(), minute);
    if (matched(groups[3])) {
      std::from_chars(groups[3].data(), groups[3].data() + groups[3].size(), second);
    }
    const bool meridiem = matched(groups[4]);
    // "3:16" is as likely a verse or a ratio as a time; a lone digit needs "pm" or "UTC" to be one.
    if (groups[1].size() == 1 && !meridiem && !matched(groups[5])) {
      continue;
    }
    if (minute > 59 || second > 59 || (meridiem ? hour < 1 || hour > 12 : hour > 23)) {
      continue;
    }
    if (meridiem) {
      const bool pm = groups[4][0] == 'p' || groups[4][0] == 'P';
      hour = hour % 12 + (pm ? 12 : 0);
    }
    spans.push_back({begin, end});
    Metric metric;
    metric.kind = MetricKind::timestamp;
    metric.value = hour * 3600 + minute * 60 + second;
    metric.unit = "s";
    metric.written = written(begin, end);
    metric.line = line_at(begin);
    m_times.push_back({metric, begin});
  }
  add_claims(std::move(spans));
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
  static const RE2 k_time_unit(R"((?i)^[ \t]*(ms|msecs?|millis(?:econds?)?|s|secs?|seconds?|mins?|minutes?)\b)");
  static const RE2 k_percent_unit(R"((?i)^[ \t]*(%|percent\b|pct\b|per[ -]?cent\b))");
  if (find(k_time_unit, rest, RE2::ANCHOR_START, groups)) {
    const std::string unit = util::to_lower(view(groups[1]));
    double factor = 1000;
    if (unit.starts_with("ms") || unit.starts_with("milli")) {
      factor = 1;
    } else if (unit.starts_with("min")) {
      factor = 60000;
    }
    token.unit = Unit::time;
    token.value *= factor;
    token.unit_end = token.end + groups[0].size();
  } else if (find(k_percent_unit, rest, RE2::ANCHOR_START, groups)) {
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
  if (index > 0) {
    window.begin = m_tokens[index - 1].unit_end;
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

std::optional<Subject> Scanner::prefix_subject(const Window& window, const Token& token) const
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
    static const RE2 k_latency(pattern({
      R"((?i)(?:^|[^a-z0-9_])()",
      k_percentile,
      R"((?:\s+[a-z][a-z-]*){0,3}?\s+(?:latency|latencies|response[ -]times?|response|duration))",
      R"(|(?:latency|latencies|response[ -]times?|response)(?:\s+[a-z][a-z-]*){0,2}?\s*[(\[]?\s*)",
      k_percentile,
      R"(\s*[)\]]?)",
      R"(|(p\d{2}(?:\.\d+)?))",
      R"(|(?:response\s+)?(?:latency|latencies)|response[ -]times?))",
      R"((?:\s*\([^()0-9]{0,30}\))?)",
      k_separators,
    }));
    if (find(k_latency, text, RE2::UNANCHORED, groups)) {
      subject.kind = MetricKind::latency;
      for (int group : {2, 3, 4}) {
        if (matched(groups[group])) {
          subject.percentile = normalise_percentile(view(groups[group]));
        }
      }
      return found(groups[1]);
    }
    return std::nullopt;
  }

  static const RE2 k_rollout(pattern({
    R"((?i)(?:^|[^a-z0-9_])(([a-z0-9_]*rollout_percent(?:age)?|rollout[ -]percent(?:age)?|traffic[ -]percent(?:age)?)",
    R"(|percent(?:age)?\s+of\s+traffic)|(rollout|traffic|traffic\s+share|rolled\s+out|ramped(?:\s+up)?)))",
    k_separators,
  }));
  if (token.unit == Unit::percent) {
    static const RE2 k_rate(pattern({
      R"((?i)(?:^|[^a-z0-9_])((?:(job[ -]failure|failed[ -]jobs?)|(failures?|fail)|(errors?))[ -]rate))",
      R"((?:\s+[a-z][a-z-]*){0,2}?(?:\s*\([^()0-9]{0,30}\))?)",
      k_separators,
    }));
    if (find(k_rate, text, RE2::UNANCHORED, groups)) {
      subject.kind = matched(groups[2])   ? MetricKind::failed_job_rate
                     : matched(groups[3]) ? MetricKind::failure_rate
                                          : MetricKind::error_rate;
      return found(groups[1]);
    }
    if (find(k_rollout, text, RE2::UNANCHORED, groups)) {
      subject.kind = MetricKind::rollout_percentage;
      return found(groups[1]);
    }
    return std::nullopt;
  }

  if (token.unit != Unit::none) {
    return std::nullopt;
  }
  if (find(k_rollout, text, RE2::UNANCHORED, groups) && matched(groups[2])) {
    subject.kind = MetricKind::rollout_percentage;
    subject.unit_optional = true;
    return found(groups[1]);
  }
  static const RE2 k_count_label(pattern({
    R"((?i)(?:^|[^a-z0-9_])()",
    k_countable,
    R"([ -]counts?|number\s+of\s+)",
    k_countable,
    R"(|total\s+)",
    k_countable,
    R"())",
    k_count_separators,
  }));
  static const RE2 k_plain_label(pattern({R"((?i)(?:^|[^a-z0-9_])()", k_countable, R"()\s*[:=]\s*$)"}));
  if (find(k_count_label, text, RE2::UNANCHORED, groups)) {
    subject.kind = MetricKind::count;
    for (int group : {2, 3, 4}) {
      if (matched(groups[group])) {
        subject.name = singular(view(groups[group]));
      }
    }
    return found(groups[1]);
  }
  if (find(k_plain_label, text, RE2::UNANCHORED, groups)) {
    subject.kind = MetricKind::count;
    subject.name = singular(view(groups[2]));
    return found(groups[1]);
  }
  return std::nullopt;
}

// Names written after the figure: "0.6% failure rate", "10 percent traffic", "12 mismatches".
std::optional<Subject> Scanner::suffix_subject(const Token& token, size_t& end) const
{
  const std::string_view rest = std::string_view(m_plain.text).substr(token.unit_end);
  Groups groups;
  Subject subject;
  subject.begin = token.begin;
  if (token.unit == Unit::percent) {
    static const RE2 k_rate(
      R"((?i)^\s*((?:(job[ -]failure|failed[ -]jobs?)|(failures?|fail)|(errors?))[ -]rate)\b)");
    static const RE2 k_rollout(
      R"((?i)^\s*((?:of\s+)?(?:the\s+)?(?:(?:live|production|prod|user|chat)\s+)?(?:traffic|rollout))\b)");
    if (find(k_rate, rest, RE2::ANCHOR_START, groups)) {
      subject.kind = matched(groups[2])   ? MetricKind::failed_job_rate
                     : matched(groups[3]) ? MetricKind::failure_rate
                                          : MetricKind::error_rate;
    } else if (find(k_rollout, rest, RE2::ANCHOR_START, groups)) {
      subject.kind = MetricKind::rollout_percentage;
    } else {
      return std::nullopt;
    }
    end = token.unit_end + groups[0].size();
    return subject;
  }
  if (token.unit == Unit::none && token.integer) {
    static const RE2 k_counted(pattern({
      R"((?i)^[ \t]+(?:(?:smoke|test|successful|total|new|unique|reviewed|handled|processed)[ \t]+)?)",
      k_countable,
      R"(\b)",
    }));
    if (!find(k_counted, rest, RE2::ANCHOR_START, groups)) {
      return std::nullopt;
    }
    end = token.unit_end + groups[0].size();
    // "2 chat-based flows", "3 errors/min" name something else.
    if (end < m_plain.text.size() && (m_plain.text[end] == '-' || m_plain.text[end] == '/')) {
      return std::nullopt;
    }
    subject.kind = MetricKind::count;
    subject.name = singular(view(groups[1]));
    return subject;
  }
  return std::nullopt;
}

std::optional<Span> Scanner::comparator_at_end(const Window& window) const
{
  static const RE2 k_comparator(
    R"((?i)(<=|>=|==|<|>|\bno\s+more\s+than|\bnot\s+more\s+than|\bno\s+less\s+than|\bnot\s+less\s+than)"
    R"(|\bless\s+than\s+or\s+equal\s+to|\bgreater\s+than\s+or\s+equal\s+to|\bless\s+than|\bfewer\s+than)"
    R"(|\blower\s+than|\bmore\s+than|\bgreater\s+than|\bhigher\s+than|\bat\s+most|\bat\s+least|\bbelow)"
    R"(|\bunder|\babove|\bover|\bexceeds?|\bexceeding|\bexceeded|\bwithin)\s*$)");
  const std::string_view text = plain(window.begin, window.end);
  Groups groups;
  if (!find(k_comparator, text, RE2::UNANCHORED, groups)) {
    return std::nullopt;
  }
  const size_t begin = window.begin + offset_in(text, groups[1]);
  return Span{begin, begin + groups[1].size()};
}

// A figure named as a goal or a hypothesis ("target P95 latency: 5 s", "if p95 is 6 s") was not observed.
bool Scanner::hedged(const Window& window) const
{
  static const RE2 k_hedge(
    R"((?i)\b(?:targets?|thresholds?|slas?|slos?|budgets?|goals?|limits?|expected|expect|required|requires?)"
    R"(|requirements?|should|must|allowed|acceptable|if|unless|max|maximum|min|minimum)\b)");
  Groups groups;
  return find(k_hedge, plain(window.begin, window.end), RE2::UNANCHORED, groups);
}

std::vector<FoundMetric> Scanner::metrics()
{
  static const RE2 k_generic_header(
    R"((?i)\s*(?:(?:values?|results?|actual|observed|measured|measurements?|reading|current|figures?)\s*[:=]?)?\s*)");
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
      if (const auto label = row_label(window, k_generic_header)) {
        subject = prefix_subject(*label, token);
        from_label = subject.has_value();
        name_window = from_label ? *label : window;
      }
    }
    size_t end = token.unit_end;
    if (!subject) {
      subject = suffix_subject(token, end);
    }
    if (!subject || hedged(name_window)) {
      continue;
    }
    if (token.unit == Unit::none && !plausible_bare_number(token)) {
      continue;
    }
    if (subject->kind == MetricKind::count && !token.integer) {
      continue;
    }
    const bool percent_kind = subject->kind != MetricKind::latency && subject->kind != MetricKind::count;
    if (percent_kind && token.unit != Unit::percent && !subject->unit_optional) {
      continue;
    }
    if (percent_kind && token.value > 100) {
      continue;
    }
    Metric metric;
    metric.kind = subject->kind;
    metric.percentile = subject->percentile;
    metric.name = subject->name;
    metric.value = token.value;
    metric.unit = subject->kind == MetricKind::latency ? "ms" : subject->kind == MetricKind::count ? "" : "%";
    const size_t begin = std::min(subject->begin, token.begin);
    metric.written = from_label ? written(subject->begin, subject->end) + " " + written(token.begin, end)
                                : written(begin, end);
    metric.line = line_at(begin);
    found.push_back({metric, begin});
  }
  std::stable_sort(
    found.begin(), found.end(), [](const FoundMetric& a, const FoundMetric& b) { return a.begin < b.begin; });
  return found;
}

std::vector<FoundCondition> Scanner::conditions()
{
  static const RE2 k_generic_header(
    R"((?i)\s*(?:(?:thresholds?|limits?|targets?|conditions?|triggers?|rollback\s+(?:if|when)|values?)\s*[:=]?)?\s*)");
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
    if (comparator->begin > 0 && m_plain.text[comparator->begin] == '>'
        && (m_plain.text[comparator->begin - 1] == '-' || m_plain.text[comparator->begin - 1] == '=')) {
      continue;
    }
    const Window before{window.begin, comparator->begin, window.in_cell};
    std::optional<Subject> subject = prefix_subject(before, token);
    bool from_label = false;
    if (!subject) {
      if (const auto label = row_label(before, k_generic_header)) {
        subject = prefix_subject(*label, token);
        from_label = subject.has_value();
      }
    }
    size_t end = token.unit_end;
    if (!subject) {
      subject = suffix_subject(token, end);
    }
    if (!subject || subject->kind == MetricKind::count) {
      continue;
    }
    const bool percent_kind = subject->kind != MetricKind::latency;
    if (percent_kind && token.unit != Unit::percent && !subject->unit_optional) {
      continue;
    }
    const auto op = comparator_of(plain(comparator->begin, comparator->end));
    if (!op) {
      continue;
    }
    Condition condition;
    condition.kind = subject->kind;
    condition.percentile = subject->percentile;
    condition.op = *op;
    condition.value = token.value;
    const size_t begin = std::min(subject->begin, comparator->begin);
    condition.written = from_label ? written(subject->begin, subject->end) + " " + written(comparator->begin, end)
                                   : written(begin, end);
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
  return a.any == b.any && (a.any || (a.kind == b.kind && a.percentile == b.percentile && a.name == b.name));
}

// "actual rollout metrics": the words that qualify "metrics", back to the verb or preposition.
std::string qualified_phrase(std::string_view text, size_t begin, size_t end)
{
  static const std::vector<std::string_view> k_stops = {
    "with", "and", "or", "the", "a", "an", "in", "of", "for", "to", "on", "at", "by", "plus", "all", "any", "its",
    "their", "our", "your", "from", "into", "log", "logs", "record", "records", "note", "notes", "capture",
    "captures", "report", "reports", "share", "shares", "update", "document", "post", "include", "including",
    "attach",
  };
  size_t phrase_begin = begin;
  size_t cursor = begin;
  for (int words = 0; words < 3; ++words) {
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
    const std::string word = util::to_lower(text.substr(word_begin, cursor - word_begin));
    if (std::find(k_stops.begin(), k_stops.end(), word) != k_stops.end()) {
      break;
    }
    phrase_begin = word_begin;
    cursor = word_begin;
  }
  return util::collapse_spaces(text.substr(phrase_begin, end - phrase_begin));
}

} // namespace

std::string_view to_string(MetricKind kind)
{
  switch (kind) {
  case MetricKind::latency:
    return "latency";
  case MetricKind::failure_rate:
    return "failure_rate";
  case MetricKind::error_rate:
    return "error_rate";
  case MetricKind::failed_job_rate:
    return "failed_job_rate";
  case MetricKind::rollout_percentage:
    return "rollout_percentage";
  case MetricKind::timestamp:
    return "timestamp";
  case MetricKind::count:
    return "count";
  }
  return "count";
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

std::vector<Metric> extract_metrics(const vocabulary::Vocabulary&, std::string_view text, int line)
{
  if (!has_digit(text)) {
    return {};
  }
  Scanner scanner(text, line);
  std::vector<Metric> metrics;
  for (auto& found : scanner.metrics()) {
    metrics.push_back(std::move(found.metric));
  }
  return metrics;
}

std::vector<Condition> extract_conditions(const vocabulary::Vocabulary&, std::string_view text, int line)
{
  if (!has_digit(text)) {
    return {};
  }
  Scanner scanner(text, line);
  std::vector<Condition> conditions;
  for (auto& found : scanner.conditions()) {
    conditions.push_back(std::move(found.condition));
  }
  return conditions;
}

bool applies_to(const Condition& condition, const Metric& metric)
{
  if (condition.kind != metric.kind) {
    return false;
  }
  if (condition.kind == MetricKind::latency && !condition.percentile.empty() && !metric.percentile.empty()) {
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

std::vector<MetricDemand> demanded_metrics(const vocabulary::Vocabulary&, std::string_view item_text)
{
  const std::string plain = make_plain(item_text).text;
  const std::string_view text = plain;
  Groups groups;

  static const RE2 k_recording_verb(
    R"((?i)\b(?:log|logs|logged|logging|record|records|recorded|recording|capture|captures|captured|capturing)"
    R"(|note|notes|noted|noting|report|reports|reported|reporting|share|shares|shared|sharing|document)"
    R"(|documents|documented|documenting|include|includes|included|including|post|posts|posted|publish)"
    R"(|published|plus)\b)");
  static const RE2 k_with_metrics(
    R"((?i)\bwith\s+(?:[a-z-]+\s+){0,3}?(?:metrics|figures|numbers|measurements|stats|statistics|kpis)\b)");
  const bool recording = find(k_recording_verb, text, RE2::UNANCHORED, groups);
  if (!recording && !find(k_with_metrics, text, RE2::UNANCHORED, groups)) {
    return {};
  }

  std::vector<Span> condition_spans;
  if (has_digit(item_text)) {
    for (const auto& found : Scanner(item_text, 0).conditions()) {
      condition_spans.push_back({found.begin, found.end});
    }
  }

  std::vector<FoundDemand> found;
  const auto collect = [&](const RE2& re, auto&& make) {
    for (size_t start = 0; start < text.size() && find(re, text, RE2::UNANCHORED, groups, start);) {
      const size_t begin = offset_in(text, groups[0]);
      const size_t end = begin + groups[0].size();
      start = std::max(end, begin + 1);
      const bool in_condition = std::any_of(condition_spans.begin(), condition_spans.end(), [&](const Span& span) {
        return begin < span.end && span.begin < end;
      });
      if (!in_condition) {
        MetricDemand demand = make();
        if (demand.phrase.empty()) {
          demand.phrase = util::collapse_spaces(item_text.substr(begin, end - begin));
        }
        found.push_back({demand, begin, end});
      }
    }
  };

  static const RE2 k_latency(
    R"((?i)\b(?:(?:(p\d{2}(?:\.\d+)?|avg|average|mean|median)\s+)?(?:ai\s+)?(?:response\s+)?)"
    R"((?:latency|latencies|response[ -]times?)(?:\s*\(?(p\d{2}(?:\.\d+)?)\)?)?)"
    R"(|response\s+(p\d{2}(?:\.\d+)?)|(p\d{2}(?:\.\d+)?)\b))");
  static const RE2 k_rate(
    R"((?i)\b(?:(job\s+failure\s+rates?|failed[ -]jobs?\s+rates?)|(failure\s+rates?)|(error\s+rates?))\b)");
  static const RE2 k_rollout(R"((?i)\b(?:rollout|traffic)\s+percent(?:ages?)?\b)");
  static const RE2 k_timestamp(R"((?i)\btime[ -]?stamps?\b)");
  static const RE2 k_count(pattern({
    R"((?i)\b(?:)",
    k_countable,
    R"([ -]counts?|(?:number|count)\s+of\s+)",
    k_countable,
    R"()\b)",
  }));
  static const RE2 k_any(R"((?i)\b(?:metrics|figures|numbers|measurements|stats|statistics|kpis)\b)");

  if (recording) {
    collect(k_latency, [&] {
      MetricDemand demand;
      demand.kind = MetricKind::latency;
      for (int group : {1, 2, 3, 4}) {
        if (matched(groups[group])) {
          demand.percentile = normalise_percentile(view(groups[group]));
        }
      }
      return demand;
    });
    collect(k_rate, [&] {
      MetricDemand demand;
      demand.kind = matched(groups[1])   ? MetricKind::failed_job_rate
                    : matched(groups[2]) ? MetricKind::failure_rate
                                         : MetricKind::error_rate;
      return demand;
    });
    collect(k_rollout, [&] {
      MetricDemand demand;
      demand.kind = MetricKind::rollout_percentage;
      return demand;
    });
    collect(k_timestamp, [&] {
      MetricDemand demand;
      demand.kind = MetricKind::timestamp;
      return demand;
    });
    collect(k_count, [&] {
      MetricDemand demand;
      demand.kind = MetricKind::count;
      demand.name = singular(view(matched(groups[1]) ? groups[1] : groups[2]));
      return demand;
    });
  }
  collect(k_any, [&] {
    MetricDemand demand;
    demand.any = true;
    const size_t begin = offset_in(text, groups[0]);
    demand.phrase = qualified_phrase(item_text, begin, begin + groups[0].size());
    return demand;
  });

  std::stable_sort(
    found.begin(), found.end(), [](const FoundDemand& a, const FoundDemand& b) { return a.begin < b.begin; });
  std::vector<MetricDemand> demands;
  size_t covered_to = 0;
  for (const auto& candidate : found) {
    if (candidate.begin < covered_to) {
      continue; // "p99 latency" was found whole; its "p99" alone adds nothing
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

bool satisfies(const MetricDemand& demand, const Metric& metric)
{
  if (demand.any) {
    return metric.kind != MetricKind::timestamp;
  }
  if (demand.kind != metric.kind) {
    return false;
  }
  if (demand.kind == MetricKind::latency) {
    return demand.percentile.empty() || demand.percentile == metric.percentile;
  }
  if (demand.kind == MetricKind::count) {
    return demand.name.empty() || demand.name == metric.name;
  }
  return true;
}

} // namespace evidence
