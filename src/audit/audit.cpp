#include "audit/audit.hpp"

#include "audit/check.hpp"
#include "audit/item_evidence.hpp"
#include "audit/suppression.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace audit {

namespace {

// Params from the configuration win key by key over the rule's own.
YAML::Node merge_params(const YAML::Node& base, const YAML::Node& overrides)
{
  YAML::Node merged = base ? YAML::Clone(base) : YAML::Node(YAML::NodeType::Map);
  if (overrides) {
    for (const auto& entry : overrides) {
      merged[entry.first.Scalar()] = YAML::Clone(entry.second);
    }
  }
  return merged;
}

} // namespace

util::Expected<std::vector<Rule>> assemble_rules(const std::vector<RulePack>& packs, const config::Config& config)
{
  std::vector<Rule> rules;
  for (const auto& pack : packs) {
    for (const auto& rule : pack.rules) {
      auto existing = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == rule.id; });
      if (existing != rules.end()) {
        *existing = rule;
      } else {
        rules.push_back(rule);
      }
    }
  }
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    ids.push_back(rule.id);
  }
  for (const auto& [id, override_] : config.rules) {
    auto rule = std::find_if(rules.begin(), rules.end(), [&id = id](const Rule& r) { return r.id == id; });
    if (rule == rules.end()) {
      std::string message = fmt::format("{}:{}: unknown rule '{}'", config.path, override_.line, id);
      if (auto suggestion = util::closest_match(id, ids)) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return util::Failure{message};
    }
    if (override_.severity == "off") {
      rule->enabled = false;
    } else if (auto severity = parse_severity(override_.severity)) {
      rule->severity = *severity;
      rule->enabled = true;
    }
    if (override_.kinds) {
      rule->select.kinds.clear();
      for (const auto& name : *override_.kinds) {
        rule->select.kinds.push_back(*config::parse_kind(name)); // parse_config let only kinds through
      }
    }
    if (override_.params) {
      rule->params = merge_params(rule->params, override_.params);
      if (auto fault = find_check(rule->check)->validate_params(rule->params)) {
        return util::Failure{fmt::format("{}:{}: rule '{}': {}", config.path, override_.line, id, *fault)};
      }
    }
  }
  return rules;
}

AuditResult run_audit(const Facts& facts, const std::vector<Rule>& rules, unsigned threads)
{
  AuditResult result;
  // Rules run on every core, each into its own list, joined in rule order: the findings are those of one
  // thread in one order. What checks share is read-only or guarded: the facts, the evidence each document's
  // items share (prepared here), the corpus's lazily read texts, a front matter's lazily built tree.
  std::vector<Rule> runnable;
  for (const auto& rule : rules) {
    if (!rule.enabled) {
      continue;
    }
    runnable.push_back(rule);
    if (rule.check == k_suppression_check) {
      // Its "did you mean" searches every loaded rule, which only the run knows.
      Rule& with_rules = runnable.back();
      with_rules.params = rule.params && rule.params.IsMap() ? YAML::Clone(rule.params) : YAML::Node(YAML::NodeType::Map);
      with_rules.params[std::string(k_loaded_rules_param)] = loaded_rules_param(rules);
    }
  }
  prepare_shared_evidence(facts);
  std::vector<std::vector<Finding>> found(runnable.size());
  const size_t diagnostics_before = facts.corpus->diagnostics().size();
  util::for_each_index(runnable.size(), threads == 0 ? util::default_threads() : threads, [&](size_t i) {
    FindingSink sink(runnable[i], found[i]);
    find_check(runnable[i].check)->run(runnable[i], facts, sink);
  });
  for (auto& findings : found) {
    result.findings.insert(result.findings.end(), std::make_move_iterator(findings.begin()), std::make_move_iterator(findings.end()));
  }
  // Files first read by a check (a sidecar, an evidence file) report their problems then; which thread got
  // there first must not decide the order.
  facts.corpus->sort_diagnostics_from(diagnostics_before);
  sort_findings(result.findings);
  for (const auto& document : facts.documents) {
    if (!document.audited) {
      continue;
    }
    ++result.summary.documents;
    ++result.summary.kinds[static_cast<size_t>(document.kind)];
    if (document.checklist) {
      result.summary.items += document.document.items.size();
      for (const auto& item : document.document.items) {
        result.summary.ticked += item.ticked ? 1 : 0;
      }
    }
  }
  result.diagnostics = facts.corpus->diagnostics();
  return result;
}

} // namespace audit
