#pragma once

#include "audit/check.hpp"

#include <memory>

namespace audit::checks {

// One factory per check kind; registry.cpp lists them with their ids.
std::unique_ptr<Check> make_evidence_missing();
std::unique_ptr<Check> make_metrics_missing();
std::unique_ptr<Check> make_threshold_breached();
std::unique_ptr<Check> make_out_of_order();
std::unique_ptr<Check> make_ticked_before_evidence();
std::unique_ptr<Check> make_ticked_before_precondition();
std::unique_ptr<Check> make_broken_reference();
std::unique_ptr<Check> make_front_matter();
std::unique_ptr<Check> make_required_file();
std::unique_ptr<Check> make_open_children();
std::unique_ptr<Check> make_suppression_comment();

} // namespace audit::checks
