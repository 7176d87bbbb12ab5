#include "cli/setup.hpp"

#include "audit/audit.hpp"
#include "audit/read_documents.hpp"
#include "corpus/index_file_system.hpp"
#include "history/history.hpp"
#include "util/error.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace cli {

namespace {


// Options name files outside the audited tree (a config, a rule pack): read them directly.
std::string read_option_file(const fs::path& path)
{
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    throw util::Fatal(fmt::format("cannot read {}", path.string()));
  }
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

fs::path find_root(const fs::path& start)
{
  for (fs::path directory = start;; directory = directory.parent_path()) {
    std::error_code error;
    if (fs::exists(directory / k_config_name, error) || fs::exists(directory / ".git", error)) {
      return directory;
    }
    if (directory == directory.root_path() || directory.parent_path() == directory) {
      return start;
    }
  }
}

// A file the repository names (its configuration, the packs that names) is read only when it resolves
// inside the root: a symbolic link in a pull request must not make the audit read /etc/shadow.
void require_inside(const fs::path& file, const fs::path& root, const std::string& shown)
{
  std::error_code error;
  const fs::path target = fs::weakly_canonical(file, error);
  const fs::path base = fs::weakly_canonical(root, error);
  const fs::path relative = target.lexically_relative(base);
  if (error || relative.empty() || *relative.begin() == "..") {
    throw util::Fatal(fmt::format("{} resolves outside the repository root; not read", shown));
  }
}

void add_pack_file(std::vector<audit::RulePack>& packs, const fs::path& file, const std::string& shown)
{
  auto pack = audit::parse_rule_pack(shown, read_option_file(file));
  if (!pack) {
    throw util::Fatal(pack.error());
  }
  packs.push_back(std::move(pack).value());
}

// `contained_in`: the root every file must resolve inside, for packs the repository's configuration
// names; empty for --rules.
void add_pack(std::vector<audit::RulePack>& packs, const fs::path& path, const std::string& shown, const std::string& contained_in = "")
{
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, error)) {
      const auto extension = entry.path().extension();
      if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      const std::string file_shown = (fs::path(shown) / file.filename()).string();
      if (!contained_in.empty()) {
        require_inside(file, contained_in, file_shown);
      }
      add_pack_file(packs, file, file_shown);
    }
    return;
  }
  if (!fs::exists(path, error)) {
    throw util::Fatal(fmt::format("rule pack {} does not exist", shown));
  }
  add_pack_file(packs, path, shown);
}

} // namespace

std::vector<std::string> select_rules(std::vector<audit::Rule>& rules, const std::vector<std::string>& selected)
{
  if (selected.empty()) {
    return {};
  }
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    ids.push_back(rule.id);
  }
  for (const auto& id : selected) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      std::string message = fmt::format("--select: unknown rule '{}'", id);
      if (auto suggestion = util::closest_match(id, ids)) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      throw util::Fatal(message);
    }
  }
  std::vector<std::string> warnings;
  for (auto& rule : rules) {
    const bool chosen = std::find(selected.begin(), selected.end(), rule.id) != selected.end();
    if (chosen && !rule.enabled) {
      warnings.push_back(fmt::format("--select runs '{}', which {} turns off", rule.id, rule.disabled_at.empty() ? "its pack" : rule.disabled_at));
    }
    rule.enabled = chosen;
  }
  return warnings;
}

std::vector<audit::RulePack> load_rule_packs(const Options& options, const config::Config& config, const std::string& root)
{
  std::vector<audit::RulePack> packs{audit::default_rule_pack()};
  for (const auto& pack : config.rule_packs) {
    require_inside(fs::path(root) / pack, root, pack);
    add_pack(packs, fs::path(root) / pack, pack, root);
  }
  for (const auto& pack : options.rule_packs) {
    add_pack(packs, pack, pack);
  }
  return packs;
}

namespace {

// One PATH argument: an existing file or folder, or a glob whose folder part exists.
struct Target
{
  fs::path where;      // absolute: the file or folder, or the folder a glob starts from
  bool folder = false; // where to look for the root from
  std::string pattern; // the glob's part from the first wildcard's folder on, "" for a plain path
};

Target find_target(const std::string& argument, const Options& options)
{
  std::error_code error;
  Target target;
  std::string literal = argument;
  if (util::is_glob(argument)) {
    // "docs/**/*.md": the folder before the first wildcard must exist; the rest is matched per file.
    const size_t wildcard = argument.find_first_of("*?");
    const size_t slash = argument.rfind('/', wildcard);
    literal = slash == std::string::npos ? "." : argument.substr(0, slash == 0 ? 1 : slash);
    target.pattern = slash == std::string::npos ? argument : argument.substr(slash + 1);
  }
  target.where = fs::absolute(literal, error).lexically_normal();
  if (error || !fs::exists(target.where, error)) {
    std::string message = fmt::format("{}: no such file or folder", argument);
    if (options.subcommand_guess && !options.paths.empty() && argument == options.paths.front()) {
      message += fmt::format(", and no such command (did you mean '{}'?)", *options.subcommand_guess);
    }
    throw util::Fatal(message);
  }
  target.folder = fs::is_directory(target.where, error);
  if (!target.pattern.empty() && !target.folder) {
    throw util::Fatal(fmt::format("{}: {} is not a folder", argument, literal));
  }
  if (target.where.filename().empty()) {
    target.where = target.where.parent_path(); // "docs/" names the folder docs
  }
  return target;
}

// Adds one target to the scope, relative to the root; throws when it lies outside.
void add_to_scope(util::PathScope& scope, const Target& target, const fs::path& root, const std::string& argument)
{
  std::error_code error;
  std::string relative = fs::weakly_canonical(target.where, error).lexically_relative(root).generic_string();
  if (relative == ".") {
    relative.clear();
  }
  if (relative.empty() && fs::weakly_canonical(target.where, error) != root) {
    relative = ".."; // another drive or an unrelated tree
  }
  if (relative == ".." || relative.starts_with("../")) {
    throw util::Fatal(fmt::format("{} is outside the repository root {}", argument, root.string()));
  }
  if (target.pattern.empty()) {
    scope.add_path(relative);
  } else {
    scope.add_glob(relative.empty() ? target.pattern : relative + "/" + target.pattern);
  }
}

struct Located
{
  fs::path root;
  util::PathScope audited;
};

Located locate(const Options& options)
{
  std::error_code error;
  const std::vector<std::string> arguments = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
  std::vector<Target> targets;
  for (const auto& argument : arguments) {
    targets.push_back(find_target(argument, options));
  }
  // The root is the first PATH's; every other PATH must lie under it (one repository per run).
  const fs::path start = targets.front().folder ? targets.front().where : targets.front().where.parent_path();
  fs::path root = options.root ? fs::absolute(*options.root).lexically_normal() : find_root(start);
  root = fs::weakly_canonical(root, error);
  util::PathScope scope;
  for (size_t i = 0; i < targets.size(); ++i) {
    add_to_scope(scope, targets[i], root, arguments[i]);
  }
  return {root, std::move(scope)};
}

config::Config read_configuration(const Options& options, const fs::path& root)
{
  std::error_code error;
  const fs::path config_path = options.config ? fs::path(*options.config) : root / k_config_name;
  if (!options.config && !fs::exists(config_path, error)) {
    return {};
  }
  const std::string shown = options.config ? *options.config : std::string(k_config_name);
  if (!options.config) {
    require_inside(config_path, root, shown);
  }
  auto config = config::parse_config(shown, read_option_file(config_path));
  if (!config) {
    throw util::Fatal(config.error());
  }
  return std::move(config).value();
}

} // namespace

namespace {

// Where the audit runs and the configuration: what comes before the rule packs.
Configuration locate_and_configure(const Options& options, ConfigFile file)
{
  Located located = locate(options);
  Configuration configuration;
  configuration.root = located.root.string();
  configuration.audited = std::move(located.audited);
  if (file == ConfigFile::read) {
    configuration.config = read_configuration(options, located.root);
  }
  return configuration;
}

// The packs' rules and words, assembled with the configuration's.
void add_rules(Configuration& configuration, const Options& options)
{
  const auto packs = load_rule_packs(options, configuration.config, configuration.root);
  auto assembled = audit::assemble_vocabulary(packs, configuration.config.vocabulary);
  if (!assembled) {
    throw util::Fatal(assembled.error());
  }
  configuration.vocabulary = std::move(assembled).value();
  auto rules = audit::assemble_rules(packs, configuration.config);
  if (!rules) {
    throw util::Fatal(rules.error());
  }
  configuration.rules = std::move(rules).value();
  configuration.warnings = select_rules(configuration.rules, options.select);
}

void parse_default_pack(std::atomic<bool>& parsed)
{
  try {
    audit::default_rule_pack();
  } catch (...) {
    // Thrown again where the pack is asked for, on the thread that reports it.
  }
  parsed = true;
}

util::Expected<std::unique_ptr<corpus::FileSystem>> open_file_system(const Options& options, const std::string& root)
{
  if (!options.staged) {
    return std::unique_ptr<corpus::FileSystem>(std::make_unique<corpus::RealFileSystem>(root));
  }
  auto index = corpus::IndexFileSystem::open(root);
  if (!index) {
    return util::Failure{index.error()};
  }
  return std::unique_ptr<corpus::FileSystem>(std::move(index).value());
}

} // namespace

void read_ahead(const corpus::Corpus& corpus, const util::PathScope& audited, const std::atomic<bool>& stop)
{
  size_t documents = 0; // every Markdown file is a reader's candidate, audited or not
  for (const auto& file : corpus.files()) {
    if (stop || documents == audit::k_read_chunk) {
      return;
    }
    if (util::is_markdown_path(file.path)) {
      ++documents;
      if (audited.covers(file.path)) {
        corpus.preload({file.path}, 1);
      }
    }
  }
}

Configuration load_configuration(const Options& options, ConfigFile file)
{
  Configuration configuration = locate_and_configure(options, file);
  add_rules(configuration, options);
  return configuration;
}

Workspace open_workspace(const Options& options, ConfigFile file, ReadAhead read)
{
  // Two slow starts run beside the main thread's work, each joined on every way out of here: git's (the
  // index, the history, the caches' folder) and the built-in rule pack's YAML (milliseconds), parsed while
  // the files are listed and the audited Markdown is read ahead.
  std::jthread git_start;
  if (options.staged || options.history || options.cache) {
    git_start = std::jthread(history::start_libgit2);
  }
  std::atomic<bool> pack_parsed{false};
  std::jthread pack_start(parse_default_pack, std::ref(pack_parsed));
  Configuration configuration = locate_and_configure(options, file);
  if (git_start.joinable()) {
    git_start.join();
  }
  Workspace workspace;
  auto file_system = open_file_system(options, configuration.root);
  if (file_system) {
    workspace.file_system = std::move(file_system).value();
    const auto& limits = configuration.config.limits;
    workspace.corpus = std::make_unique<corpus::Corpus>(
      *workspace.file_system,
      corpus::Options{configuration.config.exclude, {limits.max_file_bytes, static_cast<size_t>(limits.max_files), limits.max_folder_depth}});
    // Staged with the cache, a document's facts come from the cache by its blob id, unread: read ahead, it
    // would be held to the end.
    if (read == ReadAhead::documents && !(options.staged && options.cache)) {
      read_ahead(*workspace.corpus, configuration.audited, pack_parsed);
    }
  }
  pack_start.join();
  add_rules(configuration, options); // a broken pack is reported before a missing index, as it always was
  if (!file_system) {
    throw util::Fatal(file_system.error());
  }
  workspace.root = std::move(configuration.root);
  workspace.audited = std::move(configuration.audited);
  workspace.config = std::move(configuration.config);
  workspace.rules = std::move(configuration.rules);
  workspace.warnings = std::move(configuration.warnings);
  workspace.vocabulary = std::move(configuration.vocabulary);
  return workspace;
}

} // namespace cli
