"""deploy/: the nginx configuration passes `nginx -t`; the Dockerfile and the Kubernetes manifests (which cannot be
built or applied here) parse and agree with the tested nginx setup: the same route cookie, upload size, health path,
port and non-root user."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minedash.data import paths

DEPLOY = paths.ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
import serve  # noqa: E402

IN_CI = __import__("os").environ.get("CI", "").lower() in ("1", "true", "yes")
DOCKER_INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
    "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        if IN_CI:
            pytest.fail("nginx is not installed in CI (apt-get install nginx)")
        pytest.skip("nginx is not installed")
    return found


def test_nginx_configuration_is_valid(tmp_path):
    conf = serve.nginx_conf(["127.0.0.1:18501", "127.0.0.1:18502"], "127.0.0.1:18500", tmp_path)
    assert "{" + "servers}" not in conf and "{prefix}" not in conf and "{listen}" not in conf
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    done = subprocess.run([_nginx(), "-t", "-p", str(tmp_path), "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _docker() -> list[tuple[str, str]]:
    """(instruction, arguments) of deploy/Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return [(ln.split(None, 1)[0], ln.split(None, 1)[1] if " " in ln else "") for ln in lines]


def _manifests() -> dict[str, dict]:
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "minedash.yaml").read_text()))
    return {d["kind"]: d for d in docs if d}


def test_dockerfile_parses_runs_as_a_user_and_checks_health():
    steps = _docker()
    assert steps[0][0] == "FROM"
    assert {i for i, _ in steps} <= DOCKER_INSTRUCTIONS, {i for i, _ in steps} - DOCKER_INSTRUCTIONS
    users = [a for i, a in steps if i == "USER"]
    assert users and users[-1] not in ("root", "0"), "the app must not run as root"
    health = " ".join(a for i, a in steps if i == "HEALTHCHECK")
    assert "/_stcore/health" in health
    copied = " ".join(a for i, a in steps if i == "COPY")
    assert "data/warehouse" in copied and "data/sources" not in copied
    assert any(i == "RUN" and "a-w" in a and "/app/data" in a for i, a in steps), "the warehouse must be read-only"
    for _, args in steps:  # everything copied exists in the project
        if args.startswith(
            ("requirements", "dashboard", ".streamlit", "minedash", "pages", "queries", "static", "data")
        ):
            for src in args.split()[:-1]:
                assert (paths.ROOT / src).exists(), src


def test_kubernetes_manifests_agree_with_the_nginx_setup():
    m = _manifests()
    assert set(m) == {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}
    pod = m["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    steps = _docker()
    assert str(container["ports"][0]["containerPort"]) in [a for i, a in steps if i == "EXPOSE"]
    assert str(pod["securityContext"]["runAsUser"]) == [a for i, a in steps if i == "USER"][-1]
    assert m["Deployment"]["spec"]["selector"]["matchLabels"] == m["Service"]["spec"]["selector"]
    assert m["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    notes = m["Ingress"]["metadata"]["annotations"]
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    cookie = notes["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert f"$cookie_{cookie}" in nginx, "the ingress and deploy/nginx.conf use one route cookie"
    body = re.search(r"client_max_body_size (\w+);", nginx).group(1)
    assert notes["nginx.ingress.kubernetes.io/proxy-body-size"] == body
    backend = m["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == m["Service"]["metadata"]["name"]
    target = m["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", m["Deployment"]["metadata"]["name"])
    # Streamlit's own upload limit fits in what the proxies accept.
    config = (paths.ROOT / ".streamlit" / "config.toml").read_text()
    upload_mb = int(re.search(r"maxUploadSize = (\d+)", config).group(1))
    assert upload_mb < int(body.rstrip("m"))
