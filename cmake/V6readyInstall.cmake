# Install rules and CPack .deb packages (deployment issue; docs/deployment.md).
#
#   cmake --install build --prefix /usr          # everything (the systemd units name /usr/bin/...)
#   cmake --install build --component probe      # only what a commune node needs
#   cd build && cpack -G DEB                     # v6ready-probe_*.deb, v6ready-analyzer_*.deb,
#                                                # v6ready-lab_*.deb
#
# Components:
#   probe    v6probe, scenarios, systemd units (probe + shipping timers), v6ready-ship,
#            v6probe-textfile, v6probe-setup (user + spool), man page, bash completion, node docs
#   analyzer v6analyze, plan file, gate policies, man page, bash completion, central docs, Grafana
#            dashboard
#   lab      the lab (v6lab, topologies, tools) in share/v6ready/lab with bin/v6lab a relative
#            symlink to it, the RA sender lib/v6ready/v6lab-ra, the CI gate script
#            share/v6ready/ci/service-gate.sh (installed mode: docs/ci-guide.md), man page
# Man pages and bash completions are made at install time from the tools' own --help (help2man.sh,
# bash-completion.sh), so they cannot drift from the CLI. Each package carries Debian's copyright
# file and changelog.Debian.gz; man pages and the changelog are gzip -9n (reproducible).
include(GNUInstallDirs)

set(_v6r_deploy ${PROJECT_SOURCE_DIR}/probes/deploy)
set(_v6r_man ${PROJECT_BINARY_DIR}/man)
set(_v6r_share ${CMAKE_INSTALL_DATADIR}/v6ready)
set(_v6r_doc_probe ${CMAKE_INSTALL_DATADIR}/doc/v6ready-probe)
set(_v6r_doc_analyzer ${CMAKE_INSTALL_DATADIR}/doc/v6ready-analyzer)
set(_v6r_doc_lab ${CMAKE_INSTALL_DATADIR}/doc/v6ready-lab)

# Man page (gzip -9n), bash completion, copyright and changelog.Debian.gz for one tool's package,
# generated at install time from the built tool.
function(_v6r_tool_extras tool component docdir)
  install(CODE "execute_process(COMMAND ${_v6r_deploy}/help2man.sh \"$<TARGET_FILE:${tool}>\" ${tool}
                                        ${_v6r_man}/${tool}.1 RESULT_VARIABLE _rc)
                if(NOT _rc EQUAL 0)
                  message(FATAL_ERROR \"help2man.sh ${tool} failed: \${_rc}\")
                endif()
                execute_process(COMMAND gzip -9nf ${_v6r_man}/${tool}.1 RESULT_VARIABLE _rc)
                execute_process(COMMAND ${_v6r_deploy}/bash-completion.sh \"$<TARGET_FILE:${tool}>\" ${tool}
                                        ${_v6r_man}/completions/${tool} RESULT_VARIABLE _rc2)
                execute_process(COMMAND sh -c \"gzip -9n -c ${_v6r_deploy}/debian/changelog > ${_v6r_man}/changelog.Debian.gz\"
                                RESULT_VARIABLE _rc3)
                if(NOT _rc EQUAL 0 OR NOT _rc2 EQUAL 0 OR NOT _rc3 EQUAL 0)
                  message(FATAL_ERROR \"${tool}: gzip/bash-completion.sh failed: \${_rc} \${_rc2} \${_rc3}\")
                endif()" COMPONENT ${component})
  install(FILES ${_v6r_man}/${tool}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
  install(FILES ${_v6r_man}/completions/${tool} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          COMPONENT ${component})
  install(FILES ${_v6r_deploy}/debian/copyright ${_v6r_man}/changelog.Debian.gz DESTINATION ${docdir}
          COMPONENT ${component})
endfunction()

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
        DESTINATION ${_v6r_share}/scenarios COMPONENT probe)
# The reference of every scenario key is documentation: /usr/share/doc (Debian policy 12.3).
install(FILES ${PROJECT_SOURCE_DIR}/scenarios/README.md DESTINATION ${_v6r_doc_probe} RENAME scenario-keys.md
        COMPONENT probe)
install(FILES ${_v6r_deploy}/site.env.example ${_v6r_deploy}/ship.env.example
        DESTINATION ${_v6r_doc_probe}/examples COMPONENT probe)
install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md ${PROJECT_SOURCE_DIR}/docs/engineer-guide.md
              ${PROJECT_SOURCE_DIR}/docs/scenario-reference.md
        DESTINATION ${_v6r_doc_probe} COMPONENT probe)
_v6r_tool_extras(v6probe probe ${_v6r_doc_probe})

# The probe's two helper scripts get man pages from their --help too.
foreach(_script v6ready-ship v6probe-textfile)
  install(CODE "execute_process(COMMAND ${_v6r_deploy}/help2man.sh --script ${_v6r_deploy}/${_script} ${_script}
                                        ${_v6r_man}/${_script}.1 ${PROJECT_VERSION} RESULT_VARIABLE _rc)
                execute_process(COMMAND gzip -9nf ${_v6r_man}/${_script}.1 RESULT_VARIABLE _rc2)
                if(NOT _rc EQUAL 0 OR NOT _rc2 EQUAL 0)
                  message(FATAL_ERROR \"man page for ${_script} failed: \${_rc} \${_rc2}\")
                endif()" COMPONENT probe)
  install(FILES ${_v6r_man}/${_script}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT probe)
endforeach()
install(FILES ${_v6r_deploy}/debian/v6ready-probe.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME v6ready-probe COMPONENT probe)

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
              ${PROJECT_SOURCE_DIR}/docs/archive.md ${PROJECT_SOURCE_DIR}/docs/grafana-dashboard.json
              ${PROJECT_SOURCE_DIR}/docs/prometheus-alerts.yml
        DESTINATION ${_v6r_doc_analyzer} COMPONENT analyzer)
# The fleet playbooks (docs/deployment.md "Fleet roll-out with Ansible"): run from the controller,
# which is where the analyzer is installed; copy the directory next to your inventory.
install(DIRECTORY ${_v6r_deploy}/ansible/ DESTINATION ${_v6r_share}/ansible COMPONENT analyzer
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
                              WORLD_EXECUTE)
_v6r_tool_extras(v6analyze analyzer ${_v6r_doc_analyzer})
install(FILES ${_v6r_deploy}/debian/v6ready-analyzer.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME v6ready-analyzer COMPONENT analyzer)

# ---- lab ---------------------------------------------------------------------------------------
# v6lab finds its topologies and tools beside itself (realpath of the script) and the RA sender in
# PREFIX/lib/v6ready/ (lab/v6lab find_ra_sender), so the tree works under any prefix or DESTDIR.
set(_v6r_lab ${_v6r_share}/lab)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/lab/v6lab DESTINATION ${_v6r_lab} COMPONENT lab)
install(FILES ${PROJECT_SOURCE_DIR}/lab/topologies/mini-province.yaml DESTINATION ${_v6r_lab}/topologies
        COMPONENT lab)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/lab/tools/dhcp_discover.py ${PROJECT_SOURCE_DIR}/lab/tools/udp_echo.py
                 ${PROJECT_SOURCE_DIR}/lab/tools/tcp_echo.py
        DESTINATION ${_v6r_lab}/tools COMPONENT lab)
install(TARGETS v6lab-ra RUNTIME DESTINATION lib/v6ready COMPONENT lab)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/ci/examples/service-gate.sh DESTINATION ${_v6r_share}/ci COMPONENT lab)
# bin/v6lab -> ../share/v6ready/lab/v6lab (relative: Debian policy 10.5, and right under any DESTDIR)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/lab-link)
file(CREATE_LINK ../${_v6r_lab}/v6lab ${PROJECT_BINARY_DIR}/lab-link/v6lab SYMBOLIC)
install(FILES ${PROJECT_BINARY_DIR}/lab-link/v6lab DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT lab)
install(FILES ${PROJECT_SOURCE_DIR}/lab/README.md DESTINATION ${_v6r_doc_lab} COMPONENT lab)
install(CODE "execute_process(COMMAND ${_v6r_deploy}/help2man.sh --script ${PROJECT_SOURCE_DIR}/lab/v6lab v6lab
                                      ${_v6r_man}/v6lab.1 ${PROJECT_VERSION}
                                      \"v6probe(1), v6analyze(1); /usr/share/doc/v6ready-lab/README.md, /usr/share/doc/v6ready-analyzer/ci-guide.md\"
                                      RESULT_VARIABLE _rc)
              execute_process(COMMAND gzip -9nf ${_v6r_man}/v6lab.1 RESULT_VARIABLE _rc2)
              execute_process(COMMAND sh -c \"gzip -9n -c ${_v6r_deploy}/debian/changelog > ${_v6r_man}/changelog.Debian.gz\"
                              RESULT_VARIABLE _rc3)
              if(NOT _rc EQUAL 0 OR NOT _rc2 EQUAL 0 OR NOT _rc3 EQUAL 0)
                message(FATAL_ERROR \"man page for v6lab failed: \${_rc} \${_rc2} \${_rc3}\")
              endif()" COMPONENT lab)
install(FILES ${_v6r_man}/v6lab.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT lab)
install(FILES ${_v6r_deploy}/debian/copyright ${_v6r_man}/changelog.Debian.gz DESTINATION ${_v6r_doc_lab}
        COMPONENT lab)

# ---- CPack: three Debian packages ----------------------------------------------------------------
set(CPACK_PACKAGE_NAME v6ready)
set(CPACK_PACKAGE_VENDOR "v6ready")
set(CPACK_PACKAGE_CONTACT "v6ready maintainers <v6ready@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://example.org/v6ready")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo binaries are ~80 MB with debug info, ~5 MB stripped
# strip(1) keeps the .comment section (compiler versions), which Debian's dh_strip removes (lintian:
# binary-has-unneeded-section); this runs over the staged files after the install, before packaging.
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/V6readyStripComment.cmake)
set(CPACK_COMPONENTS_ALL probe analyzer lab)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the binaries' real libraries (dpkg-shlibdeps): libpcap0.8, libc-ares2, libssl3,
# libyaml-cpp0.7, libfmt9, libstdc++6, libc6, ...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_COMPONENT_PROBE_DISPLAY_NAME "v6ready probe")
set(CPACK_COMPONENT_PROBE_DESCRIPTION
    "IPv6-only readiness probe for commune nodes\n v6probe runs DNS64/NAT64, dual-stack and IPv6-only checks from a scenario,\n captures its own packets as evidence and writes a run bundle into\n /var/spool/v6ready. Ships systemd units (hourly probe timer, store-and-forward\n shipping over rsync/SSH) and a Prometheus textfile writer.")
set(CPACK_DEBIAN_PROBE_PACKAGE_NAME v6ready-probe)
set(CPACK_DEBIAN_PROBE_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PROBE_PACKAGE_RECOMMENDS "rsync, openssh-client")
set(CPACK_DEBIAN_PROBE_PACKAGE_SUGGESTS "v6ready-analyzer, prometheus-node-exporter")
set(CPACK_DEBIAN_PROBE_PACKAGE_CONTROL_EXTRA
    ${_v6r_deploy}/debian/postinst ${_v6r_deploy}/debian/prerm)
set(CPACK_DEBIAN_PROBE_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_COMPONENT_ANALYZER_DISPLAY_NAME "v6ready analyzer")
set(CPACK_COMPONENT_ANALYZER_DESCRIPTION
    "IPv6-only readiness analyzer and reports\n v6analyze verifies run bundles, dissects their captures, cross-checks probe\n results, scores sites against the 2026-2030 plan and renders HTML, Markdown,\n CSV, JUnit and Prometheus reports; gate policies for CI.")
set(CPACK_DEBIAN_ANALYZER_PACKAGE_NAME v6ready-analyzer)
set(CPACK_DEBIAN_ANALYZER_PACKAGE_SECTION net)

# Depends: the tools it drives (same version) and every program lab/v6lab and service-gate.sh run:
# ip, ss (iproute2), nft (nftables), sysctl (procps), unbound, named (bind9), tayga, nginx,
# dnsmasq (dnsmasq-base), turnserver (coturn, the STUN server), openssl, dig (bind9-dnsutils), curl,
# python3 with python3-yaml.
# dpkg-shlibdeps adds v6lab-ra's libraries.
set(CPACK_COMPONENT_LAB_DISPLAY_NAME "v6ready lab")
set(CPACK_COMPONENT_LAB_DESCRIPTION
    "IPv6-only lab in network namespaces and the CI service gate\n v6lab builds a small province on one machine from real daemons (unbound and\n BIND 9 DNS64, tayga NAT64, nginx, dnsmasq, coturn) in network namespaces,\n with documentation prefixes only and nothing routed off the machine. The CI\n script /usr/share/v6ready/ci/service-gate.sh runs a service's own client and\n the v6ready checks from an IPv6-only node and fails the job on the gate\n policy.")
set(CPACK_DEBIAN_LAB_PACKAGE_NAME v6ready-lab)
set(CPACK_DEBIAN_LAB_PACKAGE_SECTION net)
set(CPACK_DEBIAN_LAB_PACKAGE_DEPENDS
    "v6ready-probe (= ${PROJECT_VERSION}-1), v6ready-analyzer (= ${PROJECT_VERSION}-1), iproute2, nftables, procps, unbound, bind9, bind9-dnsutils, tayga, nginx, dnsmasq-base, coturn, openssl, curl, python3, python3-yaml")

include(CPack)
