"""The same networks in PyTorch CPU, timed in a worker process.

Why a separate process: PyTorch's OpenMP threads and NumPy's OpenBLAS
threads spin-wait after each parallel call.  On a machine with few cores,
sharing one process let each library's idle-spinning threads slow the other
by up to 5x in our measurements, which would compare the
interference, not the libraries.  The worker builds the models from the
engine's own initial weights and data, and the parent alternates engine and
PyTorch rounds so both see the same machine conditions.

Run as ``python -m bench.torch_speed``: it reads one JSON command per line on
stdin and answers one JSON line on stdout.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

from bench.models import train_config
from bench.timing import timed_round, warm_up


def available() -> bool:
    """Whether PyTorch is installed, without importing it here (see the module docstring)."""
    return importlib.util.find_spec("torch") is not None


# ------------------------------------------------------------------ worker side
class TorchRun:
    """One benchmark network in PyTorch, with the engine's data, batch size and initial weights."""

    def __init__(self, model: str, batch_norm: bool) -> None:
        import torch
        from torch import nn

        from bnviz.engine.trainer import Trainer

        cfg = train_config(model, batch_norm)
        engine = Trainer(cfg)   # only for its data and initial weights
        # the engine's bn_momentum is the weight of the old estimate, PyTorch's the weight of the batch
        assert cfg.net.bn_momentum == 0.9 and cfg.net.dtype == "float32"
        act = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}[cfg.net.activation]

        def linear(dense) -> nn.Linear:
            n_in, n_out = dense.W.shape
            lin = nn.Linear(n_in, n_out, bias=dense.b is not None)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(dense.W.T.copy()))
                if dense.b is not None:
                    lin.bias.copy_(torch.from_numpy(dense.b))
            return lin

        layers: list[nn.Module] = []
        for block in engine.net.blocks:
            layers.append(linear(block.dense))   # no bias in front of BN, as in the engine
            if block.bn is not None:
                layers.append(nn.BatchNorm1d(block.dense.W.shape[1], eps=cfg.net.bn_eps, momentum=0.1))
            layers.append(act())
        layers.append(linear(engine.net.out))
        self.model = nn.Sequential(*layers).train()
        self.loss_fn = nn.CrossEntropyLoss()
        self.opt = torch.optim.SGD(self.model.parameters(), lr=cfg.optim.learning_rate)
        self.x = torch.from_numpy(engine.data.x_train.copy())     # float32, as the engine's
        self.y = torch.from_numpy(engine.data.y_train.copy())
        self.batch = cfg.batch_size
        self.gen = torch.Generator().manual_seed(cfg.seed)
        self.perm = torch.randperm(len(self.x), generator=self.gen)
        self.pos = 0
        self.engine = engine
        self.chunk = 1
        self.torch = torch   # imported here, not at the top: the parent process must never load it

    def step(self) -> float:
        """One SGD step on the next mini-batch of a shuffled epoch, like ``Trainer.step``."""
        n = len(self.x)
        if self.pos + self.batch > n:
            self.perm = self.torch.randperm(n, generator=self.gen)
            self.pos = 0
        idx = self.perm[self.pos:self.pos + self.batch]
        self.pos += self.batch
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.model(self.x[idx]), self.y[idx])
        loss.backward()
        self.opt.step()
        value = loss.item()
        if not math.isfinite(value):
            raise RuntimeError("the PyTorch benchmark run diverged")
        return value

    def run(self, n: int) -> None:
        for _ in range(n):
            self.step()

    def same_model_check(self, steps: int = 3) -> dict:
        """Loss of both implementations on one fixed batch, at init and after ``steps`` SGD steps on it.

        Trains both models, so it is run on a throwaway ``TorchRun``.
        """
        xb_np, yb_np = self.engine.data.x_train[:self.batch], self.engine.data.y_train[:self.batch]
        xb, yb = self.x[:self.batch], self.y[:self.batch]
        net, lr = self.engine.net, self.engine.cfg.optim.learning_rate
        out = {"engine": [], "torch": []}
        for _ in range(steps + 1):
            loss = net.loss_and_backward(xb_np, yb_np)
            self.engine.optimizer.step(net.parameters(), lr)
            out["engine"].append(loss)
            self.opt.zero_grad(set_to_none=True)
            t_loss = self.loss_fn(self.model(xb), yb)
            t_loss.backward()
            self.opt.step()
            out["torch"].append(t_loss.item())
        return {"engine_losses": out["engine"], "torch_losses": out["torch"]}


def worker() -> None:
    import torch

    runs: dict[tuple[str, bool], TorchRun] = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "quit":
            return
        if op == "setup":
            torch.set_num_threads(int(cmd["threads"]))
            reply = {"version": torch.__version__, "threads": torch.get_num_threads(),
                     "interop_threads": torch.get_num_interop_threads()}
        elif op == "check":
            reply = TorchRun(cmd["model"], cmd["batch_norm"]).same_model_check()
        else:
            key = (cmd["model"], bool(cmd["batch_norm"]))
            if op == "warm_up":
                runs[key] = run = TorchRun(*key)
                rate, run.chunk = warm_up(run.run, cmd["seconds"])
                reply = {"rate": rate}
            elif op == "timed_round":
                run = runs[key]
                reply = {"rate": timed_round(run.run, cmd["seconds"], run.chunk)}
            else:
                reply = {"error": f"unknown op {op!r}"}
        print(json.dumps(reply), flush=True)


# ------------------------------------------------------------------ parent side
class TorchWorker:
    """The parent's handle on the worker process."""

    def __init__(self, threads: int) -> None:
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.torch_speed"], cwd=root, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.info = self.ask(op="setup", threads=threads)

    def ask(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the PyTorch worker stopped (exit code {self.proc.wait()})")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


class TorchRunProxy:
    """The same interface as ``EngineRun``, carried out by the worker."""

    def __init__(self, worker: TorchWorker, model: str, batch_norm: bool) -> None:
        self.worker, self.key = worker, {"model": model, "batch_norm": batch_norm}
        self.pid = worker.proc.pid   # the process doing the work (for the contention meter)

    def warm_up(self, seconds: float) -> float:
        return self.worker.ask(op="warm_up", seconds=seconds, **self.key)["rate"]

    def timed_round(self, seconds: float) -> float:
        return self.worker.ask(op="timed_round", seconds=seconds, **self.key)["rate"]


if __name__ == "__main__":
    worker()
