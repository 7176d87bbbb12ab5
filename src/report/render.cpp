#include "report/report.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace report {

const std::vector<std::string>& formats()
{
  static const std::vector<std::string> k_formats{"text", "json"};
  return k_formats;
}

std::string render(std::string_view format, const audit::AuditResult& result, const RunInfo& info, bool color)
{
  if (format == "json") {
    return format_json(result, info);
  }
  return format_text(result, info, color);
}

} // namespace report
