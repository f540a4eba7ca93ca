"""Install Debian's chromium and Noto fonts for the browser tests when missing and we are root.

Without them (and without root) the browser tests are skipped with a plain message; nothing else changes.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

NOTO = Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")


def main() -> int:
    if shutil.which("chromium") and NOTO.exists():
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("Browser tests: chromium or fonts-noto-core missing and not root (or no apt-get): they will be skipped.")
        return 0
    print("Installing chromium and fonts-noto-core for the browser tests (apt-get)...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-noto-core"],
        check=False,
        env=env,
    )
    if done.returncode != 0:
        print("Browser tests: installing chromium failed; they will be skipped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
