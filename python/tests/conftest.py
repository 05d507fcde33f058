import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT.parent / "shared" / "letters"
CLI = Path(os.environ.get("IMR_CLI", ROOT / "target" / "release" / "imr-analyzer"))


@pytest.fixture(scope="session")
def letters():
    if not (LETTERS / "dwc-2016" / "gold").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{LETTERS} is missing: CI must have the development letters")
        pytest.skip(f"{LETTERS} not found beside the checkout")
    return LETTERS


@pytest.fixture(scope="session")
def cli():
    if not CLI.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "imr-analyzer"], cwd=ROOT, check=True)
    def run(*args):
        return subprocess.run([str(CLI), *map(str, args)], capture_output=True).stdout
    return run
