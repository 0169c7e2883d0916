# Every library comes from Debian's -dev packages (ci/bootstrap.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
# UTF-8 decoding and grapheme clusters for the output escapers (core/utf8.*).
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
# The sweep archive (analyzers/archive/): one SQLite file per archive.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# report.html's embedded data for large sweeps is gzip-compressed (reports/html_data.cpp).
find_package(ZLIB REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
if(V6READY_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(V6READY_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()
