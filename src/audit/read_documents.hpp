#pragma once

#include "audit/facts.hpp"
#include "history/history.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace audit {

// How many documents are read, parsed and derived at a time: a large tree's texts and parse trees are held a
// chunk at a time, not all at once.
inline constexpr size_t k_read_chunk = 256;

// build_facts in two steps, so that what needs no timeline is done while history is read: the documents
// read, parsed and derived here, then dated and related (build_facts below). The history walk, on another
// thread meanwhile, meets most of these documents' bytes again: it takes their parses (find), and parses a
// document it reaches first itself, for both. Each document is claimed by one thread at a time.
class ReadDocuments final : public history::ParsedBlobs
{
public:
  // Lists the documents to read; `threads` 0 is one per core.
  ReadDocuments(const corpus::Corpus& corpus,
                const config::Config& config,
                const vocabulary::Vocabulary& words,
                const util::PathScope& audited,
                unsigned threads = 0,
                util::RecordCache* cache = nullptr);
  ReadDocuments(ReadDocuments&&) noexcept;
  ReadDocuments& operator=(ReadDocuments&&) noexcept;
  ~ReadDocuments() override;

  // Reads, parses and derives every document (those the walk parsed are waited for, not parsed again).
  void read();
  // history::ParsedBlobs, for the walk while read() runs: a document whose bytes on disk are the blob's, as
  // parsed here; nullptr for other blobs, and where the file system cannot be read from two threads.
  const markdown::Document* find(const std::string& id, const history::BlobBytes& bytes) override;
  bool knows(const std::string& id) override;
  // Documents parsed so far, by either thread (for tests).
  size_t parses() const;

  // For build_facts, once read: the facts so far (the documents not among them yet), and per candidate, in
  // the corpus's order, what it yields (empty where it could not be read).
  Facts take_facts();
  std::vector<std::optional<DerivedDocument>> take_documents();
  const std::vector<DocumentCandidate>& candidates() const;
  unsigned threads() const;

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// ReadDocuments listed and read.
ReadDocuments read_documents(const corpus::Corpus& corpus,
                             const config::Config& config,
                             const vocabulary::Vocabulary& words,
                             const util::PathScope& audited,
                             unsigned threads = 0,
                             util::RecordCache* cache = nullptr);

// The documents dated through the timeline, classified and related (audit/facts.cpp).
Facts build_facts(ReadDocuments read, const Timeline& timeline);

} // namespace audit
