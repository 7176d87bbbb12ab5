#include "audit/audit.hpp"

#include "audit/check.hpp"
#include "audit/item_evidence.hpp"
#include "audit/suppression.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace audit {

namespace {

// Params from the configuration win key by key over the rule's own. The nodes are shared, not copied, so a
// fault found in the merged params still knows its line, and which file it came from (holds_node).
YAML::Node merge_params(const YAML::Node& base, const YAML::Node& overrides)
{
  YAML::Node merged(YAML::NodeType::Map);
  for (const YAML::Node& params : {base, overrides}) {
    if (params && params.IsMap()) {
      for (const auto& entry : params) {
        merged[entry.first.Scalar()] = entry.second;
      }
    }
  }
  return merged;
}

bool holds_node(const YAML::Node& tree, const YAML::Node& node)
{
  if (tree.is(node)) {
    return true;
  }
  if (tree.IsMap()) {
    for (const auto& entry : tree) {
      if (entry.first.is(node) || holds_node(entry.second, node)) {
        return true;
      }
    }
  } else if (tree.IsSequence()) {
    for (const auto& element : tree) {
      if (holds_node(element, node)) {
        return true;
      }
    }
  }
  return false;
}

// The configuration's params for a rule: their names and shapes on their own, then the merged whole; a
// fault is located in whichever file holds the offending node.
std::optional<std::string> override_params(Rule& rule, const config::RuleOverride& override_, const config::Config& config)
{
  const RuleOrigin from_config{config.path, config.text};
  const auto name = [&](RuleFault fault) {
    fault.message = fmt::format("rule '{}': {}", rule.id, fault.message);
    return fault;
  };
  if (auto fault = check_param_shapes(*find_check(rule.check), rule, override_.params)) {
    return locate_fault(from_config, name(*fault));
  }
  rule.params.reset(merge_params(rule.params, override_.params)); // reset: assigning a yaml-cpp node writes through to the pack's
  if (auto fault = validate_rule(rule)) {
    const bool in_config = holds_node(override_.params, fault->at) || !rule.origin;
    return locate_fault(in_config ? from_config : *rule.origin, name(*fault));
  }
  return std::nullopt;
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
      rule->disabled_at = fmt::format("{}:{}", config.path, override_.line);
    } else if (auto severity = parse_severity(override_.severity)) {
      rule->severity = *severity;
      rule->enabled = true;
      rule->disabled_at.clear();
    }
    if (override_.kinds) {
      rule->select.kinds.clear();
      for (const auto& name : *override_.kinds) {
        rule->select.kinds.push_back(*config::parse_kind(name)); // parse_config let only kinds through
      }
    }
    if (override_.params) {
      if (auto fault = override_params(*rule, override_, config)) {
        return util::Failure{*fault};
      }
    }
  }
  return rules;
}

namespace {

// One rule's run, or its run on one document when its check goes a document at a time.
struct CheckTask
{
  const Rule* rule = nullptr;
  const DocumentCheck* per_document = nullptr;
  const DocumentFacts* document = nullptr;
};

// In rule order, a rule's documents in the facts' order: the lists joined in this order are those of one
// thread running each rule over every document in turn.
std::vector<CheckTask> tasks_of(const std::vector<Rule>& runnable, const Facts& facts)
{
  std::vector<CheckTask> tasks;
  for (const auto& rule : runnable) {
    const auto* per_document = dynamic_cast<const DocumentCheck*>(find_check(rule.check));
    if (!per_document) {
      tasks.push_back({&rule, nullptr, nullptr});
      continue;
    }
    for (const auto& document : facts.documents) {
      tasks.push_back({&rule, per_document, &document});
    }
  }
  return tasks;
}

// Joined into the list with the most room (one check, such as broken-reference on a large tree, may hold
// tens of thousands), each other list freed once moved: the findings held twice over were a run's peak
// memory. The caller's sort restores the order: it is stable, and its key holds the file and the rule, so
// findings with equal keys come from one list.
std::vector<Finding> joined(std::vector<std::vector<Finding>> found)
{
  size_t total = 0;
  size_t roomiest = 0;
  for (size_t i = 0; i < found.size(); ++i) {
    total += found[i].size();
    roomiest = found[i].capacity() > found[roomiest].capacity() ? i : roomiest;
  }
  std::vector<Finding> findings;
  if (!found.empty()) {
    findings = std::move(found[roomiest]);
  }
  findings.reserve(total);
  for (size_t i = 0; i < found.size(); ++i) {
    if (i != roomiest) {
      findings.insert(findings.end(), std::make_move_iterator(found[i].begin()), std::make_move_iterator(found[i].end()));
      std::vector<Finding>().swap(found[i]);
    }
  }
  return findings;
}

} // namespace

AuditResult run_audit(const Facts& facts, const std::vector<Rule>& rules, unsigned threads)
{
  AuditResult result;
  // Rules run on every core (a document-at-a-time check's documents each on their own), each into its own
  // list: once joined and sorted, the findings are those of one thread in one order. What checks share is
  // read-only or guarded: the facts, the evidence each document's items share (prepared here), the corpus's
  // lazily read texts (read outside its lock where the file system allows), a front matter's lazily built
  // tree, the history's snapshots of trees and ignore rules.
  std::vector<Rule> runnable;
  for (const auto& rule : rules) {
    if (!rule.enabled) {
      continue;
    }
    runnable.push_back(rule);
    resolve_where(runnable.back(), facts); // `where` reads metadata files: once per document, not per box
    if (rule.check == k_suppression_check) {
      // Its "did you mean" searches every loaded rule, which only the run knows.
      Rule& with_rules = runnable.back();
      with_rules.params.reset(rule.params && rule.params.IsMap() ? YAML::Clone(rule.params) : YAML::Node(YAML::NodeType::Map));
      with_rules.params[std::string(k_loaded_rules_param)] = loaded_rules_param(rules);
    }
  }
  prepare_shared_evidence(facts);
  const std::vector<CheckTask> tasks = tasks_of(runnable, facts);
  std::vector<std::vector<Finding>> found(tasks.size());
  const size_t diagnostics_before = facts.corpus->diagnostics().size();
  util::for_each_index(tasks.size(), threads == 0 ? util::default_threads() : threads, [&](size_t i) {
    const CheckTask& task = tasks[i];
    FindingSink sink(*task.rule, found[i]);
    if (task.document) {
      task.per_document->run_document(*task.rule, facts, *task.document, sink);
    } else {
      find_check(task.rule->check)->run(*task.rule, facts, sink);
    }
  });
  result.findings = joined(std::move(found));
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
