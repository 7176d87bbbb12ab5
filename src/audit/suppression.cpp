#include "audit/suppression.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <climits>
#include <tuple>
#include <utility>

namespace audit {

namespace {

constexpr std::string_view k_prefix = "rollout-audit-";
constexpr std::string_view k_next_line = "rollout-audit-disable-next-line";
constexpr std::string_view k_disable = "rollout-audit-disable";
constexpr std::string_view k_enable = "rollout-audit-enable";
constexpr util::Timestamp k_day = 24 * 60 * 60;

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct Token
{
  std::string key;   // the attribute's name, or the word itself
  std::string value; // the attribute's value
  bool attribute = false;
  bool unterminated = false;
};

// Words and key=value attributes; a value may be quoted with " or ' and then hold spaces.
std::vector<Token> tokenize(std::string_view text)
{
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    Token token;
    while (i < text.size() && !is_space(text[i]) && text[i] != '=') {
      token.key += text[i++];
    }
    if (i < text.size() && text[i] == '=') {
      token.attribute = true;
      ++i;
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        const char quote = text[i++];
        const size_t close = text.find(quote, i);
        if (close == std::string_view::npos) {
          token.unterminated = true;
          token.value = std::string(text.substr(i));
          i = text.size();
        } else {
          token.value = std::string(text.substr(i, close - i));
          i = close + 1;
        }
      } else {
        while (i < text.size() && !is_space(text[i])) {
          token.value += text[i++];
        }
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string quoted_list(const std::vector<std::string>& ids)
{
  std::vector<std::string> quoted;
  for (const auto& id : ids) {
    quoted.push_back(fmt::format("'{}'", id));
  }
  return fmt::format("{}", fmt::join(quoted, ", "));
}

bool contains(const std::vector<std::string>& list, std::string_view value)
{
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Where a comment sits in the source: its column and the line of its "-->".
struct Place
{
  int column = 1;
  int end_line = 0;
};

class Source
{
public:
  explicit Source(std::string_view text) : m_text(text), m_lines(util::split_lines(text))
  {
    for (const auto line : m_lines) {
      // split_lines hands out views into the text: their positions are the line starts.
      m_starts.push_back(static_cast<size_t>(line.data() - text.data()));
    }
  }

  int line_count() const
  {
    return static_cast<int>(m_lines.size());
  }

  std::string_view line(int number) const
  {
    return number >= 1 && number <= line_count() ? m_lines[static_cast<size_t>(number - 1)] : std::string_view{};
  }

  Place locate(const markdown::HtmlComment& comment) const
  {
    Place place{1, comment.line + static_cast<int>(std::count(comment.text.begin(), comment.text.end(), '\n'))};
    if (comment.line < 1 || comment.line > line_count()) {
      return place;
    }
    // The comment starts on its line; cmark counts lines as split_lines does.
    size_t start = m_text.find("<!--", m_starts[static_cast<size_t>(comment.line - 1)]);
    while (start != std::string_view::npos && line_at(start) == comment.line) {
      const size_t inner = start + 4;
      const size_t end = m_text.find("-->", inner);
      const auto text = util::trim(m_text.substr(inner, end == std::string_view::npos ? end : end - inner));
      if (text == comment.text) {
        place.column = static_cast<int>(start - m_starts[static_cast<size_t>(comment.line - 1)]) + 1;
        place.end_line = end == std::string_view::npos ? line_count() : line_at(end);
        return place;
      }
      start = end == std::string_view::npos ? end : m_text.find("<!--", end + 3);
    }
    return place;
  }

  // Replacing `word` (a whole word of the comment at `comment_line`, `column`) with `text`; nullopt when the
  // word is not found there as written.
  std::optional<Fix> replace_word(int comment_line, int column, std::string_view word, std::string text) const
  {
    if (word.empty() || comment_line < 1 || comment_line > line_count()) {
      return std::nullopt;
    }
    const size_t start = m_starts[static_cast<size_t>(comment_line - 1)] + static_cast<size_t>(column - 1);
    const size_t close = m_text.find("-->", start);
    for (size_t at = m_text.find(word, start); at != std::string_view::npos && at < close; at = m_text.find(word, at + 1)) {
      const size_t after = at + word.size();
      const bool starts_word = at > 0 && (is_space(m_text[at - 1]) || m_text[at - 1] == ',');
      const bool ends_word = after >= m_text.size() || is_space(m_text[after]) || m_text[after] == ',' || m_text[after] == '='
                             || m_text.substr(after, 3) == "-->";
      if (starts_word && ends_word) {
        const int line = line_at(at);
        const int first = static_cast<int>(at - m_starts[static_cast<size_t>(line - 1)]) + 1;
        return Fix{fmt::format("Replace {} with {}", word, text), line, first, line, first + static_cast<int>(word.size()), std::move(text)};
      }
    }
    return std::nullopt;
  }

  // 1-based line of a byte offset, by binary search over the line starts.
  int line_at(size_t offset) const
  {
    const auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    return std::max(1, static_cast<int>(after - m_starts.begin()));
  }

  // The first line at or after `number` that is not blank and not only a rollout-audit comment (those
  // stack above the line they mean); past the end when there is none. Computed once, from the end.
  int content_line_from(int number) const
  {
    if (m_next_content.empty()) {
      m_next_content.assign(m_lines.size() + 2, line_count() + 1);
      for (int i = line_count(); i >= 1; --i) {
        m_next_content[static_cast<size_t>(i)] = skippable(i) ? m_next_content[static_cast<size_t>(i) + 1] : i;
      }
    }
    return number >= 1 && number <= line_count() ? m_next_content[static_cast<size_t>(number)] : line_count() + 1;
  }

private:
  bool skippable(int number) const
  {
    const auto text = util::trim(line(number));
    if (text.empty()) {
      return true;
    }
    if (!text.starts_with("<!--") || !text.ends_with("-->") || text.size() < 7) {
      return false;
    }
    return parse_directive(util::trim(text.substr(4, text.size() - 7))).has_value();
  }

  std::string_view m_text;
  std::vector<std::string_view> m_lines;
  std::vector<size_t> m_starts;
  mutable std::vector<int> m_next_content;
};

// A block opened by rollout-audit-disable for one rule, until an enable closes it.
struct OpenBlock
{
  std::string rule;
  int from_line = 0; // the first line it covers
  int comment_line = 0;
  bool in_force = false;
};

} // namespace

RuleIds rule_ids(const std::vector<Rule>& rules)
{
  RuleIds ids;
  for (const auto& rule : rules) {
    ids.known.push_back(rule.id);
    if (rule.check == k_suppression_check) {
      ids.unsuppressible.push_back(rule.id);
    }
  }
  return ids;
}

YAML::Node loaded_rules_param(const std::vector<Rule>& rules)
{
  YAML::Node map(YAML::NodeType::Map);
  for (const auto& rule : rules) {
    map[rule.id] = rule.check;
  }
  return map;
}

RuleIds rule_ids_param(const Rule& rule)
{
  RuleIds ids;
  const YAML::Node loaded = rule.params ? rule.params[std::string(k_loaded_rules_param)] : YAML::Node();
  if (loaded && loaded.IsMap()) {
    for (const auto& entry : loaded) {
      ids.known.push_back(entry.first.Scalar());
      if (entry.second.IsScalar() && entry.second.Scalar() == k_suppression_check) {
        ids.unsuppressible.push_back(entry.first.Scalar());
      }
    }
  }
  if (!contains(ids.known, rule.id)) {
    ids.known.push_back(rule.id);
    ids.unsuppressible.push_back(rule.id);
  }
  return ids;
}

bool DocumentSuppressions::covers(std::string_view rule, int line) const
{
  if (reach.size() != suppressions.size()) {
    return std::any_of(suppressions.begin(), suppressions.end(), [&](const Suppression& suppression) {
      return suppression.rule == rule && suppression.first_line <= line && line <= suppression.last_line;
    });
  }
  // The last suppression of the rule that starts at or before the line: its reach says whether any covers it.
  const auto after = std::upper_bound(suppressions.begin(), suppressions.end(), std::pair{rule, line},
                                      [](const std::pair<std::string_view, int>& key, const Suppression& suppression) {
                                        return std::pair{key.first, key.second}
                                               < std::pair{std::string_view(suppression.rule), suppression.first_line};
                                      });
  if (after == suppressions.begin()) {
    return false;
  }
  const auto index = static_cast<size_t>(after - suppressions.begin()) - 1;
  return suppressions[index].rule == rule && reach[index] >= line;
}

std::optional<Directive> parse_directive(std::string_view comment_text)
{
  const auto text = util::trim(comment_text);
  if (!text.starts_with(k_prefix)) {
    return std::nullopt;
  }
  auto tokens = tokenize(text);
  Directive directive;
  const std::string name = tokens.front().key + (tokens.front().attribute ? "=" + tokens.front().value : "");
  if (name == k_next_line) {
    directive.kind = DirectiveKind::disable_next_line;
  } else if (name == k_disable) {
    directive.kind = DirectiveKind::disable;
  } else if (name == k_enable) {
    directive.kind = DirectiveKind::enable;
  } else {
    directive.fault = fmt::format("unknown directive '{}'", name);
    const std::vector<std::string> known{std::string(k_next_line), std::string(k_disable), std::string(k_enable)};
    if (auto suggestion = util::closest_match(name, known)) {
      directive.fault += fmt::format(" (did you mean '{}'?)", *suggestion);
      if (!tokens.front().attribute) {
        directive.misspelt = name;
        directive.meant = *suggestion;
      }
    }
    return directive;
  }
  const std::vector<std::string> attributes{"reason", "until"};
  for (size_t i = 1; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (!token.attribute) {
      if (contains(attributes, token.key)) {
        directive.fault = fmt::format("{} needs a value, as in {}", token.key,
                                      token.key == "reason" ? "reason=\"...\"" : "until=YYYY-MM-DD");
        return directive;
      }
      for (const auto id : util::split(token.key, ',')) {
        if (!util::trim(id).empty()) {
          directive.rules.emplace_back(util::trim(id));
        }
      }
      continue;
    }
    if (directive.kind == DirectiveKind::enable) {
      directive.fault = fmt::format("{} takes rule ids only, not '{}'", k_enable, token.key);
      return directive;
    }
    if (!contains(attributes, token.key)) {
      directive.fault = fmt::format("unknown attribute '{}'", token.key);
      if (auto suggestion = util::closest_match(token.key, attributes)) {
        directive.fault += fmt::format(" (did you mean '{}'?)", *suggestion);
        directive.misspelt = token.key;
        directive.meant = *suggestion;
      }
      return directive;
    }
    if (token.unterminated) {
      directive.fault = fmt::format("{} has no closing quote", token.key);
      return directive;
    }
    if ((token.key == "reason" && directive.reason) || (token.key == "until" && directive.until)) {
      directive.fault = fmt::format("{} is given twice", token.key);
      return directive;
    }
    if (token.key == "reason") {
      directive.reason = std::string(util::trim(token.value));
    } else {
      directive.until = util::parse_date(token.value);
      if (!directive.until) {
        directive.fault = fmt::format("until must be a date written YYYY-MM-DD, not '{}'", token.value);
        return directive;
      }
    }
  }
  if (directive.rules.empty() && directive.kind != DirectiveKind::enable) {
    directive.fault = fmt::format("it names no rule; write the ids to suppress, as in {} evidence-missing reason=\"...\"", name);
  }
  return directive;
}

DocumentSuppressions read_suppressions(const markdown::Document& document,
                                       std::string_view source_text,
                                       const RuleIds& rules,
                                       util::Timestamp now)
{
  DocumentSuppressions result;
  const Source source(source_text);
  std::vector<const markdown::HtmlComment*> comments;
  for (const auto& comment : document.comments) {
    comments.push_back(&comment);
  }
  std::stable_sort(comments.begin(), comments.end(), [](const auto* a, const auto* b) { return a->line < b->line; });

  std::vector<OpenBlock> open;
  for (const auto* comment : comments) {
    const auto directive = parse_directive(comment->text);
    if (!directive) {
      continue;
    }
    const Place place = source.locate(*comment);
    const auto report = [&](std::string message, std::optional<Fix> fix = std::nullopt) {
      result.problems.push_back({comment->line, place.column, std::move(message), std::move(fix)});
    };
    if (!directive->fault.empty()) {
      report(fmt::format("malformed suppression comment: {}; it does not suppress", directive->fault),
             source.replace_word(comment->line, place.column, directive->misspelt, directive->meant));
      continue;
    }

    if (directive->kind == DirectiveKind::enable) {
      const auto closes = [&](const OpenBlock& block) {
        return directive->rules.empty() || contains(directive->rules, block.rule);
      };
      for (const auto& id : directive->rules) {
        const bool was_open = std::any_of(open.begin(), open.end(), [&](const OpenBlock& block) { return block.rule == id; });
        if (!was_open) {
          report(fmt::format("{} of '{}' has no {} of it above", k_enable, id, k_disable));
        }
      }
      if (directive->rules.empty() && open.empty()) {
        report(fmt::format("{} has no {} above it", k_enable, k_disable));
      }
      for (const auto& block : open) {
        if (closes(block) && block.in_force && block.from_line <= comment->line - 1) {
          result.suppressions.push_back({block.rule, block.from_line, comment->line - 1, block.comment_line});
        }
      }
      std::erase_if(open, closes);
      continue;
    }

    // Problems that stop the whole comment from suppressing.
    bool in_force = true;
    const std::string named = quoted_list(directive->rules);
    if (!directive->reason || directive->reason->empty()) {
      report(fmt::format("suppression of {} has no reason=\"...\"; it does not suppress until it says why", named));
      in_force = false;
    }
    if (directive->until && now >= util::to_timestamp(*directive->until) + k_day) {
      report(fmt::format("suppression of {} expired on {}; it no longer suppresses", named, util::format_date(*directive->until)));
      in_force = false;
    }
    // Problems of single ids: the others still suppress.
    std::vector<std::string> suppressible;
    for (const auto& id : directive->rules) {
      if (contains(rules.unsuppressible, id)) {
        report(fmt::format("'{}' cannot be suppressed by a comment; turn it off in the configuration instead", id));
      } else if (!contains(rules.known, id)) {
        std::string message = fmt::format("unknown rule '{}' in suppression", id);
        std::optional<Fix> fix;
        if (auto suggestion = util::closest_match(id, rules.known)) {
          message += fmt::format(" (did you mean '{}'?)", *suggestion);
          fix = source.replace_word(comment->line, place.column, id, *suggestion);
        }
        report(std::move(message), std::move(fix));
      } else {
        suppressible.push_back(id);
      }
    }

    if (directive->kind == DirectiveKind::disable) {
      for (const auto& id : directive->rules) {
        // Every id opens a block, so its enable matches even when the comment does not suppress.
        open.push_back({id, place.end_line + 1, comment->line, in_force && contains(suppressible, id)});
      }
      continue;
    }
    const int target = source.content_line_from(place.end_line + 1);
    if (target > source.line_count()) {
      report(fmt::format("suppression of {} has no line after it to apply to", named));
      continue;
    }
    if (in_force) {
      for (const auto& id : suppressible) {
        result.suppressions.push_back({id, target, target, comment->line});
      }
    }
  }
  for (const auto& block : open) {
    if (block.in_force) {
      result.suppressions.push_back({block.rule, block.from_line, INT_MAX, block.comment_line});
    }
  }
  std::sort(result.suppressions.begin(), result.suppressions.end(), [](const Suppression& a, const Suppression& b) {
    return std::tie(a.rule, a.first_line, a.last_line, a.comment_line) < std::tie(b.rule, b.first_line, b.last_line, b.comment_line);
  });
  for (size_t i = 0; i < result.suppressions.size(); ++i) {
    const bool same_rule = i > 0 && result.suppressions[i - 1].rule == result.suppressions[i].rule;
    result.reach.push_back(same_rule ? std::max(result.reach.back(), result.suppressions[i].last_line) : result.suppressions[i].last_line);
  }
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const SuppressionProblem& a, const SuppressionProblem& b) { return a.line < b.line; });
  return result;
}

} // namespace audit
