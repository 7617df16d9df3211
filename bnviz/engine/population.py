"""Caviar: many models of one architecture trained at once over a leading model axis.

The notes' "caviar" strategy trains many models in parallel, each with its
own hyperparameters, and keeps the best.  Looping over N ``Trainer`` objects
pays NumPy's per-call overhead N times per step; for the small 2-D networks
of the lessons that overhead *is* the cost.  ``Population`` stacks the N
models' parameters along a leading axis (weights ``(N, in, out)``) and trains
them with batched matmuls, so one step costs roughly what one model's step
costs, whatever N is (see ``bench/population_bench.py``).

Every model is the model a single ``Trainer`` would train:

* model ``i``'s initial weights are drawn exactly as ``Trainer`` draws them
  for ``seed = init_seeds[i]`` (by default ``cfg.seed + i``; ``same_init``
  gives every model ``cfg.seed``'s weights);
* all models see the same mini-batches, in the order ``Trainer(cfg)`` would
  draw them (the batch stream of ``cfg.seed``);
* the arithmetic is the engine's: the same BN forward/backward, softmax
  cross-entropy and SGD / momentum update, with each model's own learning
  rate and momentum ``beta``.

So a population's losses equal those of N separate runs to float tolerance,
which ``tests/engine/test_population.py`` checks.

All parameters of one model live in one row of a flat ``(N, P)`` buffer and
every gradient in one row of a second buffer; the per-layer arrays are views
into them.  The optimizer update is then three whole-buffer operations
instead of three per parameter array, and dropping models (divergence,
successive halving) is one row selection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from bnviz.engine import activations
from bnviz.engine.config import TrainConfig, check_range
from bnviz.engine.data import Dataset, make_dataset
from bnviz.engine.history import DecimatingHistory
from bnviz.engine.network import MLP
from bnviz.engine.snapshot import frozen
from bnviz.engine.trainer import LOSS_BLOWUP, Trainer, run_steps, split_seeds

POPULATION_OPTIMIZERS = ("sgd", "momentum")
MAX_MODELS = 256


def check_population_config(cfg: TrainConfig) -> None:
    """Raise ValueError for settings a population cannot train (config-style message)."""
    if cfg.optim.name not in POPULATION_OPTIMIZERS:
        raise ValueError(f"optimizer={cfg.optim.name!r} is not allowed for a population: "
                         f"choose one of {', '.join(POPULATION_OPTIMIZERS)}")
    if cfg.noise_shift or cfg.noise_scale:
        raise ValueError("noise_shift/noise_scale (noisy BN) are not supported by a population: allowed 0")
    if cfg.net.keep_prob < 1.0:
        raise ValueError(f"keep_prob={cfg.net.keep_prob!r} (dropout) is not supported by a population: allowed 1")


def initial_net(cfg: TrainConfig, dataset: Dataset, seed: int) -> MLP:
    """The network ``Trainer`` starts from for ``seed`` (its init stream, nothing else)."""
    init_rng, _, _ = split_seeds(seed)
    return MLP(cfg.net, dataset.n_features, dataset.n_classes, init_rng)


@dataclass
class _Layer:
    """Static description of one hidden block (what ``network.Block`` decides at build time)."""

    index: int          # 1-based, as in the parameter names
    bias: bool
    bn: bool
    placement: str
    activation: str


class Population:
    """N MLPs of one architecture, each with its own learning rate (and momentum), trained at once.

    Parameters
    ----------
    cfg : TrainConfig
        Data, architecture, batch size, optimizer kind (``sgd`` or
        ``momentum``), weight decay, schedule and the seed of the shared
        batch order.  ``cfg.optim.learning_rate`` and ``beta1`` are ignored
        in favour of the per-model values.
    learning_rates : array_like
        ``(N,)`` initial learning rates, one per model.
    betas : array_like, optional
        ``(N,)`` momentum betas; default ``cfg.optim.beta1`` for all.
    dataset : Dataset, optional
        Shared data (built from ``cfg.data`` when omitted).
    init_seeds : sequence of int, optional
        Model ``i`` starts from the weights ``Trainer`` draws for seed
        ``init_seeds[i]``; default ``cfg.seed + i``.
    """

    def __init__(self, cfg: TrainConfig, learning_rates, betas=None, *, dataset: Dataset | None = None,
                 init_seeds=None) -> None:
        check_population_config(cfg)
        lrs = np.asarray(learning_rates, dtype=np.float64).reshape(-1)
        n = lrs.size
        check_range("number of models", n, 1, MAX_MODELS)
        for i, lr in enumerate(lrs):
            check_range(f"learning_rates[{i}]", float(lr), 0.0, 1e4, lo_open=True)
        b = np.full(n, cfg.optim.beta1) if betas is None else np.asarray(betas, dtype=np.float64).reshape(-1)
        if b.size != n:
            raise ValueError(f"betas has {b.size} values: need one per model ({n})")
        for i, beta in enumerate(b):
            check_range(f"betas[{i}]", float(beta), 0.0, 0.99999)
        seeds = [cfg.seed + i for i in range(n)] if init_seeds is None else [int(s) for s in init_seeds]
        if len(seeds) != n:
            raise ValueError(f"init_seeds has {len(seeds)} values: need one per model ({n})")

        self.cfg = cfg
        self.data = dataset if dataset is not None else make_dataset(cfg.data)
        self.dtype = np.dtype(cfg.net.dtype)
        self.n_models = n
        self.init_seeds = tuple(seeds)
        self._ones: dict[int, np.ndarray] = {}
        self._all_lr0 = lrs.copy()
        self._all_beta = b.copy()
        net = cfg.net
        self._layers = [_Layer(i, (not net.batch_norm) or net.bn_placement == "after" or net.keep_bias,
                               net.batch_norm, net.bn_placement, net.activation)
                        for i in range(1, len(net.hidden) + 1)]
        self.reset()

    # ------------------------------------------------------------------ setup
    def reset(self) -> None:
        """Back to step 0: every model's initial weights, the shared batch order from its start."""
        nets = [initial_net(self.cfg, self.data, s) for s in self.init_seeds]
        params = nets[0].parameters()
        self._spec = [(name, p.shape, is_w) for name, p, _, is_w in params]
        sizes = [int(np.prod(shape)) for _, shape, _ in self._spec]
        self._offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        n = self.n_models
        self._P = np.empty((n, int(self._offsets[-1])), dtype=self.dtype)
        for i, m in enumerate(nets):
            self._P[i] = np.concatenate([p.ravel() for _, p, _, _ in m.parameters()])
        self._G = np.zeros_like(self._P)
        self._V = np.zeros_like(self._P) if self.cfg.optim.name == "momentum" else None
        self._wmask = np.concatenate([np.full(s, 1 if w else 0, dtype=self.dtype)
                                      for s, (_, _, w) in zip(sizes, self._spec)])
        self._running = {}
        for layer in self._layers:
            if layer.bn:
                k = layer.index
                self._running[k] = [np.stack([m.blocks[k - 1].bn.running_mean for m in nets]),
                                    np.stack([m.blocks[k - 1].bn.running_var for m in nets])]
        self.index = np.arange(n)          # original model ids of the rows still training
        self._lr0 = self._all_lr0.copy()
        self._beta = self._all_beta.copy()
        self._views()
        _, self._order_rng, _ = split_seeds(self.cfg.seed)
        self._perm = self._order_rng.permutation(len(self.data.x_train))
        self._pos = 0
        self.step_count = 0
        self.epoch = 0
        self.model_steps = 0               # compute spent: one mini-batch through one model
        self.diverged_at = np.full(n, -1, dtype=np.int64)
        self._rates_epoch = -1
        self._columns()

    def _views(self) -> None:
        """Per-parameter ``(N, *shape)`` views into the flat value and gradient buffers."""
        n = self._P.shape[0]
        self.p, self.g = {}, {}
        for (name, shape, _), a, b in zip(self._spec, self._offsets[:-1], self._offsets[1:]):
            self.p[name] = self._P[:, a:b].reshape(n, *shape)
            self.g[name] = self._G[:, a:b].reshape(n, *shape)

    def _columns(self) -> None:
        """Per-row hyperparameter columns in the parameters' dtype (what the update multiplies by)."""
        self._beta_col = self._beta.astype(self.dtype)[:, None]
        self._omb_col = (1.0 - self._beta).astype(self.dtype)[:, None]
        self._rates_epoch = -1

    @property
    def n_active(self) -> int:
        return int(self.index.size)

    @property
    def steps_per_epoch(self) -> int:
        n = len(self.data.x_train)
        return max(1, n // min(self.cfg.batch_size, n))

    def learning_rates(self) -> np.ndarray:
        """Current learning rate of every row (the schedule applied to each model's own rate)."""
        return self.cfg.optim.rate_at(self.epoch, self._lr0)

    # --------------------------------------------------------------- training
    # the same batch stream as a Trainer with the same seed: one implementation of it
    _next_batch = Trainer._next_batch

    def _bsum(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Sum over the batch axis of ``(N, B, W)``, kept as ``(N, 1, W)``.

        Performance: a ``(1, B)`` row of ones times ``x`` is a batched matmul,
        about five times faster than ``x.sum(axis=1)`` for these small
        arrays (a reduction over a middle axis); the same sum up to rounding.
        """
        b = x.shape[1]
        ones = self._ones.get(b)
        if ones is None:
            ones = self._ones[b] = np.ones((1, b), dtype=self.dtype)
        return np.matmul(ones, x, out=out)

    def _bn_train(self, x: np.ndarray, k: int, update: bool) -> tuple[np.ndarray, tuple]:
        """BatchNorm.forward(training=True) for every model at once (batch axis 1)."""
        m = x.shape[1]
        mu = self._bsum(x) / m
        xc = x - mu
        var = self._bsum(xc * xc) / m
        inv_std = 1.0 / np.sqrt(var + self.dtype.type(self.cfg.net.bn_eps))
        x_norm = xc
        x_norm *= inv_std
        if update:
            mom = self.dtype.type(self.cfg.net.bn_momentum)
            rm, rv = self._running[k]
            self._running[k] = [mom * rm + (1 - mom) * mu[:, 0], mom * rv + (1 - mom) * var[:, 0]]
        out = x_norm * self.p[f"gamma{k}"][:, None, :]
        out += self.p[f"beta{k}"][:, None, :]
        return out, (x_norm, inv_std)

    def _bn_eval(self, x: np.ndarray, k: int) -> np.ndarray:
        rm, rv = self._running[k]
        inv_std = 1.0 / np.sqrt(rv + self.dtype.type(self.cfg.net.bn_eps))
        x_norm = (x - rm[:, None, :]) * inv_std[:, None, :]
        out = x_norm * self.p[f"gamma{k}"][:, None, :]
        out += self.p[f"beta{k}"][:, None, :]
        return out

    def _bn_backward(self, grad: np.ndarray, k: int, cache: tuple) -> np.ndarray:
        """BatchNorm.backward for every model; writes dgamma, dbeta into the gradient buffer."""
        x_norm, inv_std = cache
        m = grad.shape[1]
        self._bsum(grad, out=self.g[f"beta{k}"][:, None, :])
        self._bsum(grad * x_norm, out=self.g[f"gamma{k}"][:, None, :])
        g = grad * self.p[f"gamma{k}"][:, None, :]
        mean_g = self._bsum(g) / m
        mean_gx = self._bsum(g * x_norm) / m
        g -= mean_g
        g -= x_norm * mean_gx
        g *= inv_std
        return g

    def _forward(self, x: np.ndarray, train: bool) -> tuple[np.ndarray, list]:
        """Logits ``(N, B, C)`` for a batch ``x`` ``(B, in)`` every model sees; caches for backward."""
        h = x.astype(self.dtype, copy=False)
        caches = []
        for layer in self._layers:
            k = layer.index
            z = h @ self.p[f"W{k}"]
            if layer.bias:
                z += self.p[f"b{k}"][:, None, :]
            bn_cache = None
            if layer.bn and layer.placement == "before":
                if train:
                    act_in, bn_cache = self._bn_train(z, k, update=True)
                else:
                    act_in = self._bn_eval(z, k)
                a = act_out = activations.forward(layer.activation, act_in)
            elif layer.bn:
                act_in = z
                act_out = activations.forward(layer.activation, z)
                if train:
                    a, bn_cache = self._bn_train(act_out, k, update=True)
                else:
                    a = self._bn_eval(act_out, k)
            else:
                act_in = z
                a = act_out = activations.forward(layer.activation, z)
            if train:
                caches.append((h, act_in, act_out, bn_cache))
            h = a
        logits = h @ self.p["W_out"]
        logits += self.p["b_out"][:, None, :]
        if train:
            caches.append(h)
        return logits, caches

    @staticmethod
    def _log_softmax(z: np.ndarray) -> np.ndarray:
        zs = z - z.max(axis=-1, keepdims=True)
        return zs - np.log(np.exp(zs).sum(axis=-1, keepdims=True))

    def _backward(self, x: np.ndarray, dz: np.ndarray, caches: list) -> None:
        """Gradients of every model into the flat gradient buffer (Dense/BN/activation backward)."""
        h_last = caches[-1]
        self._weight_grad(h_last, dz, "W_out")
        self._bsum(dz, out=self.g["b_out"][:, None, :])
        if not self._layers:
            return
        g = dz @ self.p["W_out"].transpose(0, 2, 1)
        for layer in reversed(self._layers):
            k = layer.index
            h_in, act_in, act_out, bn_cache = caches[k - 1]
            if layer.bn and layer.placement == "before":
                g = activations.backward(layer.activation, act_in, act_out, g)
                g = self._bn_backward(g, k, bn_cache)
            elif layer.bn:
                g = self._bn_backward(g, k, bn_cache)
                g = activations.backward(layer.activation, act_in, act_out, g)
            else:
                g = activations.backward(layer.activation, act_in, act_out, g)
            self._weight_grad(h_in, g, f"W{k}")
            if layer.bias:
                self._bsum(g, out=self.g[f"b{k}"][:, None, :])
            if k > 1:
                g = g @ self.p[f"W{k}"].transpose(0, 2, 1)

    def _weight_grad(self, h: np.ndarray, g: np.ndarray, name: str) -> None:
        """dW = x^T g per model; the first layer's input is shared (2-D), later ones are per model."""
        hT = h.T if h.ndim == 2 else h.transpose(0, 2, 1)
        np.matmul(hT, g, out=self.g[name])

    def _update(self) -> None:
        """SGD or momentum on the whole flat buffer, each row with its own rate (and beta)."""
        if self._rates_epoch != self.epoch:
            self._lr_col = self.learning_rates().astype(self.dtype)[:, None]
            self._rates_epoch = self.epoch
        G = self._G
        wd = self.cfg.optim.weight_decay
        if wd:
            G += self.dtype.type(wd) * self._P * self._wmask
        if self._V is not None:
            self._V *= self._beta_col
            self._V += self._omb_col * G
            upd = self._lr_col * self._V
        else:
            upd = self._lr_col * G
        self._P -= upd

    def step(self) -> np.ndarray:
        """Train every live model on the next shared mini-batch.

        Returns
        -------
        np.ndarray
            ``(n_active,)`` each row's mini-batch loss before the update, for
            the rows live at the start of the step (a model whose loss blew
            up is dropped afterwards, as ``Trainer`` stops a diverged run).
        """
        idx = self._next_batch()
        x, y = self.data.x_train[idx], self.data.y_train[idx]
        with np.errstate(all="ignore"):
            logits, caches = self._forward(x, train=True)
            logp = self._log_softmax(logits)
            m = x.shape[0]
            rows = np.arange(m)
            losses = -(logp[:, rows, y].sum(axis=1) / m).astype(np.float64)
            dz = np.exp(logp)
            dz[:, rows, y] -= 1
            dz /= m
            self._backward(x, dz, caches)
            self._update()
        self.step_count += 1
        self.model_steps += self.n_active
        ok = np.isfinite(losses) & (losses <= LOSS_BLOWUP)
        if not ok.all():
            self.diverged_at[self.index[~ok]] = self.step_count
            self.keep(np.flatnonzero(ok))
        return losses

    def run(self, n: int) -> int:
        """Up to ``n`` steps; stops early once every model has diverged."""
        done = 0
        while done < n and self.n_active:
            self.step()
            done += 1
        return done

    def keep(self, rows) -> None:
        """Keep only ``rows`` (positions among the live rows); the others stop training for good."""
        rows = np.asarray(rows, dtype=np.int64)
        self._P = self._P[rows]
        self._G = np.zeros_like(self._P)
        if self._V is not None:
            self._V = self._V[rows]
        for k, (rm, rv) in self._running.items():
            self._running[k] = [rm[rows], rv[rows]]
        self.index = self.index[rows]
        self._lr0 = self._lr0[rows]
        self._beta = self._beta[rows]
        self._views()
        self._columns()

    # ------------------------------------------------------------- evaluation
    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Test-time (running-statistics) loss and accuracy of every live row on ``(x, y)``."""
        with np.errstate(all="ignore"):
            logits, _ = self._forward(x, train=False)
            logp = self._log_softmax(logits)
            m = x.shape[0]
            loss = -(logp[:, np.arange(m), y].sum(axis=1) / m).astype(np.float64)
            acc = (logits.argmax(axis=-1) == y).mean(axis=1)
        return loss, acc

    def evaluate_split(self, split: str = "val") -> tuple[np.ndarray, np.ndarray]:
        """``evaluate`` on 'train', 'val' or 'test' of the shared data set."""
        d = self.data
        x, y = {"train": (d.x_train, d.y_train), "val": (d.x_val, d.y_val), "test": (d.x_test, d.y_test)}[split]
        return self.evaluate(x, y)

    def row_of(self, model: int) -> int:
        """Position of original model ``model`` among the live rows (ValueError if it stopped)."""
        hit = np.flatnonzero(self.index == model)
        if not hit.size:
            raise ValueError(f"model={model} is not training any more (diverged or pruned)")
        return int(hit[0])

    def model_state(self, model: int) -> dict[str, np.ndarray]:
        """``MLP.state()`` of one live model (copies), e.g. to load it into a ``Trainer``."""
        r = self.row_of(model)
        st = {name: self.p[name][r].copy() for name, _, _ in self._spec}
        for k, (rm, rv) in self._running.items():
            st[f"running_mean{k}"] = rm[r].copy()
            st[f"running_var{k}"] = rv[r].copy()
        return st

    def all_finite(self) -> np.ndarray:
        """``(n_active,)`` whether each live row's parameters are all finite."""
        return np.isfinite(self._P).all(axis=1)


# ============================================================== caviar runs
@dataclass(frozen=True)
class CaviarConfig:
    """A population to train: architecture and data from ``train``, one setting per model.

    The hyperparameters are given, not sampled here: the search spaces
    (``bnviz.search.spaces``) sit above the engine, so whoever builds this
    config draws them (log-uniform learning rates, ``1 - beta``
    log-uniform momenta) and the engine trains exactly those values.

    Parameters
    ----------
    train : TrainConfig
        Data, network, batch size, optimizer kind, seed (batch order and the
        first model's init) and ``probe_every``.
    learning_rates : tuple of float
        One per model, 1..256 models.
    betas : tuple of float, optional
        One momentum beta per model (needs ``optim.name='momentum'``); None
        gives every model ``train.optim.beta1``.
    same_init : bool
        Every model starts from the same weights, so only the
        hyperparameters differ (otherwise model i starts from seed + i).
    halving : bool
        Successive halving: at each rung the worse half (by validation loss)
        stops training.  The first rung comes after ``rung_steps`` steps and
        each later rung is twice as far from the previous one, so every rung
        spends about the same compute.
    rung_steps : int
        Steps to the first rung.
    """

    train: TrainConfig = field(default_factory=TrainConfig)
    learning_rates: tuple[float, ...] = (0.01, 0.1)
    betas: tuple[float, ...] | None = None
    same_init: bool = False
    halving: bool = False
    rung_steps: int = 100

    def __post_init__(self) -> None:
        check_population_config(self.train)
        lrs = tuple(float(v) for v in self.learning_rates)
        object.__setattr__(self, "learning_rates", lrs)
        check_range("number of models", len(lrs), 1, MAX_MODELS)
        for i, v in enumerate(lrs):
            check_range(f"learning_rates[{i}]", v, 0.0, 1e4, lo_open=True)
        if self.betas is not None:
            betas = tuple(float(v) for v in self.betas)
            object.__setattr__(self, "betas", betas)
            if len(betas) != len(lrs):
                raise ValueError(f"betas has {len(betas)} values: need one per model ({len(lrs)})")
            if self.train.optim.name != "momentum":
                raise ValueError(f"betas need optimizer='momentum', not {self.train.optim.name!r}")
            for i, v in enumerate(betas):
                check_range(f"betas[{i}]", v, 0.0, 0.99999)
        check_range("rung_steps", self.rung_steps, 1, 1_000_000)

    @property
    def n_models(self) -> int:
        return len(self.learning_rates)

    def beta_array(self) -> np.ndarray:
        if self.betas is None:
            return np.full(self.n_models, self.train.optim.beta1)
        return np.asarray(self.betas)


@dataclass(frozen=True, eq=False)
class CaviarSnapshot:
    """The population as the Caviar panel draws it; per-model arrays are indexed by model id.

    ``history`` columns: ``step`` and ``compute`` ``(T,)``; ``batch_loss``,
    ``val_loss``, ``val_acc`` ``(T, N)``, NaN where a model was not training.
    """

    config: CaviarConfig
    step: int
    epoch: int
    compute: int                 # model-steps spent so far
    learning_rates: np.ndarray   # (N,)
    betas: np.ndarray            # (N,)
    active: np.ndarray           # (N,) bool: still training
    pruned_at: np.ndarray        # (N,) step of the rung that stopped it, -1 if not pruned
    diverged_at: np.ndarray      # (N,) step it diverged, -1 if it did not
    history: dict
    val_loss: np.ndarray         # (N,) latest validation loss of each model (its final one once stopped)
    val_acc: np.ndarray          # (N,)
    best: int                    # the live model with the lowest validation loss, -1 if none
    rungs: tuple[int, ...]       # steps at which successive halving pruned

    @property
    def n_models(self) -> int:
        return int(self.learning_rates.size)

    @property
    def n_active(self) -> int:
        return int(self.active.sum())


class Caviar:
    """A ``Population`` with probes, a bounded history, successive halving and snapshots."""

    def __init__(self, cfg: CaviarConfig, dataset: Dataset | None = None, history_capacity: int = 1024) -> None:
        self.cfg = cfg
        self.data = dataset if dataset is not None else make_dataset(cfg.train.data)
        self._capacity = history_capacity
        self.version = 0
        self.reset()

    def reset(self) -> None:
        cfg = self.cfg
        n = cfg.n_models
        seeds = [cfg.train.seed] * n if cfg.same_init else None
        self.pop = Population(cfg.train, cfg.learning_rates, cfg.betas, dataset=self.data, init_seeds=seeds)
        self.history = DecimatingHistory(self._capacity)
        self.pruned_at = np.full(n, -1, dtype=np.int64)
        self._val_loss = np.full(n, np.nan)
        self._val_acc = np.full(n, np.nan)
        self._loss_sum = np.zeros(n)
        self._loss_n = np.zeros(n)
        self._rung_len = cfg.rung_steps
        self._next_rung = cfg.rung_steps
        self.rungs: list[int] = []
        self.best = -1
        self.probes = 0          # probes so far (a race records a row after each)
        self.probed_at = -1
        self.probe()
        self.version += 1

    def configure(self, cfg: CaviarConfig) -> bool:
        """Adopt ``cfg``; any change of the population restarts it (returns True)."""
        if cfg == self.cfg:
            return False
        if cfg.train.data != self.cfg.train.data:
            self.data = make_dataset(cfg.train.data)
        self.cfg = cfg
        self.reset()
        return True

    # -------------------------------------------------------------- stepping
    @property
    def step_count(self) -> int:
        return self.pop.step_count

    @property
    def epoch(self) -> int:
        return self.pop.epoch

    @property
    def steps_per_epoch(self) -> int:
        return self.pop.steps_per_epoch

    @property
    def compute(self) -> int:
        return self.pop.model_steps

    @property
    def n_active(self) -> int:
        return self.pop.n_active

    def step(self) -> bool:
        """One step of every live model.  False once no model is training."""
        pop = self.pop
        if not pop.n_active:
            return False
        ids = pop.index.copy()
        losses = pop.step()
        ok = np.isfinite(losses) & (losses <= LOSS_BLOWUP)
        self._loss_sum[ids[ok]] += losses[ok]
        self._loss_n[ids[ok]] += 1
        fine = pop.all_finite()
        if not fine.all():                                  # a parameter became non-finite
            pop.diverged_at[pop.index[~fine]] = pop.step_count
            pop.keep(np.flatnonzero(fine))
        if pop.step_count % self.cfg.train.probe_every == 0 or not ok.all():
            self.probe()
        if self.cfg.halving and pop.step_count >= self._next_rung:
            self._halve()
        self.version += 1
        return pop.n_active > 0

    run = run_steps

    def _halve(self) -> None:
        """Successive halving: the worse half of the live models (by validation loss) stops."""
        pop = self.pop
        self._rung_len *= 2
        self._next_rung = pop.step_count + self._rung_len
        if pop.n_active <= 1:
            return
        if self.probed_at != pop.step_count:
            self.probe()
        scores = self._val_loss[pop.index]
        scores = np.where(np.isfinite(scores), scores, np.inf)
        order = np.argsort(scores, kind="stable")
        keep = np.sort(order[: math.ceil(pop.n_active / 2)])
        dropped = np.setdiff1d(np.arange(pop.n_active), keep)
        self.pruned_at[pop.index[dropped]] = pop.step_count
        pop.keep(keep)
        self.rungs.append(pop.step_count)
        self._pick_best()

    def probe(self) -> None:
        """Validation loss and accuracy of every live model; one history row."""
        pop = self.pop
        n = self.cfg.n_models
        val_loss, val_acc, batch_loss = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
        if pop.n_active:
            vl, va = pop.evaluate_split("val")
            val_loss[pop.index], val_acc[pop.index] = vl, va
            self._val_loss[pop.index], self._val_acc[pop.index] = vl, va
        seen = self._loss_n > 0
        batch_loss[seen] = self._loss_sum[seen] / self._loss_n[seen]
        self._loss_sum[:] = 0.0
        self._loss_n[:] = 0
        self._pick_best()
        self.probed_at = pop.step_count
        self.probes += 1
        self.history.append(step=pop.step_count, compute=pop.model_steps, batch_loss=batch_loss,
                            val_loss=val_loss, val_acc=val_acc, best=self.best)

    def _pick_best(self) -> None:
        idx = self.pop.index
        scores = self._val_loss[idx]
        fine = np.isfinite(scores)
        self.best = int(idx[fine][np.argmin(scores[fine])]) if fine.any() else -1

    def scores(self, model: int) -> tuple[float, float]:
        """(validation loss, accuracy) of ``model`` at the last probe (its last ones once stopped)."""
        return float(self._val_loss[model]), float(self._val_acc[model])

    def evaluate_model(self, model: int, split: str = "test") -> tuple[float, float]:
        """(loss, accuracy) of one live model on ``split``."""
        loss, acc = self.pop.evaluate_split(split)
        r = self.pop.row_of(model)
        return float(loss[r]), float(acc[r])

    def snapshot(self) -> CaviarSnapshot:
        pop = self.pop
        active = np.zeros(self.cfg.n_models, dtype=bool)
        active[pop.index] = True
        return CaviarSnapshot(
            config=self.cfg, step=pop.step_count, epoch=pop.epoch, compute=pop.model_steps,
            learning_rates=frozen(np.asarray(self.cfg.learning_rates)), betas=frozen(self.cfg.beta_array()),
            active=frozen(active), pruned_at=frozen(self.pruned_at), diverged_at=frozen(pop.diverged_at),
            history=self.history.columns(),
            val_loss=frozen(self._val_loss), val_acc=frozen(self._val_acc), best=self.best,
            rungs=tuple(self.rungs))
