"""The last benchmark's engine-vs-PyTorch file: written by the bench, read strictly (no Qt)."""

import json
import math
from datetime import datetime, timezone

import pytest

from bnviz.labs.framework import speed

RATES = {"bn_paper_net_bn": {"engine": 900.0, "torch": 600.0}, "net2d_nobn": {"engine": 5000.0, "torch": 1250.0}}


@pytest.fixture
def written(tmp_path):
    path = tmp_path / "bench.json"
    line = speed.save_last_run(RATES, ["net2d_nobn"], {"version": "2.5.1+cpu"}, path)
    assert str(path) in line and "\n" not in line
    return path


def test_what_the_bench_writes_reads_back(written):
    rec = speed.read_last_run(written)
    assert rec.schema == speed.SCHEMA and rec.torch == "2.5.1" and rec.cpus >= 1
    assert [(m.name, m.ratio, m.clean) for m in rec.models] == [("bn_paper_net_bn", 1.5, True),
                                                               ("net2d_nobn", 4.0, False)]
    assert abs((datetime.now(timezone.utc) - rec.measured_at).total_seconds()) < 3600
    assert not list(written.parent.glob("*.part"))          # written atomically, no temp file left


def test_no_file_is_no_run_and_the_env_names_the_folder(tmp_path, monkeypatch):
    assert speed.read_last_run(tmp_path / "absent.json") is None
    monkeypatch.setenv(speed.ENV_DIR, str(tmp_path / "cache"))
    assert speed.last_run_path() == tmp_path / "cache" / "bench.json"
    assert speed.read_last_run() is None


def test_a_run_without_pytorch_keeps_the_last_file(written):
    before = written.read_bytes()
    line = speed.save_last_run({"net2d_bn": {"engine": 10.0}}, path=written)
    assert "keeps the last" in line and written.read_bytes() == before


def test_an_unwritable_folder_is_one_line_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    line = speed.save_last_run(RATES, path=blocker / "sub" / "bench.json")
    assert line.startswith("bench file not written") and "\n" not in line


def _edit(written, change):
    d = json.loads(written.read_text())
    change(d)
    written.write_text(json.dumps(d))


@pytest.mark.parametrize("change,message", [
    (lambda d: d.update(schema=2), "schema=2"),
    (lambda d: d.update(extra=1), "extra"),
    (lambda d: d.pop("models"), "models"),
    (lambda d: d.update(models=[]), "models: 0 networks"),
    (lambda d: d["models"][0].update(torch=0), "torch=0"),
    (lambda d: d["models"][0].update(engine=-5.0), "engine=-5.0"),
    (lambda d: d["models"][0].update(engine="fast"), "engine"),
    (lambda d: d["models"][0].update(engine=1e300), "engine"),
    (lambda d: d["models"][0].update(name="../x"), "name="),
    (lambda d: d["models"].append(dict(d["models"][0])), "listed twice"),
    (lambda d: d.update(when="yesterday"), "when="),
    (lambda d: d.update(torch="2.5 <b>"), "torch="),
    (lambda d: d.update(cpus=True), "cpus"),
    (lambda d: d["models"][0].update(clean="yes"), "clean"),
])
def test_a_bad_file_is_refused_in_one_line(written, change, message):
    _edit(written, change)
    with pytest.raises(ValueError) as exc:
        speed.read_last_run(written)
    text = str(exc.value)
    assert text.startswith("bench.json: ") and message in text and "\n" not in text and len(text) <= 300, text


def test_nan_and_garbage_are_refused(written):
    written.write_text(written.read_text().replace("900.0", "NaN"))
    with pytest.raises(ValueError, match="engine=nan"):
        speed.read_last_run(written)
    for garbage in (b"\xff\xfe", b"{", b"[]", b"x" * (speed.MAX_BYTES + 1)):
        written.write_bytes(garbage)
        with pytest.raises(ValueError) as exc:
            speed.read_last_run(written)
        assert "\n" not in str(exc.value)


def test_a_folder_in_place_of_the_file_is_refused(tmp_path):
    (tmp_path / "bench.json").mkdir()
    with pytest.raises(ValueError, match="not a regular file"):
        speed.read_last_run(tmp_path / "bench.json")


def test_ratios_are_engine_over_torch():
    m = speed.ModelSpeed("net2d_bn", 3000.0, 1000.0)
    assert m.ratio == 3.0 and math.isfinite(m.ratio)
