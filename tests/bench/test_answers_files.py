"""bench/answers.py reads every file of its folder by the pack the file names."""
from pathlib import Path

import bench.answers as answers


def test_several_files_of_one_pack_are_asked_together(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pastashop.yaml").write_text(
        "pack: pastashop\nquestions:\n  - {id: p-1, split: dev, lang: en, kind: fact, text: hi}\n", encoding="utf-8")
    (tmp_path / "pastashop-dev2.yaml").write_text(
        "pack: pastashop\nquestions:\n  - {id: p-d2-1, split: dev, lang: it, kind: fact, text: ciao}\n", encoding="utf-8")
    (tmp_path / "gadgetstore-dev2.yaml").write_text(  # no `pack:`: the name before the first '-'
        "questions:\n  - {id: g-d2-1, split: dev, lang: de, kind: fact, text: hallo}\n", encoding="utf-8")
    monkeypatch.setattr(answers, "DATA", tmp_path)
    found = answers.questions_by_pack()
    assert sorted(found) == ["gadgetstore", "pastashop"]
    assert [q["id"] for q in found["pastashop"]] == ["p-d2-1", "p-1"]
