#include "audit/explicit_evidence.hpp"

#include "util/text.hpp"

namespace audit {

std::vector<ExplicitLink> explicit_links(const markdown::TaskItem& item)
{
  std::vector<ExplicitLink> links;
  for (const auto& comment : item.comments) {
    std::string_view text = util::trim(comment.text);
    if (!text.starts_with(k_evidence_directive)) {
      continue;
    }
    text.remove_prefix(k_evidence_directive.size());
    if (!text.empty() && text.front() != ':' && text.front() != ' ' && text.front() != '\t') {
      continue; // "rollout-audit-evidenced" is another word
    }
    if (!text.empty() && text.front() == ':') {
      text.remove_prefix(1);
    }
    const size_t before = links.size();
    for (const std::string_view part : util::split(text, ',')) {
      const std::string_view written = util::trim(part);
      if (written.empty()) {
        continue;
      }
      ExplicitLink link;
      link.written = std::string(written);
      const size_t hash = written.find('#');
      link.target = std::string(util::trim(written.substr(0, hash)));
      link.anchor = hash == std::string_view::npos ? "" : std::string(util::trim(written.substr(hash + 1)));
      link.line = comment.line;
      links.push_back(std::move(link));
    }
    if (links.size() == before) {
      links.push_back(ExplicitLink{"", "", "", comment.line});
    }
  }
  return links;
}

} // namespace audit
