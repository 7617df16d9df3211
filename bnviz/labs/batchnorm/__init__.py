"""Batch Norm Lab (syllabus B1 normalizing inputs, B2 BN per layer, B3 gamma and beta, B4 the redundant bias,
B8 the BN paper's Figure 1).

``model.py``: ``BatchNormConfig`` (every setting) and ``TwinTrainer`` (the same net twice, with and
without BN, or on normalized and raw inputs); ``controls.py``: the settings form; ``panels/``: the
per-layer histograms, Figure 1 percentiles, curves, gamma/beta and running statistics, decision
regions; ``page.py``: ``BatchNormPage``, the lab's tab.
"""
