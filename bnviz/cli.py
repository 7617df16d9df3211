"""Command line: ``bnviz [options]`` starts the app; ``bnviz export ...`` writes a lesson's figures headless;
``bnviz check FILE...`` validates session and lesson files; ``bnviz check-lessons [LESSON...]`` verifies
every lesson's claims on the engine for three seeds; ``bnviz install-desktop`` puts the app in the Linux
desktop's menu (``--uninstall`` takes it out).

Every error is one line on stderr and exit status 2.  ``bnviz --help`` lists the commands in its
epilog (the top level keeps plain options, so ``bnviz --preset B8`` needs no subcommand), and every
``usage:`` line names the program as it was invoked (:func:`invoked_as`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from bnviz import __version__

WIDTHS = (200, 8000)      # PNG width range of an export
ANIMATIONS = ("gif", "mp4", "png-frames")   # bnviz.app.animate.FORMATS, without importing Qt for --help
FPS = (1, 60)
LANGS = ("en", "zh_CN")   # bnviz.ui.i18n.LANGUAGES, without importing Qt for --help
DASK_ADDRESS = re.compile(r"(tcp|tls)://[A-Za-z0-9.\-\[\]:]+:\d{1,5}")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), not the whole usage block."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def invoked_as(argv0: str | None = None) -> str:
    """How the user started us, for ``usage:`` lines: ``bnviz``, ``bnviz-cli``, ``python -m bnviz``, ...

    argparse's default is the basename of ``sys.argv[0]``, which says
    ``__main__.py`` for ``python -m bnviz`` and ``bnviz-cli.exe`` on Windows;
    the help should show a command the user can type again.
    """
    name = os.path.basename(sys.argv[0] if argv0 is None else argv0)
    if name == "__main__.py":
        return "python -m bnviz"
    if name.lower().endswith(".exe"):
        name = name[:-4]
    if name.endswith(".py"):
        return f"python {name}"
    return name if name and name != "-c" else "bnviz"


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    prog = invoked_as() if prog is None else prog
    p = Parser(
        prog=prog, description="A visual lab for batch normalization and hyperparameter tuning.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=("commands:\n"
                f"  {prog} export LESSON --steps N --out DIR\n"
                "                        train a lesson without a window and write its figures and CSVs\n"
                f"                        (see {prog} export --help)\n"
                f"  {prog} check FILE...  validate session and lesson files (nothing is applied)\n"
                f"  {prog} check-lessons [LESSON...]\n"
                "                        verify every lesson's claims on the engine for three seeds\n"
                f"  {prog} install-desktop [--prefix DIR] [--uninstall]\n"
                "                        add bnviz (menu entry, icon) to the Linux desktop's menu"))
    p.add_argument("--version", action="version", version=f"bnviz {__version__}")
    p.add_argument("--preset", metavar="NAME", help="start on this lesson (a name from --list-presets, or a row like B8)")
    p.add_argument("--list-presets", action="store_true", help="list the lessons and exit")
    p.add_argument("--lab", metavar="KEY", help="open this lab first (bn, shift, testtime, softmax, search, panda)")
    p.add_argument("--seed", type=int, default=None, help="random seed for the opened lab's run")
    p.add_argument("--play", action="store_true", help="start training at once")
    p.add_argument("--fullscreen", action="store_true", help="start full screen")
    p.add_argument("--theme", choices=("light", "dark"), default=None,
                   help="plot theme: light suits projectors (default: the last one used)")
    p.add_argument("--scale", type=float, default=None, help="font and line scale factor, 0.5-4 (e.g. 1.6 for a projector)")
    p.add_argument("--lang", choices=LANGS, default=None,
                   help="interface language: en or zh_CN (default: the last one chosen, else the system's)")
    p.add_argument("--dask-scheduler", metavar="tcp://HOST:PORT",
                   help="send hyperparameter-search trials to an existing Dask cluster (needs the [cluster] extra)")
    return p


def build_export_parser(prog: str | None = None) -> argparse.ArgumentParser:
    prog = invoked_as() if prog is None else prog
    p = Parser(prog=f"{prog} export",
               description="Train a lesson for N steps without a window and write its figures and CSVs.")
    p.add_argument("preset", help="lesson name (see bnviz --list-presets)")
    p.add_argument("--steps", type=int, required=True, help="training steps before the figures are drawn (0-1000000)")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--format", choices=("png", "svg") + ANIMATIONS, default=None,
                   help="image format: png (default) or svg; with --animate gif (default), mp4 or png-frames")
    p.add_argument("--seed", type=int, default=None, help="override the lesson's seed")
    p.add_argument("--width", type=int, default=None,
                   help=f"image width in pixels ({WIDTHS[0]}-{WIDTHS[1]}; default 1600, with --animate 800)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of the figures' titles and labels")
    a = p.add_argument_group("animations for slides", "--animate writes one animation per plot: a frame at step 0, "
                             "every K steps and at the last step, each stamped with the lesson's row and step")
    a.add_argument("--animate", action="store_true", help="write animations instead of still figures")
    a.add_argument("--fps", type=int, default=15, help=f"frames per second ({FPS[0]}-{FPS[1]}, default 15)")
    a.add_argument("--every", type=int, default=None, metavar="K",
                   help="steps between frames (default: about 10 seconds of animation)")
    a.add_argument("--plot", default="all", metavar="NAME",
                   help="all (default), or one plot: its number or name as in the still export's files (01, 01_loss)")
    return p


def build_check_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{invoked_as()} check", description="Validate session and lesson (preset) files; nothing is applied.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a .json session or lesson file")
    return p


def build_check_lessons_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{invoked_as()} check-lessons",
               description="Run every claim of every lesson (or of those named) headless on the engine, for the "
                           "lesson's own seed and the next two; one line per claim: id, metric, the three values, "
                           "PASS or FAIL.  Exit status 2 when any claim fails.")
    p.add_argument("lessons", nargs="*", metavar="LESSON", help="a lesson name or row (default: all lessons)")
    return p


def build_install_desktop_parser() -> argparse.ArgumentParser:
    p = Parser(prog=f"{invoked_as()} install-desktop",
               description="Add bnviz to the desktop's application menu (freedesktop: GNOME, KDE, Xfce, ...): "
                           "writes its .desktop entry, AppStream metainfo and icons into $XDG_DATA_HOME "
                           "(default ~/.local/share). The entry starts this installation's bnviz.")
    p.add_argument("--prefix", metavar="DIR", help="write under DIR instead of the data home (DIR/applications, ...)")
    p.add_argument("--uninstall", action="store_true", help="remove the files an install wrote")
    return p


def _fail(msg: str) -> int:
    print(f"bnviz: {msg}", file=sys.stderr)
    return 2


def list_presets() -> int:
    from bnviz.app.presets import scan_presets

    presets, problems = scan_presets()
    for p in presets:
        print(f"{p.row:3} {p.name:28} [{p.lab}] {p.title}")
    for line in problems:
        print(f"bnviz: skipped {line}", file=sys.stderr)
    return 0


def export_main(argv: list[str]) -> int:
    args = build_export_parser().parse_args(argv)
    if not 0 <= args.steps <= 1_000_000:
        return _fail(f"--steps={args.steps} is out of range: allowed 0..1000000")
    if args.width is not None and not WIDTHS[0] <= args.width <= WIDTHS[1]:
        return _fail(f"--width={args.width} is out of range: allowed {WIDTHS[0]}..{WIDTHS[1]}")
    if args.seed is not None and not 0 <= args.seed < 2**31:
        return _fail(f"--seed={args.seed} is out of range: allowed 0..2147483647")
    if args.animate:
        return animate_main(args)
    if args.format in ANIMATIONS:
        return _fail(f"--format={args.format} is an animation: add --animate")
    for flag, value, default in (("--fps", args.fps, 15), ("--every", args.every, None), ("--plot", args.plot, "all")):
        if value != default:
            return _fail(f"{flag} needs --animate")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from bnviz.app.headless import export_preset

    try:
        written = export_preset(args.preset, args.steps, args.out, args.format or "png", args.seed,
                                args.width or 1600, args.lang)
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    files = [p for p in written if p.is_file()]
    print(f"wrote {len(files)} files to {args.out}")
    return 0 if len(files) == len(written) else _fail(f"{len(written) - len(files)} files were not written")


def animate_main(args: argparse.Namespace) -> int:
    """``bnviz export --animate``: the checks only it needs, then ``bnviz.app.animate``."""
    fmt = args.format or "gif"
    if fmt not in ANIMATIONS:
        return _fail(f"--format={fmt} is a still image: with --animate choose one of {', '.join(ANIMATIONS)}")
    if not FPS[0] <= args.fps <= FPS[1]:
        return _fail(f"--fps={args.fps} is out of range: allowed {FPS[0]}..{FPS[1]}")
    if args.every is not None and not 1 <= args.every <= 1_000_000:
        return _fail(f"--every={args.every} is out of range: allowed 1..1000000")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from bnviz.app.animate import animate_preset, terminal_progress

    try:
        written = animate_preset(args.preset, args.steps, args.out, fmt, args.every, args.fps, args.width or 800,
                                 args.plot, args.seed, args.lang, terminal_progress())
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    except (OSError, ValueError, ImportError) as exc:
        return _fail(str(exc))
    files = [p for p in written if p.exists()]
    print(f"wrote {len(files)} files to {args.out}")
    return 0 if len(files) == len(written) else _fail(f"{len(written) - len(files)} files were not written")


def check_main(argv: list[str]) -> int:
    args = build_check_parser().parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from bnviz.app.application import ensure_app
    from bnviz.app.check import check_files

    ensure_app()
    failed = 0
    for path, problem in check_files(args.files):
        print(f"{path}: {'ok' if not problem else problem}", file=sys.stderr if problem else sys.stdout)
        failed += bool(problem)
    return 2 if failed else 0


def check_lessons_main(argv: list[str]) -> int:
    args = build_check_lessons_parser().parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from bnviz.app import lessons_check

    try:
        return lessons_check.main(args.lessons)
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    except (OSError, ValueError) as exc:
        return _fail(str(exc))


def install_desktop_main(argv: list[str]) -> int:
    args = build_install_desktop_parser().parse_args(argv)
    from bnviz.app import desktop

    if args.prefix is None and sys.platform in ("win32", "darwin"):
        return _fail("install-desktop is for Linux and BSD desktops (freedesktop menus); "
                     "on Windows and macOS use the one-folder build (see the README)")
    try:
        if args.uninstall:
            done = desktop.uninstall(args.prefix)
            print(f"removed {len(done)} files from {desktop.data_home(args.prefix)}")
        else:
            done = desktop.install(args.prefix)
            print(f"installed {desktop.APP_ID} ({len(done)} files) in {desktop.data_home(args.prefix)}; "
                  f"the menu entry runs {desktop.gui_script()}")
    except OSError as exc:      # FileNotFoundError: no installed gui-script; PermissionError: the prefix
        return _fail(str(exc))
    for path in done:
        print(f"  {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "install-desktop":
        return install_desktop_main(argv[1:])
    if argv and argv[0] == "check-lessons":
        return check_lessons_main(argv[1:])
    if argv and argv[0] == "export":
        return export_main(argv[1:])
    if argv and argv[0] == "check":
        return check_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.scale is not None and not 0.5 <= args.scale <= 4.0:
        return _fail(f"--scale={args.scale} is out of range: allowed 0.5..4")
    if args.seed is not None and not 0 <= args.seed < 2**31:
        return _fail(f"--seed={args.seed} is out of range: allowed 0..2147483647")
    if args.dask_scheduler is not None and not DASK_ADDRESS.fullmatch(args.dask_scheduler):
        return _fail(f"--dask-scheduler={args.dask_scheduler[:80]!r}: expected an address like tcp://127.0.0.1:8786")
    if args.list_presets:
        return list_presets()
    sys.setswitchinterval(0.001)   # the GUI thread gets the GIL back quickly while training runs
    from bnviz.app.application import create_window, ensure_app, keep_collector_short
    from bnviz.app.presets import find_preset

    preset = None
    if args.preset:
        try:
            preset = find_preset(args.preset)
        except KeyError as exc:
            return _fail(str(exc.args[0]))
    app = ensure_app(sys.argv[:1])
    win = create_window(args.theme, args.scale, dask_scheduler=args.dask_scheduler, language=args.lang)
    if args.lab:
        try:
            win.tabs.setCurrentWidget(win.lab_by_key(args.lab))
        except KeyError as exc:
            return _fail(str(exc.args[0]))
    if preset is not None:
        win.open_preset(preset)
    if args.seed is not None and win.lab is not None:
        win.seed.setValue(args.seed)
    win.show_full_screen() if args.fullscreen else win.show()
    keep_collector_short()
    win.lab_built.connect(lambda _lab: keep_collector_short())     # a lab built later, too
    win.start_prefetching()
    win.release_idle_workers = True
    if args.play:
        win.toggle_play()
    return app.exec()
