#pragma once

#include <optional>
#include <string_view>

namespace audit {

// Ordered so that "at or above --fail-on" is a comparison.
enum class Severity { note = 0, warning = 1, error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

} // namespace audit
