#include "report/json_writer.hpp"
#include "report/report.hpp"

#include "audit/kinds.hpp"

#include "util/time.hpp"

namespace report {

namespace {

void write_stamp(JsonWriter& json, const audit::Stamp& stamp)
{
  json.begin_object();
  json.key("commit");
  stamp.committed ? json.value(stamp.commit) : json.null();
  json.key("time").value(util::format_timestamp(stamp.time));
  json.key("author").value(stamp.author);
  json.key("committed").value(stamp.committed);
  if (stamp.truncated) {
    json.key("truncated").value(true);
  }
  if (!stamp.original_commit.empty()) {
    json.key("original_commit").value(stamp.original_commit);
    json.key("original_time").value(util::format_timestamp(stamp.original_time));
    json.key("original_author").value(stamp.original_author);
  }
  json.end_object();
}

void write_finding(JsonWriter& json, const audit::Finding& finding)
{
  json.begin_object();
  json.key("rule").value(finding.rule);
  json.key("severity").value(audit::to_string(finding.severity));
  json.key("file").value(finding.file);
  json.key("line").value(finding.line);
  json.key("column").value(finding.column);
  json.key("message").value(finding.message);
  json.key("item");
  finding.item.empty() ? json.null() : json.value(finding.item);
  json.key("evidence").begin_array();
  for (const auto& evidence : finding.evidence) {
    json.begin_object();
    json.key("kind").value(evidence.kind);
    json.key("description").value(evidence.description);
    json.key("file");
    evidence.file.empty() ? json.null() : json.value(evidence.file);
    json.key("line");
    evidence.line > 0 ? json.value(evidence.line) : json.null();
    json.key("found").value(evidence.found);
    if (evidence.stamp) {
      json.key("stamp");
      write_stamp(json, *evidence.stamp);
    }
    json.end_object();
  }
  json.end_array();
  json.key("tick");
  finding.tick ? write_stamp(json, *finding.tick) : void(json.null());
  json.end_object();
}

} // namespace

std::string format_json(const audit::AuditResult& result, const RunInfo& info)
{
  JsonWriter json;
  json.begin_object();
  json.key("version").value(1);
  json.key("tool").begin_object();
  json.key("name").value("rollout-audit");
  json.key("version").value(info.tool_version);
  json.end_object();
  json.key("findings").begin_array();
  for (const auto& finding : result.findings) {
    write_finding(json, finding);
  }
  json.end_array();
  json.key("diagnostics").begin_array();
  for (const auto& diagnostic : result.diagnostics) {
    json.begin_object();
    json.key("file").value(diagnostic.file);
    json.key("line");
    diagnostic.line > 0 ? json.value(diagnostic.line) : json.null();
    json.key("message").value(diagnostic.message);
    json.key("level").value(diagnostic.limit ? "note" : "warning");
    json.end_object();
  }
  json.end_array();
  json.key("history").begin_object();
  json.key("available").value(info.has_history);
  json.key("shallow").value(info.shallow);
  json.key("commits_read").value(info.commits_read);
  json.key("note");
  info.history_note.empty() ? json.null() : json.value(info.history_note);
  json.end_object();
  size_t counts[3] = {0, 0, 0};
  for (const auto& finding : result.findings) {
    ++counts[static_cast<int>(finding.severity)];
  }
  json.key("summary").begin_object();
  json.key("errors").value(counts[2]);
  json.key("warnings").value(counts[1]);
  json.key("notes").value(counts[0]);
  json.key("documents").value(result.summary.documents);
  json.key("kinds").begin_object();
  for (const auto kind : audit::k_kinds) {
    json.key(audit::kind_name(kind)).value(result.summary.kinds[static_cast<size_t>(kind)]);
  }
  json.end_object();
  json.key("items").value(result.summary.items);
  json.key("ticked").value(result.summary.ticked);
  json.key("diagnostics").value(result.diagnostics.size());
  json.key("suppressed").value(result.summary.suppressed);
  json.key("baselined").value(result.summary.baselined);
  json.end_object();
  json.end_object();
  return json.str() + "\n";
}

} // namespace report
