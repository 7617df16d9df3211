"""The declarative settings form (bnviz/ui/forms.py): one table line per field makes, lays out, wires, reads and shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QSpinBox
from superqt import QLabeledDoubleSlider

from bnviz.ui.forms import (
    Field,
    Group,
    SettingsPanel,
    check,
    choice,
    hide_field,
    insert_field,
    log,
    real,
    slider,
    spin,
)
from bnviz.ui.log_slider import LogSlider


@dataclass(frozen=True)
class Inner:
    rate: float = 0.01
    lo: float = 0.1
    hi: float = 0.5
    sizes: tuple[int, ...] = (4, 4)

    def __post_init__(self) -> None:
        if not self.lo < self.hi:
            raise ValueError(f"lo={self.lo} must be below hi={self.hi}")


@dataclass(frozen=True)
class Toy:
    inner: Inner = field(default_factory=Inner)
    mode: str = "a"
    on: bool = False
    count: int = 3
    smooth: float = 0.25
    decay: float = 0.0
    locked: int = 0


FORM = (
    Group("First", (
        Field("mode", "mode", "Mode", choice({"a": "Mode A", "b": "Mode B"}), name="toy_mode", tip="which mode"),
        Field("on", "on", "Switch on", check()),
        Field("count", "count", "Count", spin(1, 9, suffix=" x")),
    )),
    Group("Second", (
        Field("smooth", "smooth", "Smooth", slider(0.0, 1.0, 2)),
        Field("decay", "decay", "Decay", real(0.0, 5.0, 3)),
        Field("rate", "inner.rate", "Rate", log(1e-4, 1.0), name="toy_rate"),
        Field("lo", "inner.lo", "From", real(0.0, 10.0, 2)),
        Field("hi", "inner.hi", "To", real(0.0, 10.0, 2)),
        Field("depth", "inner.sizes", "Depth", spin(0, 5), get=len, put=lambda s, d: (s[0] if s else 1,) * d),
        Field("width", "inner.sizes", "Width", spin(1, 64, start=8), get=lambda s: s[0] if s else None,
              put=lambda s, w: (w,) * len(s)),
    )),
)


class ToyPanel(SettingsPanel):
    FORM = FORM
    FIXED = {"locked": 7}

    def __init__(self, cfg: Toy) -> None:
        super().__init__("toy_panel", cfg, error_name="toy_error")


@pytest.fixture
def panel(qtbot):
    p = ToyPanel(Toy(inner=Inner(sizes=(5, 5, 5)), mode="b", count=4))
    qtbot.addWidget(p)
    return p


def test_the_table_makes_named_widgets_in_their_groups(panel):
    kinds = {"toy_mode": QComboBox, "on": QCheckBox, "count": QSpinBox, "smooth": QLabeledDoubleSlider,
             "decay": QDoubleSpinBox, "toy_rate": LogSlider, "depth": QSpinBox, "width": QSpinBox}
    for name, kind in kinds.items():
        assert isinstance(panel.findChild(kind, name), kind), name
    assert panel.mode is panel.findChild(QComboBox, "toy_mode") and panel.rate.objectName() == "toy_rate"
    first = panel.groups["First"]
    assert first.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().text() == "Mode"
    assert first.itemAt(1, QFormLayout.ItemRole.SpanningRole).widget() is panel.on     # a check box spans its row
    assert panel.on.text() == "Switch on" and panel.mode.toolTip() == "which mode"
    assert [panel.mode.itemText(i) for i in range(2)] == ["Mode A", "Mode B"]
    assert panel.count.suffix() == " x" and not panel.count.keyboardTracking()


def test_widgets_show_the_config_they_were_made_for(panel):
    assert panel.mode.currentData() == "b" and panel.count.value() == 4
    assert (panel.depth.value(), panel.width.value()) == (3, 5)
    assert panel.rate.value() == 0.01
    assert panel.build() == Toy(inner=Inner(sizes=(5, 5, 5)), mode="b", count=4, locked=7)    # FIXED is written


def test_each_change_emits_one_validated_config(panel, qtbot):
    with qtbot.waitSignal(panel.config_changed) as sent:
        panel.on.setChecked(True)
    assert sent.args[0].on is True
    panel.smooth.setValue(0.123456)            # 2 decimals shown, 3 kept
    panel.rate.slider.setValue(0)              # the log slider's left end
    panel.depth.setValue(2)
    panel.width.setValue(9)
    cfg = panel.config()
    assert cfg.smooth == 0.123 and cfg.inner.rate == 1e-4 and cfg.inner.sizes == (9, 9)


def test_a_refused_config_is_named_not_sent(panel, qtbot):
    sent = []
    panel.config_changed.connect(sent.append)
    panel.lo.setValue(3.0)                     # above hi: Inner refuses it
    assert "lo=3.0" in panel.error.text() and sent == [] and panel.config().inner.lo == 0.1
    panel.hi.setValue(4.0)
    assert panel.error.text() == "" and (sent[-1].inner.lo, sent[-1].inner.hi) == (3.0, 4.0)


def test_set_config_shows_without_emitting_and_getters_may_leave_a_widget(panel, qtbot):
    sent = []
    panel.config_changed.connect(sent.append)
    cfg = Toy(inner=Inner(sizes=()), mode="a", smooth=0.5, decay=1.5)
    panel.set_config(cfg)
    assert sent == [] and panel.config() == cfg
    assert panel.depth.value() == 0 and panel.width.value() == 5      # no layers: the width waits
    assert panel.mode.currentData() == "a" and panel.decay.value() == 1.5 and panel.smooth.value() == 0.5
    panel.depth.setValue(1)
    assert panel.config().inner.sizes == (5,)


def test_a_value_the_list_lacks_is_added(panel):
    panel.set_config(Toy(mode="c"))
    assert panel.mode.currentData() == "c" and panel.build().mode == "c"


def test_insert_and_hide_fields():
    extra = Field("extra", "count", "Extra", spin(0, 3))
    form = hide_field(insert_field(FORM, "First", 1, extra), "on")
    assert [f.attr for f in form[0].fields] == ["mode", "extra", "on", "count"]
    assert not form[0].fields[2].shown and FORM[0].fields[1].shown      # the shared table is untouched
