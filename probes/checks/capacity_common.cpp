// The capacity kinds' shared parameters and records (see capacity_common.hpp).
#include "probes/checks/capacity_common.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace v6r::probe::capacity {

SearchParams search_params(const scenario::ParamValues& v) {
  SearchParams p;
  p.max_rate = v.get_int("max_rate");
  p.max_duration = v.get_duration("max_duration_ms");
  p.min_rate = std::min(v.get_int("min_rate"), p.max_rate);
  p.step = v.get_duration("step_ms");
  p.timeout = v.get_duration("timeout_ms");
  p.max_loss_percent = static_cast<double>(v.get_int("max_loss_percent"));
  p.precision_percent = static_cast<double>(v.get_int("precision_percent"));
  p.rest = v.get_duration("rest_ms");
  return p;
}

awaitable<SearchResult> search(const SearchParams& p, Clock::time_point until, CeilingGuard& guard,
                               Operation op) {
  return search(p.min_rate, p.max_rate, p.max_loss_percent, p.precision_percent, p.step, p.timeout, until,
                guard, std::move(op), p.rest);
}

void record_limits(nlohmann::json& observed, const SearchParams& p) {
  observed["max_rate"] = p.max_rate;
  observed["max_duration_ms"] = p.max_duration.count();
  observed["timeout_ms"] = p.timeout.count();
  observed["max_loss_percent"] = p.max_loss_percent;
}

namespace {
/// A time in ms to 0.1 ms, or null when unknown.
nlohmann::json round1(const std::optional<double>& ms) {
  return ms ? nlohmann::json(std::round(*ms * 10) / 10) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json search_json(const SearchResult& s, std::string_view figure_key,
                           std::string_view answered_key) {
  nlohmann::json j{{"trials", nlohmann::json::array()}};
  for (const auto& t : s.trials)
    j["trials"].push_back({{"rate", t.rate},
                           {"scheduled", t.scheduled},
                           {"sent", t.sent},
                           {"late", t.late},
                           {"held_back", t.held_back},
                           {std::string(answered_key), t.answered},
                           {"timeouts", t.timeouts},
                           {"errors", t.errors},
                           {"offered", t.offered_rate()},
                           {"loss_percent", std::round(t.loss_percent() * 100) / 100},
                           {"peak_in_flight", t.peak_in_flight},
                           {"queued_at_bound", t.queued_at_bound()},
                           {"server_mean_ms", round1(t.server_mean_ms)},
                           {"server_min_ms", round1(t.server_min_ms)},
                           {"probe_mean_ms", round1(t.probe_mean_ms)},
                           {"first_ms", round1(t.first_ms)},
                           {"last_ms", round1(t.last_ms)}});
  if (s.best) j[std::string(figure_key)] = *s.best;
  j["at_ceiling"] = s.at_ceiling;
  j["probe_limited"] = s.probe_limited;
  j["late"] = s.late;
  j["out_of_time"] = s.out_of_time;
  return j;
}

Msg figure_text(const SearchResult& s, const std::string& id, const std::string& key, std::int64_t ceiling) {
  if (s.at_ceiling) return msg(id + "_ceiling", {val(key, ceiling)});
  if (s.best && s.probe_limited) return msg(id + "_probe_limit", {val(key, *s.best)});
  if (s.best) return msg(id, {val(key, *s.best)});
  if (s.trials.empty()) return msg(id + "_no_time");
  // No trial passed: say whose limit that was, and how far down the search came.
  if (s.probe_limited) return msg(id + "_probe_limit_none", {val(key, s.lowest_tried())});
  if (s.out_of_time) return msg(id + "_unfinished", {val(key, s.lowest_tried())});
  return msg(id + "_lost");
}

Msg loss_text(const SearchParams& p) {
  return p.max_loss_percent == 0
             ? msg("check.capacity.no_loss")
             : msg("check.capacity.loss", {val("percent", static_cast<int>(p.max_loss_percent))});
}

}  // namespace v6r::probe::capacity
