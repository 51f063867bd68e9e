"""Re-record the recordings shipped in recordings/ from the local test site.

    .venv/bin/python tests/site/record_fixtures.py

Serves the demo site and the test pages on 127.0.0.1:8765 and runs ``extractor record --force``
for each fixture, so the recorded URLs stay the same from one recording to the next.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractor.demo.server import DEMO_SITE, serve

REPO = Path(__file__).resolve().parents[2]
PORT = 8765
FIXTURES = [
    (
        "/news/20241201141530-4-592831/hamas-datang-ke-kairo-israel-beri-sinyal-gencatan-senjata-gaza",
        "selectors/cnbcindonesia.com.yaml",
        "recordings/cnbcindonesia-seed-article",
    ),
    ("/infinite/", "tests/site/selectors/shop-infinite.yaml", "recordings/test-shop-infinite-scroll"),
]


def main() -> int:
    with serve(DEMO_SITE, REPO / "tests" / "site" / "pages", port=PORT) as base:
        for path, selectors, folder in FIXTURES:
            command = [sys.executable, "-m", "extractor", "record", base + path, "-s", selectors, "-o", folder, "--force"]
            done = subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL)
            if done.returncode != 0:
                return done.returncode
            print(f"recorded {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
