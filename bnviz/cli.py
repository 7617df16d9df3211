"""Command line: ``bnviz [options]`` starts the app."""

from __future__ import annotations

import argparse
import sys

from bnviz import __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bnviz", description="A visual lab for batch normalization and hyperparameter tuning.")
    p.add_argument("--version", action="version", version=f"bnviz {__version__}")
    p.add_argument("--seed", type=int, default=None, help="random seed for the first lab's run")
    p.add_argument("--fullscreen", action="store_true", help="start full screen")
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="plot theme (light suits projectors)")
    p.add_argument("--scale", type=float, default=1.0, help="font and line scale factor, e.g. 1.5 for a projector")
    p.add_argument("--play", action="store_true", help="start training at once")
    p.add_argument("--lab", default=None, help="open this lab first (bn, ...)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 0.5 <= args.scale <= 4.0:
        print(f"bnviz: --scale={args.scale} is out of range: allowed [0.5, 4]", file=sys.stderr)
        return 2
    sys.setswitchinterval(0.001)   # the GUI thread gets the GIL back quickly while training runs
    from bnviz.ui.application import create_window, ensure_app

    app = ensure_app(sys.argv[:1])
    win = create_window(args.theme, args.scale)
    if args.lab:
        keys = [lab.key for lab in win.labs]
        if args.lab not in keys:
            print(f"bnviz: --lab={args.lab!r} is unknown; choose one of {', '.join(keys)}", file=sys.stderr)
            return 2
        win.tabs.setCurrentIndex(keys.index(args.lab))
    if args.seed is not None:
        win.seed.setValue(args.seed)
    win.showFullScreen() if args.fullscreen else win.show()
    if args.play:
        win.toggle_play()
    return app.exec()
