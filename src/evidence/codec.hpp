#pragma once

#include "evidence/metrics.hpp"
#include "evidence/work_log.hpp"
#include "util/binary.hpp"

#include <optional>
#include <vector>

namespace evidence {

// Figures, conditions and work logs as bytes and back, for the facts cache: what was found in a document
// whose bytes did not change is not looked for again. A decoder returns nullopt for what no encoder wrote
// (a kind or comparator out of range); the reader reports torn input.
void encode_metrics(const std::vector<Metric>& metrics, util::ByteWriter& out);
std::optional<std::vector<Metric>> decode_metrics(util::ByteReader& in);

void encode_conditions(const std::vector<Condition>& conditions, util::ByteWriter& out);
std::optional<std::vector<Condition>> decode_conditions(util::ByteReader& in);

void encode_demands(const std::vector<MetricDemand>& demands, util::ByteWriter& out);
std::optional<std::vector<MetricDemand>> decode_demands(util::ByteReader& in);

// Without its path: the same bytes make the same log wherever they are.
void encode_work_log(const WorkLog& log, util::ByteWriter& out);
std::optional<WorkLog> decode_work_log(util::ByteReader& in);

} // namespace evidence
