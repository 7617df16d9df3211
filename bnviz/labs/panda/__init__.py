"""Panda vs Caviar (syllabus H7, H8): babysit one model, or train many at once and keep the best.

``model.py``: ``PandaLabConfig`` (every setting) and ``PandaVsCaviar`` (the panda,
caviar and race runs); ``controls.py``: the settings form; ``panels/``: the
babysit, caviar and race plots; ``page.py``: ``PandaPage``, the lab's tab.
"""
