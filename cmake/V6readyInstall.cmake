# Install rules and CPack .deb packages (deployment issue; docs/deployment.md).
#
#   cmake --install build --prefix /usr          # everything (the systemd units name /usr/bin/...)
#   cmake --install build --component probe      # only what a commune node needs
#   cd build && cpack -G DEB                     # v6ready-probe_*.deb, v6ready-analyzer_*.deb
#
# Components:
#   probe    v6probe, scenarios, systemd units (probe + shipping timers), v6ready-ship,
#            v6probe-textfile, v6probe-setup (user + spool), man page, node docs
#   analyzer v6analyze, plan file, gate policies, man page, central docs, Grafana dashboard
# Man pages are made at install time from the installed tools' own --help (help2man.sh), so they
# cannot drift from the CLI.
include(GNUInstallDirs)

set(_v6r_deploy ${PROJECT_SOURCE_DIR}/probes/deploy)
set(_v6r_man ${PROJECT_BINARY_DIR}/man)
set(_v6r_share ${CMAKE_INSTALL_DATADIR}/v6ready)
set(_v6r_doc_probe ${CMAKE_INSTALL_DATADIR}/doc/v6ready-probe)
set(_v6r_doc_analyzer ${CMAKE_INSTALL_DATADIR}/doc/v6ready-analyzer)

# ---- probe -------------------------------------------------------------------------------------
install(TARGETS v6probe RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT probe)
install(PROGRAMS ${_v6r_deploy}/v6ready-ship ${_v6r_deploy}/v6probe-textfile
        DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT probe)
install(PROGRAMS ${_v6r_deploy}/v6probe-setup DESTINATION lib/v6ready
        COMPONENT probe)
install(FILES ${_v6r_deploy}/v6probe@.service ${_v6r_deploy}/v6probe@.timer
              ${_v6r_deploy}/v6ready-ship.service ${_v6r_deploy}/v6ready-ship.timer
        DESTINATION lib/systemd/system COMPONENT probe)
install(FILES ${PROJECT_SOURCE_DIR}/scenarios/commune-baseline.yaml
              ${PROJECT_SOURCE_DIR}/scenarios/commune-full.yaml
              ${PROJECT_SOURCE_DIR}/scenarios/service-gate.yaml
              ${PROJECT_SOURCE_DIR}/scenarios/README.md
        DESTINATION ${_v6r_share}/scenarios COMPONENT probe)
install(FILES ${_v6r_deploy}/site.env.example ${_v6r_deploy}/ship.env.example
        DESTINATION ${_v6r_doc_probe}/examples COMPONENT probe)
install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md ${PROJECT_SOURCE_DIR}/docs/engineer-guide.md
              ${PROJECT_SOURCE_DIR}/docs/scenario-reference.md
        DESTINATION ${_v6r_doc_probe} COMPONENT probe)
install(CODE "execute_process(COMMAND ${_v6r_deploy}/help2man.sh \"$<TARGET_FILE:v6probe>\" v6probe
                                      ${_v6r_man}/v6probe.1 RESULT_VARIABLE _rc)
              if(NOT _rc EQUAL 0)
                message(FATAL_ERROR \"help2man.sh v6probe failed: \${_rc}\")
              endif()" COMPONENT probe)
install(FILES ${_v6r_man}/v6probe.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT probe)

# ---- analyzer ----------------------------------------------------------------------------------
install(TARGETS v6analyze RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT analyzer)
install(FILES ${PROJECT_SOURCE_DIR}/scenarios/plan-2026-2030.yaml DESTINATION ${_v6r_share}
        COMPONENT analyzer)
install(FILES ${PROJECT_SOURCE_DIR}/scenarios/policy-min-l2.yaml
              ${PROJECT_SOURCE_DIR}/scenarios/policy-service-gate.yaml
        DESTINATION ${_v6r_share}/policies COMPONENT analyzer)
install(FILES ${PROJECT_SOURCE_DIR}/docs/auditor-guide.md ${PROJECT_SOURCE_DIR}/docs/ci-guide.md
              ${PROJECT_SOURCE_DIR}/docs/engineer-guide.md ${PROJECT_SOURCE_DIR}/docs/deployment.md
              ${PROJECT_SOURCE_DIR}/docs/findings-schema.md ${PROJECT_SOURCE_DIR}/docs/architecture.md
              ${PROJECT_SOURCE_DIR}/docs/grafana-dashboard.json
        DESTINATION ${_v6r_doc_analyzer} COMPONENT analyzer)
install(CODE "execute_process(COMMAND ${_v6r_deploy}/help2man.sh \"$<TARGET_FILE:v6analyze>\" v6analyze
                                      ${_v6r_man}/v6analyze.1 RESULT_VARIABLE _rc)
              if(NOT _rc EQUAL 0)
                message(FATAL_ERROR \"help2man.sh v6analyze failed: \${_rc}\")
              endif()" COMPONENT analyzer)
install(FILES ${_v6r_man}/v6analyze.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT analyzer)

# ---- CPack: two Debian packages ----------------------------------------------------------------
set(CPACK_PACKAGE_NAME v6ready)
set(CPACK_PACKAGE_VENDOR "v6ready")
set(CPACK_PACKAGE_CONTACT "v6ready maintainers <v6ready@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://example.org/v6ready")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo binaries are ~80 MB with debug info, ~5 MB stripped
set(CPACK_COMPONENTS_ALL probe analyzer)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the binaries' real libraries (dpkg-shlibdeps): libpcap0.8, libc-ares2, libssl3,
# libyaml-cpp0.7, libfmt9, libstdc++6, libc6, ...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_COMPONENT_PROBE_DISPLAY_NAME "v6ready probe")
set(CPACK_COMPONENT_PROBE_DESCRIPTION
    "IPv6-only readiness probe for commune nodes\n v6probe runs DNS64/NAT64, dual-stack and IPv6-only checks from a scenario, captures\n its own packets as evidence and writes a run bundle into /var/spool/v6ready. Ships\n systemd units (hourly probe timer, store-and-forward shipping over rsync/SSH) and\n a Prometheus textfile writer.")
set(CPACK_DEBIAN_PROBE_PACKAGE_NAME v6ready-probe)
set(CPACK_DEBIAN_PROBE_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PROBE_PACKAGE_RECOMMENDS "rsync, openssh-client")
set(CPACK_DEBIAN_PROBE_PACKAGE_SUGGESTS "v6ready-analyzer, prometheus-node-exporter")
set(CPACK_DEBIAN_PROBE_PACKAGE_CONTROL_EXTRA
    ${_v6r_deploy}/debian/postinst ${_v6r_deploy}/debian/prerm)
set(CPACK_DEBIAN_PROBE_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_COMPONENT_ANALYZER_DISPLAY_NAME "v6ready analyzer")
set(CPACK_COMPONENT_ANALYZER_DESCRIPTION
    "IPv6-only readiness analyzer and reports\n v6analyze verifies run bundles, dissects their captures, cross-checks probe results,\n scores sites against the 2026-2030 plan and renders HTML, Markdown, CSV, JUnit and\n Prometheus reports; gate policies for CI.")
set(CPACK_DEBIAN_ANALYZER_PACKAGE_NAME v6ready-analyzer)
set(CPACK_DEBIAN_ANALYZER_PACKAGE_SECTION net)

include(CPack)
