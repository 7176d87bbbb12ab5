#pragma once

#include "util/expected.hpp"
#include "vocabulary/concepts.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

namespace vocabulary {

// One word or phrase of a concept. `text` is an RE2 pattern matched without regard to case, at word
// boundaries where the concept's mechanism says so; a space stands for any run of white space; groups must
// not capture (the mechanisms capture what they read).
struct Entry
{
  std::string text;
  std::string origin; // "rules/default.yaml:120:7": where it was written, for `rollout-audit vocabulary`
};

struct Group
{
  std::string name;
  std::vector<Entry> entries;
};

// What one `vocabulary:` section (of a rule pack or the configuration) does to each concept it names: a
// list adds to a concept's entries; {add, replace, remove} says which. For concepts of groups, the same per
// group.
struct Edit
{
  std::vector<Entry> add;
  std::vector<Entry> remove;
  bool replace = false; // the entries are `add` alone
};

struct ConceptEdit
{
  Concept which;
  std::vector<std::pair<std::string, Edit>> groups; // in the order written; "" for a list concept
};

struct Layer
{
  std::string path;
  std::vector<ConceptEdit> edits;
};

// Whether parse_layer compiles each entry to prove it a pattern (a team's pack, a configuration), or takes
// that as proven: the built-in pack's entries, proven by its test, would otherwise be compiled once to be
// checked and again into the concepts' patterns on every run.
enum class EntryPatterns
{
  compile,
  proven,
};

// Validates a `vocabulary:` map: unknown concepts, groups and placeholders, wrong shapes and patterns that do
// not compile are errors "path:line:col: ..." with "did you mean" where a name is close.
util::Expected<Layer> parse_layer(std::string_view path, const YAML::Node& node, EntryPatterns patterns = EntryPatterns::compile);

// The effective vocabulary: the default pack's layer, then each team pack's, then the configuration's.
// Immutable once assembled, and shared by every thread of a run.
class Vocabulary
{
public:
  // `layers.front()` must name every concept (the default pack); a later `remove` of an entry that is not
  // there is an error.
  static util::Expected<Vocabulary> assemble(const std::vector<Layer>& layers);

  // The entries of a list concept, or of every group of a groups concept, in order.
  const std::vector<Entry>& entries(Concept which) const;
  // The entries of several concepts, in the order given: concepts one mechanism reads as one list (record-verbs
  // and update-verbs both write into the file they name).
  std::vector<Entry> entries(std::initializer_list<Concept> which) const;
  const std::vector<Group>& groups(Concept which) const;

  // A digest of every entry (not of where it came from): part of every cache key, since what is recognised
  // decides what a document yields.
  const std::string& digest() const { return m_digest; }

  // Something built once from the vocabulary (a set of compiled patterns) by the layer that needs it: T has
  // a constructor taking the vocabulary. Safe to call from every thread.
  // Each is built under its own flag, outside the lock that finds it: a thread building one (tens of patterns,
  // milliseconds) keeps no other thread from the ones already built or from building another.
  template<typename T>
  const T& derived() const
  {
    Slot& slot = m_derived->slot(std::type_index(typeid(T)));
    std::call_once(slot.built, [&] { slot.object = std::make_shared<const T>(*this); });
    return *static_cast<const T*>(slot.object.get());
  }

  // How many sets derived<T> has been asked for so far: what a test reads to see that a warm-up left no set for
  // the readers to build.
  size_t derived_count() const
  {
    const std::lock_guard lock(m_derived->mutex);
    return m_derived->slots.size();
  }

private:
  struct Slot
  {
    std::once_flag built;
    std::shared_ptr<const void> object;
  };
  struct Derived
  {
    std::mutex mutex;
    std::map<std::type_index, Slot> slots; // a map's elements stay where they are built
    Slot& slot(std::type_index type)
    {
      const std::lock_guard lock(mutex);
      return slots.try_emplace(type).first->second;
    }
  };

  std::vector<std::vector<Group>> m_groups; // by Concept; a list concept has one group named ""
  std::vector<std::vector<Entry>> m_flat;   // every group's entries, by Concept
  std::string m_digest;
  std::shared_ptr<Derived> m_derived = std::make_shared<Derived>();
};

// Builds one derived set ahead of its users: a layer lists the sets its work will ask for (warm<ItemWords>, ...),
// and a caller builds them on all cores at once, rather than each reader stopping at the first it lacks while
// one thread builds it.
using Warmer = void (*)(const Vocabulary&);
template<typename T>
void warm(const Vocabulary& words)
{
  words.derived<T>();
}

// An entry or a concept's entries as one RE2 alternation, with spaces standing for white space and
// placeholders replaced by `fill` (for `{n}` and the like): "(?:a|b\s+c)". Entries keep their order, which
// decides between alternatives that match at the same place.
std::string pattern_of(const Entry& entry, const std::map<std::string, std::string, std::less<>>& fill = {});
std::string alternation(const std::vector<Entry>& entries, const std::map<std::string, std::string, std::less<>>& fill = {});

// The text `rollout-audit vocabulary` prints: each concept with its description, groups and entries, and
// where each entry came from.
std::string describe(const Vocabulary& vocabulary);

} // namespace vocabulary
