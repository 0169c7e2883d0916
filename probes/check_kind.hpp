#pragma once
// One block per check kind (docs/architecture.md "Adding a check kind"). Each
// probes/checks/<kind>.cpp ends with ONE descriptor, a KindBlock<Params>:
//   name     "<family>.<name>" (core/check_kind.hpp: the family, and the constants of kinds that
//            another folder names);
//   schema   the parameter schema: scenario validation (file:line:col, did-you-mean) and the
//            generated reference in scenarios/README.md (`v6probe list-checks --markdown`);
//   params   the kind's typed parameters (a struct with enums, not strings), made ONCE per check from
//            the validated ParamValues;
//   targets  what the check targets, from the typed parameters alone: a label for results the
//            engine makes itself, and the literal addresses the allow-list must cover before the run;
//   run      one attempt: typed parameters and a deadline in, a result record out (check.hpp).
// kind_of<Block> erases the Params type; probes/checks/builtin.cpp lists the built-in kinds. The
// engine and the CLI know kinds only through these descriptors, never by testing a kind's name.
#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_schema.hpp"
#include "core/ip.hpp"
#include "probes/check.hpp"

namespace v6r::probe {

/// An address written in a check's parameters that the check sends traffic to (a lookup key, such
/// as dns64.ptr's address, is not one).
struct LiteralTarget {
  std::string_view param;  ///< the parameter that holds it ("address", "url")
  IpAddr address;
};

/// What one check targets, known from its parameters before anything is resolved.
struct CheckTargets {
  std::string label;                    ///< name, URL or address ("" when the kind has none)
  std::vector<LiteralTarget> literals;  ///< must lie in the scenario's allow-list
};

/// The block at the bottom of probes/checks/<kind>.cpp (see the file comment).
template <class Params>
struct KindBlock {
  std::string_view name;
  scenario::CheckSchema (*schema)();
  Params (*params)(const scenario::ParamValues& validated);
  CheckTargets (*targets)(const Params& p);
  awaitable<CheckOutcome> (*run)(CheckEnv& env, const Params& p, std::chrono::milliseconds deadline);
};

/// One scenario check bound to its kind: its typed parameters, made once. The engine keeps it alive
/// (shared_ptr) for as long as any attempt runs.
class BoundCheck {
 public:
  virtual ~BoundCheck() = default;
  /// One attempt; `deadline` is this attempt's budget, already clamped by the run budget.
  [[nodiscard]] virtual awaitable<CheckOutcome> run(CheckEnv& env,
                                                    std::chrono::milliseconds deadline) const = 0;
  [[nodiscard]] virtual const CheckTargets& targets() const = 0;
};

/// A kind as the engine, the CLI and the kind lists see it: its KindBlock with Params erased.
struct CheckKind {
  std::string_view name;
  scenario::CheckSchema (*schema)();
  std::shared_ptr<const BoundCheck> (*bind)(const scenario::ParamValues& validated);
};

namespace detail {

template <const auto& Block, class Params>
class Bound final : public BoundCheck {
 public:
  explicit Bound(Params p) : params_(std::move(p)), targets_(Block.targets(params_)) {}
  awaitable<CheckOutcome> run(CheckEnv& env, std::chrono::milliseconds deadline) const override {
    return Block.run(env, params_, deadline);
  }
  const CheckTargets& targets() const override { return targets_; }

 private:
  Params params_;
  CheckTargets targets_;
};

template <const auto& Block>
std::shared_ptr<const BoundCheck> bind_block(const scenario::ParamValues& validated) {
  using Params = decltype(Block.params(validated));
  return std::make_shared<const Bound<Block, Params>>(Block.params(validated));
}

}  // namespace detail

/// The type-erased descriptor of a KindBlock: `const CheckKind nat64_tcp_kind = kind_of<kBlock>;`.
template <const auto& Block>
inline constexpr CheckKind kind_of{Block.name, Block.schema, &detail::bind_block<Block>};

/// A set of kinds: the built-in list (probes/checks/builtin.hpp) or a test's own.
class CheckKindList {
 public:
  CheckKindList(std::initializer_list<const CheckKind*> kinds) : kinds_(kinds) {}
  /// nullptr when `name` is not in the list.
  [[nodiscard]] const CheckKind* find(std::string_view name) const;
  /// The parameter schemas, for scenario loading. Throws std::logic_error on a programming error: a
  /// kind listed twice, a schema named other than its kind, a bad default (the builtin test runs it).
  [[nodiscard]] scenario::CheckSchemaRegistry schemas() const;
  [[nodiscard]] auto begin() const { return kinds_.begin(); }
  [[nodiscard]] auto end() const { return kinds_.end(); }
  [[nodiscard]] std::size_t size() const { return kinds_.size(); }

 private:
  std::vector<const CheckKind*> kinds_;
};

/// The check bound to its kind in `kinds`; nullptr when the kind is not in the list.
std::shared_ptr<const BoundCheck> bind_check(const CheckKindList& kinds, const scenario::Check& c);

}  // namespace v6r::probe
