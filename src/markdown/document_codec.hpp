#pragma once

#include "markdown/document.hpp"
#include "util/binary.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace markdown {

// A parsed document as bytes and back, for the facts cache: a file whose bytes did not change since
// the last run is not parsed again. Everything parse_document produced comes back, the front matter's YAML
// tree included (rebuilt from its text).
void encode_document(const Document& document, util::ByteWriter& out);
std::optional<Document> decode_document(util::ByteReader& in);

} // namespace markdown
