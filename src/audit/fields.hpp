#pragma once

#include "audit/facts.hpp"
#include "audit/rule.hpp"
#include "audit/template.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace audit {

// The rule's metadata file (its `sidecar:`) as of one moment.
struct Metadata
{
  std::string path;    // as built from the rule's template; empty when the rule names none or it cannot be built
  std::string problem; // why it gives no values ("metadata file `x/meta.yaml` is missing"); empty when it does
  YAML::Node root;
};

// What a template's fields stand for in one document as of one moment: now, or the commit that ticked a box.
class DocumentFields : public FieldValues
{
public:
  DocumentFields(const DocumentFacts& document, YAML::Node front, std::string front_problem, Metadata metadata);

  // The box the stage fields are about: an index into the document's items, -1 for none.
  void set_item(int item);
  util::Expected<std::string> value(const Field& field) const override;

private:
  const DocumentFacts* m_document;
  YAML::Node m_front;
  std::string m_front_problem;
  Metadata m_metadata;
  int m_stage = -1;
  bool m_item = false;
};

// The fields as of `when` (through Timeline::file_at): the checklist's front matter and the rule's metadata
// file as they were in the commit of `when`, or as audited now for what is not committed. Nullopt when that
// commit's files cannot be read.
std::optional<DocumentFields> fields_as_of(const Facts& facts, const Rule& rule, const DocumentFacts& document, const Stamp& when);

// Now: the audited files.
DocumentFields fields_now(const Facts& facts, const Rule& rule, const DocumentFacts& document);

// The scalar at a dotted key ("approvals.ramp.approver"); nullopt when there is none or it is empty.
std::optional<std::string> scalar_at(const YAML::Node& root, std::string_view dotted);

// Whether every condition holds for these values; a value the document lacks fails its condition.
bool where_holds(const std::vector<WhereCondition>& where, const FieldValues& values);

} // namespace audit
