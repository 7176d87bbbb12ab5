#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace markdown {

struct FrontMatterField
{
  std::string key;
  std::string value; // the scalar as written; empty for maps and sequences
  int line = 0;      // 1-based line in the original file
  int column = 0;    // 1-based
};

struct FrontMatterError
{
  int line = 0; // original file line
  int column = 0;
  std::string message;
};

struct FrontMatter
{
  FrontMatter() = default;
  FrontMatter(const FrontMatter&) = default;
  // yaml-cpp's Node has no move constructor and a copy (a shared pointer and a flag) not declared
  // noexcept; without this, a vector of documents copies every document whole each time it grows.
  FrontMatter(FrontMatter&&) noexcept = default;
  FrontMatter& operator=(const FrontMatter&) = default;
  FrontMatter& operator=(FrontMatter&&) = default;

  bool present = false;  // the file opens with a "---" fence that is closed later
  int first_line = 0;    // the opening fence
  int last_line = 0;     // the closing fence ("---" or "...")
  std::string yaml_text; // between the fences
  std::vector<FrontMatterField> fields; // top-level keys in order
  std::optional<FrontMatterError> error;

  const FrontMatterField* field(std::string_view key) const;

  // The YAML tree: a map when parsed, a null node for absent or broken front matter. A document read back
  // from the facts cache builds it from yaml_text on first use: few checks look at it, and parsing
  // every document's YAML again would cost a warm run more than the rest.
  const YAML::Node& root() const;
  void set_root(const YAML::Node& node);
  // Left to be built from yaml_text on first use (the facts cache).
  void defer_root();

private:
  // Made on first use: assigning to a yaml-cpp Node allocates a node even for a null one, and documents are
  // moved into place by assignment.
  mutable std::optional<YAML::Node> m_root;
  mutable bool m_root_deferred = false;
};

struct SplitDocument
{
  FrontMatter front_matter;
  // The Markdown after the front matter is `blank_lines` empty lines (where the front matter stood, so
  // cmark's line numbers are those of the original file) and then `rest`, a view into the bytes: the
  // file is not copied.
  int blank_lines = 0;
  std::string_view rest;

  std::string body() const;
};

// Splits YAML front matter off before cmark sees it (cmark would read "---" as a rule or a heading) and
// parses it; the result's `rest` points into `bytes`. A "---" fence that is never closed is not front matter. A UTF-8 BOM before the fence is
// allowed. Never throws: YAML errors land in front_matter.error with original-file lines.
SplitDocument split_front_matter(std::string_view bytes);

// How many lines split_front_matter would blank (the fences and what stands between them), without parsing
// the YAML: for readers that only skip it.
int front_matter_lines(std::string_view bytes);

} // namespace markdown
