// The caches under .git/rollout-audit: what a damaged file that still passed its checksum would feed the
// decoders. A decoded document must be one later code can index without checking; a decoded checkpoint
// must encode back to what decodes the same.
#include "fuzz_common.hpp"

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
  if (const auto checkpoint = history::decode_checkpoint_payload(bytes, "key")) {
    const std::string sealed = history::encode_checkpoint(*checkpoint, "key");
    const auto again = history::decode_checkpoint(sealed, "key");
    fuzz_support::require(again && history::encode_checkpoint(*again, "key") == sealed, "a checkpoint does not round-trip");
  }
  return 0;
}
