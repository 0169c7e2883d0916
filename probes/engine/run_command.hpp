#pragma once
// `v6probe run SCENARIO --site S [...]`: load and vet the scenario, open the capture, drop
// privileges, run the engine on one Asio loop, write one bundle, return the exit code
// (docs/architecture.md: 0 all pass, 1 checks failed, 2 usage/scenario error, 3 partial/internal).
#include <string>

#include "probes/check_kind.hpp"

namespace v6r::probe {

struct RunOptions {
  std::string scenario_path;
  std::string site;  ///< a site path (core/site_path.hpp), e.g. province/district/commune
  std::string out_dir = "bundles";
  std::string iface;     ///< "" = interface of the default IPv6 route, else "any"
  std::string resolver;  ///< "" = scenario defaults.resolver, else /etc/resolv.conf
  std::string probe_id;  ///< "" = hostname
  bool no_capture = false;
  bool quiet = false;
  bool json = false;  ///< print a JSON summary on stdout instead of the bare bundle path
  /// Ed25519 key that signs the bundle (core/signing.hpp). "" = /etc/v6ready/probe.key when it exists.
  std::string sign_key;
  bool no_sign = false;  ///< write an unsigned bundle even when a key is installed
};

/// `kinds`: the kinds the scenario may use (builtin_kinds()).
int run_probe(const RunOptions& opts, const CheckKindList& kinds);

}  // namespace v6r::probe
