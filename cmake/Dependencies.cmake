# Finds every library Proofdesk builds against. A missing one stops the configure with the
# Debian package that provides it, so `packaging/install-deps.sh` and the error agree.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config'")
endif()

# pd_require_pkg(<target-name> <pkg-config module> <debian package>)
function(pd_require_pkg name module debpkg)
  pkg_check_modules(${name} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debpkg}' "
                        "(or run packaging/install-deps.sh)")
  endif()
endfunction()

pd_require_pkg(SQLITE3   sqlite3        libsqlite3-dev)
pd_require_pkg(LIBPQ     libpq          libpq-dev)
pd_require_pkg(TURBOJPEG libturbojpeg   libturbojpeg0-dev)
pd_require_pkg(LIBJPEG   libjpeg        libjpeg62-turbo-dev)
pd_require_pkg(OPENJPEG  libopenjp2     libopenjp2-7-dev)
pd_require_pkg(EXIV2     exiv2          libexiv2-dev)
pd_require_pkg(LCMS2     lcms2          liblcms2-dev)
pd_require_pkg(LIBCRYPTO libcrypto      libssl-dev)
pd_require_pkg(LIBSSL    libssl         libssl-dev)
pd_require_pkg(LIBCURL   libcurl        libcurl4-openssl-dev)

# pd_require_package(<find_package name> <debian package> [find_package args...])
macro(pd_require_package name debpkg)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${name} not found: install the Debian package '${debpkg}' "
                        "(or run packaging/install-deps.sh)")
  endif()
endmacro()

pd_require_package(Qt6 "qt6-base-dev" 6.4 COMPONENTS Core Gui Concurrent Widgets Test)
pd_require_package(Qt6Svg "qt6-svg-dev" 6.4)
# Host tokens in the desktop keyring (the studio app; headless it falls back to a 0600 file).
pd_require_package(Qt6Keychain "qtkeychain-qt6-dev")
# Boost.Beast and Boost.Asio (header-only) for proofdesk-host. DESIGN.md pins Boost 1.81, which
# Debian 12 ships as libboost1.81-dev (its libboost-dev is 1.74).
pd_require_package(Boost "libboost1.81-dev" 1.81 CONFIG)
find_package(Threads REQUIRED)

if(PD_BUILD_TESTS)
  pd_require_package(Catch2 catch2 2.13)
  include(Catch)
  # Tools the suites run as real peers: the lossless print path is compared with jpegtran's
  # bytes, and a test damages a vault with the sqlite3 shell.
  foreach(tool_pkg IN ITEMS "jpegtran:libjpeg-turbo-progs" "sqlite3:sqlite3")
    string(REPLACE ":" ";" tp "${tool_pkg}")
    list(GET tp 0 tool)
    list(GET tp 1 pkg)
    find_program(PD_TOOL_${tool} ${tool})
    if(NOT PD_TOOL_${tool})
      message(FATAL_ERROR "${tool} not found (the tests run it): install the Debian package '${pkg}' "
                          "(or run packaging/install-deps.sh test)")
    endif()
  endforeach()
  # The host store's tests start a throwaway PostgreSQL 15 cluster with the server's own tools.
  set(PD_PG_BINDIR "/usr/lib/postgresql/15/bin" CACHE PATH "initdb and pg_ctl of PostgreSQL 15")
  if(NOT EXISTS "${PD_PG_BINDIR}/initdb" OR NOT EXISTS "${PD_PG_BINDIR}/pg_ctl")
    message(FATAL_ERROR "initdb/pg_ctl not found in ${PD_PG_BINDIR} (the host tests run a PostgreSQL "
                        "cluster): install the Debian package 'postgresql' (or run packaging/install-deps.sh test)")
  endif()
endif()
