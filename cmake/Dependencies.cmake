# Every dependency is a Debian package. cmark-gfm and re2 ship no CMake config on Debian 12, so they come
# through pkg-config; the GFM extensions library has no .pc file at all and is found by name.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
find_library(CMARK_GFM_EXTENSIONS_LIBRARY NAMES cmark-gfm-extensions REQUIRED)
find_path(CMARK_GFM_EXTENSIONS_INCLUDE_DIR NAMES cmark-gfm-core-extensions.h REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
