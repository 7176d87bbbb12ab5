#include "history/cache.hpp"

#include "history/libgit2.hpp"

#include <fmt/format.h>

#include "util/binary.hpp"
#include "util/cache_file.hpp"

namespace history {

namespace {

// Bumped whenever the layout below or the meaning of what the walk records changes.
constexpr std::string_view k_magic = "rollout-audit history cache 6\n";

void write_stamp(util::ByteWriter& out, const CommitStamp& value)
{
  out.text(value.id);
  out.number(static_cast<uint64_t>(value.time));
  out.text(value.author);
  out.flag(value.truncated);
}

void write_optional_stamp(util::ByteWriter& out, const std::optional<CommitStamp>& value)
{
  out.flag(value.has_value());
  if (value) {
    write_stamp(out, *value);
  }
}

CommitStamp read_stamp(util::ByteReader& in)
{
  CommitStamp value;
  value.id = in.text();
  value.time = static_cast<util::Timestamp>(in.number());
  value.author = in.text();
  value.truncated = in.flag();
  return value;
}

std::optional<CommitStamp> read_optional_stamp(util::ByteReader& in)
{
  if (!in.flag()) {
    return std::nullopt;
  }
  return read_stamp(in);
}

constexpr size_t k_least_item = 8 * 6;  // four texts' sizes and two flags
constexpr size_t k_least_entry = 8 * 8; // a title's size, a stamp, two flags and a text's size
constexpr size_t k_least_file = 8 * 7;  // two paths' sizes, three flags and two counts
constexpr size_t k_least_departure = 8 * 6; // two paths' sizes and a stamp

std::string encode_payload(const Checkpoint& checkpoint, std::string_view key)
{
  util::ByteWriter out;
  out.text(key);
  out.text(checkpoint.head);
  out.number(checkpoint.commits);
  out.text(checkpoint.oldest);
  out.number(checkpoint.files.size());
  for (const auto& [path, file] : checkpoint.files) {
    out.text(path);
    write_optional_stamp(out, file.added);
    write_optional_stamp(out, file.edited);
    out.text(file.edited_path);
    write_optional_stamp(out, file.metrics_since);
    out.number(file.items.size());
    for (const auto& item : file.items) {
      out.text(item.text);
      out.text(item.section);
      out.flag(item.ticked);
      write_optional_stamp(out, item.tick);
      write_optional_stamp(out, item.original);
      out.text(item.status);
      out.text(item.said_before);
    }
    out.number(file.entries.size());
    for (const auto& entry : file.entries) {
      out.text(entry.title);
      write_stamp(out, entry.appeared);
      write_optional_stamp(out, entry.removed);
      write_optional_stamp(out, entry.removed_original);
      out.text(entry.text);
    }
  }
  out.number(checkpoint.departed.size());
  for (const auto& [path, departure] : checkpoint.departed) {
    out.text(path);
    out.text(departure.to);
    write_stamp(out, departure.commit);
  }
  return out.take();
}

} // namespace

std::string encode_checkpoint(const Checkpoint& checkpoint, std::string_view key)
{
  return util::seal_cache(k_magic, encode_payload(checkpoint, key));
}

namespace {

std::optional<Checkpoint> decode_payload(std::string_view payload, std::string_view key)
{
  util::ByteReader in(payload);
  if (in.text() != key) {
    return std::nullopt;
  }
  Checkpoint checkpoint;
  checkpoint.head = in.text();
  checkpoint.commits = static_cast<size_t>(in.number());
  checkpoint.oldest = in.text();
  for (size_t files = in.count(k_least_file); files > 0; --files) {
    const std::string path = in.text();
    FileHistory file;
    file.added = read_optional_stamp(in);
    file.edited = read_optional_stamp(in);
    file.edited_path = in.text();
    file.metrics_since = read_optional_stamp(in);
    for (size_t items = in.count(k_least_item); items > 0; --items) {
      ItemHistory item;
      item.text = in.text();
      item.section = in.text();
      item.ticked = in.flag();
      item.tick = read_optional_stamp(in);
      item.original = read_optional_stamp(in);
      item.status = in.text();
      item.said_before = in.text();
      file.items.push_back(std::move(item));
    }
    for (size_t entries = in.count(k_least_entry); entries > 0; --entries) {
      EntryHistory entry;
      entry.title = in.text();
      entry.appeared = read_stamp(in);
      entry.removed = read_optional_stamp(in);
      entry.removed_original = read_optional_stamp(in);
      entry.text = in.text();
      file.entries.push_back(std::move(entry));
    }
    checkpoint.files.emplace(path, std::move(file));
  }
  for (size_t departed = in.count(k_least_departure); departed > 0; --departed) {
    std::string path = in.text();
    Departure departure;
    departure.to = in.text();
    departure.commit = read_stamp(in);
    checkpoint.departed.emplace(std::move(path), std::move(departure));
  }
  if (!in.ok() || checkpoint.head.empty()) {
    return std::nullopt;
  }
  return checkpoint;
}

} // namespace

std::optional<Checkpoint> decode_checkpoint_payload(std::string_view payload, std::string_view key)
{
  return decode_payload(payload, key);
}

std::optional<Checkpoint> decode_checkpoint(std::string_view bytes, std::string_view key)
{
  const auto payload = util::unseal_cache(bytes, k_magic);
  return payload ? decode_payload(*payload, key) : std::nullopt;
}

std::optional<std::filesystem::path> cache_folder(const std::string& root)
{
  libgit2();
  git_repository* raw_repository = nullptr;
  if (git_repository_open_ext(&raw_repository, root.c_str(), 0, nullptr) != 0) {
    return std::nullopt;
  }
  RepositoryPtr repository(raw_repository);
  if (git_repository_is_bare(repository.get())) {
    return std::nullopt;
  }
  return cache_folder_in(git_repository_path(repository.get()));
}

std::filesystem::path cache_folder_in(const std::filesystem::path& git_directory)
{
  return git_directory / "rollout-audit";
}

std::filesystem::path checkpoint_path(const std::filesystem::path& cache_folder, std::string_view key)
{
  return cache_folder / fmt::format("history-{:016x}.bin", util::fnv1a(key));
}

std::optional<Checkpoint> load_checkpoint(const std::filesystem::path& file, std::string_view key)
{
  const auto bytes = util::read_cache_file(file, k_magic);
  return bytes ? decode_payload(bytes->payload(), key) : std::nullopt;
}

void store_checkpoint(const std::filesystem::path& file, std::string_view key, const Checkpoint& checkpoint)
{
  util::write_cache_file(file, k_magic, encode_payload(checkpoint, key));
}

} // namespace history
