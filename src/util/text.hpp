#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool contains_icase(std::string_view haystack, std::string_view needle);
bool starts_with_icase(std::string_view text, std::string_view prefix);
std::vector<std::string_view> split(std::string_view text, char separator);
// The parts point into the text: splitting a temporary would leave them dangling (it did, twice).
std::vector<std::string_view> split(std::string&& text, char separator) = delete;

// Lines without their terminators; "\r\n", "\n" and a lone "\r" all end a line, as cmark counts them.
std::vector<std::string_view> split_lines(std::string_view text);

// Collapses runs of white space into one space and trims both ends.
std::string collapse_spaces(std::string_view text);
// The same without a copy, for text that is being built anyway.
void collapse_spaces_in_place(std::string& text);
// Appends `text` so that `out` stays what collapse_spaces makes of everything appended so far: a space
// after white space waits in `pending_space` for the next word. Returns how many characters of `text` are
// not white space.
size_t append_collapsed(std::string& out, std::string_view text, bool& pending_space);

// Lower-case words of letters and digits, everything else a separator: "AI Broker (Phase 3)" -> ai-broker-phase-3.
std::string slugify(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// THE way user text is shortened for a message, a table cell, an annotation or a report label (every
// writer and check uses it, so no output ever holds half a character): at most `max_characters`
// user-perceived characters (grapheme clusters, util::next_grapheme), the last of them "…" when text was
// cut; white space before the "…" is dropped. Text that fits is returned unchanged; cutting never splits a
// UTF-8 sequence, an accented letter, a Japanese voiced kana or an emoji sequence. A byte that is not UTF-8
// counts as one character and is kept as it is (util::printable shows it).
//   shorten("Verificação de todas as páginas", 15) == "Verificação de…"
std::string shorten(std::string_view text, size_t max_characters);

// Text as an output may hold it: valid UTF-8 in which every byte that is not part of a valid sequence is
// written as the four characters \xNN (so input bytes are shown, never copied raw), and control characters
// other than tab, line feed and carriage return as \xNN (C0, DEL) or \u0080 to \u009F (C1). Text that
// needs none of this is returned unchanged. Writers apply it to everything they did not write themselves.
std::string printable(std::string_view text);

// printable() for text that must stay on one line (the text format, log lines): line feed, carriage
// return, tab and the Unicode line and paragraph separators are written as \n, \r, \t, \u2028, \u2029.
std::string one_line(std::string_view text);

// 1-based line number of a byte offset.
int line_of_offset(std::string_view text, size_t offset);

size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a plausible typo, for "did you mean".
std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string>& candidates);

} // namespace util
