"""Covariate Shift Lab (syllabus B5: "trained on black cats, tested on cats of every colour").

``model.py``: ``CovariateConfig`` (every setting) and ``CovariateExperiment`` (BN and no-BN twins
measured on training and shifted inputs, internal covariate shift, noisy BN, the two sweeps);
``shifts.py``: the shifts and the distances between distributions; ``controls.py``: the settings
form; ``panels/``: inputs, per-layer shift, sweeps and tabs; ``page.py``: ``CovariatePage``.
"""
