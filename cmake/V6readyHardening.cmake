# Debian's hardening flags for every v6ready binary (what `dpkg-buildflags` gives with
# DEB_BUILD_MAINT_OPTIONS=hardening=+all, plus the stack-clash and control-flow protections dpkg adds on
# amd64 from 1.22), so the .deb packages carry no lintian hardening-* tag (tests/deploy/package_test.sh
# checks the packaged binaries with readelf and lintian; docs/deployment.md "Hardening"):
#   compile: -D_FORTIFY_SOURCE=2 (needs optimisation: not in Debug builds), -fstack-protector-strong,
#            -fstack-clash-protection, -fcf-protection (x86), -Wformat -Werror=format-security;
#   link:    -Wl,-z,relro -Wl,-z,now (full RELRO: the GOT read-only after start).
# PIE is Debian's compiler default (gcc --enable-default-pie), as dpkg-buildflags assumes; the package
# test fails if a packaged binary is not PIE.
# Off under the sanitizers and the fuzz build: ASan replaces the fortified libc calls itself.
if(NOT V6READY_HARDENING OR V6READY_SANITIZE OR V6READY_FUZZ)
  return()
endif()

# -U first: a toolchain that predefines _FORTIFY_SOURCE (another level) would warn about the redefinition.
add_compile_options($<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE> $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
add_compile_options(-fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|i.86)$")
  add_compile_options(-fcf-protection)
endif()
add_link_options(LINKER:-z,relro LINKER:-z,now)
