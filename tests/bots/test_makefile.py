"""`make test` on a fresh machine: Chromium is installed when permitted, else one line says how."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "--no-print-directory", "chromium", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_without_chromium_and_not_root_one_line_with_the_command(tmp_path: Path) -> None:
    result = make(f"CHROMIUM={tmp_path / 'chromium'}", "AS_ROOT=1000")
    assert result.returncode != 0
    assert result.stdout.splitlines() == [
        f"make test needs Chromium at {tmp_path / 'chromium'} for the browser tests: run  sudo apt-get install -y chromium"
    ]


def test_without_chromium_as_root_it_is_installed(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    # A stand-in for apt-get that records its arguments and "installs" the browser.
    apt = tmp_path / "apt-get"
    apt.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "apt.log"}\n'
                   f'[ "$1" = install ] && printf "#!/bin/sh\\n" > {fake} && chmod +x {fake}\nexit 0\n')
    apt.chmod(0o755)
    result = make(f"CHROMIUM={fake}", "AS_ROOT=0", f"APT_GET={apt}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "apt.log").read_text().splitlines() == ["update -qq", "install -y -qq chromium"]


def test_the_test_target_checks_chromium_first() -> None:
    dry = subprocess.run(["make", "-n", "test", "CHROMIUM=/nonexistent", "AS_ROOT=1000"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert "chromium" in dry.stdout and dry.stdout.index("apt-get install") < dry.stdout.index("pytest")


def test_installs_come_from_the_lock_file_with_hashes() -> None:
    dry = subprocess.run(["make", "-n", "-B", "install", "VENV=/nonexistent-venv"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    lines = dry.stdout.splitlines()
    assert any("--require-hashes -r requirements.lock" in line for line in lines)
    assert any("install --quiet --no-deps -e ." in line for line in lines)
    assert not any("'.[dev]'" in line for line in lines)
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = [line for line in lock.splitlines() if "==" in line and not line.lstrip().startswith("#")]
    assert pinned and all(line.rstrip().endswith("\\") for line in pinned)  # every pin has its hashes below
    for package in ("aiohttp", "rich", "numpy", "pytest", "playwright", "python-telegram-bot"):
        assert any(line.startswith(f"{package}==") for line in pinned), package
