"""Regenerate ``bnviz/resources/data/digits.npz`` from scikit-learn's bundled copy.

Why this exists
---------------
The app ships a tiny real image data set so that the lessons on images do not
need a network connection or scikit-learn at runtime. scikit-learn is a *dev*
dependency only: this script is run once by a maintainer, and the resulting
``.npz`` (plain arrays, no pickle) is committed together with its licence.

The data are the UCI "Optical Recognition of Handwritten Digits" set
(E. Alpaydin, C. Kaynak), licensed CC BY 4.0, in the form shipped with
``sklearn.datasets.load_digits``: 1797 images of 8x8 pixels, values 0..16.

Usage::

    .venv/bin/python tools/make_digits.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bnviz" / "resources" / "data"

LICENSE_TEXT = """\
digits.npz -- Optical Recognition of Handwritten Digits
=======================================================

Source:   UCI Machine Learning Repository,
          "Optical Recognition of Handwritten Digits"
          https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits
Creators: E. Alpaydin, C. Kaynak (Bogazici University, Istanbul, 1998)
Licence:  Creative Commons Attribution 4.0 International (CC BY 4.0)
          https://creativecommons.org/licenses/by/4.0/

The copy bundled here is the test portion distributed with scikit-learn as
sklearn.datasets.load_digits (1797 images, 8x8 pixels, 10 classes, integer
pixel values 0..16), converted by tools/make_digits.py into a compressed NumPy
archive with two arrays:

  images  uint8 (1797, 64)  row-major 8x8 images, values 0..16
  labels  uint8 (1797,)     digit class 0..9

Changes: format conversion only (float64 -> uint8); no pixel was altered.

Attribution: Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of
Handwritten Digits. UCI Machine Learning Repository.
"""


def main() -> int:
    """Write ``digits.npz`` and ``LICENSE-digits.txt``; return an exit code."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:  # pragma: no cover - maintainer tool
        print("scikit-learn is required: pip install -e .[dev]", file=sys.stderr)
        return 1

    bunch = load_digits()
    data = np.asarray(bunch.data)
    target = np.asarray(bunch.target)
    if data.shape != (1797, 64) or target.shape != (1797,):
        print(f"unexpected shapes {data.shape} {target.shape}", file=sys.stderr)
        return 1
    if data.min() < 0 or data.max() > 16 or not np.all(data == np.round(data)):
        print("unexpected pixel values (expected integers 0..16)", file=sys.stderr)
        return 1

    images = data.astype(np.uint8)
    labels = target.astype(np.uint8)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT_DIR / "digits.npz", images=images, labels=labels)
    (OUT_DIR / "LICENSE-digits.txt").write_text(LICENSE_TEXT, encoding="utf-8")
    print(f"wrote {OUT_DIR / 'digits.npz'} ({images.shape}, {np.bincount(labels).tolist()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
