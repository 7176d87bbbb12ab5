// The caches under .git/rollout-audit: what a damaged file that still passed its checksum would feed the
// decoders. A decoded document, or a document's derived facts, must be one later code can index without
// checking; a decoded checkpoint must encode back to what decodes the same.
#include "fuzz_common.hpp"

#include "audit/facts_codec.hpp"
#include "history/cache.hpp"
#include "markdown/document_codec.hpp"
#include "util/binary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view bytes = fuzz_support::bytes(data, size);
  util::ByteReader in(bytes);
  if (const auto document = markdown::decode_document(in)) {
    for (size_t i = 0; i < document->items.size(); ++i) {
      const auto& item = document->items[i];
      fuzz_support::require(item.section < static_cast<int>(document->sections.size()), "item's section out of range");
      fuzz_support::require(item.parent_item < static_cast<int>(i), "item's parent after it");
    }
    for (const auto& block : document->blocks) {
      fuzz_support::require(block.item < static_cast<int>(document->items.size()), "block's item out of range");
    }
    (void)document->front_matter.root();
    util::ByteWriter out;
    markdown::encode_document(*document, out);
    const std::string again = out.take();
    util::ByteReader reread(again);
    fuzz_support::require(markdown::decode_document(reread).has_value() && reread.ok(), "a decoded document does not round-trip");
  }
  util::ByteReader facts_in(bytes);
  if (const auto derived = audit::decode_derived_document(facts_in)) {
    const auto& facts = derived->facts;
    fuzz_support::require(facts.item_stages.size() == facts.document.items.size(), "item stages do not match the items");
    for (int stage : facts.item_stages) {
      fuzz_support::require(stage < static_cast<int>(facts.stages.size()), "item's stage out of range");
    }
    util::ByteWriter out;
    audit::encode_derived_document(*derived, out);
    const std::string again = out.take();
    util::ByteReader reread(again);
    fuzz_support::require(audit::decode_derived_document(reread).has_value() && reread.ok(), "derived facts do not round-trip");
  }
  if (const auto checkpoint = history::decode_checkpoint_payload(bytes, "key")) {
    const std::string sealed = history::encode_checkpoint(*checkpoint, "key");
    const auto again = history::decode_checkpoint(sealed, "key");
    fuzz_support::require(again && history::encode_checkpoint(*again, "key") == sealed, "a checkpoint does not round-trip");
  }
  return 0;
}
