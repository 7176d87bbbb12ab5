#include "evidence/codec.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

using test_support::words;

namespace {

const char* const k_log = "# Work log\n\n## 2025-10-22T17:05:56Z - Phase 3 validation\n\n"
                          "Response P95: 3.4 s, failure rate 0.6% at 14:05 UTC.\n\n"
                          "## 2025-10-23 - Ramp\n\n| Metric | Value |\n| --- | --- |\n| mismatch count | 0 |\n";

template<typename Encode>
std::string bytes_of(Encode encode)
{
  util::ByteWriter out;
  encode(out);
  return out.take();
}

} // namespace

TEST_CASE("encode_metrics")
{
  const auto metrics = evidence::extract_metrics(words(), "Response P95: 3.4 s, failure rate 0.6% at 2025-10-22T17:05:56Z, 12 mismatches", 7);
  REQUIRE(metrics.size() == 4);
  const std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_metrics(metrics, out); });
  util::ByteReader in(bytes);
  const auto decoded = evidence::decode_metrics(in);
  REQUIRE(decoded);
  CHECK(in.ok());
  CHECK(bytes_of([&](util::ByteWriter& out) { evidence::encode_metrics(*decoded, out); }) == bytes);
  CHECK((*decoded)[0].value == metrics[0].value);
  CHECK((*decoded)[0].percentile == "p95");
  CHECK((*decoded)[2].absolute == metrics[2].absolute);
  CHECK((*decoded)[3].name == metrics[3].name);
}

TEST_CASE("decode_metrics")
{
  util::ByteWriter out;
  out.number(1);
  out.number(99); // no Quantity
  const std::string bytes = out.take() + std::string(80, '\0');
  util::ByteReader in(bytes);
  CHECK_FALSE(evidence::decode_metrics(in));
}

TEST_CASE("encode_conditions")
{
  const auto conditions = evidence::extract_conditions(words(), "Roll back if failure rate >= 2 percent or response P95 > 5 s", 3);
  REQUIRE(conditions.size() == 2);
  const std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_conditions(conditions, out); });
  util::ByteReader in(bytes);
  const auto decoded = evidence::decode_conditions(in);
  REQUIRE(decoded);
  CHECK(in.ok());
  CHECK(bytes_of([&](util::ByteWriter& out) { evidence::encode_conditions(*decoded, out); }) == bytes);
  CHECK((*decoded)[1].op == evidence::Comparator::greater);
  CHECK((*decoded)[1].value == 5000);
}

TEST_CASE("decode_conditions")
{
  const auto conditions = evidence::extract_conditions(words(), "error rate below 1%", 1);
  REQUIRE(conditions.size() == 1);
  std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_conditions(conditions, out); });
  // The comparator follows the count, the quantity, the name and the percentile.
  const size_t comparator = 8 + 8 + 8 + conditions[0].name.size() + 8 + conditions[0].percentile.size();
  bytes[comparator] = 42;
  util::ByteReader in(bytes);
  CHECK_FALSE(evidence::decode_conditions(in));
}

TEST_CASE("encode_work_log")
{
  const auto log = evidence::parse_work_log(words(), markdown::parse_document("docs/work-log.md", k_log));
  REQUIRE(log.entries.size() == 2);
  const std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_work_log(log, out); });
  util::ByteReader in(bytes);
  const auto decoded = evidence::decode_work_log(in);
  REQUIRE(decoded);
  CHECK(in.ok());
  CHECK(bytes_of([&](util::ByteWriter& out) { evidence::encode_work_log(*decoded, out); }) == bytes);
  CHECK(decoded->path.empty()); // the same bytes make the same log wherever they are
  CHECK(decoded->entries[0].written_time == log.entries[0].written_time);
  CHECK(decoded->entries[1].date == log.entries[1].date);
  CHECK(decoded->entries[1].metrics.size() == log.entries[1].metrics.size());
}

TEST_CASE("decode_work_log")
{
  const auto log = evidence::parse_work_log(words(), markdown::parse_document("docs/work-log.md", k_log));
  const std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_work_log(log, out); });
  util::ByteReader torn(std::string_view(bytes).substr(0, bytes.size() / 2));
  CHECK_FALSE(evidence::decode_work_log(torn));
}

TEST_CASE("encode_demands")
{
  const auto demands = evidence::demanded_metrics(words(), "Log timestamps plus p99 latency and the mismatch count, with current metrics");
  REQUIRE(demands.size() == 4);
  const std::string bytes = bytes_of([&](util::ByteWriter& out) { evidence::encode_demands(demands, out); });
  util::ByteReader in(bytes);
  const auto decoded = evidence::decode_demands(in);
  REQUIRE(decoded);
  CHECK(in.ok());
  CHECK(bytes_of([&](util::ByteWriter& out) { evidence::encode_demands(*decoded, out); }) == bytes);
  CHECK((*decoded)[1].percentile == "p99");
  CHECK((*decoded)[2].name == demands[2].name);
  CHECK((*decoded)[3].any);
  CHECK((*decoded)[3].phrase == demands[3].phrase);
}

TEST_CASE("decode_demands")
{
  util::ByteWriter out;
  out.number(1);
  out.flag(false);
  out.number(99); // no Quantity
  const std::string bytes = out.take() + std::string(80, '\0');
  util::ByteReader in(bytes);
  CHECK_FALSE(evidence::decode_demands(in));
}
