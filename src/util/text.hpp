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

// 1-based line number of a byte offset.
int line_of_offset(std::string_view text, size_t offset);

size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a plausible typo, for "did you mean".
std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string>& candidates);

} // namespace util
