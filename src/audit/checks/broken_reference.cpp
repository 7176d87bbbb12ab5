#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"
#include "audit/kinds.hpp"
#include "audit/reference_history.hpp"
#include "audit/reference_intent.hpp"
#include "audit/reference_source.hpp"
#include "audit/reference_target.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>

namespace audit::checks {

namespace {

bool is_bare(std::string_view target)
{
  return target.find('/') == std::string_view::npos;
}

// "(looked for `docs/runbooks/a.md` and `a.md`)", and everywhere for a bare name.
std::string looked_for(const DocumentFacts& document, std::string_view target)
{
  const auto relative = util::normalize_relative(util::join_path(util::dirname(document.path), target));
  const auto from_root = util::normalize_relative(target);
  std::vector<std::string> places;
  if (relative) {
    places.push_back(fmt::format("`{}`", *relative));
  }
  if (from_root && from_root != relative) {
    places.push_back(fmt::format("`{}`", *from_root));
  }
  if (is_bare(target)) {
    places.emplace_back("any file of that name in the repository");
  }
  std::string text;
  for (size_t i = 0; i < places.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == places.size() ? " and " : ", ") + places[i];
  }
  return text;
}

// "moved to `b` in commit X at T, then to `c` in commit Y at T"; "was deleted in commit X at T".
std::string describe_moves(const std::vector<Move>& moves)
{
  std::string text;
  for (size_t i = 0; i < moves.size(); ++i) {
    const auto& move = moves[i];
    text += i == 0 ? "" : ", then ";
    text += move.to.empty() ? fmt::format("was deleted {}", describe_stamp(move.stamp))
                            : fmt::format("{} `{}` {}", i == 0 ? "moved to" : "to", move.to, describe_stamp(move.stamp));
  }
  return text;
}

std::string missing_message(const DocumentFacts& document, const markdown::Reference& reference, const Whereabouts& where)
{
  if (!where.moves.empty() && where.moves.back().to.empty() && !where.now_at.empty()) {
    return fmt::format("`{}` does not exist: git history shows it {}; the only file of that name now is `{}`{}; point the reference there",
                       reference.target, describe_moves(where.moves), where.now_at,
                       where.copy_added ? " (added " + describe_stamp(*where.copy_added) + ")" : "");
  }
  if (!where.moves.empty()) {
    return fmt::format("`{}` does not exist: git history shows it {}; {}", reference.target, describe_moves(where.moves),
                       where.now_at.empty() ? "fix the path or drop the reference" : "point the reference there");
  }
  const std::string looked = looked_for(document, reference.target);
  if (!where.did_you_mean.empty()) {
    return fmt::format("`{}` does not exist (looked for {}); did you mean `{}`?", reference.target, looked, where.did_you_mean);
  }
  return fmt::format("`{}` does not exist (looked for {}); fix the path or add the document", reference.target, looked);
}

// How a document's references are judged. A record says what was true when it was written: with history, as
// of the commit that last changed its words (from where it stood then), and only where the message can say
// more than "missing" (a link, or a path history saw leave); without history, only its links, as notes.
// Other documents are judged as of now.
struct Judged
{
  bool record = false;
  bool history = false;
  std::optional<LastEdit> as_of; // a record's last edit, when history knows it
  const evidence::WorkLog* log = nullptr; // a record that is a work log: each entry is as of when it appeared
  bool plans_ahead = false;               // a document of work to come: what it names may be what it will write
};

Judged judged(const Facts& facts, const DocumentFacts& document)
{
  Judged how;
  how.record = document.kind == config::Kind::record;
  how.history = facts.timeline->has_history();
  how.plans_ahead = plans_ahead(*facts.vocabulary, document);
  if (how.record && how.history) {
    how.as_of = facts.timeline->last_edit(document.path); // nullopt: a record not committed yet, written now
    for (const auto& log : facts.work_logs) {
      how.log = log.path == document.path ? &log : how.log;
    }
  }
  return how;
}

// A work log's reference as of the entry holding it: an append-only log is edited daily, its old entries not.
std::optional<Stamp> entry_written(const Facts& facts, const Judged& how, int line)
{
  if (!how.log) {
    return std::nullopt;
  }
  for (const auto& entry : how.log->entries) {
    if (entry.line <= line && line <= std::max(entry.line, entry.last_line)) {
      auto stamp = facts.timeline->entry_added(how.log->path, entry);
      return stamp && stamp->committed ? stamp : std::nullopt;
    }
  }
  return std::nullopt;
}

// Whether the record already held the reference's line, word for word, just before its target left: the line
// was written while the target stood there, whatever later edits changed elsewhere in the record (an archived
// plan touched once more, a session note with a follow-up). The record may have had another path then.
bool held_before_it_left(const Facts& facts, const DocumentFacts& document, const markdown::Reference& reference, std::string_view line)
{
  const std::string_view text = util::trim(line);
  if (text.empty()) {
    return false;
  }
  std::vector<std::string> paths{document.path};
  const auto earlier = facts.timeline->earlier_paths(document.path);
  paths.insert(paths.end(), earlier.begin(), earlier.end());
  const auto left = target_left(facts, paths, reference.target);
  if (!left) {
    return false;
  }
  for (const auto& path : paths) {
    const FileAt before = facts.timeline->file_before(path, *left);
    if (before.exists && before.text) {
      return before.text->find(text) != std::string::npos;
    }
  }
  return false;
}

// The vocabulary's done-lists, compiled once per run.
struct DoneListWords
{
  explicit DoneListWords(const vocabulary::Vocabulary& words)
    : pattern("(?i)\\b(?:" + vocabulary::alternation(words.entries(vocabulary::Concept::done_lists)) + ")\\b")
  {
  }
  RE2 pattern;
};

// A list recording what a change did ("**Files Created:**" above it, or such a heading): a record inside a
// living document, whose paths were right when the list was written if it held them before they left.
bool in_done_list(const Facts& facts, SourceLines& lines, const markdown::Reference& reference, std::string_view heading)
{
  const RE2& pattern = facts.vocabulary->derived<DoneListWords>().pattern;
  const std::string_view lead = lines.lead_in(reference.line);
  return !lead.empty() && (RE2::PartialMatch(lead, pattern) || RE2::PartialMatch(heading, pattern));
}

// Whether a record's reference was right when its words were written: the target stood there at the record's
// last edit, when the log entry holding it appeared, or when the record already held its line; or it left the
// tree only after the words were written (so it stood there at some time after them: a report naming a file
// committed the next day).
bool right_when_written(const Facts& facts, const DocumentFacts& document, const Judged& how, const markdown::Reference& reference,
                        std::string_view line, const Whereabouts& where)
{
  if (existed_as_of(facts, *how.as_of, reference.target) != false || held_before_it_left(facts, document, reference, line)) {
    return true; // or not known to be wrong then
  }
  util::Timestamp written = how.as_of->stamp.time;
  if (const auto entry = entry_written(facts, how, reference.line)) {
    if (existed_as_of(facts, LastEdit{*entry, how.as_of->path}, reference.target) != false) {
      return true;
    }
    written = std::min(written, entry->time);
  }
  return !where.moves.empty() && where.moves.front().stamp.time > written;
}

// Whether a target that is missing now is the document's fault and known well enough to say so. A path the
// repository's ignore rules keep out of git lives in working copies only: it is not missing there. A link is
// meant to be followed; a path history saw leave the tree is stale; a file the words say is updated must
// exist. Of other inline paths git never saw, a Markdown document is another document's name, but in a
// document of work to come one listed (a list item, a table, a heading: deliverables) is what the work will
// bring; and any other path (`lib/rate-card.ts`) is as likely a file to come, or a file elsewhere, as a broken
// one: nothing is said.
bool worth_reporting(const Facts& facts, const DocumentFacts& document, const Judged& how, const markdown::Reference& reference,
                     std::string_view line, ReferenceIntent intent, const Whereabouts& where)
{
  const bool history_saw_it_leave = !where.moves.empty();
  if (!history_saw_it_leave && kept_out_of_git(facts, document, reference.target)) {
    return false; // a file the repository keeps in working copies only
  }
  if (how.record && !how.history) {
    return reference.from_link;
  }
  if (how.record && how.as_of) {
    if (right_when_written(facts, document, how, reference, line, where)) {
      return false;
    }
    // Edited in the commit that moved the target (a reorganisation): its words may be from before the move.
    const bool moved_with_it = std::any_of(where.moves.begin(), where.moves.end(), [&](const Move& move) {
      return move.stamp.commit == how.as_of->stamp.commit;
    });
    return !moved_with_it && (reference.from_link || history_saw_it_leave);
  }
  if (reference.from_link || history_saw_it_leave || intent == ReferenceIntent::update) {
    return true;
  }
  return names_document(reference.target) && !(how.plans_ahead && reference.enumerated);
}

// "out/report.json" -> "out/report"; a name without a dot, or with one only first ("out/.env"), as it is.
std::string_view without_extension(std::string_view target)
{
  const std::string_view name = util::basename(target);
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? target : target.substr(0, target.size() - name.size() + dot);
}

// An inline Markdown name written beside the same name in a format that is no document, on its line or the
// next, neither of them in the repository: one output in two formats ("each run writes `report.json` and
// `report.md`"), which a tool makes elsewhere, not a document the text refers to.
bool one_output_in_two_formats(const Facts& facts, const DocumentFacts& document, const markdown::Reference& reference)
{
  const std::string_view stem = without_extension(reference.target);
  const auto& references = document.document.references;
  return !reference.from_link && util::is_markdown_path(reference.target) && stem.size() < reference.target.size()
         && std::any_of(references.begin(), references.end(), [&](const markdown::Reference& other) {
              return std::abs(other.line - reference.line) <= 1 && !util::is_markdown_path(other.target)
                     && other.target.size() > stem.size() && without_extension(other.target) == stem
                     && !facts.resolve(document, other.target) && (!is_bare(other.target) || facts.files_named(other.target).empty());
            });
}

// A ticked step of a rollout (or of a plan's final checklist) that names its evidence by this reference: the
// work log, report or folder it says it wrote into. evidence-missing judges that evidence (item_evidence.cpp),
// so the one missing file is one finding.
bool left_to_evidence_missing(const Facts& facts, const DocumentFacts& document, const markdown::Reference& reference)
{
  if (document.kind != config::Kind::rollout && document.kind != config::Kind::plan) {
    return false;
  }
  for (const auto& item : document.document.items) {
    const bool names_it = std::any_of(item.references.begin(), item.references.end(), [&](const markdown::Reference& own) {
      return own.line == reference.line && own.column == reference.column && own.target == reference.target;
    });
    if (!names_it) {
      continue;
    }
    if (!is_ticked_step(item) || !in_kind_scope(document, item)) {
      return false;
    }
    const auto needs = evidence_needs(facts, document, item);
    return std::any_of(needs.begin(), needs.end(), [&](const EvidenceNeed& need) { return need.reference == reference.target; });
  }
  return false;
}

class BrokenReference : public DocumentCheck
{
public:
  void run_document(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink) const override
  {
    if (!selects_document(rule, document)) {
      return;
    }
    const Judged how = judged(facts, document);
    SourceLines lines(facts, document);
    for (const auto& reference : document.document.references) {
      check(facts, document, how, reference, lines, sink);
    }
  }

private:
  static void check(const Facts& facts, const DocumentFacts& document, const Judged& how, const markdown::Reference& reference,
                    SourceLines& lines, FindingSink& sink)
  {
    if (!names_repository_path(facts, document, reference) || is_placeholder_path(reference.target)
        || facts.resolve(document, reference.target)) {
      return;
    }
    if (is_bare(reference.target) && !facts.files_named(reference.target).empty()) {
      return; // several files have that name: it is there, only ambiguous
    }
    const auto relative = util::normalize_relative(util::join_path(util::dirname(document.path), reference.target));
    const auto from_root = util::normalize_relative(reference.target);
    if (!relative && !from_root) {
      sink.add(document, reference.line, reference.column,
               fmt::format("`{}` points outside the repository; refer to documents inside it", reference.target));
      return;
    }
    if (left_to_evidence_missing(facts, document, reference)) {
      return; // evidence-missing says it is missing (asked first: it needs no line of the text)
    }
    const std::string_view line = lines.line(reference.line);
    const ReferenceContext context = reference_context(document, line, reference);
    const ReferenceIntent intent = reference_intent(*facts.vocabulary, context);
    if (intent == ReferenceIntent::create || intent == ReferenceIntent::absent) {
      return; // it may not exist yet, or the text knows it is gone
    }
    if (how.history && !how.record && in_done_list(facts, lines, reference, context.heading)
        && held_before_it_left(facts, document, reference, line)) {
      return; // a list of what a change did, written while its paths stood there
    }
    const Whereabouts where = find_whereabouts(facts, document, reference.target);
    if (!worth_reporting(facts, document, how, reference, line, intent, where)
        || (where.moves.empty() && one_output_in_two_formats(facts, document, reference))) {
      return;
    }
    std::string message = missing_message(document, reference, where);
    if (how.record && !how.history) {
      message += "; without git history it cannot be told whether it existed when this record was last edited";
    }
    auto& finding = sink.add(document, reference.line, reference.column, std::move(message));
    finding.evidence.push_back({"file", reference.target, relative.value_or(from_root.value_or("")), 0, false, std::nullopt});
    if (how.record && !how.history) {
      sink.cap_severity(finding, Severity::note);
    }
    const auto span = target_span(line, reference);
    if (!where.replacement.empty() && span) {
      finding.fix = Fix{fmt::format("Point the reference at {}", where.now_at), reference.line, span->start_column,
                        reference.line, span->end_column, where.replacement};
    }
  }
};

} // namespace

std::unique_ptr<Check> make_broken_reference()
{
  return std::make_unique<BrokenReference>();
}

} // namespace audit::checks
