#include "cli/run.hpp"

#include "audit/audit.hpp"
#include "audit/baseline.hpp"
#include "audit/check.hpp"
#include "audit/read_documents.hpp"
#include "audit/facts_codec.hpp"
#include "audit/suppression.hpp"
#include "cli/audit_run.hpp"
#include "cli/documents_command.hpp"
#include "cli/init_command.hpp"
#include "cli/options.hpp"
#include "cli/report_command.hpp"
#include "cli/rules_command.hpp"
#include "cli/setup.hpp"
#include "cli/vocabulary_command.hpp"
#include "cli/test_command.hpp"
#include "report/report.hpp"
#include "history/cache.hpp"
#include "history/changes.hpp"
#include "history/history.hpp"
#include "history/snapshots.hpp"
#include "util/cache_file.hpp"
#include "util/error.hpp"
#include "util/path.hpp"
#include "util/record_cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <chrono>
#include <exception>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <thread>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace cli {

void ProcessEnvironment::write_out(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void ProcessEnvironment::write_err(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stderr);
}

util::Timestamp ProcessEnvironment::now() const
{
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ProcessEnvironment::current_folder() const
{
  std::error_code error;
  const auto folder = std::filesystem::current_path(error);
  return error ? std::string() : folder.string();
}

std::string ProcessEnvironment::variable(const char* name) const
{
  const char* value = std::getenv(name);
  return value ? value : "";
}

void ProcessEnvironment::append_to_file(const std::string& path, std::string_view text)
{
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (!out || !(out << text)) {
    throw util::Fatal(fmt::format("cannot write {}", path));
  }
}

void ProcessEnvironment::keep_until_exit(std::vector<std::shared_ptr<const void>> state)
{
  // Reachable from a static until the process ends, so leak checkers see it as kept, not lost.
  static auto* const k_kept = new std::vector<std::shared_ptr<const void>>();
  k_kept->insert(k_kept->end(), std::make_move_iterator(state.begin()), std::make_move_iterator(state.end()));
}

bool ProcessEnvironment::out_is_terminal() const
{
  return isatty(STDOUT_FILENO) != 0;
}

namespace {

history::Roles history_roles(const config::Config& config, const vocabulary::Vocabulary& words)
{
  const auto matcher = [](std::vector<std::string> globs) {
    return [globs = std::move(globs)](const std::string& path) {
      return std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
    };
  };
  const std::string fingerprint =
    fmt::format("work logs {}; completion reports {}; evidence {}; checklists {}", fmt::join(config.work_logs, ","),
                fmt::join(config.completion_reports, ","), fmt::join(config.evidence, ","), fmt::join(config.checklists, ","));
  // The walk diffs Markdown, what the checklist globs name besides it, and the evidence, of any file type.
  std::vector<std::string> pathspecs;
  for (const auto* globs : {&config.checklists, &config.evidence}) {
    std::transform(globs->begin(), globs->end(), std::back_inserter(pathspecs), util::glob_pathspec);
  }
  return history::Roles{matcher(config.work_logs), matcher(config.completion_reports), matcher(config.evidence), fingerprint,
                        matcher(config.checklists), pathspecs, &words};
}

struct FactsCacheFile
{
  FactsCacheFile(std::string key, std::filesystem::path where)
    : cache(audit::k_facts_cache_format, std::move(key)),
      file(std::move(where))
  {
  }
  util::RecordCache cache;
  std::filesystem::path file;
};

// What each document yields on its own, kept beside the history cache; none outside a repository. The key
// names what shapes it besides the bytes and roles; the file is per audit root and per source (--staged
// names bytes by blob id, the working tree by a digest), so audits of two folders, or a hook and a hand
// run, do not evict each other.
std::unique_ptr<FactsCacheFile> open_facts_cache(const Workspace& workspace, bool staged)
{
  const auto folder = history::cache_folder(workspace.root);
  if (!folder) {
    return nullptr;
  }
  const std::string key = fmt::format("rollout-audit {}\nmax_nesting {}\nvocabulary {}", ROLLOUT_AUDIT_VERSION,
                                      workspace.config.limits.max_nesting, workspace.vocabulary.digest());
  auto facts = std::make_unique<FactsCacheFile>(key, *folder / fmt::format("facts-{:016x}.bin", util::fnv1a(workspace.root + (staged ? "\nstaged" : ""))));
  facts->cache.load(facts->file);
  return facts;
}

bool fails(const audit::AuditResult& result, FailOn fail_on)
{
  if (fail_on == FailOn::never) {
    return false;
  }
  const auto threshold = fail_on == FailOn::error     ? audit::Severity::error
                         : fail_on == FailOn::warning ? audit::Severity::warning
                                                      : audit::Severity::note;
  return std::any_of(result.findings.begin(), result.findings.end(), [&](const audit::Finding& finding) {
    return finding.severity >= threshold;
  });
}

// Drops the findings that suppression comments in their documents silence; returns how many. Rules of the
// suppression-comment check are never silenced by the comments they judge.
size_t apply_suppressions(const Workspace& workspace, const audit::Facts& facts, std::vector<audit::Finding>& findings)
{
  const audit::RuleIds ids = audit::rule_ids(workspace.rules);
  std::map<std::string, audit::DocumentSuppressions, std::less<>> by_file;
  const auto suppressions_of = [&](const std::string& path) -> const audit::DocumentSuppressions* {
    if (auto found = by_file.find(path); found != by_file.end()) {
      return &found->second;
    }
    const audit::DocumentFacts* document = facts.document(path);
    if (!document || document->document.comments.empty()) {
      return nullptr; // without comments nothing is suppressed, and the text need not be read again
    }
    const std::string* text = facts.corpus->text(path);
    if (!text) {
      return nullptr;
    }
    return &by_file.emplace(path, audit::read_suppressions(document->document, *text, ids, facts.timeline->now())).first->second;
  };
  const size_t before = findings.size();
  std::erase_if(findings, [&](const audit::Finding& finding) {
    if (std::find(ids.unsuppressible.begin(), ids.unsuppressible.end(), finding.rule) != ids.unsuppressible.end()) {
      return false;
    }
    const auto* suppressions = suppressions_of(finding.file);
    return suppressions && suppressions->covers(finding.rule, finding.line);
  });
  return before - findings.size();
}

// --baseline FILE names a file outside the audited tree, like --config: read it directly.
audit::Baseline read_baseline(const std::string& path)
{
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    throw util::Fatal(fmt::format("--baseline {}: no such file (write one with --write-baseline {})", path, path));
  }
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  auto baseline = audit::parse_baseline(path, bytes.str());
  if (!baseline) {
    throw util::Fatal(baseline.error());
  }
  return std::move(baseline).value();
}

// The user's explicit output, like --output: written where FILE says.
void write_baseline(const std::string& path, const std::vector<audit::Finding>& findings)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << audit::format_baseline(findings))) {
    throw util::Fatal(fmt::format("cannot write {}", path));
  }
}

// Filters every check's findings the same way, once: suppressions in the documents, the baseline,
// --changed-since. The baseline is written (--write-baseline) after suppressions and before the other two,
// so it records every finding that is not suppressed. Faulty inputs stop the run before anything is written.
void apply_filters(const Options& options, const Workspace& workspace, const audit::Facts& facts, audit::AuditResult& result)
{
  std::optional<audit::Baseline> baseline;
  if (options.baseline) {
    baseline = read_baseline(*options.baseline);
  }
  std::optional<history::ChangedLines> changes;
  if (options.changed_since) {
    auto changed = history::changed_since(workspace.root, *options.changed_since, options.staged);
    if (!changed) {
      throw util::Fatal(changed.error());
    }
    changes = std::move(changed).value();
  }

  result.summary.suppressed = apply_suppressions(workspace, facts, result.findings);
  if (options.write_baseline) {
    write_baseline(*options.write_baseline, result.findings);
  }
  if (baseline) {
    result.summary.baselined = audit::apply_baseline(*baseline, result.findings);
  }
  if (changes) {
    std::erase_if(result.findings, [&](const audit::Finding& finding) { return !changes->covers(finding.file, finding.line); });
    for (auto& finding : result.findings) {
      finding.on_changed_line = true;
    }
  }
}

// History is walked on its own thread while this one reads the documents: each is parsed once, by whichever
// gets to it first (audit::ReadDocuments). The walk's failure is the run's, raised here.
void read_history_while(audit::ReadDocuments& read, const Workspace& workspace, const Options& options, history::History& history)
{
  std::exception_ptr failed;
  std::jthread walk([&]() {
    try {
      history::ReadOptions read_options{options.cache};
      read_options.parsed = &read;
      history = history::read_history(workspace.root, history_roles(workspace.config, workspace.vocabulary), read_options);
    } catch (...) {
      failed = std::current_exception();
    }
  });
  read.read();
#ifdef __GLIBC__
  // The readers' texts and parse trees were freed into their threads' malloc arenas, which keep them: given
  // back before the walk's long tail, they are not part of the run's peak (Pulse: about 8 MB).
  malloc_trim(0);
#endif
  walk.join();
  if (failed) {
    std::rethrow_exception(failed);
  }
}

} // namespace

int with_audit(const Options& options, Environment& environment, const std::function<void(const AuditRun&)>& consume)
{
  // The run's state lives on the heap so that the environment can keep it past the run (see
  // Environment::keep_until_exit).
  const auto workspace = std::make_shared<const Workspace>(open_workspace(options));
  for (const auto& warning : workspace->warnings) {
    environment.write_err(fmt::format("rollout-audit: warning: {}\n", warning));
  }
  const util::Timestamp now = options.now.value_or(environment.now());
  auto history = std::make_shared<history::History>();
  std::unique_ptr<FactsCacheFile> cached;
  if (options.cache) {
    cached = open_facts_cache(*workspace, options.staged);
  }
  audit::ReadDocuments read(*workspace->corpus, workspace->config, workspace->vocabulary, workspace->audited, 0,
                            cached ? &cached->cache : nullptr);
  if (options.history) {
    read_history_while(read, *workspace, options, *history);
  } else {
    read.read();
  }
  // Files as of a tick (required-file) come from the repository's commits; only with history.
  std::shared_ptr<const history::Snapshots> snapshots;
  if (options.history && history->status.available) {
    snapshots = std::make_shared<const history::Snapshots>(workspace->root);
  }
  const auto timeline = std::make_shared<const audit::HistoryTimeline>(*history, now, workspace->corpus.get(), snapshots.get());
  const auto facts = std::make_shared<const audit::Facts>(audit::build_facts(std::move(read), *timeline));
  const auto result = std::make_shared<audit::AuditResult>(audit::run_audit(*facts, workspace->rules));
  if (cached) {
    // After the checks: they add the slugs of the evidence files they read (Facts::text_slug).
    cached->cache.store(cached->file);
    facts->text_slugs->cache = nullptr;
    cached.reset();
  }
  apply_filters(options, *workspace, *facts, *result);

  report::RunInfo info;
  info.tool_version = ROLLOUT_AUDIT_VERSION;
  info.root = workspace->root;
  info.has_history = timeline->has_history();
  info.shallow = history->status.shallow;
  info.commits_read = history->status.commits_read;
  info.history_note = history->status.note;
  info.rules = report::describe_rules(workspace->rules);
  info.shown_from = environment.current_folder();
  info.now_given = options.now.has_value();
  info.homepage = ROLLOUT_AUDIT_HOMEPAGE;
  info.rule_docs_url = ROLLOUT_AUDIT_RULE_DOCS_URL;
  consume(AuditRun{options, *workspace, *facts, *result, info});
  // --write-baseline did its job when the file is written: the findings it records are not a failure.
  const int status = !options.write_baseline && fails(*result, options.fail_on) ? k_exit_findings : k_exit_clean;
  environment.keep_until_exit({result, facts, timeline, snapshots, history, workspace});
  return status;
}

namespace {

void write_report(const Options& options, Environment& environment, const audit::AuditResult& result, const report::RunInfo& info)
{
  // https://no-color.org: a non-empty NO_COLOR turns automatic colour off; --color always still wins.
  const bool automatic = environment.out_is_terminal() && environment.variable("NO_COLOR").empty();
  const bool color = !options.output && (options.color == Color::always || (options.color == Color::automatic && automatic));
  const std::string text = report::render(options.format, result, info, color);
  if (options.output) {
    std::ofstream out(*options.output, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text)) {
      throw util::Fatal(fmt::format("cannot write {}", *options.output));
    }
  } else {
    environment.write_out(text);
  }
  if (options.format == "github") {
    // GitHub keeps only ten annotations of each level; the step summary holds the whole list.
    if (const std::string summary = environment.variable("GITHUB_STEP_SUMMARY"); !summary.empty()) {
      environment.append_to_file(summary, report::github_step_summary(result, info));
    }
  }
}

int audit_command(const Options& options, Environment& environment)
{
  return with_audit(options, environment, [&](const AuditRun& run) { write_report(options, environment, run.result, run.info); });
}

} // namespace

int run(const std::vector<std::string>& arguments, Environment& environment)
{
  try {
    auto options = parse_options(arguments);
    if (!options) {
      throw util::Fatal(options.error() + "\n(see rollout-audit --help)");
    }
    if (options->help) {
      environment.write_out(usage_text());
      return k_exit_clean;
    }
    if (options->version) {
      environment.write_out(fmt::format("rollout-audit {}\n", ROLLOUT_AUDIT_VERSION));
      return k_exit_clean;
    }
    if (options->list_rules || options->explain) {
      return rules_command(*options, environment);
    }
    switch (options->command) {
    case Command::report:
      return report_command(*options, environment);
    case Command::vocabulary:
      return vocabulary_command(*options, environment);
    case Command::test:
      return test_command(*options, environment);
    case Command::documents:
      return documents_command(*options, environment);
    case Command::init:
      return init_command(*options, environment);
    case Command::audit:
      break;
    }
    return audit_command(*options, environment);
  } catch (const util::Fatal& error) {
    environment.write_err(fmt::format("rollout-audit: error: {}\n", error.what()));
    return k_exit_usage;
  }
}

int run(int argc, char** argv)
{
  ProcessEnvironment environment;
  return run(std::vector<std::string>(argv + 1, argv + argc), environment);
}

} // namespace cli
