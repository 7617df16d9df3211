"""Inside the Engine (syllabus F1: choosing a framework, easy to program, fast, truly open).

The notes' three tests of a deep-learning framework (深度学习框架) are asked of
bnviz's own engine: its batch-norm code is shown as it is installed (easy to
read, open), checked live against the notes' formulas and against central
differences (correct), and its speed is the last ``make bench`` run against
PyTorch (fast).

``model.py``: ``FrameworkConfig`` and ``InsideEngine`` (one BN forward and
backward of the engine per step, checked); ``speed.py``: the benchmark's last
figures, written by ``bench`` and read strictly here; ``controls.py``: the
settings form; ``panels/``: source, formulas and checks, speed; ``page.py``:
``FrameworkPage``.
"""
