"""The labs, one folder each, and their registry ``LABS`` in syllabus order (the order of the tabs).

=============  ====================  ==========================================
folder         syllabus rows         what it shows
=============  ====================  ==========================================
search/        H1-H6                 hyperparameter search: grid vs random,
                                     coarse to fine, scales, re-test on drift
panda/         H7, H8                panda (babysit one model) vs caviar
batchnorm/     B1-B4, B8             per-layer histograms with and without BN,
                                     input normalization, gamma/beta, bias,
                                     the BN paper's Figure 1
covariate/     B5                    covariate shift and what BN does about it
testtime/      B6, B7                BN's noise, running averages at test time
softmax/       S1-S3                 softmax regression and its loss
framework/     F1                    the engine's own BN code beside the notes'
                                     formulas, checked live; its speed vs PyTorch
=============  ====================  ==========================================

Each folder holds ``model.py`` (pure NumPy: the lab's ``Config`` dataclass
and its model), ``controls.py`` (the settings form), ``panels/`` (plots that
only draw snapshots) and ``page.py`` (the tab that wires them to a bridge).
Adding a lab is one folder and one line below.

``LABS`` is built on first use, so importing a lab's model (in a worker
process, in a headless check) never imports Qt.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from bnviz.translatable import QT_TR_NOOP


@dataclass(frozen=True)
class LabSpec:
    """What the window, lessons, sessions and headless runs need to know of a lab."""

    key: str            # the name in sessions, presets and ``--lab``
    title: str          # English; shown as ``bnviz.ui.i18n.tr(title)``
    rows: tuple[str, ...]
    Config: type        # the lab's one frozen settings dataclass
    Model: Any          # ``Model(cfg)`` builds the lab's model (in its worker process)
    page: str           # "module:Class" of its ``LabPage`` subclass (``Page``)
    bridge: str         # "module:Class" of how the page reaches its model (``Bridge``)

    # The page and bridge are imported when first asked for: validating a lesson needs only the
    # lab's Config, and importing every page (Qt widgets, panels, superqt) delayed the window (issue 18).
    @property
    def Page(self) -> type:
        """The lab's ``LabPage`` subclass."""
        return _load(self.page)

    @property
    def Bridge(self) -> type:
        """``TrainingBridge`` or the lab's own bridge class."""
        return _load(self.bridge)


def _load(where: str) -> Any:
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


def _registry() -> tuple[LabSpec, ...]:
    from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
    from bnviz.labs.covariate.model import CovariateConfig, CovariateExperiment
    from bnviz.labs.framework.model import FrameworkConfig, InsideEngine
    from bnviz.labs.panda.model import PandaLabConfig, PandaVsCaviar
    from bnviz.labs.search.model import SearchConfig, SearchModel
    from bnviz.labs.softmax.model import SoftmaxConfig, SoftmaxLab
    from bnviz.labs.testtime.model import InferenceLab, TestTimeConfig

    training = "bnviz.bridge.training:TrainingBridge"
    return (
        LabSpec("search", QT_TR_NOOP("Hyperparameter Search"), ("H1", "H2", "H3", "H4", "H5", "H6"), SearchConfig,
                SearchModel, "bnviz.labs.search.page:SearchPage", "bnviz.labs.search.bridge:SearchBridge"),
        LabSpec("panda", QT_TR_NOOP("Panda vs Caviar"), ("H7", "H8"), PandaLabConfig, PandaVsCaviar,
                "bnviz.labs.panda.page:PandaPage", training),
        LabSpec("bn", QT_TR_NOOP("Batch Norm Lab"), ("B1", "B2", "B3", "B4", "B8"), BatchNormConfig, TwinTrainer,
                "bnviz.labs.batchnorm.page:BatchNormPage", training),
        LabSpec("shift", QT_TR_NOOP("Covariate Shift Lab"), ("B5",), CovariateConfig, CovariateExperiment,
                "bnviz.labs.covariate.page:CovariatePage", training),
        LabSpec("testtime", QT_TR_NOOP("BN at Test Time"), ("B6", "B7"), TestTimeConfig, InferenceLab,
                "bnviz.labs.testtime.page:TestTimePage", training),
        LabSpec("softmax", QT_TR_NOOP("Softmax Lab"), ("S1", "S2", "S3"), SoftmaxConfig, SoftmaxLab,
                "bnviz.labs.softmax.page:SoftmaxPage", training),
        LabSpec("framework", QT_TR_NOOP("Inside the Engine"), ("F1",), FrameworkConfig, InsideEngine,
                "bnviz.labs.framework.page:FrameworkPage", training),
    )


def __getattr__(name: str) -> Any:
    if name == "LABS":
        labs = _registry()
        globals()["LABS"] = labs
        return labs
    raise AttributeError(name)


def spec(key: str) -> LabSpec:
    """The lab named ``key``; KeyError lists the keys."""
    import bnviz.labs as labs

    for s in labs.LABS:
        if s.key == key:
            return s
    raise KeyError(f"no lab {key!r}; labs: {', '.join(s.key for s in labs.LABS)}")


def spec_of(page_class: type) -> LabSpec:
    """The spec whose page is ``page_class`` (or a base of it)."""
    import bnviz.labs as labs

    names = {f"{c.__module__}:{c.__qualname__}" for c in page_class.__mro__}    # no other lab's page imported
    for s in labs.LABS:
        if s.page in names:
            return s
    raise KeyError(f"{page_class.__name__} is not a registered lab page")
