"""A real headless Chromium, driven over the W3C WebDriver protocol by Debian's chromedriver.

Spoken directly with urllib instead of through Selenium: the few commands needed (open a
page, run a script, take a screenshot) are one HTTP request each, and Selenium 4 would add a
dependency whose driver manager tries to download browsers and drivers when it does not find
them, which cannot work here (nothing is fetched from outside).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Flags that work on this kind of machine (root, no GPU, no network wanted).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


def available() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


class Browser:
    """One chromedriver process and one browser session; use it as a context manager."""

    def __init__(self, width: int = 1400, height: int = 1000) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="report-chromium-"))
        self.driver = subprocess.Popen(
            [str(CHROMEDRIVER), "--port=0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.driver.stdout is not None
        port = None
        for line in self.driver.stdout:  # "ChromeDriver was started successfully on port N."
            if found := re.search(r"started successfully on port (\d+)", line):
                port = int(found[1])
                break
        if port is None:
            self.driver.kill()
            raise RuntimeError("chromedriver did not start")
        self.base = f"http://127.0.0.1:{port}"
        try:
            session = self._call(
                "POST",
                "/session",
                {
                    "capabilities": {
                        "alwaysMatch": {
                            "browserName": "chrome",
                            "goog:chromeOptions": {
                                "binary": str(CHROMIUM),
                                "args": [
                                    *FLAGS,
                                    f"--user-data-dir={self.profile}",
                                    f"--window-size={width},{height}",
                                ],
                            },
                        }
                    }
                },
            )
        except BaseException:
            self.driver.kill()
            raise
        self.session = f"/session/{session['sessionId']}"

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            raise RuntimeError(
                f"WebDriver {method} {path}: {error.read().decode()[:500]}"
            ) from None

    def open(self, url: str) -> None:
        self._call("POST", f"{self.session}/url", {"url": url})

    def run(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page (the body of a function; `return` gives the result)."""
        return self._call(
            "POST", f"{self.session}/execute/sync", {"script": script, "args": list(args)}
        )

    def wait_for(self, script: str, timeout: float = 60.0, interval: float = 0.1) -> Any:
        """Run the script until it returns something true; that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"not true after {timeout} s: {script}")
            time.sleep(interval)

    def resize(self, width: int, height: int) -> None:
        self._call("POST", f"{self.session}/window/rect", {"width": width, "height": height})

    def screenshot(self, target: Path) -> Path:
        target.write_bytes(base64.b64decode(self._call("GET", f"{self.session}/screenshot")))
        return target

    def close(self) -> None:
        try:
            self._call("DELETE", self.session)
        except (OSError, RuntimeError):
            pass
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
