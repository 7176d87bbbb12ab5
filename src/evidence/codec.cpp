#include "evidence/codec.hpp"

namespace evidence {

namespace {

// The least bytes each record takes, so a corrupt count is caught before anything is allocated.
constexpr size_t k_least_record = 8;

void write_optional_time(util::ByteWriter& out, const std::optional<util::Timestamp>& time)
{
  out.flag(time.has_value());
  out.number(static_cast<uint64_t>(time.value_or(0)));
}

std::optional<util::Timestamp> read_optional_time(util::ByteReader& in)
{
  const bool present = in.flag();
  const auto time = static_cast<util::Timestamp>(in.number());
  return present ? std::optional(time) : std::nullopt;
}

template<typename Enum>
std::optional<Enum> read_enum(util::ByteReader& in, Enum last)
{
  const uint64_t value = in.number();
  if (value > static_cast<uint64_t>(last)) {
    return std::nullopt;
  }
  return static_cast<Enum>(value);
}

} // namespace

void encode_metrics(const std::vector<Metric>& metrics, util::ByteWriter& out)
{
  out.number(metrics.size());
  for (const auto& metric : metrics) {
    out.number(static_cast<uint64_t>(metric.quantity));
    out.text(metric.name);
    out.text(metric.percentile);
    out.real(metric.value);
    out.text(metric.unit);
    out.text(metric.written);
    out.number(static_cast<uint64_t>(metric.line));
    write_optional_time(out, metric.absolute);
  }
}

std::optional<std::vector<Metric>> decode_metrics(util::ByteReader& in)
{
  std::vector<Metric> metrics(in.count(k_least_record));
  for (auto& metric : metrics) {
    const auto quantity = read_enum(in, Quantity::count);
    if (!quantity) {
      return std::nullopt;
    }
    metric.quantity = *quantity;
    metric.name = in.text();
    metric.percentile = in.text();
    metric.value = in.real();
    metric.unit = in.text();
    metric.written = in.text();
    metric.line = in.integer();
    metric.absolute = read_optional_time(in);
  }
  return metrics;
}

void encode_conditions(const std::vector<Condition>& conditions, util::ByteWriter& out)
{
  out.number(conditions.size());
  for (const auto& condition : conditions) {
    out.number(static_cast<uint64_t>(condition.quantity));
    out.text(condition.name);
    out.text(condition.percentile);
    out.number(static_cast<uint64_t>(condition.op));
    out.real(condition.value);
    out.text(condition.written);
    out.number(static_cast<uint64_t>(condition.line));
  }
}

std::optional<std::vector<Condition>> decode_conditions(util::ByteReader& in)
{
  std::vector<Condition> conditions(in.count(k_least_record));
  for (auto& condition : conditions) {
    const auto quantity = read_enum(in, Quantity::count);
    condition.name = in.text();
    condition.percentile = in.text();
    const auto op = read_enum(in, Comparator::equal);
    if (!quantity || !op) {
      return std::nullopt;
    }
    condition.quantity = *quantity;
    condition.op = *op;
    condition.value = in.real();
    condition.written = in.text();
    condition.line = in.integer();
  }
  return conditions;
}

void encode_demands(const std::vector<MetricDemand>& demands, util::ByteWriter& out)
{
  out.number(demands.size());
  for (const auto& demand : demands) {
    out.flag(demand.any);
    out.number(static_cast<uint64_t>(demand.quantity));
    out.text(demand.name);
    out.text(demand.percentile);
    out.text(demand.phrase);
  }
}

std::optional<std::vector<MetricDemand>> decode_demands(util::ByteReader& in)
{
  std::vector<MetricDemand> demands(in.count(k_least_record));
  for (auto& demand : demands) {
    demand.any = in.flag();
    const auto quantity = read_enum(in, Quantity::count);
    if (!quantity) {
      return std::nullopt;
    }
    demand.quantity = *quantity;
    demand.name = in.text();
    demand.percentile = in.text();
    demand.phrase = in.text();
  }
  return demands;
}

void encode_work_log(const WorkLog& log, util::ByteWriter& out)
{
  out.flag(log.newest_first);
  out.number(log.entries.size());
  for (const auto& entry : log.entries) {
    out.text(entry.title);
    out.text(entry.topic);
    out.number(static_cast<uint64_t>(entry.line));
    out.number(static_cast<uint64_t>(entry.last_line));
    out.number(static_cast<uint64_t>(entry.section));
    out.number(static_cast<uint64_t>(entry.date.year));
    out.number(static_cast<uint64_t>(entry.date.month));
    out.number(static_cast<uint64_t>(entry.date.day));
    write_optional_time(out, entry.written_time);
    out.text(entry.body);
    encode_metrics(entry.metrics, out);
  }
}

std::optional<WorkLog> decode_work_log(util::ByteReader& in)
{
  WorkLog log;
  log.newest_first = in.flag();
  log.entries.resize(in.count(k_least_record));
  for (auto& entry : log.entries) {
    entry.title = in.text();
    entry.topic = in.text();
    entry.line = in.integer();
    entry.last_line = in.integer();
    entry.section = in.integer();
    entry.date.year = in.integer();
    entry.date.month = in.integer();
    entry.date.day = in.integer();
    entry.written_time = read_optional_time(in);
    entry.body = in.text();
    auto metrics = decode_metrics(in);
    if (!metrics) {
      return std::nullopt;
    }
    entry.metrics = std::move(*metrics);
  }
  if (in.failed()) {
    return std::nullopt;
  }
  return log;
}

} // namespace evidence
