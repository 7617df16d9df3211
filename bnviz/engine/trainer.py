"""Training runs: mini-batch SGD-style training with probes and divergence detection.

One ``np.random.SeedSequence`` per run is split into independent streams
for the initial weights, the batch order and the injected noise, so the same
config and seed give bitwise the same history, and a run with BN and one
without draw the same weights and see the same batches (the twin comparison).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from bnviz.engine import probes
from bnviz.engine.config import OptimConfig, TrainConfig, needs_rebuild
from bnviz.engine.data import Dataset, make_dataset
from bnviz.engine.network import MLP
from bnviz.engine.optimizers import Optimizer
from bnviz.engine.snapshot import DecisionMap, LayerStats, RunSnapshot, frozen

PROBE_ROWS = 512
TRACKED_UNITS = 8           # gamma and beta kept over time for this many units (the panel shows 8)
DECISION_GRID = 48
LOSS_BLOWUP = 1e3           # cross-entropy above this means the logits exploded

HISTORY_DOC = """
History columns (one row per probe, decimated to stay bounded):
  step, epoch, lr                   the step, epoch and learning rate
  batch_loss                        mean mini-batch loss since the previous probe
  train_loss, train_acc             on the probe batch (training rows), test-time mode
  val_loss, val_acc                 on the validation split, test-time mode
  unit_pct  (L, 3)                  15/50/85th percentile of the tracked unit's activation input
  all_pct   (L, 3)                  the same over all units of each layer
  grad_norm (L,)                    ||dL/dW|| per hidden layer
  bias_grad (L,)                    ||dL/db|| per hidden layer (nan without a bias)
  gamma, beta (L, 8)                the first 8 units of each BN layer (nan without BN)
"""


def split_seeds(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    init, order, noise = np.random.SeedSequence(seed).spawn(3)
    return (np.random.default_rng(init), np.random.default_rng(order), np.random.default_rng(noise))


def dropout_stream(seed: int) -> np.random.Generator:
    """Dropout's masks: a fourth child of the run's seed, independent of the three above.

    ``SeedSequence.spawn`` numbers its children, so the first three are the
    same whether three or four are spawned: adding dropout changes no other
    stream, and a run without dropout is bitwise what it was.
    """
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(4)[3])


class Trainer:
    """One network trained on one data set; the engine behind every lab."""

    def __init__(self, cfg: TrainConfig, dataset: Dataset | None = None, label: str | None = None,
                 history_capacity: int = 2048, bin_pool: dict | None = None) -> None:
        self.cfg = cfg
        # Twins drawn over each other share their histograms' Bins through one pool (keyed by layer
        # and plot), so their bars have the same widths and compare; whoever owns the pool empties
        # it before the runs re-fit together (a reset, F).
        self.bin_pool = bin_pool
        self.label = label or ("BN" if cfg.net.batch_norm else "no BN")
        self.data = dataset if dataset is not None else make_dataset(cfg.data)
        self._history_capacity = history_capacity
        self.want_decision = True   # the decision map costs a forward pass over a grid; labs may switch it off
        # the layer histograms are most of a frame's cost (~20 counts over 51,200 values); a page that
        # does not show them (folded into a tab) has its model skip them (``show_histograms``)
        self.want_histograms = True
        self.reset()

    # ------------------------------------------------------------------ setup
    def reset(self) -> None:
        """Back to step 0: same seed, same initial weights, same batch order."""
        from bnviz.engine.history import DecimatingHistory

        cfg = self.cfg
        init_rng, self._order_rng, self._noise_rng = split_seeds(cfg.seed)
        self.net = MLP(cfg.net, self.data.n_features, self.data.n_classes, init_rng)
        if cfg.net.keep_prob < 1.0:
            self.net.dropout_rng = dropout_stream(cfg.seed)
        self.optimizer = Optimizer(cfg.optim)
        self.step_count = 0
        self.epoch = 0
        self.diverged_at: int | None = None
        self.divergence_reason = ""
        self._perm = self._order_rng.permutation(len(self.data.x_train))
        self._pos = 0
        self._loss_sum = 0.0
        self._loss_n = 0
        self.history = DecimatingHistory(self._history_capacity)
        n = min(PROBE_ROWS, len(self.data.x_train))
        self._probe_x = self.data.x_train[:n].astype(self.net.dtype, copy=False)
        self._probe_y = self.data.y_train[:n]
        self._bins: list[dict[str, probes.Bins | None]] | None = None
        self._layers: tuple[LayerStats, ...] | None = None
        self._decision: DecisionMap | None = None
        self.probe()

    def configure(self, cfg: TrainConfig) -> bool:
        """Adopt ``cfg``.  Returns True if that needed a rebuild (and so a reset)."""
        rebuild = needs_rebuild(self.cfg, cfg)
        data_changed = cfg.data != self.cfg.data
        self.cfg = cfg
        if rebuild:
            if data_changed:
                self.data = make_dataset(cfg.data)
            self.reset()
        else:
            self.optimizer.configure(cfg.optim)
            self.net.set_bn_hyper(cfg.net.bn_eps, cfg.net.bn_momentum)
        return rebuild

    def adopt_data(self, cfg: TrainConfig, dataset: Dataset | None = None) -> None:
        """Go on training the same network on ``cfg``'s data (hand-edited points), between two steps.

        Why: a student who edits the points of a running training wants the same
        model to meet them, not a restart. Weights, optimizer state, step count and
        history stay; the split, normalization, batch order and probe rows are the
        new set's, and a probe at once records what the new data make of the model.
        The input width and class count must not change (``data.keeps_run``).
        """
        data = dataset if dataset is not None else make_dataset(cfg.data)
        if (data.n_features, data.n_classes) != (self.data.n_features, self.data.n_classes):
            raise ValueError(f"data: {data.n_classes} classes of {data.n_features} inputs cannot replace "
                             f"{self.data.n_classes} of {self.data.n_features} without a rebuild")
        self.cfg = cfg
        self.data = data
        self.optimizer.configure(cfg.optim)
        self.net.set_bn_hyper(cfg.net.bn_eps, cfg.net.bn_momentum)
        self._perm = self._order_rng.permutation(len(data.x_train))
        self._pos = 0
        n = min(PROBE_ROWS, len(data.x_train))
        self._probe_x = data.x_train[:n].astype(self.net.dtype, copy=False)
        self._probe_y = data.y_train[:n]
        self.probe()

    def set_optim(self, optim: OptimConfig) -> None:
        """Change optimizer settings between two steps (panda's nudges, lessons)."""
        self.configure(replace(self.cfg, optim=optim))

    # --------------------------------------------------------------- training
    @property
    def learning_rate(self) -> float:
        return self.cfg.optim.rate_at(self.epoch)

    @property
    def steps_per_epoch(self) -> int:
        return max(1, len(self.data.x_train) // min(self.cfg.batch_size, len(self.data.x_train)))

    def _next_batch(self) -> np.ndarray:
        n = len(self._perm)
        bs = min(self.cfg.batch_size, n)
        if self._pos + bs > n:
            self._perm = self._order_rng.permutation(n)
            self._pos = 0
            self.epoch += 1
        idx = self._perm[self._pos:self._pos + bs]
        self._pos += bs
        return idx

    def _draw_noise(self, bs: int) -> list[tuple[np.ndarray, np.ndarray]] | None:
        a, b = self.cfg.noise_shift, self.cfg.noise_scale
        if not (a or b):
            return None
        dt = self.net.dtype
        out = []
        for block in self.net.blocks:
            w = block.dense.W.shape[1]
            shift = self._noise_rng.uniform(-a, a, w).astype(dt) if a else np.zeros(w, dt)
            scale = self._noise_rng.uniform(1.0, 1.0 + b, w).astype(dt) if b else np.ones(w, dt)
            out.append((shift, scale))
        return out

    def step(self) -> bool:
        """Train on one mini-batch.  Returns False once the run has diverged."""
        if self.diverged_at is not None:
            return False
        idx = self._next_batch()
        x = self.data.x_train[idx]
        loss = self.net.loss_and_backward(x, self.data.y_train[idx], self._draw_noise(len(idx)))
        self.step_count += 1
        if not math.isfinite(loss) or loss > LOSS_BLOWUP:
            return self._diverge(f"loss {loss:.3g}")
        self.optimizer.step(self.net.parameters(), self.learning_rate)
        self._loss_sum += loss
        self._loss_n += 1
        if self.step_count % self.cfg.probe_every == 0:
            self.probe()
        return self.diverged_at is None

    def run(self, n: int) -> int:
        return run_steps(self, n)

    def run_epoch(self) -> int:
        return self.run(self.steps_per_epoch)

    def _diverge(self, reason: str) -> bool:
        self.diverged_at = self.step_count
        self.divergence_reason = reason
        self.probe()
        return False

    # ------------------------------------------------------------- evaluation
    def evaluate(self, split: str = "val", mode: str = "eval") -> tuple[float, float]:
        """(mean cross-entropy, accuracy) on ``split`` ('train', 'val', 'test', 'probe')."""
        from bnviz.engine.losses import cross_entropy

        x, y = self._split(split)
        with np.errstate(all="ignore"):
            logits = self.net.forward(x, mode)
            loss, _ = cross_entropy(logits, y)
        return loss, float((logits.argmax(axis=1) == y).mean())

    def _split(self, split: str) -> tuple[np.ndarray, np.ndarray]:
        d = self.data
        return {"train": (d.x_train, d.y_train), "val": (d.x_val, d.y_val),
                "test": (d.x_test, d.y_test), "probe": (self._probe_x, self._probe_y)}[split]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        from bnviz.engine.losses import softmax

        with np.errstate(all="ignore"):
            return softmax(self.net.forward(x, "eval"))

    # ----------------------------------------------------------------- probes
    def show_histograms(self, on: bool) -> None:
        """Whether snapshots carry the layer histograms (None in ``LayerStats`` while off)."""
        if on != self.want_histograms:
            self.want_histograms = on
            self._layers = None         # the next snapshot counts (or drops) them for the last probe

    def refit_bins(self) -> None:
        """Choose new histogram edges from the current distributions (the F key).

        Edges also re-fit by themselves when the data leave them (``probes.Bins``);
        this is the explicit, immediate one.
        """
        self._bins = None
        self.probe()

    def probe(self) -> None:
        """Measure the network on the fixed probe batch and append a history row.

        BN layers normalise the probe batch with its own statistics (as in
        training) without touching the running estimates, so probing never
        changes the run.  Histograms and the decision map are only needed
        when a snapshot is taken, so they are computed then (see ``snapshot``).
        """
        net = self.net
        with np.errstate(all="ignore"):
            net.forward(self._probe_x, "batch")
        self._traces = [b.trace for b in net.blocks]
        if self._bins is None:
            self._bins = [self._make_bins(i, t) for i, t in enumerate(self._traces)]
        self._layers = None
        self._decision = None
        if self.diverged_at is None and not net.all_finite():
            self.diverged_at = self.step_count
            self.divergence_reason = "a parameter became non-finite"
        self._record_history()

    def _layer_stats(self) -> tuple[LayerStats, ...]:
        """The per-layer statistics of the last probe (computed once, on demand)."""
        if self._layers is not None:
            return self._layers
        layers = []
        for i, (block, t, b) in enumerate(zip(self.net.blocks, self._traces, self._bins), start=1):
            bn = block.bn
            done: dict[tuple[int, int], object] = {}

            def hist(values, bins):
                if not self.want_histograms:
                    return None
                # the same array with the same Bins (BN's output is the activation's input) counts once
                key = (id(values), id(bins))
                if key not in done:
                    done[key] = bins.histogram(values)
                return done[key]

            layers.append(LayerStats(
                index=i, width=t.z.shape[1],
                z=hist(t.z, b["z"]),
                bn_out=None if t.bn_out is None else hist(t.bn_out, b["bn_out"]),
                act_in=hist(t.act_in, b["act_in"]),
                a=hist(t.a, b["a"]),
                act_in_pct=frozen(self._pct[i - 1][1]), unit_pct=frozen(self._pct[i - 1][0]),
                gamma=frozen(bn.gamma) if bn else None, beta=frozen(bn.beta) if bn else None,
                batch_mean=frozen(bn.batch_mean) if bn else None,
                batch_var=frozen(bn.batch_var) if bn else None,
                running_mean=frozen(bn.running_mean) if bn else None,
                running_var=frozen(bn.running_var) if bn else None,
                grad_norm=self._grad_norms[i - 1][0], bias_grad_norm=self._grad_norms[i - 1][1],
            ))
        self._layers = tuple(layers)
        return self._layers

    def _make_bins(self, layer: int, t) -> dict[str, probes.Bins | None]:
        """One layer's histogram edges, fitted to this probe; they re-fit themselves later.

        Plots of the same array share a ``Bins`` (BN's output is the
        activation's input), so they keep the same edges and count once.  A
        saturating activation's input gets at least +-6, where its curve flattens.
        """
        act = self.cfg.net.activation
        saturates = act in ("sigmoid", "tanh")
        bn_before = t.bn_out is not None and t.act_in is t.bn_out
        z = probes.Bins("symmetric", 1.0)
        bn_out = None if t.bn_out is None else probes.Bins("symmetric", 6.0 if saturates and bn_before else 4.0)
        if bn_before:
            act_in = bn_out
        elif t.act_in is t.z and not saturates:
            act_in = z
        else:
            act_in = probes.Bins("symmetric", 6.0 if saturates else 1.0)
        if t.bn_out is not None and not bn_before:             # BN after the activation
            a = bn_out if t.a is t.bn_out else probes.Bins("symmetric", 4.0)
        elif act in ("sigmoid", "tanh"):
            a = probes.Bins("fixed", fixed=probes.activation_edges(act, np.zeros(probes.N_BINS + 1)))
        elif act == "relu":
            a = probes.Bins("positive", act_in.floor)
        else:
            a = act_in if t.a is t.act_in else probes.Bins("symmetric", act_in.floor)
        bins = {"z": z, "bn_out": bn_out, "act_in": act_in, "a": a}
        if self.bin_pool is not None:
            for key, b in bins.items():
                if b is not None:
                    bins[key] = self.bin_pool.setdefault((layer, key), b)
        arrays = {"z": t.z, "bn_out": t.bn_out, "act_in": t.act_in, "a": t.a}
        for key, b in bins.items():
            if b is not None and b.edges is None:
                b.fit(arrays[key])
        return bins

    def _record_history(self) -> None:
        k = TRACKED_UNITS
        blocks = self.net.blocks
        unit = self.cfg.probe_unit
        self._pct = [(probes.percentiles(t.act_in[:, min(unit, t.act_in.shape[1] - 1)]),
                      probes.percentiles(t.act_in)) for t in self._traces]
        self._grad_norms = [(float(np.linalg.norm(b.dense.dW)),
                             float(np.linalg.norm(b.dense.db)) if b.dense.db is not None else math.nan)
                            for b in blocks]

        def per_unit(attr: str) -> np.ndarray:
            out = np.full((len(blocks), k), np.nan)
            for i, b in enumerate(blocks):
                if b.bn is not None:
                    v = getattr(b.bn, attr)
                    out[i, : min(k, v.size)] = v[:k]
            return out

        tl, ta = self.evaluate("probe")
        vl, va = self.evaluate("val")
        batch_loss = self._loss_sum / self._loss_n if self._loss_n else math.nan
        self._loss_sum, self._loss_n = 0.0, 0
        self.history.append(
            step=self.step_count, epoch=self.epoch, lr=self.learning_rate, batch_loss=batch_loss,
            train_loss=tl, train_acc=ta, val_loss=vl, val_acc=va,
            unit_pct=np.array([p[0] for p in self._pct]).reshape(-1, 3),
            all_pct=np.array([p[1] for p in self._pct]).reshape(-1, 3),
            grad_norm=np.array([g[0] for g in self._grad_norms]),
            bias_grad=np.array([g[1] for g in self._grad_norms]),
            gamma=per_unit("gamma"), beta=per_unit("beta"),
        )

    def _decision_map(self) -> DecisionMap:
        pts = self.data.x_val
        lo = np.minimum(self.data.x_train.min(axis=0), pts.min(axis=0)) - 0.5
        hi = np.maximum(self.data.x_train.max(axis=0), pts.max(axis=0)) + 0.5
        gx = np.linspace(lo[0], hi[0], DECISION_GRID)
        gy = np.linspace(lo[1], hi[1], DECISION_GRID)
        xx, yy = np.meshgrid(gx, gy)
        grid = np.column_stack([xx.ravel(), yy.ravel()]).astype(self.net.dtype)
        probs = self.predict_proba(grid).reshape(DECISION_GRID, DECISION_GRID, -1)
        return DecisionMap((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])),
                           frozen(probs.astype(np.float32)), frozen(pts), frozen(self.data.y_val))

    def snapshot(self) -> RunSnapshot:
        """An immutable copy of everything the panels draw, as of the last probe."""
        hist = self.history.columns()
        if self.want_decision and self.data.is_2d and self._decision is None:
            self._decision = self._decision_map()
        return RunSnapshot(
            label=self.label, config=self.cfg, step=self.step_count, epoch=self.epoch,
            learning_rate=self.learning_rate, diverged_at=self.diverged_at,
            divergence_reason=self.divergence_reason, history=hist, layers=self._layer_stats(),
            decision=self._decision if self.want_decision else None)


def run_steps(model, n: int) -> int:
    """Up to ``n`` steps of ``model``; stops early when ``step()`` says the run ended (diverged).

    Returns the steps taken.  Every model with a ``step()`` uses this as its ``run``.
    """
    done = 0
    while done < n and model.step():
        done += 1
    return done


def trained(model, steps: int):
    """``model`` after up to ``steps`` steps and one probe: the one "train N steps, then look" loop.

    Headless export, animation and every lesson claim train this way, so a
    figure, a GIF frame and a claim see the same history rows.
    """
    run_steps(model, steps)
    model.probe()
    return model


class OneTrainerModel:
    """Mixin for a lab model built around one ``Trainer`` (``self.trainer``): the loop's counters are its."""

    trainer: Trainer

    @property
    def step_count(self) -> int:
        return self.trainer.step_count

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    @property
    def steps_per_epoch(self) -> int:
        return self.trainer.steps_per_epoch
