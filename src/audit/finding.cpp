#include "audit/finding.hpp"

#include <algorithm>
#include <tuple>

namespace audit {

void sort_findings(std::vector<Finding>& findings)
{
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line, a.column, a.rule, a.message) < std::tie(b.file, b.line, b.column, b.rule, b.message);
  });
}

} // namespace audit
