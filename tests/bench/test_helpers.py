"""The bench's helpers that have logic: target verdicts, the engine timers, a lab run through train_loop.

No timings are asserted: only what the helpers report and that they leave the engine as it was.
"""

import math

import numpy as np

from bench import engine_profile, offscreen, procs, report
from bench.models import train_config
from bench.snapshot_bench import Run


def test_target_line_and_verdict(capsys):
    assert report.target("x_ratio", 1.5, "x", "<=", 2.0)
    assert not report.target("y_fps", 18.4, "frames/s", ">=", 25, ".1f")
    assert report.verdict(math.nan, "<=", 1.0) == "NOT met"
    out = capsys.readouterr().out.splitlines()
    assert out == ["x_ratio: 1.50 x (target <= 2: met)", "y_fps: 18.4 frames/s (target >= 25: NOT met)"]
    assert report.TARGET_LINES[-2:] == out


def test_timers_count_engine_calls_and_restore_them():
    from bnviz.engine import activations, layers, network
    from bnviz.engine.trainer import Trainer

    originals = (layers.Dense.forward, activations.forward, network.cross_entropy, network.MLP.parameters)
    with engine_profile.Timers() as timers:
        assert not timers.missing
        t = Trainer(train_config("bn_paper_net", True))
        t.run(3)
    assert all(timers.ns[k] > 0 for k in engine_profile.HOOKS)
    assert (layers.Dense.forward, activations.forward, network.cross_entropy, network.MLP.parameters) == originals


def test_a_lab_run_pickles_every_frame_as_the_worker_would():
    run = Run("softmax", "S1", 40).play()
    steps = [s for s, _ in run.sizes]
    assert steps == sorted(steps) and steps[-1] >= 40
    assert all(b > 0 for _, b in run.sizes) and len(run.pickle_s) == len(run.sizes)
    assert 1 <= len(run.peak) <= 8     # the frames up to the largest, kept to be drawn


def test_process_tree_has_this_process_first():
    tree = procs.tree()
    assert tree[0].pid == procs.os.getpid() and tree[0].rss > 0
    assert procs.role(tree[0], tree[0].pid, tree) == "app"


def test_offscreen_screen_file():
    value = offscreen.platform(640, 480)
    assert value.startswith("offscreen:configfile=")
    assert offscreen.parse_size("1920x1080") == (1920, 1080)
    assert np.isfinite(report.median([1.0, 2.0, 4.0]))
