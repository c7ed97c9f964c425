#!/usr/bin/env bash
# Regenerates steps/golden/stepNN.txt by running the original Python DeZero's steps (../shared/dezero-py, see its
# ORIGIN.md): standard output, then, when a step raises (step 9 does on purpose), one line `! ErrorType: message`.
# NumPy's global generator is seeded with 0 before each step: steps 51–54, 59 and 60 draw unseeded numbers (weights,
# shuffles, dropout masks), and our steps seed dz.random with 0 there, so both sides draw the same.
# Needs Debian's python3-numpy, python3-matplotlib and python3-pil for /usr/bin/python3.
# Run from the repository root: `bash scripts/make-step-goldens.sh [NN ...]` (all steps by default; about 5
# minutes: step 59 alone trains for over two). Steps that download (MNIST, VGG16) read a cache that
# scripts/make-step-cache.ts fills with the digits shipped in src/data/embedded, so the goldens need no network.
set -euo pipefail
cd "$(dirname "$0")/.."
DEZERO=${DEZERO_PY:-../shared/dezero-py}
out=steps/golden
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
# DeZero caches downloads in ~/.dezero: a private HOME with the shipped digits in DeZero's file names.
export HOME="$work/home"
mkdir -p "$HOME/.dezero"
npx tsx scripts/make-step-cache.ts "$HOME/.dezero"
steps=${*:-$(seq -w 1 60)}
for n in $steps; do
  py="$DEZERO/steps/step$n.py"
  [ -f "$py" ] || { echo "no $py" >&2; exit 1; }
  # Each step runs in an empty folder: some write pictures or weight files next to themselves.
  mkdir -p "$work/run$n"
  if (cd "$work/run$n" && PYTHONPATH="$(realpath "$OLDPWD/$DEZERO")" MPLBACKEND=Agg \
    /usr/bin/python3 -c 'import runpy, sys, numpy; numpy.random.seed(0); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")' \
      "$(realpath "$OLDPWD/$py")" >"$work/out" 2>"$work/err"); then
    cp "$work/out" "$out/step$n.txt"
  else
    { cat "$work/out"; echo "! $(grep -E '^[A-Za-z_.]+(Error|Exception)' "$work/err" | tail -1)"; } >"$out/step$n.txt"
  fi
  echo "step$n: $(wc -l <"$out/step$n.txt") lines"
done
