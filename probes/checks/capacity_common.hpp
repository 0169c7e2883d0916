#pragma once
// What the capacity kinds (dns64.capacity, nat64.capacity; docs/checks-capacity.md) share above the load
// engine (capacity_load.hpp): the binary search's parameters as the scenario names them, the limits a
// result records, the search's record in `observed`, and the loss threshold as a message.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/check_schema.hpp"
#include "probes/checks/capacity_load.hpp"
#include "probes/reason.hpp"

namespace v6r::probe::capacity {

/// The search's parameters, from the scenario keys max_rate, max_duration_ms, min_rate (at most
/// max_rate), step_ms, timeout_ms, max_loss_percent and precision_percent (each kind's schema gives
/// their ranges and defaults).
struct SearchParams {
  std::int64_t max_rate = 0;
  std::chrono::milliseconds max_duration{0};
  std::int64_t min_rate = 10;
  std::chrono::milliseconds step{1000};
  std::chrono::milliseconds timeout{1000};
  double max_loss_percent = 0;
  double precision_percent = 5;
  std::chrono::milliseconds rest{2000};
};
SearchParams search_params(const scenario::ParamValues& v);

/// search() with the scenario's parameters.
awaitable<SearchResult> search(const SearchParams& p, Clock::time_point until, CeilingGuard& guard,
                               Operation op);

/// The limits the scenario set, recorded in `observed`: max_rate, max_duration_ms, timeout_ms,
/// max_loss_percent.
void record_limits(nlohmann::json& observed, const SearchParams& p);

/// A search's record: its trials (the answered count under `answered_key`: "answered", "connected"),
/// the figure under `figure_key` ("qps", "cps") when there is one, at_ceiling, probe_limited, late and
/// out_of_time.
nlohmann::json search_json(const SearchResult& s, std::string_view figure_key, std::string_view answered_key);

/// A search's figure as a message: `id` ("check.capacity.cached", "check.ncap.rate") with the figure
/// under `key`, or id_ceiling / id_probe_limit (a figure); with no passing trial, whose limit that was:
/// id_no_time (no trial), id_probe_limit_none (the probe's), id_unfinished (the duration ceiling above
/// min_rate), both with the lowest rate tried, or id_lost (min_rate itself failed).
Msg figure_text(const SearchResult& s, const std::string& id, const std::string& key, std::int64_t ceiling);

/// "with no loss" / "with at most N % loss".
Msg loss_text(const SearchParams& p);

}  // namespace v6r::probe::capacity
