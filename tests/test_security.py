"""Security by default: loopback only, debug off, protective headers on every response."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, app
client = app.server.test_client()
paths = ["/", "/targets", "/_dash-layout", "/_dash-dependencies", "/assets/style.css", "/no-such-page"]
out = {p: dict(client.get(p).headers) for p in paths}
deps = client.get("/_dash-dependencies").get_json()
out["POST"] = dict(client.post("/_dash-update-component", json={"output": "x.y", "inputs": [], "changedPropIds": []}).headers)
import inspect
out["run_defaults"] = inspect.getsource(app.main)
print(json.dumps(out))
"""


def test_every_response_carries_the_security_headers():
    run = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    responses = json.loads(run.stdout.strip().splitlines()[-1])
    source = responses.pop("run_defaults")
    for path, headers in responses.items():
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("X-Frame-Options") == "DENY", path
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
    assert '"TRACKER_HOST", "127.0.0.1"' in source
    assert 'os.environ.get("TRACKER_DEBUG") == "1"' in source


def test_the_server_binds_loopback_with_debug_off(tmp_path):
    """Start `python app.py` for real and see where it listens."""
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env={**__import__("os").environ,
                              "TRACKER_PORT": str(port)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("the server did not start")
        listening = Path("/proc/net/tcp").read_text()
        hex_port = f"{port:04X}"
        rows = [line.split() for line in listening.splitlines()[1:]]
        local = [r[1] for r in rows if r[1].endswith(":" + hex_port) and r[3] == "0A"]  # 0A = LISTEN
        assert local == ["0100007F:" + hex_port]  # 127.0.0.1 only
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Debug mode: off" in output


def test_an_oversized_request_body_is_refused_before_it_is_read(tmp_path):
    """Issue 19 M5: a 300 MB POST once raised a worker from 152 MB to 804 MB. Above 8 MB the
    answer is 413 at once; the app's own requests still pass."""
    import http.client
    import shutil

    from test_scale import serving

    shutil.copy(ROOT / "targets.yaml", tmp_path / "targets.yaml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    with serving(tmp_path / "targets.yaml", {"TRACKER_AS_OF": "2026-06-30"}) as url:
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        conn.putrequest("POST", "/_dash-update-component")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(300 * 1024 * 1024))
        conn.endheaders()
        conn.send(b"{" * 65536)  # a first part only: the answer comes without the rest being read
        response = conn.getresponse()
        assert response.status == 413 and b"request body over" in response.read()
        conn.close()
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        conn.request("GET", "/_dash-layout")
        assert conn.getresponse().status == 200


def test_the_language_link_stays_on_this_site():
    """Issue 19 L12: on //evil.example/ the 中文 link once pointed to http://evil.example/."""
    code = ("import app\n"
            "links = app.carry_state_in_links('?lang=en', '//evil.example/')\n"
            "print(links[-2])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stdout.strip() == "/evil.example/?lang=zh"


FORGED = """
import json, logging, app
logging.disable(logging.CRITICAL)
client = app.server.test_client()
client.get("/")
banner = {"output": "registry-banner.children", "outputs": {"id": "registry-banner", "property": "children"},
          "changedPropIds": ["registry-poll.n_intervals"]}
good_inputs = [{"id": "registry-poll", "property": "n_intervals", "value": 1},
               {"id": "_pages_location", "property": "search", "value": ""}]
forged = {
    "not JSON": dict(data="{", content_type="application/json"),
    "a list": dict(json=[1, 2]),
    "a number": dict(json=7),
    "no output": dict(json={"inputs": [], "changedPropIds": []}),
    "an unknown output": dict(json={**banner, "output": "nope.children", "inputs": good_inputs}),
    "output not text": dict(json={**banner, "output": ["registry-banner.children"], "inputs": good_inputs}),
    "no inputs": dict(json={k: v for k, v in banner.items()}),
    "inputs not a list": dict(json={**banner, "inputs": "x"}),
    "too few inputs": dict(json={**banner, "inputs": good_inputs[:1]}),
    "inputs not objects": dict(json={**banner, "inputs": [1, 2]}),
    "inputs without ids": dict(json={**banner, "inputs": [{"value": 1}, {"value": 2}]}),
    "state not a list": dict(json={**banner, "inputs": good_inputs, "state": 5}),
    "changedPropIds missing": dict(json={k: v for k, v in banner.items() if k != "changedPropIds"} | {"inputs": good_inputs}),
    "a grid callback with junk": dict(json={"output": "claims-grid.dashGridOptions",
                                           "outputs": {"id": "claims-grid", "property": "dashGridOptions"},
                                           "inputs": [{"id": "x", "property": "y", "value": {"a": [1]}}] * 9,
                                           "changedPropIds": []}),
}
answers = {name: client.post("/_dash-update-component", **kw).status_code for name, kw in forged.items()}
answers["a real request"] = client.post("/_dash-update-component", json={**banner, "inputs": good_inputs}).status_code
print(json.dumps(answers))
"""


def test_forged_callback_requests_get_400_not_500():
    """Issue 19 L8: 23 of 47 forged callback requests (wrong types, unknown ids, missing keys)
    answered 500."""
    done = subprocess.run([sys.executable, "-c", FORGED], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert answers.pop("a real request") == 200
    assert answers == dict.fromkeys(answers, 400)
