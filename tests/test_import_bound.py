"""The Import page refuses a text over 2 MB with a message in the page's language, before the
extractor runs (issue 15: one long paragraph took minutes), and still searches an ordinary one.
Served in a subprocess through the app's own callback endpoint, as a browser sends it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, logging, sys
logging.disable(logging.CRITICAL)
import app, tracker.extract

client = app.server.test_client()
client.get("/import")
deps = client.get("/_dash-dependencies").get_json()
find = next(d for d in deps if any(i["id"] == "import-run" for i in d["inputs"])
            and "import-summary.children" in d["output"])
outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in find["output"].strip(".").split("...")]
runs = []
real_extract = tracker.extract.extract

def counting_extract(*args, **kwargs):
    runs.append(len(args[0]))
    return real_extract(*args, **kwargs)

tracker.extract.extract = counting_extract

def find_claims(text, lang):
    body = {"output": find["output"], "outputs": outputs, "changedPropIds": ["import-run.n_clicks"],
            "inputs": [{"id": "import-run", "property": "n_clicks", "value": 1}],
            "state": [{"id": "import-text", "property": "value", "value": text},
                      {"id": "import-source", "property": "value", "value": None},
                      {"id": "import-lang", "property": "data", "value": lang}]}
    answer = client.post("/_dash-update-component", json=body)
    response = answer.get_json()["response"] if answer.status_code == 200 else {}
    return {"status": answer.status_code, "summary": response.get("import-summary", {}).get("children"),
            "rows": response.get("import-grid", {}).get("rowData")}

big_en = "AI computing capacity grows. " * 75_000                   # 2.1 MB of ASCII
big_zh = "到2027年，全省智能算力规模达到50EFLOPS，培育人工智能企业100家；" * 25_000   # 2.1 MB of UTF-8
small = "到2027年，全市智能算力规模达到80EFLOPS，培育行业大模型二十五个。"
out = {"en": find_claims(big_en, "en"), "zh": find_claims(big_zh, "zh"), "runs_after_big": list(runs),
       "small": find_claims(small, "en"), "runs_after_small": len(runs)}
from pages.import_page import MAX_IMPORT_BYTES, too_large
out["at_bound"] = too_large("a" * MAX_IMPORT_BYTES, "en")
out["past_bound"] = too_large("a" * (MAX_IMPORT_BYTES + 1), "en")
print(json.dumps(out, ensure_ascii=False))
"""


def run_check() -> dict:
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_text_over_two_megabytes_is_refused_before_the_extractor_runs_in_either_language():
    out = run_check()
    assert out["en"]["status"] == 200 and out["en"]["rows"] == []
    assert out["en"]["summary"].startswith("The text is too large (2.1 MB): the Import page takes at most 2 MB")
    assert out["zh"]["status"] == 200 and out["zh"]["rows"] == []
    assert out["zh"]["summary"].startswith("文本过大（2.1 MB）：导入页面最多处理 2 MB")
    assert out["runs_after_big"] == []                       # the extractor never saw either text
    # an ordinary article is still searched
    assert out["runs_after_small"] == 1 and len(out["small"]["rows"]) >= 1
    assert out["at_bound"] is None and out["past_bound"] is not None
