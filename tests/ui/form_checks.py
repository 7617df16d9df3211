"""Helpers for the settings-form tests: every config a lab's form must show and read back unchanged."""

from __future__ import annotations

from typing import Any

import pytest

import bnviz.labs
from bnviz import schema
from bnviz.app.presets import scan_presets


def lab_configs(key: str) -> list[tuple[str, Any]]:
    """(name, config) for the lab's default config and every bundled lesson of the lab."""
    spec = bnviz.labs.spec(key)
    presets, _ = scan_presets()
    return [("default", spec.Config())] + [
        (p.name, schema.from_json(spec.Config, p.state["config"], "config")) for p in presets if p.lab == key]


def check_round_trip(qtbot, controls_type: type, cfg: Any) -> None:
    """``set_config(cfg)`` then ``build()`` gives ``cfg`` back, on a form made for another config and on one made for it."""
    panel = controls_type(type(cfg)())
    qtbot.addWidget(panel)
    panel.set_config(cfg)
    assert panel.build() == cfg
    assert panel.error.text() == ""
    fresh = controls_type(cfg)
    qtbot.addWidget(fresh)
    assert fresh.build() == cfg


def round_trip_test(key: str, controls_type: type):
    """A test, parametrized over the lab's default config and its lessons, of ``check_round_trip``."""
    @pytest.mark.parametrize(("name", "cfg"), lab_configs(key), ids=lambda v: v if isinstance(v, str) else "")
    def test_every_lesson_round_trips(qtbot, name, cfg):
        check_round_trip(qtbot, controls_type, cfg)

    return test_every_lesson_round_trips
