#!/usr/bin/env bash
# package-deb: `cpack -G DEB` with the build folder's CPack configuration, into a temporary folder; the
# package must hold /usr/bin/rollout-audit (which runs and prints the project's version), the man page (every
# option of --help in it), the copyright file and changelog Debian wants, the documentation with every
# relative link of its Markdown resolving inside the package, Depends computed by dpkg-shlibdeps that name
# the Debian runtime libraries (libgit2 ...), and pass lintian (Debian's package checker) with no error or
# warning. Without one of the tools CTest reports it skipped (tests/support/skip.sh), and under CI=true, where
# install-deps has run, it fails: it installs nothing itself.
#   package_deb_test.sh BUILD_DIR VERSION
set -euo pipefail
source "${BASH_SOURCE[0]%/*}/support/skip.sh"
build="$1" version="$2"
for tool in cpack dpkg-deb dpkg-shlibdeps file lintian man; do
  command -v "$tool" >/dev/null || cannot_set_up "$tool is not installed (scripts/install-deps installs it)"
done
out="$(mktemp -d "${TMPDIR:-/tmp}/rollout-audit-deb.XXXXXX")"
trap 'rm -rf "$out"' EXIT
failed=0
fail() { echo "FAILED: $1"; failed=1; }

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log"
  echo "FAILED: cpack -G DEB"
  exit 1
fi
debs=("$out"/rollout-audit_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$out/cpack.log"; echo "FAILED: one rollout-audit_*.deb (got: ${debs[*]})"; exit 1; }
deb="${debs[0]}"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

contents="$(dpkg-deb -c "$deb")"
field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -f "$deb"

[ "$(field Package)" = "rollout-audit" ] || fail "Package is rollout-audit"
[ "$(field Version)" = "$version" ] || fail "Version is $version, not '$(field Version)'"
[ -n "$(field Maintainer)" ] || fail "a Maintainer"
[ -n "$(field Description)" ] || fail "a Description"
depends="$(field Depends)"
for library in libgit2 libcmark-gfm libyaml-cpp libre2 libfmt libc6 libstdc++6; do
  grep -q "$library" <<<"$depends" || fail "Depends names $library (Depends: $depends)"
done
grep -qE '^-rwxr-xr-x .* \./usr/bin/rollout-audit$' <<<"$contents" || fail "the package holds ./usr/bin/rollout-audit, executable"
for file in copyright changelog.gz README.md docs/ci.md docs/formats.md docs/rules/evidence-missing.md; do
  grep -q "\./usr/share/doc/rollout-audit/$file\$" <<<"$contents" || fail "the package holds /usr/share/doc/rollout-audit/$file"
done
grep -q '\./usr/share/man/man1/rollout-audit\.1\.gz$' <<<"$contents" || fail "the package holds the man page"

# The packaged binary runs and is stripped.
mkdir "$out/root"
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/rollout-audit" --version | grep -qF "$version" || fail "the packaged rollout-audit --version prints $version"
if command -v file >/dev/null; then
  file "$out/root/usr/bin/rollout-audit" | grep -q ', stripped' || fail "the packaged binary is stripped"
fi

# The docs as installed: every relative link of every Markdown file resolves inside the package.
docs="$out/root/usr/share/doc/rollout-audit"
while IFS= read -r markdown; do
  while IFS= read -r target; do
    target="${target%%#*}"
    [ -z "$target" ] && continue
    [ -e "$(dirname "$markdown")/$target" ] || fail "${markdown#"$docs"/} links to $target, which the package does not hold"
  done < <(grep -oE '\]\([^)]+\)' "$markdown" | sed -E 's/^\]\(([^) ]+).*/\1/' | grep -vE '^[a-z]+:|^#' || true)
done < <(find "$docs" -name '*.md')

# The changelog's newest entry is this version; the copyright file names the licence.
zcat "$docs/changelog.gz" | head -1 | grep -qF "rollout-audit ($version)" || fail "the changelog's newest entry is $version"
grep -q '^License: Apache-2.0$' "$docs/copyright" || fail "the copyright file names Apache-2.0"

# The man page renders without warnings and names every option --help lists.
page="$(MANWIDTH=100 man --warnings -l "$out/root/usr/share/man/man1/rollout-audit.1.gz" 2>"$out/man.err")"
[ ! -s "$out/man.err" ] || fail "man reports: $(cat "$out/man.err")"
for option in $("$out/root/usr/bin/rollout-audit" --help | grep -oE '^  --[a-z-]+'); do
  grep -qF -- "$option" <<<"$page" || fail "the man page describes $option"
done

# Debian's own checker: no error or warning (--fail-on), everything printed.
if ! lintian --fail-on error,warning --display-info "$deb" >"$out/lintian.log" 2>&1; then
  cat "$out/lintian.log"
  fail "lintian finds errors or warnings"
fi

# What the README says: apt install ./rollout-audit_*.deb resolves (simulated: nothing is installed).
simulated="$(cd "$out" && apt-get install -s -q "./$(basename "$deb")" 2>&1)" || true
grep -q '^Inst rollout-audit ' <<<"$simulated" || fail "apt-get install -s ./$(basename "$deb") would install it: $simulated"

[ "$failed" -eq 0 ] || exit 1
echo "package-deb: all checks passed"
