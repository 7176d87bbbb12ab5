// markdown::split_front_matter: the "---" fences, then YAML with line numbers of the original file.
#include "fuzz_common.hpp"

#include "markdown/front_matter.hpp"
#include "util/yaml.hpp"

#include <functional>

namespace {

// Walks the tree the way a check would, every alias expanded: what a document's front matter lets its
// readers in for. util::YamlLimits promises this stays bounded.
size_t expanded_nodes(const YAML::Node& node, int depth)
{
  fuzz_support::require(depth <= util::YamlLimits{}.max_nesting + 1, "front matter nests deeper than the limit");
  size_t count = 1;
  if (node.IsMap()) {
    for (const auto& entry : node) {
      count += expanded_nodes(entry.first, depth + 1) + expanded_nodes(entry.second, depth + 1);
      fuzz_support::require(count <= 4 * util::YamlLimits{}.max_nodes, "front matter expands past the limit");
    }
  } else if (node.IsSequence()) {
    for (const auto& element : node) {
      count += expanded_nodes(element, depth + 1);
      fuzz_support::require(count <= 4 * util::YamlLimits{}.max_nodes, "front matter expands past the limit");
    }
  }
  return count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto split = markdown::split_front_matter(fuzz_support::bytes(data, size));
  const auto& front = split.front_matter;
  if (front.present) {
    fuzz_support::require(front.first_line == 1 && front.last_line > front.first_line, "fences out of order");
    if (front.error) {
      fuzz_support::require(front.error->line >= front.first_line && front.error->line <= front.last_line,
                            "front matter error outside the fences");
    } else {
      for (const auto& field : front.fields) {
        fuzz_support::require(field.line > front.first_line && field.line < front.last_line, "field outside the fences");
        (void)front.field(field.key);
      }
      if (front.root()) {
        expanded_nodes(front.root(), 0);
      }
    }
  }
  return 0;
}
