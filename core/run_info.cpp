#include "core/run_info.hpp"

#include "core/bundle_json.hpp"
#include "core/json_document.hpp"
#include "core/sha256.hpp"

namespace v6r {

using bundle::detail::FieldProblem;
using bundle::detail::JsonFields;
using nlohmann::json;

std::string_view to_string(RunStatus s) {
  return s == RunStatus::complete ? "complete" : "partial";
}

std::optional<RunStatus> run_status_from_string(std::string_view s) {
  if (s == "complete") return RunStatus::complete;
  if (s == "partial") return RunStatus::partial;
  return std::nullopt;
}

void VerdictCounts::add(Verdict v) {
  switch (v) {
    case Verdict::pass:
      ++pass;
      break;
    case Verdict::info:
      ++info;
      break;
    case Verdict::warn:
      ++warn;
      break;
    case Verdict::fail:
      ++fail;
      break;
    case Verdict::error:
      ++error;
      break;
    case Verdict::skipped:
      ++skipped;
      break;
  }
}

std::uint64_t VerdictCounts::get(Verdict v) const {
  switch (v) {
    case Verdict::pass:
      return pass;
    case Verdict::info:
      return info;
    case Verdict::warn:
      return warn;
    case Verdict::fail:
      return fail;
    case Verdict::error:
      return error;
    case Verdict::skipped:
      return skipped;
  }
  return 0;
}

bool is_run_id(std::string_view s) {
  if (s.size() != 8) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void to_json(json& j, const RunInfo& r) {
  json counts = json::object();
  for (auto v : kAllVerdicts) counts[std::string(to_string(v))] = r.counts.get(v);
  j = json::object();
  j["schema"] = RunInfo::kSchema;
  j["run_id"] = r.run_id;
  j["probe_id"] = r.probe_id;
  j["site"] = r.site;
  j["scenario"] = {{"name", r.scenario.name}, {"sha256", r.scenario.sha256}, {"file", r.scenario.file}};
  j["tool"] = {{"name", r.tool.name}, {"version", r.tool.version}, {"git_commit", r.tool.git_commit}};
  j["host"] = r.host;
  j["interface"] = r.interface;
  j["started_utc"] = format_rfc3339_ms(r.started_utc);
  j["stopped_utc"] = format_rfc3339_ms(r.stopped_utc);
  j["clock"] = {{"synced", r.clock.synced ? json(*r.clock.synced) : json(nullptr)},
                {"detail", r.clock.detail}};
  j["status"] = to_string(r.status);
  if (r.partial_reason) j["partial_reason"] = *r.partial_reason;
  j["counts"] = std::move(counts);
  if (r.capture) {
    const auto& c = *r.capture;
    j["capture"] = {{"file", c.file},       {"written", c.written},       {"received", c.received},
                    {"dropped", c.dropped}, {"if_dropped", c.if_dropped}, {"interface", c.interface},
                    {"filter", c.filter}};
  }
  if (r.expect) {
    json checks = json::object();
    for (const auto& [id, p] : r.expect->check_prefixes) checks[id] = {{"expected_prefix", p.to_string()}};
    j["expect"] = {{"pref64", r.expect->pref64 ? json(r.expect->pref64->to_string()) : json(nullptr)},
                   {"checks", std::move(checks)}};
  }
}

std::string to_json_text(const RunInfo& r) {
  return jsonmodel::document_text(json(r));
}

namespace {

/// An IPv6 prefix (the scenario loader has checked the RFC 6052 length; here only the form).
bool read_v6_prefix(JsonFields& f, const json& v, const std::string& field, Prefix& out) {
  if (!v.is_string()) return f.fail(field, "must be a string");
  auto p = Prefix::parse(v.get_ref<const std::string&>());
  if (!p || p->family() != IpFamily::v6) return f.fail(field, "must be an IPv6 prefix like 2001:db8:64::/96");
  out = *p;
  return true;
}

bool read_expect(JsonFields& top, std::optional<FieldProblem>& problem, RunInfo& r) {
  const json* e = nullptr;
  if (!top.object("expect", e)) return false;
  JsonFields f(*e, "expect", problem);
  const json* checks = nullptr;
  if (!f.only({"pref64", "checks"}) || !f.object("checks", checks)) return false;
  RunExpectations x;
  auto it = e->find("pref64");
  if (it == e->end()) return f.fail("expect.pref64", "missing (use null when the scenario has none)");
  if (!it->is_null()) {
    Prefix p;
    if (!read_v6_prefix(f, *it, "expect.pref64", p)) return false;
    x.pref64 = p;
  }
  for (const auto& [id, c] : checks->items()) {
    const std::string path = "expect.checks." + id;
    if (id.empty()) return f.fail("expect.checks", "check ids must not be empty");
    JsonFields k(c, path, problem);
    if (!k.only({"expected_prefix"})) return false;
    auto p = c.find("expected_prefix");
    if (p == c.end()) return k.fail(path + ".expected_prefix", "missing");
    Prefix pre;
    if (!read_v6_prefix(k, *p, path + ".expected_prefix", pre)) return false;
    x.check_prefixes.emplace(id, pre);
  }
  r.expect = std::move(x);
  return true;
}

}  // namespace

Expected<RunInfo, std::string> run_info_from_json(const json& j) {
  std::optional<FieldProblem> problem;
  RunInfo r;
  JsonFields f(j, "", problem);
  std::uint64_t schema = 0;
  std::string status;
  const json *scenario = nullptr, *tool = nullptr, *clock = nullptr, *counts = nullptr;
  bool ok =
      f.only({"schema", "run_id", "probe_id", "site", "scenario", "tool", "host", "interface", "started_utc",
              "stopped_utc", "clock", "status", "partial_reason", "counts", "capture", "expect"}) &&
      f.u64("schema", schema);
  if (ok && schema != RunInfo::kSchema)
    ok = f.fail("schema", "unsupported schema " + std::to_string(schema) + " (this build reads 1)");
  ok = ok && f.string("run_id", r.run_id);
  if (ok && !is_run_id(r.run_id)) ok = f.fail("run_id", "must be 8 lowercase hex digits");
  ok = ok && f.string("probe_id", r.probe_id) && f.string("site", r.site) && f.object("scenario", scenario);
  if (ok) {
    JsonFields s(*scenario, "scenario", problem);
    ok = s.only({"name", "sha256", "file"}) && s.string("name", r.scenario.name) &&
         s.string("sha256", r.scenario.sha256) && s.string("file", r.scenario.file);
    if (ok && !is_sha256_hex(r.scenario.sha256)) ok = s.fail("scenario.sha256", "must be 64 hex digits");
  }
  ok = ok && f.object("tool", tool);
  if (ok) {
    JsonFields t(*tool, "tool", problem);
    ok = t.only({"name", "version", "git_commit"}) && t.string("name", r.tool.name) &&
         t.string("version", r.tool.version) && t.string("git_commit", r.tool.git_commit, true);
  }
  ok = ok && f.string("host", r.host, true) && f.string("interface", r.interface, true) &&
       f.time("started_utc", r.started_utc) && f.time("stopped_utc", r.stopped_utc) &&
       f.object("clock", clock);
  if (ok && r.stopped_utc < r.started_utc) ok = f.fail("stopped_utc", "is before started_utc");
  if (ok) {
    JsonFields c(*clock, "clock", problem);
    ok = c.only({"synced", "detail"}) && c.string("detail", r.clock.detail, true);
    if (ok) {
      auto it = clock->find("synced");
      if (it == clock->end())
        ok = c.fail("clock.synced", "missing (use null when unknown)");
      else if (it->is_boolean())
        r.clock.synced = it->get<bool>();
      else if (!it->is_null())
        ok = c.fail("clock.synced", "must be true, false or null");
    }
  }
  ok = ok && f.string("status", status);
  if (ok) {
    auto st = run_status_from_string(status);
    if (!st)
      ok = f.fail("status", "must be complete or partial (got " + bundle::detail::shown(status) + ")");
    else
      r.status = *st;
  }
  ok = ok && f.opt_string("partial_reason", r.partial_reason);
  if (ok && r.status == RunStatus::partial && !r.partial_reason)
    ok = f.fail("partial_reason", "missing (required when status is partial)");
  if (ok && r.status == RunStatus::complete && r.partial_reason)
    ok = f.fail("partial_reason", "must be absent when status is complete");
  ok = ok && f.object("counts", counts);
  if (ok) {
    JsonFields c(*counts, "counts", problem);
    ok = c.only({"pass", "info", "warn", "fail", "error", "skipped"}) && c.u64("pass", r.counts.pass) &&
         c.u64("info", r.counts.info) && c.u64("warn", r.counts.warn) && c.u64("fail", r.counts.fail) &&
         c.u64("error", r.counts.error) && c.u64("skipped", r.counts.skipped);
  }
  if (ok && j.contains("capture")) {
    const json* capture = nullptr;
    ok = f.object("capture", capture);
    if (ok) {
      CaptureInfo c;
      JsonFields k(*capture, "capture", problem);
      ok = k.only({"file", "written", "received", "dropped", "if_dropped", "interface", "filter"}) &&
           k.string("file", c.file) && k.u64("written", c.written) && k.u64("received", c.received) &&
           k.u64("dropped", c.dropped) && k.u64("if_dropped", c.if_dropped) &&
           k.string("interface", c.interface) && k.string("filter", c.filter, true);
      if (ok && (c.file.find('/') != std::string::npos || c.file == "." || c.file == ".."))
        ok = k.fail("capture.file",
                    "must be a file name in the bundle (got " + bundle::detail::shown(c.file) + ")");
      if (ok) r.capture = std::move(c);
    }
  }
  if (ok && j.contains("expect")) ok = read_expect(f, problem, r);
  if (!ok || problem) {
    FieldProblem p = problem.value_or(FieldProblem{"", "invalid run.json"});
    return Unexpected{"run.json: " + (p.field.empty() ? std::string() : "field '" + p.field + "': ") +
                      p.message};
  }
  return r;
}

Expected<RunInfo, std::string> parse_run_info(std::string_view text) {
  if (bundle::detail::json_nesting_depth(text) > bundle::detail::kMaxJsonDepth)
    return Unexpected{std::string("run.json: JSON nested deeper than 64 levels")};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    const std::string why = "run.json: " + bundle::detail::json_syntax_error(text);
    return Unexpected{why};
  }
  return run_info_from_json(j);
}

}  // namespace v6r
