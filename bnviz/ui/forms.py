"""Settings forms declared once: a table of fields, turned into widgets and into the lab's one validated config.

A lab's form is a class attribute ``FORM``: titled ``Group``\\ s of ``Field``\\ s,
one line per setting (the config path it edits, its label, its widget
``Kind``, its objectName, its tooltip).  ``SettingsPanel`` reads that table
once and from it alone

* creates each widget (with its objectName, as tests and lessons drive
  widgets by name; and as an attribute of the panel, ``panel.lr``),
* lays it out in its group,
* wires its change signal to rebuild the config (``build``) and emit
  ``config_changed(cfg)``,
* writes a config into the widgets (``show_config``).

A field that is not 1:1 with its widget says how in the table: ``get`` turns
the value at its path into what the widget shows (``None``: leave the widget
as it is), ``put`` turns what the widget shows back into the value at the path
(``put(old, shown)``; two fields may share a path, e.g. depth and width make
``hidden``).  Values the form always writes, without a widget, go in
``FIXED``.  A config the engine would refuse is never sent: its
``ValueError`` text is shown in red under the groups instead.

Every nested dataclass is rebuilt with ONE ``dataclasses.replace`` holding all
its changed fields, so its validation sees the whole new state (moving both
ends of a range at once is fine even when one passes the other's old place).

Tables hold English, marked ``QT_TR_NOOP("...")`` for pyside6-lupdate; the
panel translates labels, group titles, tooltips, suffixes and choice texts
where it makes the widgets (``tr``), so a lab's table needs no Qt.  Choice
items keep the English value as their data: configs never see Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import DECAYS, INITS, OPTIMIZERS
from bnviz.engine.data import CUSTOM, CUSTOM_IMAGES, IMAGE_SETS, make_dataset
from bnviz.engine.userdata import points_of
from bnviz.ui.errors import error_text
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.log_slider import LogSlider

#: ``custom``: the students' own points (Edit data on a plot, or File > Import data)
DATASET_CHOICES = ("moons", "circles", "xor", "spiral", "blobs", "digits", CUSTOM)
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 60, 64, 128, 256, 512)

#: How a choice shows the engine's values (data sets, activations, inits, optimizers, LR decays), in English;
#: a value not listed shows as itself.  "step" is a decay here, named apart from the step counter's "step".
VALUE_NAMES = {
    "moons": QT_TR_NOOP("moons"), "circles": QT_TR_NOOP("circles"), "xor": QT_TR_NOOP("xor"),
    "spiral": QT_TR_NOOP("spiral"), "blobs": QT_TR_NOOP("blobs"), "digits": QT_TR_NOOP("digits"),
    "mnist_like": QT_TR_NOOP("mnist_like"), CUSTOM: QT_TR_NOOP("hand-made"),
    CUSTOM_IMAGES: QT_TR_NOOP("imported digits"),
    "sigmoid": QT_TR_NOOP("sigmoid"), "tanh": QT_TR_NOOP("tanh"), "relu": QT_TR_NOOP("relu"),
    "leaky_relu": QT_TR_NOOP("leaky_relu"), "linear": QT_TR_NOOP("linear"),
    "gaussian": QT_TR_NOOP("gaussian"), "xavier": QT_TR_NOOP("xavier"), "he": QT_TR_NOOP("he"),
    "sgd": QT_TR_NOOP("sgd"), "momentum": QT_TR_NOOP("momentum"), "rmsprop": QT_TR_NOOP("rmsprop"),
    "adam": QT_TR_NOOP("adam"),
    "none": QT_TR_NOOP("none"), "inverse": QT_TR_NOOP("inverse"), "exponential": QT_TR_NOOP("exponential"),
    "step": QT_TR_NOOP("step decay"),
}


def value_text(value: Any) -> str:
    """What a choice shows for ``value``, in the interface's language (numbers as they are)."""
    return tr(VALUE_NAMES.get(value, value)) if isinstance(value, str) else str(value)


# --------------------------------------------------------------------- kinds
# The kinds are named in lower case because they read as words in a table: ``kind=log(1e-4, 1.0)``.
class Kind:
    """How a field is shown: makes its widget, reads and writes the widget's value, names its change signal."""

    #: the field's label is the widget's own text (a check box): the widget spans its row
    own_label = False

    def make(self, label: str) -> QWidget:
        raise NotImplementedError

    def read(self, w: Any) -> Any:
        return w.value()

    def write(self, w: Any, value: Any) -> None:
        w.setValue(value)

    def signal(self, w: Any) -> Any:
        return w.valueChanged


@dataclass(frozen=True)
class choice(Kind):
    """A combo box of ``items``; ``items`` may map each value to its (English, marked) text.

    Each item shows its text translated and keeps its value as data.
    """

    items: Sequence | Mapping

    def make(self, label: str) -> QComboBox:
        c = QComboBox()
        if isinstance(self.items, Mapping):
            for value, text in self.items.items():
                c.addItem(tr(text), value)
        else:
            for value in self.items:
                c.addItem(value_text(value), value)
        return c

    def read(self, w: QComboBox) -> Any:
        return w.currentData()

    def write(self, w: QComboBox, value: Any) -> None:
        select_data(w, value)

    def signal(self, w: QComboBox) -> Any:
        return w.currentIndexChanged


@dataclass(frozen=True)
class spin(Kind):
    """An integer spin box; ``start`` is its number before any config is shown (default ``lo``).

    ``suffix`` (" steps") is English, marked in the table and translated here.
    """

    lo: int
    hi: int
    step: int = 1
    suffix: str = ""
    start: int | None = None

    def make(self, label: str) -> QSpinBox:
        s = QSpinBox()
        s.setRange(self.lo, self.hi)
        s.setSingleStep(self.step)
        s.setSuffix(tr(self.suffix) if self.suffix else "")
        s.setValue(self.lo if self.start is None else self.start)
        s.setKeyboardTracking(False)
        return s


@dataclass(frozen=True)
class real(Kind):
    """A spin box of decimals, for rates typed in rather than dragged."""

    lo: float
    hi: float
    decimals: int = 3
    step: float | None = None

    def make(self, label: str) -> QDoubleSpinBox:
        s = QDoubleSpinBox()
        s.setRange(self.lo, self.hi)
        s.setDecimals(self.decimals)
        if self.step is not None:
            s.setSingleStep(self.step)
        s.setKeyboardTracking(False)
        return s


@dataclass(frozen=True)
class slider(Kind):
    """A labelled slider showing ``decimals`` decimals; the config keeps one more (a drag is not noise)."""

    lo: float
    hi: float
    decimals: int = 2

    def make(self, label: str) -> QLabeledDoubleSlider:
        s = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        s.setDecimals(self.decimals)
        s.setRange(self.lo, self.hi)
        return s

    def read(self, w: QLabeledDoubleSlider) -> float:
        return round(w.value(), self.decimals + 1)


@dataclass(frozen=True)
class log(Kind):
    """A slider over a log scale (learning rates, eps): ``LogSlider``."""

    lo: float
    hi: float

    def make(self, label: str) -> LogSlider:
        return LogSlider(self.lo, self.hi, self.lo)


@dataclass(frozen=True)
class check(Kind):
    """A check box whose text is the field's label."""

    own_label = True

    def make(self, label: str) -> QCheckBox:
        return QCheckBox(tr(label))

    def read(self, w: QCheckBox) -> bool:
        return w.isChecked()

    def write(self, w: QCheckBox, value: bool) -> None:
        w.setChecked(value)

    def signal(self, w: QCheckBox) -> Any:
        return w.toggled


# -------------------------------------------------------------------- tables
@dataclass(frozen=True)
class Field:
    """One setting of a form: the widget ``attr`` (objectName ``name``, default ``attr``) edits the config at ``path``.

    ``label`` is the row's label ("" : the widget spans the row); ``get`` /
    ``put`` convert when the widget does not show the value itself (see the
    module docstring); ``shown=False`` keeps the field in the config but hides
    its row.
    """

    attr: str
    path: str
    label: str
    kind: Kind
    name: str = ""
    tip: str = ""
    get: Callable[[Any], Any] | None = None
    put: Callable[[Any, Any], Any] | None = None
    shown: bool = True

    @property
    def object_name(self) -> str:
        return self.name or self.attr


@dataclass(frozen=True)
class Group:
    """A titled box of fields (it may start empty and get its rows from the lab: notes, buttons)."""

    title: str
    fields: tuple[Field, ...] = dc_field(default=())


def insert_field(form: tuple[Group, ...], title: str, index: int, f: Field) -> tuple[Group, ...]:
    """``form`` with ``f`` as row ``index`` of the group titled ``title``."""
    return tuple(replace(g, fields=(*g.fields[:index], f, *g.fields[index:])) if g.title == title else g
                 for g in form)


def hide_field(form: tuple[Group, ...], attr: str) -> tuple[Group, ...]:
    """``form`` with the row of field ``attr`` hidden (the field still reads into the config)."""
    return tuple(replace(g, fields=tuple(replace(f, shown=False) if f.attr == attr else f for f in g.fields))
                 for g in form)


def hidden_depth(name: str, lo: int, hi: int, tip: str = "") -> Field:
    """'Hidden layers': how many entries ``train.net.hidden`` has (with ``hidden_width``: ``(width,) * depth``)."""
    return Field("depth", "train.net.hidden", QT_TR_NOOP("Hidden layers"), spin(lo, hi), name=name, tip=tip,
                 get=lambda h: max(lo, len(h)), put=lambda h, d: (h[0] if h else 1,) * d)


def hidden_width(name: str, lo: int, hi: int, default: int, keep: bool = False) -> Field:
    """'Units per layer' of every hidden layer (put after ``hidden_depth``).

    A config without hidden layers shows ``default``, or with ``keep`` leaves
    the widget's number for when layers come back (it starts at ``default``).
    """
    return Field("width", "train.net.hidden", QT_TR_NOOP("Units per layer"), spin(lo, hi, start=default), name=name,
                 get=lambda h: h[0] if h else (None if keep else default), put=lambda h, w: (w,) * len(h))


#: The engine's conventions, said where they are set (tooltips of every lab's training settings); each is
#: checked one step by hand against the engine in tests/engine/test_conventions.py and stated in the README.
TIP_OPTIMIZER = QT_TR_NOOP(
    "sgd: W \u2212= \u03b1\u00b7dW\n"
    "momentum: v = \u03b2\u2081\u00b7v + (1 \u2212 \u03b2\u2081)\u00b7dW, W \u2212= \u03b1\u00b7v "
    "(as in the course; v starts at 0, no bias correction)\n"
    "RMSprop: s = \u03b2\u2082\u00b7s + (1 \u2212 \u03b2\u2082)\u00b7dW\u00b2, W \u2212= \u03b1\u00b7dW/(\u221as + \u03b5)\n"
    "Adam: both averages, bias-corrected by 1 \u2212 \u03b2^t (t: steps since Adam was chosen)")
TIP_LEARNING_RATE = QT_TR_NOOP("\u03b1, the step size; with an LR decay it is \u03b1\u2080, the rate of the first epoch "
                               "(epoch_num = 0)")
TIP_BETA1 = QT_TR_NOOP("Momentum's \u03b2 and Adam's \u03b2\u2081: v = \u03b2\u2081\u00b7v + (1 \u2212 \u03b2\u2081)\u00b7dW, "
                       "an average over about 1/(1 \u2212 \u03b2\u2081) steps")
TIP_BETA2 = QT_TR_NOOP("Adam's \u03b2\u2082, and RMSprop's \u03b2 too (the engine has one setting for both): "
                       "s = \u03b2\u2082\u00b7s + (1 \u2212 \u03b2\u2082)\u00b7dW\u00b2")
TIP_EPS = QT_TR_NOOP("\u03b5 of Adam and RMSprop, added outside the square root: \u2026/(\u221as + \u03b5)")
#: for a population of models (panda vs caviar), which trains with plain gradient descent or momentum only
TIP_SGD_MOMENTUM = QT_TR_NOOP(
    "sgd: W \u2212= \u03b1\u00b7dW\n"
    "momentum: v = \u03b2\u00b7v + (1 \u2212 \u03b2)\u00b7dW, W \u2212= \u03b1\u00b7v (as in the course; v starts at 0, "
    "no bias correction)")
TIP_DECAY = QT_TR_NOOP(
    "inverse: \u03b1 = \u03b1\u2080/(1 + decay rate\u00b7epoch_num); "
    "exponential: \u03b1 = \u03b1\u2080\u00b7rate^epoch_num; step: \u03b1\u2080 halved every int(rate) epochs.\n"
    "epoch_num counts from 0: the first epoch runs at \u03b1\u2080, so the course's table row \"epoch 1\" "
    "is the engine's second epoch.")
TIP_DECAY_RATE = QT_TR_NOOP("inverse: the decay rate in \u03b1\u2080/(1 + rate\u00b7epoch_num); exponential: the factor per "
                            "epoch (0 < rate \u2264 1); step: epochs between two halvings (\u2265 1)")
TIP_BATCH_SIZE = QT_TR_NOOP("Rows per gradient step; an epoch is \u230arows/size\u230b steps (the rows left over "
                            "from each shuffled pass are skipped). 1 with BN: z_norm = 0, so the hidden "
                            "layers get no gradient.")
TIP_L2 = QT_TR_NOOP("Adds \u03bb\u00b7W to each weight's gradient every step (weights W only, not b, \u03b3, \u03b2): the "
                    "gradient of (\u03bb/2)\u00b7\u2016W\u2016\u00b2. The course's (\u03bb/2m)\u00b7\u2016W\u2016\u00b2 gives "
                    "(\u03bb/m)\u00b7W, so this \u03bb is the course's \u03bb/m (m: the mini-batch size). With Adam or "
                    "RMSprop it is rescaled like the rest of the gradient. The plotted loss leaves the penalty out.")
TIP_KEEP_PROB = QT_TR_NOOP("keep-prob: the probability that a hidden unit is kept in a training step (inverted "
                           "dropout: each hidden a is zeroed with probability 1 \u2212 keep-prob, the kept ones are "
                           "divided by keep-prob). 1 = no dropout. Only training steps drop units (their loss "
                           "too); validation, test and the layer histograms use every unit.")
TIP_BN_MOMENTUM = QT_TR_NOOP("running = \u03b2\u00b7running + (1 \u2212 \u03b2)\u00b7batch statistic: \u03b2 weighs the "
                             "old estimate (the course's convention; PyTorch's momentum is 1 \u2212 \u03b2)")

#: The form of a ``TrainConfig`` at ``train`` (data, network, batch norm, optimizer), for labs that train one
#: with ``Trainer`` (the population engine refuses dropout: a lab on it leaves out ``keep_prob``, ``hide_field``).
TRAIN_FORM: tuple[Group, ...] = (
    Group(QT_TR_NOOP("Data"), (
        Field("dataset", "train.data.name", QT_TR_NOOP("Data set"), choice(DATASET_CHOICES)),
        Field("noise", "train.data.noise", QT_TR_NOOP("Noise"), slider(0.0, 1.0)),
        Field("classes", "train.data.n_classes", QT_TR_NOOP("Classes (blobs, spiral)"), spin(2, 6)),
        Field("normalize", "train.data.normalize", QT_TR_NOOP("Normalize inputs"), check()),
        Field("elongate", "train.data.elongate", QT_TR_NOOP("Stretch x\u2081"), slider(1.0, 20.0, 1),
              tip=QT_TR_NOOP("Stretch and offset the first raw input (2-D sets): elongated cost contours")),
    )),
    Group(QT_TR_NOOP("Network"), (
        hidden_depth("depth", 1, 8),
        hidden_width("width", 1, 256, default=16),
        Field("activation", "train.net.activation", QT_TR_NOOP("Activation"), choice(ACTIVATIONS)),
        Field("init", "train.net.init", QT_TR_NOOP("Init"), choice(INITS)),
        Field("init_std", "train.net.init_std", QT_TR_NOOP("Gaussian init std"), log(1e-3, 1.0)),
        Field("keep_prob", "train.net.keep_prob", QT_TR_NOOP("Keep-prob (dropout)"), slider(0.1, 1.0),
              tip=TIP_KEEP_PROB),
    )),
    Group(QT_TR_NOOP("Batch norm"), (
        Field("bn", "train.net.batch_norm", QT_TR_NOOP("Batch norm on"), check()),
        Field("placement", "train.net.bn_placement", QT_TR_NOOP("BN placement"),
              choice({"before": QT_TR_NOOP("on z, before activation"),
                      "after": QT_TR_NOOP("on a, after activation")})),
        Field("bn_eps", "train.net.bn_eps", QT_TR_NOOP("BN eps"), log(1e-8, 1e-1)),
        Field("bn_momentum", "train.net.bn_momentum", QT_TR_NOOP("Running avg momentum"), slider(0.0, 0.999, 3),
              tip=TIP_BN_MOMENTUM),
        Field("keep_bias", "train.net.keep_bias", QT_TR_NOOP("Keep Dense bias b"), check()),
    )),
    Group(QT_TR_NOOP("Optimizer"), (
        Field("optimizer", "train.optim.name", QT_TR_NOOP("Optimizer"), choice(OPTIMIZERS), tip=TIP_OPTIMIZER),
        Field("lr", "train.optim.learning_rate", QT_TR_NOOP("Learning rate \u03b1"), log(1e-4, 10.0),
              name="learning_rate", tip=TIP_LEARNING_RATE),
        Field("beta1", "train.optim.beta1", QT_TR_NOOP("\u03b2\u2081 (momentum)"), slider(0.0, 0.999, 3),
              tip=TIP_BETA1),
        Field("beta2", "train.optim.beta2", "\u03b2\u2082", slider(0.0, 0.9999, 4), tip=TIP_BETA2),
        Field("adam_eps", "train.optim.eps", "\u03b5", log(1e-10, 1e-1), tip=TIP_EPS),
        Field("decay", "train.optim.decay", QT_TR_NOOP("LR decay"), choice(DECAYS), tip=TIP_DECAY),
        Field("decay_rate", "train.optim.decay_rate", QT_TR_NOOP("Decay rate"), real(0.0, 100.0, 3),
              tip=TIP_DECAY_RATE),
        Field("batch_size", "train.batch_size", QT_TR_NOOP("Mini-batch size"), choice(BATCH_SIZES),
              tip=TIP_BATCH_SIZE),
        Field("l2", "train.optim.weight_decay", QT_TR_NOOP("L2 \u03bb"), real(0.0, 1.0, 4, step=0.0005), tip=TIP_L2),
    )),
)


def select_data(combo: QComboBox, value) -> None:
    """Select the item whose data is ``value``, adding it if a preset names one the list lacks."""
    i = combo.findData(value)
    if i < 0:
        combo.addItem(value_text(value), value)
        i = combo.count() - 1
    combo.setCurrentIndex(i)


def note(text: str = "", name: str = "") -> QLabel:
    """A grey, wrapping line of explanation inside a form (``text``: already translated, ``tr("...")``)."""
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: #555555")
    return lab


def _at(obj: Any, path: str) -> Any:
    for part in path.split(".") if path else ():
        obj = getattr(obj, part)
    return obj


def _assemble(obj: Any, values: Mapping[str, Any]) -> Any:
    """``obj`` with ``values`` (relative dotted paths) put in: one ``replace`` per dataclass, inner ones first."""
    direct: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for path, v in values.items():
        head, dot, rest = path.partition(".")
        if dot:
            nested.setdefault(head, {})[rest] = v
        else:
            direct[head] = v
    for head, sub in nested.items():
        direct[head] = _assemble(getattr(obj, head), sub)
    return replace(obj, **direct) if direct else obj


# --------------------------------------------------------------------- panel
class SettingsPanel(QScrollArea):
    """A scrolling column of titled form groups, made from ``FORM``, that shows and edits one lab config.

    Subclasses set ``FORM`` (and ``FIXED``); they override ``build`` /
    ``show_config`` only for what a table cannot say (call ``super()``), and
    add rows that are not settings (notes, buttons) to ``self.groups[title]``
    (keyed by the English title).  The table's texts are translated here; a
    subclass that composes a text at run time re-composes it in ``retranslate``.
    """

    config_changed = Signal(object)      # the lab's new, validated config

    FORM: tuple[Group, ...] = ()
    #: config paths the form always sets to these values (no widget: the lab fixes them)
    FIXED: Mapping[str, Any] = {}
    #: the path of the lab's 2-D ``DataConfig``: choosing "hand-made" (``custom``) in its name field starts
    #: from the set on screen, and the settings a hand-made set ignores are disabled while it is chosen
    OWN_DATA = "train.data"
    IGNORED_BY_OWN_DATA = ("noise", "n_classes", "elongate")

    def __init__(self, name: str, cfg: Any, parent: QWidget | None = None, error_name: str = "config_error") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(6, 6, 6, 6)
        self.setWidget(body)
        self.error = QLabel()          # the red line under the groups: why a setting was refused
        self.error.setObjectName(error_name)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.column.addWidget(self.error)
        self.column.addStretch(1)
        self._cfg = cfg
        self._building = False
        self.groups: dict[str, QFormLayout] = {}
        self.fields: list[tuple[Field, QWidget]] = []       # in table order: the order ``build`` reads them
        for g in self.FORM:
            form = self.groups[g.title] = self.group(g.title)
            for f in g.fields:
                w = f.kind.make(f.label)
                w.setObjectName(f.object_name)
                if f.tip:
                    w.setToolTip(tr(f.tip))
                if f.label and not f.kind.own_label:
                    form.addRow(tr(f.label), w)
                else:
                    form.addRow(w)
                form.setRowVisible(w, f.shown)
                setattr(self, f.attr, w)
                self.fields.append((f, w))
        SettingsPanel.show_config(self, cfg)
        for f, w in self.fields:
            f.kind.signal(w).connect(self.changed)

    def group(self, title: str, at: int = -1) -> QFormLayout:
        """Add a group titled ``tr(title)`` (after the others, or at position ``at``) and return its form layout."""
        g = QGroupBox(tr(title))
        f = QFormLayout(g)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f.setContentsMargins(6, 4, 6, 4)
        self.column.insertWidget(self.column.indexOf(self.error) if at < 0 else at, g)
        return f

    def add_below(self, widget: QWidget, row: QWidget) -> None:
        """Put ``row`` (a note, a button) on its own line right under ``widget``'s row."""
        form = widget.parentWidget().layout()
        form.insertRow(form.getWidgetPosition(widget)[0] + 1, row)

    def read(self, path: str = "") -> Any:
        """The value at ``path`` of the config the widgets describe; raises ValueError naming a bad field."""
        values: dict[str, Any] = {}
        for f, w in self.fields:
            if path and not f.path.startswith(path + "."):
                continue
            shown = f.kind.read(w)
            if f.put is None:
                values[f.path] = shown
            else:
                old = values[f.path] if f.path in values else _at(self._cfg, f.path)
                values[f.path] = f.put(old, shown)
        values.update((p, v) for p, v in self.FIXED.items() if not path or p.startswith(path + "."))
        own = f"{self.OWN_DATA}.points"
        if values.get(f"{self.OWN_DATA}.name") == CUSTOM and not _at(self._cfg, own) \
                and (not path or own.startswith(path + ".")):
            shown = _at(self._cfg, self.OWN_DATA)
            if shown.name in IMAGE_SETS:
                raise ValueError(tr("hand-made points need a 2-D data set: choose one first (digits are images), "
                                    "or File > Import data"))
            values[own] = points_of(make_dataset(shown))    # the set on screen
        cut = len(path) + 1 if path else 0
        return _assemble(_at(self._cfg, path), {p[cut:]: v for p, v in values.items()})

    def build(self) -> Any:
        """The config the widgets describe; raises ValueError naming a bad field."""
        return self.read()

    def show_config(self, cfg: Any) -> None:
        """Put ``cfg`` in the widgets."""
        for f, w in self.fields:
            v = _at(cfg, f.path)
            if f.get is not None:
                v = f.get(v)
            if v is not None:
                f.kind.write(w, v)
        self.show_own_data()

    def show_own_data(self) -> None:
        """Disable what a hand-made set ignores (its classes are its labels, its noise is drawn) while chosen."""
        name = next(((f, w) for f, w in self.fields if f.path == f"{self.OWN_DATA}.name"), None)
        if name is None:
            return
        own = name[0].kind.read(name[1]) == CUSTOM
        ignored = {f"{self.OWN_DATA}.{k}" for k in self.IGNORED_BY_OWN_DATA}
        for f, w in self.fields:
            if f.path in ignored:
                w.setEnabled(not own)

    def config(self) -> Any:
        return self._cfg

    def retranslate(self) -> None:
        """Redo the texts the language switch cannot swap by itself: spin-box suffixes (``set_language`` calls it)."""
        for f, w in self.fields:
            if isinstance(f.kind, spin) and f.kind.suffix:
                w.setSuffix(tr(f.kind.suffix))

    def set_config(self, cfg: Any) -> None:
        """Show ``cfg`` without emitting a change per widget."""
        self._building = True
        try:
            self.show_config(cfg)
            self._cfg = cfg
        finally:
            self._building = False
        self.error.clear()

    def changed(self, *_: Any) -> None:
        if self._building:
            return
        self.show_own_data()
        old = self._cfg
        if (cfg := self.adopt_widgets()) is not None and cfg != old:
            self.config_changed.emit(cfg)

    def adopt_widgets(self) -> Any:
        """The config the widgets now show (kept as ``_cfg``), or None with the reason in the error line."""
        try:
            cfg = self.build()
        except ValueError as exc:
            self.error.setText(error_text(str(exc)))
            return None
        self.error.clear()
        self._cfg = cfg
        return cfg
