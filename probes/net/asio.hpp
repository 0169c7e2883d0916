#pragma once
// The one Boost.Asio include of v6ready. Every file that uses Asio includes this header instead of
// <boost/asio.hpp>: Boost 1.74's coroutine support needs <utility> first with g++ 12, and clang
// needs the co_await feature macros defined explicitly.
#include <utility>

#if defined(__clang__)
#ifndef BOOST_ASIO_HAS_CO_AWAIT
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif
#ifndef BOOST_ASIO_HAS_STD_COROUTINE
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif
#endif

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace v6r::probe {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using ErrorCode = boost::system::error_code;

}  // namespace v6r::probe
