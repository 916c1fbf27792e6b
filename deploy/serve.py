"""Serve the dashboard on one machine with every core: K app processes behind nginx (deploy/nginx.conf).

    python deploy/serve.py                      # K = the number of cores, nginx on port 8080
    python deploy/serve.py --processes 4 --port 80
    python deploy/serve.py --processes 1 --no-nginx --port 8501   # one bare process, as `streamlit run`

Each app process is `streamlit run dashboard.py` on 127.0.0.1 (ports PORT+1 ... PORT+K), all reading the same
read-only warehouse; nginx listens on PORT, keeps each browser on one process (websocket and uploads together),
compresses the static bundle and passes over a process that is gone. A process that dies is started again (its
browsers reconnect to another one meanwhile, and reopen their view from the URL). Ctrl-C or SIGTERM stops all.
Needs Debian's nginx (`apt-get install nginx`) on the PATH or at /usr/sbin/nginx.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise SystemExit("nginx is not installed (apt-get install nginx), or run with --no-nginx")
    return found


def nginx_conf(backends: list[str], listen: str, prefix: Path) -> str:
    """deploy/nginx.conf with its placeholders filled: `backends` as host:port, nginx's files under `prefix`."""
    servers = "\n".join(f"        server {b} max_fails=1 fail_timeout=5s;" for b in backends)
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("{servers}", servers).replace("{listen}", listen).replace("{prefix}", str(prefix))


def start_nginx(conf: str, prefix: Path) -> subprocess.Popen:
    prefix.mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    binary = nginx_binary()
    subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-c", str(path)], check=True)
    return subprocess.Popen([binary, "-p", str(prefix), "-c", str(path), "-g", "daemon off;"])


def app_command(port: int, address: str = "127.0.0.1") -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


def start_app(port: int, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"app-{port}.log", "ab")  # noqa: SIM115 - the process keeps writing to it
    return subprocess.Popen(app_command(port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_healthy(urls: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for url in urls:
        while not healthy(url):
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not become healthy within {timeout:.0f} s")
            time.sleep(0.3)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--processes", "-k", type=int, default=os.cpu_count() or 1, help="app processes (default: cores)")
    p.add_argument("--port", type=int, default=8080, help="where nginx listens (app processes: PORT+1 ...)")
    p.add_argument("--listen", default=None, help="nginx's listen address (default: 127.0.0.1:PORT)")
    p.add_argument("--no-nginx", action="store_true", help="one process on PORT itself, no nginx (K must be 1)")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="minedash-serve-"))
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.no_nginx:
        if args.processes != 1:
            raise SystemExit("--no-nginx serves one process; use --processes 1")
        ports = [args.port]
    else:
        ports = [args.port + 1 + i for i in range(args.processes)]
    apps = {port: start_app(port, work) for port in ports}
    nginx = None
    try:
        wait_healthy([f"http://127.0.0.1:{port}" for port in ports])
        if not args.no_nginx:
            conf = nginx_conf([f"127.0.0.1:{port}" for port in ports], args.listen or f"127.0.0.1:{args.port}", work)
            nginx = start_nginx(conf, work / "nginx")
        print(f"serving on http://127.0.0.1:{args.port} with {len(ports)} app process(es); logs in {work}", flush=True)
        while not stopping:
            time.sleep(1)
            for port, proc in list(apps.items()):
                if proc.poll() is not None and not stopping:  # gone: start it again, nginx skips it meanwhile
                    print(f"app process on port {port} exited with {proc.returncode}; starting it again", flush=True)
                    apps[port] = start_app(port, work)
            if nginx is not None and nginx.poll() is not None and not stopping:
                raise SystemExit(f"nginx exited with {nginx.returncode}; see {work}/nginx/error.log")
    finally:
        for proc in [*apps.values(), *([nginx] if nginx else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*apps.values(), *([nginx] if nginx else [])]:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
