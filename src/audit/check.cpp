#include "audit/check.hpp"

#include "util/path.hpp"

#include <algorithm>

namespace audit {

Finding& FindingSink::add(const DocumentFacts& document, int line, int column, std::string message)
{
  Finding finding;
  finding.rule = m_rule.id;
  finding.severity = m_rule.severity;
  finding.file = document.path;
  finding.line = line;
  finding.column = column;
  finding.message = std::move(message);
  m_findings.push_back(std::move(finding));
  return m_findings.back();
}

Finding& FindingSink::add(const DocumentFacts& document,
                          const markdown::TaskItem& item,
                          const Facts& /*facts*/,
                          std::string message)
{
  Finding& finding = add(document, item.line, item.column, std::move(message));
  finding.item = item.raw_text;
  const auto index = static_cast<size_t>(&item - document.document.items.data());
  if (index < document.ticks.size()) {
    finding.tick = document.ticks[index];
  }
  return finding;
}

void FindingSink::cap_severity(Finding& finding, Severity most) const
{
  finding.severity = std::min(finding.severity, most);
}

std::optional<std::string> Check::validate_params(const YAML::Node& /*params*/) const
{
  return std::nullopt;
}

bool selects_document(const Rule& rule, const DocumentFacts& document)
{
  if (!document.audited) {
    return false;
  }
  const auto& globs = rule.select.documents;
  return globs.empty()
         || std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, document.path); });
}

bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item)
{
  if (rule.select.item && !RE2::PartialMatch(item.text, *rule.select.item)) {
    return false;
  }
  if (rule.select.section) {
    const auto path = document.document.section_path(item.section);
    const bool any = std::any_of(
      path.begin(), path.end(), [&](const std::string& title) { return RE2::PartialMatch(title, *rule.select.section); });
    if (!any) {
      return false;
    }
  }
  return true;
}

bool is_ticked_step(const markdown::TaskItem& item)
{
  return item.ticked && item.kind == markdown::ItemKind::step;
}

bool is_open_step(const markdown::TaskItem& item)
{
  return !item.ticked && item.kind == markdown::ItemKind::step;
}

std::string_view ticked_word(const markdown::TaskItem& item)
{
  return item.form == markdown::ItemForm::box ? "ticked" : "marked done";
}

} // namespace audit
