#include "audit/check.hpp"
#include "audit/rule.hpp"

#include <doctest/doctest.h>

namespace {

// A pack with one rule whose body is `body` (indented four spaces, as under "  - id: r").
std::string pack_with(const std::string& body)
{
  return "pack: team\nrules:\n  - id: r\n    summary: x\n" + body;
}

std::string error_of(const std::string& body)
{
  auto pack = audit::parse_rule_pack("team.yaml", pack_with(body));
  REQUIRE_FALSE(pack);
  return pack.error();
}

audit::Rule rule_of(const std::string& body)
{
  auto pack = audit::parse_rule_pack("team.yaml", pack_with(body));
  REQUIRE_MESSAGE(pack, (pack ? "" : pack.error()));
  REQUIRE(pack->rules.size() == 1);
  return pack->rules.front();
}

} // namespace

TEST_CASE("parse_rule_pack")
{
  SUBCASE("every check refuses a param it does not declare, at the param")
  {
    for (const auto& entry : audit::check_registry()) {
      CAPTURE(entry.id);
      const std::string message = error_of("    check: " + std::string(entry.id) + "\n    params: {colour: red}\n");
      CHECK(message.starts_with("team.yaml:6:14: unknown param 'colour'"));
    }
    CHECK(error_of("    check: out-of-order\n    params:\n      stages: 3\n")
          == "team.yaml:7:7: unknown param 'stages': check out-of-order takes no params");
    CHECK(error_of("    check: front-matter\n    params:\n      required: [title]\n      date_key: [last_reviewed]\n")
          == "team.yaml:8:7: unknown param 'date_key' for check front-matter (did you mean 'date_keys'?); its params: "
             "required, date_keys");
  }
  SUBCASE("a rule key put among the params says where it belongs")
  {
    CHECK(error_of("    check: required-file\n    params:\n      path: x\n      sidecar: '{dir}/meta.yaml'\n")
          == "team.yaml:8:7: 'sidecar' is a key of the rule, not a param: move it out of params, beside select");
  }
  SUBCASE("wrong shapes are refused at the value")
  {
    CHECK(error_of("    check: required-file\n    params:\n      path: x\n      key: [approvals, approver]\n")
          == "team.yaml:8:12: param 'key' must be a string, not a list");
    CHECK(error_of("    check: required-file\n    params:\n      path: x\n      key: {approvals: approver}\n")
          == "team.yaml:8:12: param 'key' must be a string, not a map");
    CHECK(error_of("    check: front-matter\n    params:\n      required: [title, {owner: x}]\n")
          == "team.yaml:7:25: param 'required' must list strings, not a map");
    CHECK(error_of("    check: open-children\n    params: {children: '(final'}\n")
          == "team.yaml:6:24: invalid pattern '(final': missing ): (final");
    CHECK(error_of("    check: required-file\n    params: {path: x, as_of: commit}\n")
          == "team.yaml:6:30: param 'as_of' must be tick or now, not 'commit'");
  }
  SUBCASE("a template's fault is located at its token inside the string")
  {
    CHECK(error_of("    check: required-file\n    params:\n      path: '{dir}/approvals/{stagee}.yaml'\n")
          == "team.yaml:7:31: unknown field 'stagee' (did you mean 'stage'?); fields: dir, name, stem, path, stage, "
             "stage_number, front.KEY, sidecar.KEY");
    CHECK(error_of("    check: required-file\n    params:\n      path: \"{dir}/x.yaml\"\n      key: \"a.{stage|lowr}\"\n")
          == "team.yaml:8:22: unknown transform 'lowr' (did you mean 'lower'?); transforms: lower, upper, basename, "
             "dirname, strip_prefix, strip_suffix, capture");
    CHECK(error_of("    check: required-file\n    params:\n      path: 'approvals/{sidecar.group}.yaml'\n")
          == "team.yaml:7:24: {sidecar.group} can never be filled in param 'path': the rule names no metadata file (add "
             "`sidecar: \"{dir}/meta.yaml\"` to the rule, beside `select`)");
    CHECK(error_of("    check: required-file\n    sidecar: '{dir}/{sidecar.file}'\n    params: {path: x}\n")
          == "team.yaml:6:21: {sidecar.file} can never be filled in the sidecar's own path: the rule names no metadata "
             "file (add `sidecar: \"{dir}/meta.yaml\"` to the rule, beside `select`)");
    CHECK(error_of("    check: required-file\n    sidecar: '{dir}/{stage}.yaml'\n    params: {path: x}\n")
          == "team.yaml:6:21: {stage} belongs to a box, and the sidecar's own path is about the whole document");
  }
  SUBCASE("required-file's own rules")
  {
    CHECK(error_of("    check: required-file\n    params: {key: a}\n")
          == "team.yaml:6:13: required-file needs a 'path' template, e.g. '{dir}/approvals/{stage}.yaml'");
    CHECK(error_of("    check: required-file\n")
          == "team.yaml:3:5: required-file needs a 'path' template, e.g. '{dir}/approvals/{stage}.yaml'");
    CHECK(error_of("    check: required-file\n    params: {path: x, value: {equals: y}}\n")
          == "team.yaml:6:30: a value condition needs the 'key' whose value it tests");
    CHECK(error_of("    check: required-file\n    params:\n      path: x\n      alternatives: [{path: y}]\n")
          == "team.yaml:7:13: give either path, key and value, or alternatives, not both");
    CHECK(error_of("    check: required-file\n    params:\n      alternatives: [{path: y}, {key: k}]\n")
          == "team.yaml:7:33: an alternative needs a 'path' template");
    CHECK(error_of("    check: required-file\n    params:\n      alternatives: [{path: y, as_of: now}]\n")
          == "team.yaml:7:32: an alternative holds path, key and value, not as_of");
    CHECK(error_of("    check: required-file\n    params:\n      alternatives: [{path: '{dri}'}]\n")
          == "team.yaml:7:31: unknown field 'dri' (did you mean 'dir'?); fields: dir, name, stem, path, stage, "
             "stage_number, front.KEY, sidecar.KEY");
    CHECK(error_of("    check: required-file\n    params:\n      path: x\n      key: k\n      value: {equal: approved}\n")
          == "team.yaml:9:15: unknown value condition 'equal' (did you mean 'equals'?); conditions: equals, one_of, "
             "matches, version");
  }
  SUBCASE("selectors: where, exclude, parent")
  {
    const auto rule = rule_of("    check: required-file\n    sidecar: '{dir}/meta.yaml'\n"
                              "    select:\n      where: {sidecar.status|lower: {equals: approved}}\n"
                              "      parent: '(?i)readiness'\n      exclude: {section: '(?i)appendix'}\n"
                              "    params: {path: x}\n");
    REQUIRE(rule.select.where.size() == 1);
    CHECK(rule.select.where.front().field.text() == "{sidecar.status|lower}");
    CHECK(rule.select.parent);
    REQUIRE(rule.select.exclude);
    CHECK(rule.select.exclude->section);
    CHECK(rule.sidecar->text() == "{dir}/meta.yaml");
    CHECK(error_of("    check: out-of-order\n    select: {where: {sidecar.status: {equals: x}}}\n")
          == "team.yaml:6:22: {sidecar.status} can never be filled in a where condition: the rule names no metadata file "
             "(add `sidecar: \"{dir}/meta.yaml\"` to the rule, beside `select`)");
    CHECK(error_of("    check: out-of-order\n    select: {where: {front.status: {equal: x}}}\n")
          == "team.yaml:6:37: unknown value condition 'equal' (did you mean 'equals'?); conditions: equals, one_of, "
             "matches, version");
    CHECK(error_of("    check: out-of-order\n    select: {where: {stage: {equals: x}}}\n")
          == "team.yaml:6:22: {stage} belongs to a box, and a where condition is about the whole document");
    CHECK(error_of("    check: out-of-order\n    select: {where: {'front.a} {front.b': {equals: x}}}\n")
          == "team.yaml:6:22: a where key is one field, as in sidecar.status or front.owner|lower, not 'front.a} {front.b'");
    CHECK(error_of("    check: out-of-order\n    select: {exclude: {exclude: {item: x}}}\n")
          == "team.yaml:6:24: an exclude cannot hold another exclude");
    CHECK(error_of("    check: out-of-order\n    select: {parnet: x}\n")
          == "team.yaml:6:14: unknown key 'parnet' (did you mean 'parent'?)");
    CHECK(error_of("    check: out-of-order\n    select: {parent: '(a'}\n") == "team.yaml:6:22: invalid pattern '(a': missing ): (a");
    CHECK(error_of("    check: out-of-order\n    sidcar: x\n") == "team.yaml:6:5: unknown key 'sidcar' (did you mean 'sidecar'?)");
  }
  SUBCASE("shapes of the rule's own keys")
  {
    CHECK(error_of("    check: out-of-order\n    select: [item]\n")
          == "team.yaml:6:13: select must be a map of kinds, documents, item, section, parent, where, exclude");
    CHECK(error_of("    check: out-of-order\n    select: {exclude: [x]}\n")
          == "team.yaml:6:23: exclude must be a map of kinds, documents, item, section, parent, where, exclude");
    CHECK(error_of("    check: out-of-order\n    select: {documents: {a: b}}\n") == "team.yaml:6:25: documents must be a glob or a list of globs");
    CHECK(error_of("    check: out-of-order\n    select: {documents: [a, [b]]}\n") == "team.yaml:6:29: documents must list globs");
    CHECK(error_of("    check: out-of-order\n    select: {where: [front.status]}\n")
          == "team.yaml:6:21: where must map fields to conditions, as in {sidecar.status: {equals: approved}}");
    CHECK(error_of("    check: out-of-order\n    select: {item: [a]}\n") == "team.yaml:6:20: a pattern must be a string");
    CHECK(error_of("    check: out-of-order\n    sidecar: [a.yaml]\n")
          == "team.yaml:6:14: sidecar must be a template naming one file, as in \"{dir}/meta.yaml\"");
    CHECK(error_of("    check: required-file\n    params: {path: x, as_of: tik}\n")
          == "team.yaml:6:30: param 'as_of' must be tick or now, not 'tik' (did you mean 'tick'?)");
    CHECK(error_of("    check: required-file\n    params: {alternatives: {path: x}}\n")
          == "team.yaml:6:28: alternatives must be a list of {path, key, value} maps");
    CHECK(error_of("    check: required-file\n    params: {alternatives: [x]}\n")
          == "team.yaml:6:29: each alternative is a map of path, key and value");
  }
  SUBCASE("severity off is remembered with its place, for --select")
  {
    const auto rule = rule_of("    check: out-of-order\n    severity: off\n");
    CHECK_FALSE(rule.enabled);
    CHECK(rule.disabled_at == "team.yaml:6:15");
  }
}

using config::Kind;

TEST_CASE("parse_rule_pack select kinds")
{
  SUBCASE("a rule looks at its check's kinds unless it names its own")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n"
                                                    "  - {id: order, check: out-of-order, summary: x}\n"
                                                    "  - {id: links, check: broken-reference, summary: x}\n"
                                                    "  - {id: notes-order, check: out-of-order, summary: x, select: {kinds: [other, record]}}\n");
    REQUIRE(pack);
    CHECK(pack->rules[0].select.kinds == std::vector<Kind>{Kind::rollout, Kind::plan});
    CHECK(pack->rules[1].select.kinds == std::vector<Kind>{Kind::rollout, Kind::plan, Kind::record, Kind::other});
    CHECK(pack->rules[2].select.kinds == std::vector<Kind>{Kind::other, Kind::record});
  }
  SUBCASE("the built-in rules: rollout rules on rollouts and plans, front matter required of rollouts")
  {
    const auto& rules = audit::default_rule_pack().rules;
    const auto kinds_of = [&](std::string_view id) {
      return std::find_if(rules.begin(), rules.end(), [&](const audit::Rule& rule) { return rule.id == id; })->select.kinds;
    };
    CHECK(kinds_of("evidence-missing") == std::vector<Kind>{Kind::rollout, Kind::plan});
    CHECK(kinds_of("front-matter") == std::vector<Kind>{Kind::rollout});
    CHECK(kinds_of("suppression-comment").size() == 4);
  }
  SUBCASE("a kind that is none")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kinds: [rollout, rolout]}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:31: 'rolout' is not a kind (did you mean 'rollout'?); kinds are rollout, plan, "
                          "record, other");
  }
  SUBCASE("no kinds at all")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kinds: []}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:21: kinds must name at least one kind (rollout, plan, record, other)");
  }
  SUBCASE("an unknown select key names kinds among the keys")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kind: [rollout]}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:14: unknown key 'kind' (did you mean 'kinds'?)");
  }
}
