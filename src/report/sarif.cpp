#include "report/json_writer.hpp"
#include "report/report.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>

namespace report {

namespace {

constexpr std::string_view k_schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view k_src_root = "%SRCROOT%";
constexpr std::string_view k_fingerprint_key = "rolloutAudit/v1";

std::uint64_t fnv1a64(std::string_view bytes)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view level(audit::Severity severity)
{
  switch (severity) {
  case audit::Severity::error:
    return "error";
  case audit::Severity::warning:
    return "warning";
  case audit::Severity::note:
    return "note";
  }
  return "none";
}

// A path as a URI reference: forward slashes, no leading "./", everything but unreserved characters, '/'
// and sub-delimiters percent-encoded (':' too, so a first segment never reads as a scheme).
std::string uri_path(std::string_view path)
{
  std::string slashed(path);
  std::replace(slashed.begin(), slashed.end(), '\\', '/');
  std::string_view rest = slashed;
  while (rest.substr(0, 2) == "./") {
    rest.remove_prefix(2);
  }
  std::string out;
  for (unsigned char c : rest) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       std::string_view("-._~/!$&'()*+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
    out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", static_cast<unsigned>(c));
  }
  return out;
}

// "evidence-missing" -> "EvidenceMissing": SARIF's rule name is an identifier-like word.
std::string rule_name(std::string_view id)
{
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.' || c == ' ') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

std::string trim_end(std::string_view text)
{
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// A fence longer than any run of backticks in the text.
std::string fence_for(std::string_view text)
{
  size_t longest = 0;
  size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

void write_message(JsonWriter& json, std::string_view text)
{
  json.begin_object();
  json.key("text").value(text);
  json.end_object();
}

void write_rule(JsonWriter& json, const RuleInfo& rule)
{
  json.begin_object();
  json.key("id").value(rule.id);
  json.key("name").value(rule_name(rule.id));
  const std::string summary = trim_end(rule.summary);
  const std::string help = trim_end(rule.help);
  const std::string example = trim_end(rule.example);
  if (!summary.empty()) {
    json.key("shortDescription");
    write_message(json, summary);
  }
  if (!help.empty() || !summary.empty()) {
    json.key("fullDescription");
    write_message(json, help.empty() ? summary : help);
  }
  if (!help.empty() || !example.empty()) {
    std::string text = help;
    std::string markdown = help;
    if (!example.empty()) {
      const std::string fence = fence_for(example);
      text += fmt::format("{}Example that fires:\n{}", text.empty() ? "" : "\n\n", example);
      markdown += fmt::format("{}Example that fires:\n\n{}markdown\n{}\n{}", markdown.empty() ? "" : "\n\n", fence, example, fence);
    }
    text += fmt::format("\n\nrollout-audit --explain {} prints this help.", rule.id);
    markdown += fmt::format("\n\n`rollout-audit --explain {}` prints this help.", rule.id);
    json.key("help").begin_object();
    json.key("text").value(text);
    json.key("markdown").value(markdown);
    json.end_object();
  }
  json.key("defaultConfiguration").begin_object();
  json.key("level").value(level(rule.severity));
  json.end_object();
  json.end_object();
}

void write_location(JsonWriter& json, std::string_view file, int line, int column, bool always_region)
{
  json.begin_object();
  json.key("physicalLocation").begin_object();
  json.key("artifactLocation").begin_object();
  json.key("uri").value(uri_path(file));
  json.key("uriBaseId").value(k_src_root);
  json.end_object();
  if (line > 0 || always_region) {
    // GitHub code scanning needs a start line; a finding about a whole file points at its first line.
    json.key("region").begin_object();
    json.key("startLine").value(std::max(line, 1));
    json.key("startColumn").value(std::max(column, 1));
    json.end_object();
  }
  json.end_object();
  json.end_object();
}

// SARIF 2.1.0 fixes[]: one artifact change replacing a region of the finding's file.
void write_fixes(JsonWriter& json, const audit::Finding& finding)
{
  json.key("fixes").begin_array();
  const audit::Fix& fix = *finding.fix;
  json.begin_object();
  json.key("description");
  write_message(json, fix.description);
  json.key("artifactChanges").begin_array();
  json.begin_object();
  json.key("artifactLocation").begin_object();
  json.key("uri").value(uri_path(finding.file));
  json.key("uriBaseId").value(k_src_root);
  json.end_object();
  json.key("replacements").begin_array();
  json.begin_object();
  json.key("deletedRegion").begin_object();
  json.key("startLine").value(fix.line);
  json.key("startColumn").value(fix.column);
  json.key("endLine").value(fix.end_line);
  json.key("endColumn").value(fix.end_column);
  json.end_object();
  json.key("insertedContent").begin_object();
  json.key("text").value(fix.text);
  json.end_object();
  json.end_object();
  json.end_array();
  json.end_object();
  json.end_array();
  json.end_object();
  json.end_array();
}

} // namespace

std::string fingerprint(const audit::Finding& finding)
{
  const std::string text = util::collapse_spaces(finding.item.empty() ? finding.message : finding.item);
  std::string key = finding.rule;
  key += '\0';
  key += uri_path(finding.file);
  key += '\0';
  key += text;
  return fmt::format("{:016x}", fnv1a64(key));
}

std::string format_sarif(const audit::AuditResult& result, const RunInfo& info)
{
  // The rules that ran; a finding whose rule is not among them (or all of them, when cli gave none) is
  // added with its id alone, so every result has a ruleIndex.
  std::vector<RuleInfo> rules = info.rules;
  std::map<std::string, size_t, std::less<>> index;
  for (size_t i = 0; i < rules.size(); ++i) {
    index.emplace(rules[i].id, i);
  }
  std::vector<RuleInfo> unlisted;
  for (const auto& finding : result.findings) {
    if (!index.contains(finding.rule) &&
        std::none_of(unlisted.begin(), unlisted.end(), [&](const RuleInfo& rule) { return rule.id == finding.rule; })) {
      unlisted.push_back(RuleInfo{finding.rule, finding.severity, {}, {}, {}}); // its level from its first finding
    }
  }
  std::sort(unlisted.begin(), unlisted.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  for (auto& rule : unlisted) {
    index.emplace(rule.id, rules.size());
    rules.push_back(std::move(rule));
  }

  JsonWriter json;
  json.begin_object();
  json.key("$schema").value(k_schema);
  json.key("version").value("2.1.0");
  json.key("runs").begin_array();
  json.begin_object();

  json.key("tool").begin_object();
  json.key("driver").begin_object();
  json.key("name").value("rollout-audit");
  json.key("version").value(info.tool_version);
  json.key("rules").begin_array();
  for (const auto& rule : rules) {
    write_rule(json, rule);
  }
  json.end_array();
  json.end_object();
  json.end_object();

  json.key("invocations").begin_array();
  json.begin_object();
  json.key("executionSuccessful").value(true);
  json.key("toolExecutionNotifications").begin_array();
  for (const auto& diagnostic : result.diagnostics) {
    json.begin_object();
    json.key("level").value(diagnostic.limit ? "note" : "warning");
    json.key("message");
    write_message(json, diagnostic.message);
    json.key("locations").begin_array();
    write_location(json, diagnostic.file, diagnostic.line, diagnostic.column, false);
    json.end_array();
    json.end_object();
  }
  if (!info.history_note.empty()) {
    json.begin_object();
    json.key("level").value("note");
    json.key("message");
    write_message(json, info.history_note);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  json.end_array();

  json.key("originalUriBaseIds").begin_object();
  json.key(k_src_root).begin_object();
  if (!info.root.empty() && info.root.front() == '/') {
    std::string root = info.root;
    if (root.back() != '/') {
      root += '/';
    }
    json.key("uri").value("file://" + uri_path(root));
  }
  json.key("description");
  write_message(json, "The repository root; result paths are relative to it.");
  json.end_object();
  json.end_object();

  json.key("results").begin_array();
  std::map<std::string, int> occurrences;
  for (const auto& finding : result.findings) {
    json.begin_object();
    json.key("ruleId").value(finding.rule);
    json.key("ruleIndex").value(index.at(finding.rule));
    json.key("level").value(level(finding.severity));
    json.key("message");
    write_message(json, finding.message);
    json.key("locations").begin_array();
    write_location(json, finding.file, finding.line, finding.column, true);
    json.end_array();
    // Two findings with the same rule, file and item are told apart by their order, as GitHub's own
    // primaryLocationLineHash does.
    const std::string hash = fingerprint(finding);
    json.key("partialFingerprints").begin_object();
    json.key(k_fingerprint_key).value(fmt::format("{}:{}", hash, ++occurrences[hash]));
    json.end_object();
    if (finding.fix) {
      write_fixes(json, finding);
    }
    json.end_object();
  }
  json.end_array();

  json.end_object();
  json.end_array();
  json.end_object();
  return json.str() + "\n";
}

} // namespace report
