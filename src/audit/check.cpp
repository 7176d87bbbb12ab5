#include "audit/check.hpp"

#include "audit/fields.hpp"
#include "audit/kinds.hpp"
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

void DocumentCheck::run(const Rule& rule, const Facts& facts, FindingSink& sink) const
{
  for (const auto& document : facts.documents) {
    run_document(rule, facts, document, sink);
  }
}

namespace {

// Checks word their messages for boxes ("ticked, but ...; or untick the box"); a completion mark beyond a box (a
// status line, a table row's status) is said to be marked done and reopened instead, in one place.
std::string worded_for(const markdown::TaskItem& item, std::string message)
{
  if (item.form == markdown::ItemForm::box) {
    return message;
  }
  if (message.starts_with("ticked")) {
    message.replace(0, 6, "marked done");
  }
  for (size_t at = message.find("untick the box"); at != std::string::npos; at = message.find("untick the box", at)) {
    message.replace(at, 14, "reopen the item");
  }
  return message;
}

} // namespace

Finding& FindingSink::add(const DocumentFacts& document,
                          const markdown::TaskItem& item,
                          const Facts& /*facts*/,
                          std::string message)
{
  Finding& finding = add(document, item.line, item.column, worded_for(item, std::move(message)));
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

namespace {

bool any_glob(const std::vector<std::string>& globs, std::string_view path)
{
  return std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
}

bool has_item_parts(const Selector& selector)
{
  return selector.item || selector.section || selector.parent;
}

bool item_parts_match(const Selector& selector, const DocumentFacts& document, const markdown::TaskItem& item)
{
  if (selector.item && !RE2::PartialMatch(item.text, *selector.item)) {
    return false;
  }
  if (selector.section) {
    const auto path = document.document.section_path(item.section);
    const bool any = std::any_of(
      path.begin(), path.end(), [&](const std::string& title) { return RE2::PartialMatch(title, *selector.section); });
    if (!any) {
      return false;
    }
  }
  if (selector.parent) {
    const int parent = item.parent_item;
    if (parent < 0 || !RE2::PartialMatch(document.document.items[static_cast<size_t>(parent)].text, *selector.parent)) {
      return false;
    }
  }
  return true;
}

bool of_kind(const std::vector<config::Kind>& kinds, const DocumentFacts& document)
{
  return std::find(kinds.begin(), kinds.end(), document.kind) != kinds.end();
}

// An exclusion matches when every part it gives matches; `item` is null when only the document is asked about.
bool excluded(const Selector& exclude, const DocumentFacts& document, const markdown::TaskItem* item, const WhereJudge& judge)
{
  if (!exclude.kinds.empty() && !of_kind(exclude.kinds, document)) {
    return false;
  }
  if (!exclude.documents.empty() && !any_glob(exclude.documents, document.path)) {
    return false;
  }
  if (item ? !item_parts_match(exclude, document, *item) : has_item_parts(exclude)) {
    return false;
  }
  return exclude.where.empty() || judge(exclude.where);
}

WhereJudge judge_now(const Rule& rule, const DocumentFacts& document)
{
  return [&rule, &document](const std::vector<WhereCondition>& where) {
    const Selector* owner = &where == &rule.select.where ? &rule.select : rule.select.exclude.get();
    return owner && owner->where_met && owner->where_met->contains(document.path);
  };
}

bool selects_document_with(const Rule& rule, const DocumentFacts& document, const WhereJudge& judge, bool any_kind = false)
{
  if (!document.audited) {
    return false;
  }
  const Selector& select = rule.select;
  if (!any_kind && !of_kind(select.kinds, document)) {
    return false;
  }
  if (!select.documents.empty() && !any_glob(select.documents, document.path)) {
    return false;
  }
  if (!select.where.empty() && !judge(select.where)) {
    return false;
  }
  return !select.exclude || !excluded(*select.exclude, document, nullptr, judge);
}

std::shared_ptr<const std::set<std::string, std::less<>>> documents_meeting(const Rule& rule, const Facts& facts, const std::vector<WhereCondition>& where)
{
  auto met = std::make_shared<std::set<std::string, std::less<>>>();
  for (const auto& document : facts.documents) {
    if (document.audited && where_holds(where, fields_now(facts, rule, document))) {
      met->insert(document.path);
    }
  }
  return met;
}

} // namespace

bool selects_document(const Rule& rule, const DocumentFacts& document)
{
  return selects_document_with(rule, document, judge_now(rule, document));
}

bool selects_document_of_any_kind(const Rule& rule, const DocumentFacts& document)
{
  return selects_document_with(rule, document, judge_now(rule, document), true);
}

bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item)
{
  const Selector& select = rule.select;
  return in_kind_scope(document, item) && item_parts_match(select, document, item)
         && (!select.exclude || !excluded(*select.exclude, document, &item, judge_now(rule, document)));
}

bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item, const WhereJudge& judge)
{
  const Selector& select = rule.select;
  return selects_document_with(rule, document, judge) && in_kind_scope(document, item) && item_parts_match(select, document, item)
         && (!select.exclude || !excluded(*select.exclude, document, &item, judge));
}

void resolve_where(Rule& rule, const Facts& facts)
{
  if (!rule.select.where.empty()) {
    rule.select.where_met = documents_meeting(rule, facts, rule.select.where);
  }
  if (rule.select.exclude && !rule.select.exclude->where.empty()) {
    auto exclude = std::make_shared<Selector>(*rule.select.exclude);
    exclude->where_met = documents_meeting(rule, facts, exclude->where);
    rule.select.exclude = exclude;
  }
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
