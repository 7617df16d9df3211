"""Hyperparameter Search (syllabus H1 which hyperparameters matter, H2 grid vs random, H3 coarse to fine,
H4 the right scale, H5 sampling beta near 1, H6 re-test after the data drifts).

``model.py``: ``SearchConfig`` (every setting), ``SearchSession`` (one search's state and snapshot)
and ``SearchModel`` (the headless model: one trial per step); ``bridge.py``: ``SearchBridge``, which
runs the trials on an executor for the window; ``controls.py``: the settings form; ``panels/``: the
scatter, projections, grid-vs-random comparison and scale demos; ``page.py``: ``SearchPage``.
"""
