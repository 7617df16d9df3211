"""What every lab page shares: its one config, its bridge, its controls, its frames.

A lab is a page of the main window.  Everything the lab lets a user set is
one frozen ``Config`` dataclass (``spec.Config``), held here and nowhere
else: the controls show it and emit a new one, ``apply_config`` hands it to
the lab's model through the bridge (in a worker process), and sessions and
presets store it through ``bnviz.schema``.  So ``config``, ``seed``,
``set_seed``, ``state`` and ``apply_state`` are written once, here, for
every lab.  The window's toolbar (play, step, reset, speed, seed) drives
whichever lab is showing, and a hidden lab is paused so two labs never
compete for the 2 cores.

A lab that trains on 2-D data may let students bring their own
(``supports_own_data``): File > Import data / Export data read and write its
points as CSV (``bnviz.engine.userdata``) through ``data_points`` and
``config_with_points``.  Both are written here for a lab whose config trains
one run (``cfg.train.data``, ``own_data``); a lab with a 2-D plot of its data
adds the "Edit data" mode with ``make_editor`` and calls ``show_own_data`` from
``config_shown``.  A lab whose config can also train on the digits
(``supports_own_images``) imports a student's own 8x8 digits as well (an .npz
or a CSV of pixel rows, ``userdata.read_data``): they become its config's
``custom_digits`` set, and Export writes its images back.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFileDialog, QLabel, QTabWidget, QWidget
from superqt.utils import signals_blocked

from bnviz import schema
from bnviz.bridge.training import Frame
from bnviz.engine import userdata
from bnviz.engine.caveats import lab_bn_batch_of_one
from bnviz.engine.data import (CUSTOM, CUSTOM_IMAGES, IMAGE_SETS, TOY_2D, DataConfig, decode_images, encode_images,
                               make_dataset)
from bnviz.engine.userdata import CsvData, points_of
from bnviz.labs import LabSpec, spec_of
from bnviz.ui.data_editor import DataEditor
from bnviz.ui.enlarge import Enlarger
from bnviz.ui.errors import error_text
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.pointer import InkOverlay, Pins
from bnviz.ui.reflow import SideBySide


#: the data that cannot take hand-made points, said where the Edit data button is
EDIT_IMAGES_TIP = QT_TR_NOOP("Edit data needs a 2-D data set: digits are images (choose a 2-D set, "
                             "or File > Import data for your own points)")


class LabPage(QWidget):
    """Subclasses build their controls and panels and implement the drawing hooks."""

    #: the Frame just drawn (the window's status bar listens); None when the lab's state changed
    #: without a frame to show: its worker process ended (``bridge.failure`` says why)
    frame_shown = Signal(object)
    #: keys a saved state may hold besides "config" (e.g. the search's finished trials)
    EXTRA_STATE: tuple[str, ...] = ()
    #: the lab trains on 2-D points a student may draw or import (File > Import data, Export data)
    supports_own_data = False
    #: the Edit data button's tooltip: what the lab's runs do with the points ("" keeps the editor's own)
    EDIT_TIP = ""

    def __init__(self, cfg: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: LabSpec = spec_of(type(self))
        self._cfg = cfg if cfg is not None else self.spec.Config()
        self._opening = False           # restoring a lesson or a session (``sync_tab``)
        self._synced_tab: int | None = None
        self.setObjectName(f"lab_{self.key}")
        self.bridge = self.spec.Bridge.for_page(self)
        self.bridge.frame.connect(self._on_frame)
        self.bridge.failed.connect(self._on_failed)
        self.failure_label: QLabel | None = None    # says why the worker ended, on the lab itself
        self._failure_reason = ""                   # ... and what it said
        self.caveat_label: QLabel | None = None     # the amber line over the plots: a setting that looks like a bug
        self.editor: DataEditor | None = None       # "Edit data" on a 2-D plot of the data (``make_editor``)
        self.controls = self.make_controls(self._cfg)
        self.controls.config_changed.connect(self.apply_config)
        self.frame: Frame | None = None     # the frame on screen (or, while hidden, the newest)
        self._drawing: Frame | None = None
        self._started = False
        # a zero-interval QTimer (unlike QTimer.singleShot(0), a posted event) fires only after
        # the repaints and input that are waiting, so each piece of a frame is its own turn
        self._pieces: list[Callable[[], None]] = []
        self._piece_timer = QTimer(self)
        self._piece_timer.setSingleShot(True)
        self._piece_timer.setInterval(0)
        self._piece_timer.timeout.connect(self._draw_piece)
        # the lecturer's tools, the same on every lab: one plot enlarged, a pen, step pins
        self.enlarger = Enlarger(self)
        self.enlarger.changed.connect(lambda _plot: self.ink.raise_() if self.ink.isVisible() else None)
        self.ink = InkOverlay(self)
        self.pins = Pins(self)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        """The lab's name in the interface's language."""
        return tr(self.spec.title)

    def retranslate(self) -> None:
        """After a language change: redraw the frame on screen, whose titles and readouts are made per frame."""
        self.show_caveat()
        if self.failure_label is not None:
            self._say_failure()
        if self.frame is not None:
            self.show_now(self.frame)
        self.enlarger.retranslate()     # after the redraw: the enlarged plot's title is the new one

    # ----------------------------------------------------------------- hooks
    def make_controls(self, cfg: Any) -> QWidget:
        """The settings column: shows ``cfg`` (``set_config``) and emits ``config_changed(new_cfg)``."""
        raise NotImplementedError

    def config_shown(self, cfg: Any) -> None:
        """``cfg`` was just applied: update what the page itself shows of it (legend, tab)."""

    def show_frame(self, frame: Frame) -> None:
        """Draw ``frame.snapshot``; only numbers the engine reported."""
        raise NotImplementedError

    def draw_steps(self, frame: Frame) -> list[Callable[[], None]]:
        """The drawing of ``frame`` cut in pieces; each runs in its own event-loop turn.

        A piece and the repaint it causes should take a few milliseconds, so
        clicks and keys are never held up by a whole frame's drawing.
        """
        return [lambda: self.show_frame(frame)]

    def status(self, frame: Frame) -> tuple[str, str]:
        """(status text, divergence text or '') for the window's status bar."""
        return "", ""

    def refit(self) -> None:
        """Re-fit the axes to the current data."""

    def extra_state(self) -> dict:
        """What a session keeps besides the config (keys of ``EXTRA_STATE``)."""
        return {}

    def check_extra(self, cfg: Any, extra: dict) -> Any:
        """Validate saved extras for ``cfg`` completely; raise ValueError naming the field."""
        return extra

    def apply_extra(self, cfg: Any, checked: Any) -> None:
        """Restore what ``check_extra`` returned, after ``cfg`` was applied."""

    # ------------------------------------------------------ students' own data
    def own_data(self) -> DataConfig:
        """The data set a student's points replace: ``train.data`` for a lab whose config trains one run."""
        return self._cfg.train.data

    def config_with_data(self, data: DataConfig) -> Any:
        """The lab's config with ``data`` where ``own_data`` is (a lab keeping it elsewhere overrides both)."""
        return replace(self._cfg, train=replace(self._cfg.train, data=data))

    def data_points(self) -> tuple:
        """The lab's current 2-D data as ``(x1, x2, label)`` points in raw units (labs with own data)."""
        data = self.own_data()
        return data.points if data.name == CUSTOM else points_of(make_dataset(data))

    def config_with_points(self, points: tuple) -> Any:
        """The lab's config training on the hand-made ``points``; ValueError (one line) if they cannot be."""
        return self.config_with_data(replace(self.own_data(), name=CUSTOM, points=tuple(points)))

    def supports_own_images(self) -> bool:
        """True when the lab can train on a student's own digits: it takes own data and its config takes digits.

        Asked of the config itself (one rule, no list of labs to keep up to date).
        """
        if not self.supports_own_data:
            return False
        try:
            self.config_with_data(replace(self.own_data(), name="digits"))
        except ValueError:
            return False
        return True

    def data_images(self) -> tuple:
        """``(x, y)``: the lab's current image data, pixels ``(n, 64)`` in [0, 1] (own digits in their own order)."""
        data = self.own_data()
        if data.name == CUSTOM_IMAGES:
            return decode_images(data.images)
        built = make_dataset(data)
        x = np.concatenate([built.raw_train, built.raw_val, built.raw_test])
        return x, np.concatenate([built.y_train, built.y_val, built.y_test])

    def config_with_images(self, x: Any, y: Any) -> Any:
        """The lab's config training on the images ``x`` and labels ``y``; ValueError (one line) if they cannot be."""
        return self.config_with_data(replace(self.own_data(), name=CUSTOM_IMAGES, images=encode_images(x, y)))

    def generated_points(self, name: str) -> tuple:
        """The generated set ``name`` with this lab's size, noise, class count, stretch and seed, as points ("Start from").

        The lab's ``elongate`` too: B1's stretched raw plane is the one its editor draws in.
        """
        d = self.own_data()
        gen = DataConfig(name=name, n_samples=d.n_samples, noise=d.noise, n_classes=d.n_classes, seed=d.seed,
                         elongate=d.elongate)
        return points_of(make_dataset(gen))

    def make_editor(self, plot: Any, hide_while_editing: tuple = ()) -> DataEditor:
        """The "Edit data" mode over ``plot`` (raw units), wired to this lab's config; the lab places it."""
        self.editor = DataEditor(plot, self.generated_points, TOY_2D, hide_while_editing=hide_while_editing)
        self.editor.edited.connect(self.use_points)
        self.editor.editing.connect(self._editing_own_data)
        return self.editor

    def _editing_own_data(self, on: bool) -> None:
        if on:
            self.editor.load(self.data_points())
        elif self.frame is not None:
            self.show_frame(self.frame)        # the lab's own points and the data's own range again

    def use_points(self, points: tuple) -> None:
        """The editor's working set: train on it if it is a data set, else say why in the editor."""
        try:
            cfg = self.config_with_points(points)
        except ValueError as exc:
            self.editor.set_problem(error_text(str(exc)))
            return
        self.editor.set_problem("")
        self.apply_config(cfg)

    def show_own_data(self) -> None:
        """After a config was applied: the editor shows its points and starts from its generated set.

        On image data (digits) the editor is off and its button says why; elsewhere the button's
        tooltip is the lab's ``EDIT_TIP`` (what its runs do with the points), when it has one.
        """
        data = self.own_data()
        image = data.name in IMAGE_SETS
        self.editor.toggle.setEnabled(not image)
        if image or self.EDIT_TIP:
            self.editor.toggle.setToolTip(tr(EDIT_IMAGES_TIP if image else self.EDIT_TIP))
        if image:
            self.editor.set_active(False)
            return
        if data.name != CUSTOM:
            self.editor.set_default_set(data.name)
        if self.editor.active and self.editor.points != (pts := self.data_points()):
            self.editor.load(pts)

    def import_data(self, path: str | Path) -> int:
        """Train on the points (or, ``supports_own_images``, the images) of a file from the next step on; how many.

        The file is read and validated completely, and turned into a valid
        config, before anything is applied: a bad file raises one ValueError
        line naming its row and column (or array index), and the lab keeps its data.
        """
        name = Path(path).name
        got = userdata.read_data(path, images=self.supports_own_images())
        try:
            if isinstance(got, CsvData):
                cfg, n = self.config_with_points(got.points), len(got.points)
            else:
                cfg, n = self.config_with_images(got.x, got.y), len(got.y)
        except ValueError as exc:
            raise ValueError(schema.short(f"{name}: {exc}")) from None
        self.apply_config(cfg)
        return n

    def export_data(self, path: str | Path) -> int:
        """Write the lab's current data: points as CSV (x1, x2, label), images as .npz or CSV; returns how many."""
        if self.own_data().name in IMAGE_SETS:
            x, y = self.data_images()
            userdata.write_images(path, x, y)
            return len(y)
        points = self.data_points()
        userdata.write_csv(path, points)
        return len(points)

    def import_data_dialog(self, window: Any) -> bool:
        """Ask for a data file and import it; a refusal is one line in the window's dialog (``window._refuse``)."""
        kinds = (tr("Points or 8x8 digits: CSV of x1, x2, label; .npz of x, y; CSV of 64 pixels, label "
                    "(*.csv *.txt *.npz);;All files (*)") if self.supports_own_images()
                 else tr("CSV data: x1, x2, label (*.csv *.txt);;All files (*)"))
        path, _ = QFileDialog.getOpenFileName(window, tr("Import data"), "", kinds)
        return bool(path) and self.import_data_or_refuse(path, window)

    def import_data_or_refuse(self, path: str | Path, window: Any) -> bool:
        try:
            self.import_data(path)
        except (OSError, ValueError) as exc:
            window._refuse(tr("Data not imported"), str(exc))
            return False
        return True

    def export_data_dialog(self, window: Any) -> bool:
        images = self.own_data().name in IMAGE_SETS
        kinds = tr("Images: CSV of 64 pixels, label (*.csv);;Images: NumPy x, y (*.npz)") if images \
            else tr("CSV data (*.csv)")
        path, _ = QFileDialog.getSaveFileName(window, tr("Export data"), f"{self.key}-data.csv", kinds)
        return bool(path) and self.export_data_or_refuse(path, window)

    def export_data_or_refuse(self, path: str | Path, window: Any) -> bool:
        try:
            self.export_data(path)
        except (OSError, ValueError) as exc:
            window._refuse(tr("Data not exported"), tr("Could not write {name}: {exc}").format(
                name=Path(path).name, exc=exc))
            return False
        return True

    # ------------------------------------------------------------ the config
    def make_model(self) -> Callable[[], Any]:
        """A picklable recipe that builds the lab's model in the worker process."""
        return partial(self.spec.Model, self._cfg)

    def config(self) -> Any:
        return self._cfg

    def apply_config(self, cfg: Any) -> None:
        """Make ``cfg`` (a validated ``spec.Config``) the lab's settings: controls, model, page."""
        self._cfg = cfg
        with signals_blocked(self.controls):
            self.controls.set_config(cfg)
        self.bridge.configure(cfg)
        self.config_shown(cfg)
        self.show_caveat()

    def show_caveat(self) -> None:
        """Show, above the plots, the amber line a config that trains BN on mini-batches of one needs.

        Batch size 1 with BN is allowed on purpose (a lesson, the notes' batch-of-one
        point) but trains nothing below a BN layer, silently: this line says why, from
        the config alone (``bnviz.engine.caveats``).  The line goes first in the page's
        layout, so it exists only once the subclass has laid the page out.
        """
        on = lab_bn_batch_of_one(self._cfg)
        if self.caveat_label is None:
            lay = self.layout()
            if not on or not isinstance(lay, QBoxLayout):
                return
            self.caveat_label = QLabel()
            self.caveat_label.setObjectName("lab_caveat")
            self.caveat_label.setWordWrap(True)
            self.caveat_label.setStyleSheet("color: #4a3000; background: #ffd54f; padding: 3px 8px")
            lay.insertWidget(0, self.caveat_label)
        self.caveat_label.setText(tr("Mini-batch of 1 with BN: z_norm = (z \u2212 \u03bc)/\u03c3 is 0 for every unit, "
                                     "so the hidden layers get no gradient \u2014 a lesson, not a bug."))
        self.caveat_label.setToolTip(tr("A mini-batch of one row is its own mean, so z \u2212 \u03bc = 0: every BN "
                                        "layer outputs its \u03b2 whatever its input, and its backward pass is exactly "
                                        "0 (only the last \u03b2 and the output layer can learn). Choose 2 or more "
                                        "rows to train the hidden layers."))
        self.caveat_label.setVisible(on)

    def seed(self) -> int:
        return self._cfg.seed

    def set_seed(self, seed: int) -> None:
        """Adopt a new seed (a rebuild)."""
        self.apply_config(self._cfg.with_seed(int(seed)))

    def state(self) -> dict:
        """JSON-able settings for sessions and presets: the config, plus the lab's extras."""
        return {"config": schema.to_json(self._cfg), **self.extra_state()}

    def read_state(self, state: Any) -> tuple[Any, Any]:
        """Check a saved state completely: (config, checked extras); ValueError names the field."""
        if not isinstance(state, dict):
            raise ValueError("expected an object with a config")
        allowed = ("config", *self.EXTRA_STATE)
        unknown = sorted(str(k) for k in state if k not in allowed)
        if unknown:
            raise ValueError(schema.short(f"{unknown[0]}: unknown field; allowed: {', '.join(allowed)}"))
        cfg = schema.from_json(self.spec.Config, state.get("config", {}), "config")
        return cfg, self.check_extra(cfg, {k: state[k] for k in self.EXTRA_STATE if k in state})

    def apply_state(self, state: Any) -> None:
        """Restore ``state()``'s output; refuses (ValueError naming the field) before changing anything."""
        cfg, extra = self.read_state(state)
        self.restore(cfg, extra)

    def restore(self, cfg: Any, extra: Any) -> None:
        """Apply what ``read_state`` checked (a lesson, a session: ``sync_tab`` shows what they talk about)."""
        self._opening = True
        try:
            self.apply_config(cfg)
        finally:
            self._opening = False
        self.apply_extra(cfg, extra)

    def build_tab(self, tabs: QTabWidget, index: int, panel: QWidget, title: str) -> QWidget:
        """Put ``panel`` in place of tab ``index``'s empty placeholder: a tab built when first shown.

        A lesson opens one tab, and the others' plots would only slow its first frame.
        """
        slot = tabs.widget(index)
        with signals_blocked(tabs):
            current = tabs.currentIndex()
            tabs.removeTab(index)
            tabs.insertTab(index, panel, title)
            tabs.setCurrentIndex(current)
        slot.deleteLater()
        self.pins.extend(panel)          # steps pinned before the tab was built
        self.enlarger.hook()
        return panel

    def sync_tab(self, tabs: QTabWidget, index: int) -> None:
        """Show the config's tab ``index`` (without re-entering ``apply_config``) and redraw for it.

        Where the page's panes are folded into side tabs (a small screen), a lesson or a session
        being opened brings forward the side it talks about: the one holding ``tabs`` for a tab
        other than the first, the page's first pane for the first (B2's curves tab: its caption
        is about the layer histograms beside it).  A setting changed by hand leaves the side
        the student is looking at, and so does a click on the first tab.
        """
        if self._opening or self._synced_tab is None or (index and index != self._synced_tab):
            for side in self.findChildren(SideBySide):
                side.reveal(tabs if index else side.panes[0][0])
        self._synced_tab = index
        if tabs.currentIndex() != index:
            with signals_blocked(tabs):
                tabs.setCurrentIndex(index)
            if self.frame is not None and self.isVisible():
                self.show_frame(self.frame)

    # ------------------------------------------------------------- lifecycle
    def ensure_started(self) -> None:
        if not self._started:
            self._started = True
            self.bridge.start()

    def shutdown(self, timeout: float = 1.0) -> bool:
        return self.bridge.shutdown(timeout) if self._started else True

    def _on_failed(self, reason: str) -> None:
        """The worker process ended by itself (before its first frame, too): say why on the lab."""
        if self.failure_label is None:
            self.failure_label = QLabel(self)
            self.failure_label.setObjectName("lab_failure")
            self.failure_label.setWordWrap(True)
            self.failure_label.setStyleSheet("color: white; background: #a04000; font-weight: bold; padding: 6px 10px")
        self._failure_reason = reason
        self._say_failure()
        self._place_failure_label()
        self.failure_label.show()
        self.failure_label.raise_()
        self.frame_shown.emit(None)      # the window's play button and status bar read the bridge again

    def _say_failure(self) -> None:
        self.failure_label.setText(
            tr("The training process stopped: {reason}").format(reason=error_text(self._failure_reason)) + "\n"
            + tr("Play, Step, Reset or a new setting starts a new one."))

    def _place_failure_label(self) -> None:
        label = self.failure_label
        width = max(200, min(self.width() - 16, 640))
        label.setFixedWidth(width)
        label.adjustSize()
        label.move(max(0, (self.width() - width) // 2), 8)

    def _on_frame(self, frame: Frame) -> None:
        if self.failure_label is not None and not self.bridge.failure:
            self.failure_label.hide()        # a new worker process runs
        if self.isVisible():
            self.bridge.defer_drawn()
            self._drawing = frame
            self._pieces = self.draw_steps(frame)
            self._piece_timer.start()
            self.enlarger.hook(force=False)     # plots a frame made (a deeper network's histograms)
        else:
            self.frame = frame
        self.frame_shown.emit(frame)

    def show_now(self, frame: Frame) -> None:
        """Draw ``frame`` in one go (headless export) and let the window's status bar show it."""
        self.frame = frame
        self.show_frame(frame)
        self.frame_shown.emit(frame)

    def _draw_piece(self) -> None:
        try:
            if self._pieces:
                self._pieces.pop(0)()
        finally:                            # a failing piece must not stop the frames for good
            if self._pieces:
                self._piece_timer.start()
            else:
                self.frame = self._drawing      # ``frame`` is always the one on screen
                self.bridge.drawn()             # the worker sends the next frame only after this one

    def pin_step(self) -> int:
        """Pin the step on screen ("look here") on every plot whose x axis is the step; plots marked."""
        return self.pins.pin(self.frame.step) if self.frame is not None else 0

    def showEvent(self, event) -> None:  # Qt override: draw what arrived while hidden
        super().showEvent(event)
        self.show_caveat()          # a page opened on such a config (its layout exists now)
        self.enlarger.hook()
        if self.failure_label is not None and self.failure_label.isVisible():
            self._place_failure_label()
        if self.frame is not None:
            self.show_frame(self.frame)

