#include "audit/read_documents.hpp"

#include "audit/facts_codec.hpp"
#include "corpus/index_file_system.hpp"
#include "evidence/items.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace audit {

namespace {

// Who reads a document: nobody yet, one thread now (the walk's or a reader's), or done.
constexpr int k_open = 0;
constexpr int k_busy = 1;
constexpr int k_done = 2;

// The word sets a parse needs (deriving_warmers), built by whoever is free once a document is to be parsed: a
// thread of their own (started beside the file reads when nothing can come from a cache), then each thread
// about to parse. Built one by one as the readers asked for them, they kept a reader waiting while another
// built (milliseconds each, tens of patterns), with a core idle; a run whose documents all come from the
// cache builds none. A failure here is left to the readers, which build the set again where they ask for it
// and report it.
class Warming
{
public:
  explicit Warming(const vocabulary::Vocabulary& words) : m_words(words), m_warmers(deriving_warmers()) {}

  // Once, when some document is to be parsed: a thread that builds until no set is left.
  void start()
  {
    std::call_once(m_started, [this] {
      try {
        m_thread = std::jthread([this] { help(); });
      } catch (const std::system_error&) {
        // no thread to be had: the readers build them
      }
    });
  }

  // Builds sets nobody has taken yet. A set taken by another is left to it: who needs it waits where it asks.
  void help()
  {
    for (size_t i = m_next++; i < m_warmers.size(); i = m_next++) {
      try {
        m_warmers[i](m_words);
      } catch (...) {
      }
    }
  }

private:
  const vocabulary::Vocabulary& m_words;
  const std::vector<vocabulary::Warmer> m_warmers;
  std::atomic<size_t> m_next{0};
  std::once_flag m_started;
  std::jthread m_thread; // last: joined before the rest goes
};

} // namespace

struct ReadDocuments::State
{
  Facts facts; // all but the timeline and what depends on it
  std::vector<DocumentCandidate> candidates;
  // Per candidate; each written only by the thread holding its claim, read by others once it is done.
  std::vector<std::optional<DerivedDocument>> derived;
  std::vector<std::string> record_ids; // in the facts cache; empty until the bytes' identity is known
  std::vector<char> named_by_files;    // record_ids known before any read (git's blob ids); never written after
  std::vector<char> from_cache;        // known clean and not read
  std::vector<char> parsed;            // parsed in this run from bytes as they are (not repaired, not cached)
  std::vector<std::atomic<int>> claims;
  std::atomic<size_t> parses{0};
  util::RecordCache* cache = nullptr;
  unsigned threads = 1;
  markdown::ParseOptions options;
  // The candidates by the git blob id of their bytes on disk, for the walk; found by its thread, once.
  std::once_flag named_once;
  std::unordered_map<std::string, size_t> named;
  std::unique_ptr<Warming> warming; // last: its thread is joined before anything above is destroyed

  bool claim(size_t i)
  {
    int open = k_open;
    return claims[i].compare_exchange_strong(open, k_busy);
  }
  // `clean`: the corpus reported nothing of the file, so what is derived may be cached.
  void derive(size_t i, std::string_view text, bool clean);
  bool from_record(size_t i);
  void read_chunk(size_t begin, size_t end);
  void name_candidates();
};

namespace {

// Ends a claim: done, or given back (a failure, an exception) for another thread to read the document.
class Claim
{
public:
  explicit Claim(std::atomic<int>& state) : m_state(state) {}
  Claim(const Claim&) = delete;
  Claim& operator=(const Claim&) = delete;
  ~Claim()
  {
    m_state.store(m_done ? k_done : k_open);
    m_state.notify_all();
  }
  void done()
  {
    m_done = true;
  }

private:
  std::atomic<int>& m_state;
  bool m_done = false;
};

} // namespace

void ReadDocuments::State::derive(size_t i, std::string_view text, bool clean)
{
  const vocabulary::Vocabulary& words = *facts.vocabulary;
  const std::string& path = candidates[i].file->path;
  warming->start();
  warming->help();
  derived[i] = derive_candidate(words, candidates[i], evidence::read_document(words, path, text, options));
  // A repaired text (invalid UTF-8 read as U+FFFD) is not the blob's bytes: the walk parses those itself.
  parsed[i] = clean ? 1 : 0;
  ++parses;
  if (cache) {
    if (record_ids[i].empty()) {
      record_ids[i] = record_id(util::content_id_of(text), candidates[i]);
    }
    if (clean) {
      util::ByteWriter out;
      encode_derived_document(*derived[i], out);
      cache->insert(record_ids[i], out.take());
    }
  }
}

bool ReadDocuments::State::from_record(size_t i)
{
  const auto record = cache->find(record_ids[i]);
  if (!record) {
    return false;
  }
  util::ByteReader in(*record);
  derived[i] = decode_derived_document(in);
  if (!derived[i] || !in.ok()) {
    derived[i].reset();
    cache->reject(record_ids[i]);
    return false;
  }
  return true;
}

// The corpus is read here, on this thread, a chunk of files at a time (so only a chunk's texts are held at
// once); the documents are parsed and derived on all cores; what depends on the order (diagnostics) is
// taken in document order afterwards.
void ReadDocuments::State::read_chunk(size_t begin, size_t end)
{
  const corpus::Corpus& corpus = *facts.corpus;
  if (cache) {
    // Files named without a read (git's blob ids) come from the cache a chunk at a time too: whole
    // documents are held only until their facts are derived.
    util::for_each_index(end - begin, threads, [&](size_t n) {
      const size_t i = begin + n;
      if (named_by_files[i] && claim(i)) {
        Claim held(claims[i]);
        if (from_record(i)) {
          from_cache[i] = 1;
          held.done();
        }
      }
    });
  }
  std::vector<std::string_view> paths;
  std::vector<size_t> unread;
  for (size_t i = begin; i < end; ++i) {
    if (claims[i].load() == k_open) {
      paths.push_back(candidates[i].file->path);
      unread.push_back(i);
    }
  }
  if (!unread.empty() && !cache) {
    warming->start(); // beside the reads below: every document read is parsed
  }
  const std::vector<const std::string*> texts = corpus.preload(paths);
  util::for_each_index(unread.size(), threads, [&](size_t n) {
    const size_t i = unread[n];
    if (!texts[n] || !claim(i)) {
      return; // unreadable (reported below), or the walk took it
    }
    Claim held(claims[i]);
    if (cache && record_ids[i].empty()) {
      record_ids[i] = record_id(util::content_id_of(*texts[n]), candidates[i]);
      if (from_record(i)) {
        held.done();
        return;
      }
    }
    derive(i, *texts[n], !corpus.had_problem(candidates[i].file->path));
    held.done();
  });
  for (size_t i = begin; i < end; ++i) {
    const std::string& path = candidates[i].file->path;
    const std::string* text = from_cache[i] ? nullptr : corpus.text(path); // reports what is wrong, in order
    claims[i].wait(k_busy); // the walk reading it
    if (claim(i)) {
      // Nobody read it: unreadable, or given back by the walk. Done either way, so the walk never reads a
      // document after its diagnostics were taken.
      Claim held(claims[i]);
      if (text) {
        derive(i, *text, !corpus.had_problem(path));
      }
      held.done();
    }
    if (!from_cache[i]) {
      corpus.release(path);
    }
    if (derived[i]) {
      for (const auto& note : derived[i]->facts.document.notes) {
        corpus.add_diagnostic({path, note.line, 0, note.message, true}); // the only notes are limit hits
      }
    }
  }
}

// The walk's names for the documents: the blob ids of their bytes on disk. Asked for on the walk's thread,
// which waits for them, so they are found on all cores (beside the readers, which have time to spare).
void ReadDocuments::State::name_candidates()
{
  std::vector<std::string> ids(candidates.size());
  util::for_each_index(candidates.size(), threads, [&](size_t i) {
    const std::string& path = candidates[i].file->path;
    // A staged file's content id is its blob's: named without reading and hashing its bytes again.
    const auto content = facts.corpus->content_id(path);
    if (content && content->starts_with(corpus::k_staged_blob_prefix)) {
      ids[i] = history::blob_id_of_hex(std::string_view(*content).substr(corpus::k_staged_blob_prefix.size()));
    } else if (const auto bytes = facts.corpus->read_apart(path)) {
      ids[i] = history::blob_id_of(*bytes);
    }
  });
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!ids[i].empty()) {
      named.try_emplace(std::move(ids[i]), i);
    }
  }
}

ReadDocuments::ReadDocuments(const corpus::Corpus& corpus,
                             const config::Config& config,
                             const vocabulary::Vocabulary& words,
                             const util::PathScope& audited,
                             unsigned threads,
                             util::RecordCache* cache)
  : m_state(std::make_unique<State>())
{
  Facts& facts = m_state->facts;
  facts.text_slugs->cache = cache;
  facts.corpus = &corpus;
  facts.config = &config;
  facts.vocabulary = &words;
  m_state->candidates = find_candidates(corpus, audited, facts);
  const size_t count = m_state->candidates.size();
  m_state->derived.resize(count);
  m_state->record_ids.resize(count);
  m_state->from_cache.assign(count, 0);
  m_state->named_by_files.assign(count, 0);
  m_state->parsed.assign(count, 0);
  m_state->claims = std::vector<std::atomic<int>>(count);
  m_state->cache = cache;
  m_state->threads = threads == 0 ? util::default_threads() : threads;
  m_state->options = markdown::ParseOptions{config.limits.max_nesting};
  m_state->warming = std::make_unique<Warming>(words);
  if (cache) {
    for (size_t i = 0; i < count; ++i) {
      if (const auto content_id = corpus.content_id(m_state->candidates[i].file->path)) {
        m_state->record_ids[i] = record_id(*content_id, m_state->candidates[i]);
        m_state->named_by_files[i] = 1;
      }
    }
  }
}

ReadDocuments::ReadDocuments(ReadDocuments&&) noexcept = default;
ReadDocuments& ReadDocuments::operator=(ReadDocuments&&) noexcept = default;
ReadDocuments::~ReadDocuments() = default;

void ReadDocuments::read()
{
  const size_t count = m_state->candidates.size();
  for (size_t begin = 0; begin < count; begin += k_read_chunk) {
    m_state->read_chunk(begin, std::min(count, begin + k_read_chunk));
  }
}

bool ReadDocuments::knows(const std::string& id)
{
  State& s = *m_state;
  std::call_once(s.named_once, [&]() { s.name_candidates(); });
  return s.named.contains(id);
}

const markdown::Document* ReadDocuments::find(const std::string& id, const history::BlobBytes& bytes)
{
  State& s = *m_state;
  std::call_once(s.named_once, [&]() { s.name_candidates(); });
  const auto found = s.named.find(id);
  if (found == s.named.end()) {
    return nullptr;
  }
  const size_t i = found->second;
  if (s.claim(i)) {
    Claim held(s.claims[i]);
    // The blob's bytes are the file's (the same id): read as the corpus would read them, they are its text
    // unless it would report them (a NUL byte, invalid UTF-8), which a reader then does.
    const auto blob = bytes();
    if (!blob || blob->find('\0') != std::string_view::npos || util::find_invalid_utf8(*blob)) {
      return nullptr;
    }
    s.derive(i, *blob, true);
    held.done();
  }
  s.claims[i].wait(k_busy);
  if (s.claims[i].load() != k_done || !s.parsed[i] || !s.derived[i] || !s.derived[i]->facts.document.notes.empty()) {
    return nullptr; // read from the cache, given back, or a limit hit the walk's own parse would not
  }
  return &s.derived[i]->facts.document;
}

size_t ReadDocuments::parses() const
{
  return m_state->parses.load();
}

ReadDocuments read_documents(const corpus::Corpus& corpus,
                             const config::Config& config,
                             const vocabulary::Vocabulary& words,
                             const util::PathScope& audited,
                             unsigned threads,
                             util::RecordCache* cache)
{
  ReadDocuments documents(corpus, config, words, audited, threads, cache);
  documents.read();
  return documents;
}


Facts ReadDocuments::take_facts()
{
  return std::move(m_state->facts);
}

std::vector<std::optional<DerivedDocument>> ReadDocuments::take_documents()
{
  return std::move(m_state->derived);
}

const std::vector<DocumentCandidate>& ReadDocuments::candidates() const
{
  return m_state->candidates;
}

unsigned ReadDocuments::threads() const
{
  return m_state->threads;
}

} // namespace audit
