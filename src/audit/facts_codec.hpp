#pragma once

#include "audit/facts.hpp"
#include "util/binary.hpp"

#include <optional>
#include <string_view>

namespace audit {

// The format of the facts cache's file (util::RecordCache): bumped whenever an encoded record changes.
constexpr std::string_view k_facts_cache_format = "rollout-audit facts cache 6\n";

// What a document yields on its own as bytes and back, for the facts cache: a file whose bytes did not
// change since the last run is neither parsed nor searched for stages, thresholds and figures again.
// The path is not encoded (the same bytes give the same facts wherever they are); ticks and the evidence
// cache are the run's own. Indices are checked on the way back: a damaged record that still passed the
// file's checksum must not lead out of bounds.
void encode_derived_document(const DerivedDocument& derived, util::ByteWriter& out);
std::optional<DerivedDocument> decode_derived_document(util::ByteReader& in);

} // namespace audit
