#include "core/result.hpp"

#include <algorithm>

#include "core/bundle_json.hpp"
#include "core/escape.hpp"

namespace v6r {

using bundle::detail::FieldProblem;
using bundle::detail::is_ip_address;
using bundle::detail::JsonFields;
using nlohmann::json;

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "pass";
    case Verdict::info:
      return "info";
    case Verdict::warn:
      return "warn";
    case Verdict::fail:
      return "fail";
    case Verdict::error:
      return "error";
    case Verdict::skipped:
      return "skipped";
  }
  return "error";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (auto v : kAllVerdicts)
    if (to_string(v) == s) return v;
  return std::nullopt;
}

int severity(Verdict v) {
  switch (v) {
    case Verdict::skipped:
      return 0;
    case Verdict::pass:
      return 1;
    case Verdict::info:
      return 2;
    case Verdict::warn:
      return 3;
    case Verdict::fail:
      return 4;
    case Verdict::error:
      return 5;
  }
  return 5;
}

Verdict worst(Verdict a, Verdict b) {
  return severity(b) > severity(a) ? b : a;
}

bool valid_clause_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string_view to_string(Family f) {
  switch (f) {
    case Family::ipv6:
      return "ipv6";
    case Family::ipv4:
      return "ipv4";
    case Family::any:
      return "any";
  }
  return "any";
}

std::optional<Family> family_from_string(std::string_view s) {
  if (s == "ipv6") return Family::ipv6;
  if (s == "ipv4") return Family::ipv4;
  if (s == "any") return Family::any;
  return std::nullopt;
}

std::string RecordError::to_string(std::string_view file) const {
  std::string s(file);
  if (line != 0) s += ":" + std::to_string(line);
  s += ": ";
  if (!field.empty()) s += "field '" + field + "': ";
  s += message;
  return s;
}

void to_json(json& j, const CheckResult& r) {
  json addresses = json::object();
  if (r.addresses.local) addresses["local"] = *r.addresses.local;
  if (r.addresses.resolver) addresses["resolver"] = *r.addresses.resolver;
  addresses["remote"] = r.addresses.remote;
  json flows = json::array();
  for (const auto& f : r.evidence.flows) {
    json jf{{"proto", f.proto}, {"src", f.src}, {"sport", f.sport}, {"dst", f.dst}, {"dport", f.dport}};
    if (!f.dns_ids.empty()) jf["dns_ids"] = f.dns_ids;
    if (f.deliberate) jf["deliberate"] = true;
    flows.push_back(std::move(jf));
  }
  json timings = json::object();
  for (const auto& [k, v] : r.timings_ms) timings[k] = v;
  j = json::object();
  j["schema"] = CheckResult::kSchema;
  j["seq"] = r.seq;
  j["check_id"] = r.check_id;
  j["kind"] = r.kind;
  j["target"] = r.target;
  j["family"] = to_string(r.family);
  j["started_utc"] = format_rfc3339_ms(r.started_utc);
  j["duration_ms"] = r.duration_ms;
  j["attempts"] = r.attempts;
  j["verdict"] = to_string(r.verdict);
  j["reason"] = r.reason;
  if (r.reason_message) j["reason_message"] = message_json(*r.reason_message);
  if (r.rfc) j["rfc"] = *r.rfc;
  j["addresses"] = std::move(addresses);
  j["timings_ms"] = std::move(timings);
  j["observed"] = r.observed.is_object() ? r.observed : json::object();
  if (!r.clauses.empty()) {
    json clauses = json::array();
    for (const auto& c : r.clauses) {
      json o = {{"clause", c.clause}, {"verdict", to_string(c.verdict)}, {"reason", c.reason}};
      if (c.rfc) o["rfc"] = *c.rfc;
      if (c.reason_message) o["reason_message"] = message_json(*c.reason_message);
      clauses.push_back(std::move(o));
    }
    j["clauses"] = std::move(clauses);
  }
  j["evidence"] = {{"dns_ids", r.evidence.dns_ids},
                   {"flows", std::move(flows)},
                   {"window",
                    {{"start_utc", format_rfc3339_ms(r.evidence.window.start_utc)},
                     {"end_utc", format_rfc3339_ms(r.evidence.window.end_utc)}}}};
}

std::string to_json_line(const CheckResult& r) {
  json j = r;
  // Replace invalid UTF-8 rather than throw: the line must always be writable.
  return escape::json(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

namespace {

bool read_ip(JsonFields& f, const json& v, const std::string& field, std::string& out) {
  if (!v.is_string()) return f.fail(field, "must be a string");
  const auto& s = v.get_ref<const std::string&>();
  if (!is_ip_address(s)) return f.fail(field, "must be an IPv4 or IPv6 address literal");
  out = s;
  return true;
}

bool read_opt_ip(JsonFields& f, std::string_view key, std::optional<std::string>& out) {
  if (!f.opt_string(key, out)) return false;
  if (out && !is_ip_address(*out)) return f.fail(f.path(key), "must be an IPv4 or IPv6 address literal");
  return true;
}

bool read_addresses(JsonFields& top, std::optional<FieldProblem>& problem, CheckResult& r) {
  const json* a = nullptr;
  if (!top.object("addresses", a)) return false;
  JsonFields f(*a, "addresses", problem);
  const json* remote = nullptr;
  if (!f.only({"local", "resolver", "remote"}) || !read_opt_ip(f, "local", r.addresses.local) ||
      !read_opt_ip(f, "resolver", r.addresses.resolver) || !f.array("remote", remote))
    return false;
  for (std::size_t i = 0; i < remote->size(); ++i) {
    std::string ip;
    if (!read_ip(f, (*remote)[i], "addresses.remote[" + std::to_string(i) + "]", ip)) return false;
    r.addresses.remote.push_back(std::move(ip));
  }
  return true;
}

bool read_timings(JsonFields& top, std::optional<FieldProblem>& problem, CheckResult& r) {
  const json* t = nullptr;
  if (!top.object("timings_ms", t)) return false;
  JsonFields f(*t, "timings_ms", problem);
  for (const auto& [k, v] : t->items()) {
    double d = 0;
    if (!f.non_negative(k, d)) return false;
    if (k.empty()) return f.fail("timings_ms", "phase names must not be empty");
    r.timings_ms[k] = d;
  }
  return true;
}

/// A list of DNS ids (evidence.dns_ids, evidence.flows[].dns_ids).
bool read_dns_ids(JsonFields& f, const json& ids, const std::string& field, std::vector<std::uint16_t>& out) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& v = ids[i];
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<std::int64_t>() < 0) ||
        v.get<std::uint64_t>() > 65535)
      return f.fail(field + "[" + std::to_string(i) + "]", "must be an integer 0..65535");
    out.push_back(static_cast<std::uint16_t>(v.get<std::uint64_t>()));
  }
  return true;
}

bool read_flow(JsonFields& parent, const json& v, const std::string& prefix,
               std::optional<FieldProblem>& problem, Flow& flow) {
  if (!v.is_object()) return parent.fail(prefix, "must be an object");
  JsonFields f(v, prefix, problem);
  std::uint64_t sport = 0, dport = 0;
  if (!f.only({"proto", "src", "sport", "dst", "dport", "dns_ids", "deliberate"}) ||
      !f.string("proto", flow.proto) || !f.u64("sport", sport, 65535) || !f.u64("dport", dport, 65535))
    return false;
  if (v.contains("dns_ids")) {
    const json* ids = nullptr;
    if (!f.array("dns_ids", ids) || !read_dns_ids(f, *ids, f.path("dns_ids"), flow.dns_ids)) return false;
    if (flow.dns_ids.empty()) return f.fail(f.path("dns_ids"), "must not be empty (omit it instead)");
  }
  if (v.contains("deliberate")) {
    if (!v["deliberate"].is_boolean()) return f.fail(f.path("deliberate"), "must be true or false");
    flow.deliberate = v["deliberate"].get<bool>();
  }
  if (!v.contains("src") || !v.contains("dst"))
    return f.fail(f.path(v.contains("src") ? "dst" : "src"), "missing");
  // An empty src (with sport 0) means "not known": an attempt that never got a local address (a
  // connect that failed before binding, an RS sent on a raw socket). The destination is always known.
  const bool unknown_src = v["src"].is_string() && v["src"].get_ref<const std::string&>().empty();
  if (unknown_src && sport != 0) return f.fail(f.path("sport"), "must be 0 when src is unknown (\"\")");
  if ((!unknown_src && !read_ip(f, v["src"], f.path("src"), flow.src)) ||
      !read_ip(f, v["dst"], f.path("dst"), flow.dst))
    return false;
  flow.sport = static_cast<std::uint16_t>(sport);
  flow.dport = static_cast<std::uint16_t>(dport);
  return true;
}

bool read_evidence(JsonFields& top, std::optional<FieldProblem>& problem, CheckResult& r) {
  const json* e = nullptr;
  if (!top.object("evidence", e)) return false;
  JsonFields f(*e, "evidence", problem);
  const json *ids = nullptr, *flows = nullptr, *window = nullptr;
  if (!f.only({"dns_ids", "flows", "window"}) || !f.array("dns_ids", ids) || !f.array("flows", flows) ||
      !f.object("window", window))
    return false;
  if (!read_dns_ids(f, *ids, "evidence.dns_ids", r.evidence.dns_ids)) return false;
  for (std::size_t i = 0; i < flows->size(); ++i) {
    Flow flow;
    if (!read_flow(f, (*flows)[i], "evidence.flows[" + std::to_string(i) + "]", problem, flow)) return false;
    r.evidence.flows.push_back(std::move(flow));
  }
  JsonFields w(*window, "evidence.window", problem);
  if (!w.only({"start_utc", "end_utc"}) || !w.time("start_utc", r.evidence.window.start_utc) ||
      !w.time("end_utc", r.evidence.window.end_utc))
    return false;
  if (r.evidence.window.end_utc < r.evidence.window.start_utc)
    return w.fail("evidence.window.end_utc", "is before start_utc");
  return true;
}

/// "reason_message" (optional): a catalogue message (core/message.hpp).
bool read_message(JsonFields& f, const json& j, std::optional<MessageRef>& out) {
  const auto it = j.find("reason_message");
  if (it == j.end()) return true;
  std::string field, why;
  out = message_from_json(*it, field, why, kMaxReasonDepth);
  if (!out) return f.fail(f.path("reason_message") + (field.empty() ? "" : "." + field), why);
  return true;
}

/// "clauses" (optional; when present a non-empty array): each {clause, verdict, reason, rfc?}, names
/// unique, verdict never skipped and never more severe than the result's own verdict.
bool read_clauses(JsonFields& top, const json& j, std::optional<FieldProblem>& problem, CheckResult& r) {
  const auto it = j.find("clauses");
  if (it == j.end()) return true;
  if (!it->is_array()) return top.fail("clauses", "must be an array");
  if (it->empty()) return top.fail("clauses", "must not be empty (omit the key instead)");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string at = "clauses[" + std::to_string(i) + "]";
    const json& v = (*it)[i];
    if (!v.is_object()) return top.fail(at, "must be an object");
    JsonFields f(v, at, problem);
    Clause c;
    std::string verdict;
    if (!f.only({"clause", "verdict", "reason", "rfc", "reason_message"}) || !f.string("clause", c.clause) ||
        !f.string("verdict", verdict) || !f.string("reason", c.reason) || !f.opt_string("rfc", c.rfc) ||
        !read_message(f, v, c.reason_message))
      return false;
    if (!valid_clause_name(c.clause)) return f.fail(f.path("clause"), "must be 1-32 of a-z 0-9 _");
    const auto cv = verdict_from_string(verdict);
    if (!cv || *cv == Verdict::skipped)
      return f.fail(f.path("verdict"),
                    "must be one of pass, info, warn, fail, error (got '" + verdict + "')");
    c.verdict = *cv;
    if (severity(c.verdict) > severity(r.verdict))
      return f.fail(f.path("verdict"), "'" + verdict + "' is more severe than the result's verdict '" +
                                           std::string(to_string(r.verdict)) + "'");
    for (const auto& seen : r.clauses)
      if (seen.clause == c.clause) return f.fail(f.path("clause"), "duplicate clause '" + c.clause + "'");
    r.clauses.push_back(std::move(c));
  }
  return true;
}

}  // namespace

Expected<CheckResult, RecordError> check_result_from_json(const json& j, std::size_t line) {
  std::optional<FieldProblem> problem;
  CheckResult r;
  JsonFields f(j, "", problem);
  std::uint64_t schema = 0, attempts = 0;
  std::string family, verdict;
  const json* observed = nullptr;
  bool ok = f.only({"schema", "seq", "check_id", "kind", "target", "family", "started_utc", "duration_ms",
                    "attempts", "verdict", "reason", "reason_message", "rfc", "addresses", "timings_ms",
                    "observed", "clauses", "evidence"}) &&
            f.u64("schema", schema);
  if (ok && schema != CheckResult::kSchema)
    ok = f.fail("schema", "unsupported schema " + std::to_string(schema) + " (this build reads 1)");
  ok = ok && f.u64("seq", r.seq) && f.string("check_id", r.check_id) && f.string("kind", r.kind) &&
       f.string("target", r.target, true) && f.string("family", family);
  if (ok) {
    auto fam = family_from_string(family);
    if (!fam)
      ok = f.fail("family", "must be one of ipv6, ipv4, any (got " + bundle::detail::shown(family) + ")");
    else
      r.family = *fam;
  }
  ok = ok && f.time("started_utc", r.started_utc) && f.non_negative("duration_ms", r.duration_ms) &&
       f.u64("attempts", attempts, 0xffffffffu) && f.string("verdict", verdict);
  if (ok) {
    auto v = verdict_from_string(verdict);
    if (!v)
      ok = f.fail("verdict", "must be one of pass, info, warn, fail, error, skipped (got " +
                                 bundle::detail::shown(verdict) + ")");
    else
      r.verdict = *v;
  }
  r.attempts = static_cast<std::uint32_t>(attempts);
  ok = ok && f.string("reason", r.reason, true) && read_message(f, j, r.reason_message) &&
       f.opt_string("rfc", r.rfc) && read_addresses(f, problem, r) && read_timings(f, problem, r) &&
       f.object("observed", observed) && read_clauses(f, j, problem, r) && read_evidence(f, problem, r);
  if (!ok || problem) {
    FieldProblem p = problem.value_or(FieldProblem{"", "invalid record"});
    return Unexpected{RecordError{line, std::move(p.field), std::move(p.message), false}};
  }
  r.observed = *observed;
  return r;
}

Expected<CheckResult, RecordError> parse_result_line(std::string_view text, std::size_t line) {
  if (text.empty()) return Unexpected{RecordError{line, "", "empty line", false}};
  if (bundle::detail::json_nesting_depth(text) > bundle::detail::kMaxJsonDepth)
    return Unexpected{RecordError{line, "", "JSON nested deeper than 64 levels", false}};
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    std::string why = bundle::detail::json_syntax_error(text);
    return Unexpected{RecordError{line, "", std::move(why), false}};
  }
  return check_result_from_json(j, line);
}

}  // namespace v6r
