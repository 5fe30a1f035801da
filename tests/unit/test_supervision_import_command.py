"""The bulk import's command line: progress on stderr, bad rows by line number, exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from services.supervision.bootstrap import build_worker_runtime
from services.supervision.entrypoints.import_register import ProgressBar, main
from services.supervision.read_models import queries
from tests.unit.supervision_factories import make_uscc


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATABASE_URL", "SUPERVISION_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    return tmp_path / "var"


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_imports_good_rows_and_names_the_lines_of_bad_ones(
    var_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = write(
        tmp_path / "register.csv",
        [
            "uscc,unit_name,district,extra_column",
            f"{make_uscc(1)},甲公司,徐汇区,x",
            f"{make_uscc(2)},乙公司,,x",
            f"{make_uscc(3)},丙公司,徐汇区,x",
        ],
    )
    assert main([str(csv), "--as-of", "2026-11-01T08:00:00+08:00"]) == 1
    err = capsys.readouterr().err
    assert f"{csv}:3: district: is required" in err
    assert "3 rows: 2 registered, 0 updated, 0 unchanged, 1 rejected" in err
    assert "100%" in err
    runtime = build_worker_runtime()
    assert queries.registered_unit(runtime.engine, make_uscc(3))["unit_name"] == "丙公司"  # type: ignore[index]
    runtime.close()
    assert main([str(csv), "--as-of", "2026-11-02T08:00:00+08:00"]) == 1
    assert "0 registered, 0 updated, 2 unchanged, 1 rejected" in capsys.readouterr().err


def test_a_clean_file_exits_zero(var_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = write(tmp_path / "clean.csv", ["uscc,unit_name,district", f"{make_uscc(1)},甲公司,徐汇区"])
    assert main([str(csv), "--as-of", "2026-11-01T08:00:00+08:00"]) == 0


def test_a_file_that_is_not_the_register_exits_two(
    var_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = write(tmp_path / "other.csv", ["name,phone", "张三,138"])
    assert main([str(csv)]) == 2
    assert "lacks the column(s) uscc, unit_name, district" in capsys.readouterr().err


def test_a_file_in_another_encoding_is_refused_until_its_encoding_is_given(
    var_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "gbk.csv"
    csv.write_bytes(f"uscc,unit_name,district\n{make_uscc(1)},甲公司,徐汇区\n".encode("gb18030"))
    assert main([str(csv)]) == 2
    assert "codec can't decode" in capsys.readouterr().err
    assert main([str(csv), "--encoding", "gb18030"]) == 0


def test_the_progress_bar_draws_on_one_line() -> None:
    out = io.StringIO()
    bar = ProgressBar(total=4000, out=out, width=10, every=1000)
    for line in range(1, 4001):
        bar(line)
    bar.finish()
    frames = out.getvalue().split("\r")[1:]
    assert len(frames) == 5
    assert frames[0].startswith("[##........]  25%  1,000/4,000 lines")
    assert frames[-1].startswith("[##########] 100%  4,000/4,000 lines") and frames[-1].endswith("\n")
