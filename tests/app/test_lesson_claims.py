"""Every lesson makes its point: each claim of each bundled lesson holds on the engine for three seeds.

``test_every_claim_of_every_lesson_holds_on_three_seeds`` is the one slow test (the whole
``bnviz check-lessons``, about 30 s on two cores); the others check how claims are read and refused.
"""

import copy
import json
import time

import pytest

from bnviz import cli
from bnviz.app import lessons_check, presets
from bnviz.app.presets import PRESETS_DIR, Claim, all_presets, parse_preset


def good_preset(row="B1"):
    path = next(p for p in sorted(PRESETS_DIR.glob("*.json")) if json.loads(p.read_text())["row"] == row)
    return json.loads(path.read_text())


def test_every_claim_of_every_lesson_holds_on_three_seeds():
    bundled = all_presets()
    assert len(bundled) == 21
    assert all(p.claims for p in bundled), [p.row for p in bundled if not p.claims]
    t0 = time.perf_counter()
    results = lessons_check.check_lessons()
    took = time.perf_counter() - t0
    print(f"\ncheck-lessons: {len(results)} claims in {took:.1f} s")
    assert [r.row for r in results] == [p.row for p in bundled for _ in p.claims]      # syllabus order
    assert all(len(r.values) == 3 and r.seeds == (p.seed, p.seed + 1, p.seed + 2)
               for r, p in zip(results, (p for p in bundled for _ in p.claims)))
    failed = [r.line() for r in results if not r.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("field,bad,message", [
    ("metric", "no_such_metric", "claims.0.metric='no_such_metric' is not a metric of lab 'bn'"),
    ("op", "=>", "op='=>' is not allowed: choose one of <=, >=, =="),
    ("op", ">", "op='>' is not allowed"),
    ("id", "S3.gain", "must start with the lesson's row, B1."),
    ("id", "gain", "id='gain': expected the row"),
    ("steps", -1, "steps=-1 is out of range"),
    ("steps", 2.0, "steps"),
    ("value", "0.5", "value"),
    ("value", True, "value"),
    ("reseed_data", 1, "reseed_data"),
    ("extra", 1, "extra"),
])
def test_a_bad_claim_is_refused_in_one_line(field, bad, message):
    d = good_preset()
    d["claims"][0][field] = bad
    with pytest.raises(ValueError) as exc:
        parse_preset(d)
    text = str(exc.value)
    assert message in text and "\n" not in text and len(text) <= 300, text


def without_claims(d: dict) -> dict:
    """The lesson with no claims (and so no translated claim texts, which must name a claim of it)."""
    bare = copy.deepcopy({k: v for k, v in d.items() if k != "claims"})
    for text in bare.get("translations", {}).values():
        text["claims"] = {}
    return bare


def test_claims_are_optional_but_ids_are_unique():
    d = good_preset()
    assert parse_preset(without_claims(d)).claims == ()
    stale = without_claims(d)
    stale["translations"]["zh_CN"]["claims"] = {d["claims"][0]["id"]: "旧的说法"}
    with pytest.raises(ValueError, match="no claim"):
        parse_preset(stale)
    twice = copy.deepcopy(d)
    twice["claims"].append(dict(twice["claims"][0]))
    with pytest.raises(ValueError, match="listed twice"):
        parse_preset(twice)


def test_a_claim_compares_and_nan_never_holds():
    c = Claim("B1.x", "plain words", "same_start", 0, ">=", 2.0)
    assert c.holds(2.0) and c.holds(float("inf")) and not c.holds(1.9) and not c.holds(float("nan"))
    assert Claim("B1.x", "t", "m", 0, "==", 5.0).holds(5) and not Claim("B1.x", "t", "m", 0, "<=", 1.0).holds(1.5)


def test_the_check_reports_a_failing_claim_and_a_lesson_without_claims(tmp_path, monkeypatch, capsys):
    d = good_preset("H4")                      # claims without training: instant
    d["claims"][0]["value"] = 0.99             # 85-95% of uniform samples land in the top decade, not 99%
    (tmp_path / "h4.json").write_text(json.dumps(d))
    bare = without_claims(good_preset("H5"))
    (tmp_path / "h5.json").write_text(json.dumps(bare))
    results = lessons_check.check_lessons(directory=tmp_path)
    assert [r.passed for r in results] == [False] + [True] * (len(d["claims"]) - 1) + [False]
    assert results[-1].claim is None and "no claim" in results[-1].line()
    monkeypatch.setattr(presets, "PRESETS_DIR", tmp_path)
    assert cli.main(["check-lessons", "H4"]) == 2
    out, err = capsys.readouterr()
    first = out.splitlines()[0]
    assert first.startswith("H4.uniform") and first.endswith("FAIL") and "uniform_top_decade_share" in first
    assert "failed: H4.uniform" in err


def test_check_lessons_refuses_an_unknown_lesson_in_one_line(capsys):
    assert cli.main(["check-lessons", "Z9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bnviz: unknown lesson 'Z9'") and err.count("\n") == 1
