#!/usr/bin/env bash
# The layer rule of DESIGN.md section 3: a layer never includes a header of a layer above it,
# and nothing below ui includes Qt Widgets. Prints each offending include; fails on any.
set -u
root=${1:?usage: check_layers.sh SOURCE_DIR}
cd "$root" || exit 2
bad=0
check() {  # check LAYER FORBIDDEN-REGEX
  local hits
  hits=$(grep -rnE "#include *[<\"]($2)" "$1" 2>/dev/null)
  if [ -n "$hits" ]; then echo "$1 must not include ($2):"; echo "$hits"; bad=1; fi
}
widgets='QtWidgets/|QWidget|QMainWindow|QDialog|QMessageBox|QApplication>'
check core "pd/(db|upload|host|ui)/|$widgets"
check db "pd/(upload|host|ui)/|$widgets"
check upload "pd/(host|ui)/|$widgets"
check host "pd/(db|upload|ui)/|$widgets"
[ $bad -eq 0 ] && echo "layers ok"
exit $bad
