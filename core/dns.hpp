#pragma once
// The DNS wire format in one include: model (dns_message.hpp), names (dns_name.hpp), code points
// (dns_types.hpp), parse (dns_parse.hpp), build/make_query (dns_build.hpp), and the allocation-free
// summary for the analyzer (dns_summary.hpp).
#include "core/dns_build.hpp"    // IWYU pragma: export
#include "core/dns_error.hpp"    // IWYU pragma: export
#include "core/dns_message.hpp"  // IWYU pragma: export
#include "core/dns_name.hpp"     // IWYU pragma: export
#include "core/dns_parse.hpp"    // IWYU pragma: export
#include "core/dns_summary.hpp"  // IWYU pragma: export
#include "core/dns_types.hpp"    // IWYU pragma: export
