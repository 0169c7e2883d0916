#include "reports/realtime.hpp"

#include <algorithm>

#include "core/check_kind.hpp"
#include "reports/render_util.hpp"
#include "reports/sentences.hpp"
#include "reports/words.hpp"

namespace v6r::report {
namespace {

// The catalogue word of a behaviour class (the findings row's typed `nat_class`, never the reason's
// English, so a reworded or translated reason cannot lose it).
std::string class_word(const i18n::Catalog& cat, check_kind::NatClass c) {
  switch (c) {
    case check_kind::NatClass::endpoint_independent:
      return cat.text("rt.class.endpoint_independent");
    case check_kind::NatClass::address_dependent:
      return cat.text("rt.class.address_dependent");
    case check_kind::NatClass::address_and_port_dependent:
      return cat.text("rt.class.address_and_port_dependent");
  }
  return std::string(check_kind::to_string(c));
}

}  // namespace

const std::vector<std::string_view>& realtime_kinds() {
  static const std::vector<std::string_view> k{check_kind::kNat64Mapping,     check_kind::kNat64Filtering,
                                               check_kind::kNat64Hairpin,     check_kind::kNat64UdpLifetime,
                                               check_kind::kNat64TcpLifetime, check_kind::kNat64Fragments,
                                               check_kind::kNat64IcmpErrors};
  return k;
}

std::string realtime_label(const i18n::Catalog& cat, std::string_view kind) {
  std::string id = "rt.col." + std::string(kind.substr(kind.find('.') + 1));
  return cat.text(id);
}

bool has_realtime(const findings::Site& site) {
  const auto& k = realtime_kinds();
  return std::any_of(site.checks.begin(), site.checks.end(), [&](const findings::CheckRow& c) {
    return std::find(k.begin(), k.end(), c.kind) != k.end();
  });
}

std::vector<RealtimeCell> realtime_cells(const i18n::Catalog& cat, const findings::Site& site) {
  std::vector<RealtimeCell> out;
  for (const auto kind : realtime_kinds()) {
    RealtimeCell cell;
    cell.kind = kind;
    const findings::CheckRow* worst = nullptr;
    for (const auto& c : site.checks)
      if (c.kind == kind && (!worst || severity(c.verdict) > severity(worst->verdict))) worst = &c;
    if (!worst) {
      cell.text = std::string(verdict_symbol("skipped")) + " " + cat.text("rt.not_run");
      out.push_back(std::move(cell));
      continue;
    }
    const Verdict v = worst->verdict;
    cell.verdict = v;
    cell.reason = check_reason(cat, *worst);
    const std::string sym(verdict_symbol(to_string(v)));
    if (v == Verdict::error) {
      cell.text = sym + " " + cat.text("rt.cannot_judge");
    } else if (v == Verdict::skipped) {
      cell.text = sym + " " + cat.text("rt.not_judged");
    } else {
      cell.text = sym + " " + verdict_word(cat, v);
      if (worst->nat_class) cell.text += " · " + class_word(cat, *worst->nat_class);
    }
    if (worst->clauses && !worst->clauses->empty()) {  // nat64.icmp_errors: each clause at a glance
      std::vector<std::string> parts;
      for (const auto& cl : *worst->clauses) {
        const auto word = cat.find("rt.clause." + cl.clause);
        parts.push_back(std::string(verdict_symbol(to_string(cl.verdict))) + " " + word.value_or(cl.clause));
      }
      cell.text += " (" + join(parts, ", ") + ")";
    }
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace v6r::report
