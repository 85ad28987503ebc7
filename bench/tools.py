"""What the benchmark's parts share: loopback HTTP, waiting for a server, finding or installing a
Debian program, and a server's worker processes (their CPU time and memory)."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    env: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[str]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return children.read_text().split()
        return []

    def cpu_seconds(self) -> float:
        """CPU time the workers have used so far (user + system). Per request, it is what a page
        costs the server whatever else the machine runs, where requests/s depend on that."""
        ticks = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def worker_peak_memory_kb(self) -> int:
        peaks = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            for pid in children.read_text().split():
                status = Path(f"/proc/{pid}/status").read_text()
                match = re.search(r"VmHWM:\s+(\d+) kB", status)
                if match:
                    peaks.append(int(match.group(1)))
        return max(peaks, default=0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wait_until_up(url: str, process=None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}")
        with contextlib.suppress(OSError):
            if get(url)[0] < 500:
                return
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def get(url: str, method: str = "GET", body: bytes | None = None, headers=None):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def find_program(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(path) for path in (Path("/usr/sbin", name), Path("/sbin", name)) if path.exists()),
        None,
    )


def debian_tool(name: str, *, required: bool = True) -> str | None:
    """The program ``name``, installed from Debian's package of that name when missing (as root;
    no service is started: the benchmark runs its own)."""
    found = find_program(name)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {name} from Debian's packages…", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", name],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
        found = find_program(name)
    if found is None and required:
        raise SystemExit(f"{name} is needed: apt-get install {name}")
    return found
