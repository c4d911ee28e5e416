"""`kurultai audit`: the CLI contract, run as a user runs it (a subprocess), on a database of its own.

The commands commit, so they get a fresh SQLite database in a temporary KURULTAI_VAR_DIR,
migrated once for this module, instead of the test database (whose demo parliament the
rest of the suite shares inside rolled-back transactions).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kurultai.ledger import heads, merkle

ROOT = Path(__file__).resolve().parents[3]
KURULTAI = str(Path(sys.executable).parent / "kurultai")
PRIVATE = bytes(range(100, 132))
PUBLIC_B64 = heads.b64encode(heads.public_key(PRIVATE))

APPEND = """
import sys, django
django.setup()
from django.db import transaction
from kurultai.ledger.services import ledger_append, tree_head_sign
worker, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with transaction.atomic():
        data = {"worker": worker, "i": i, "option": ("yes", "no", "abstain")[i % 3]}
        ledger_append(kind="test.ballot.cast", data=data)
    if i % 50 == 49:
        tree_head_sign()
"""


def run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False, **kwargs)  # noqa: S603


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a fresh, migrated Kurultai with a known ledger key."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_XDIST_WORKER"}}
    env.update(
        KURULTAI_VAR_DIR=str(var),
        KURULTAI_ENV="development",
        DJANGO_SETTINGS_MODULE="kurultai.settings",
        LEDGER_SIGNING_KEY=base64.b64encode(PRIVATE).decode(),
    )
    done = run([sys.executable, "manage.py", "migrate", "--no-input", "--skip-checks", "-v", "0"], env)
    assert done.returncode == 0, done.stderr
    return env


def kurultai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([KURULTAI, *args], env)


def append(env: dict[str, str], n: int, worker: str = "w") -> None:
    done = run([sys.executable, "-c", APPEND, worker, str(n)], env)
    assert done.returncode == 0, done.stderr


def flip_vote(line: str) -> str:
    entry = json.loads(line)
    entry["data"]["option"] = "no" if entry["data"]["option"] == "yes" else "yes"
    return json.dumps(entry, ensure_ascii=False)


# The module's database starts empty and only grows: the empty-log test comes first, and
# pytest (and each xdist worker) runs a module's tests in this order.


def test_an_empty_ledger_verifies_and_exports_the_empty_root(site, tmp_path):
    done = kurultai(site, "audit", "verify", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "ok": True,
        "tree_size": 0,
        "root_hash": merkle.EMPTY_ROOT.hex(),
        "tree_heads": 0,
        "signed_tree_size": 0,
    }
    out = tmp_path / "empty.jsonl"
    assert kurultai(site, "audit", "export", "--out", str(out)).returncode == 0
    (head,) = out.read_text().splitlines()
    assert json.loads(head)["tree_size"] == 0
    assert json.loads(head)["root_hash"] == merkle.EMPTY_ROOT.hex()
    assert kurultai(site, "audit", "verify", "--log", str(out), "--public-key", PUBLIC_B64).returncode == 0


@pytest.fixture(scope="module")
def grown(site: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of the module's log after 230 appends (and four heads signed on the way)."""
    append(site, 230)
    out = tmp_path_factory.mktemp("export") / "ledger.jsonl"
    done = kurultai(site, "audit", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_export_then_offline_verify_of_a_grown_log(site, grown):
    lines = grown.read_text().splitlines()
    head = json.loads(lines[-1])
    assert len(lines) == head["tree_size"] + 1 >= 231
    assert head["public_key"] == PUBLIC_B64
    assert set(json.loads(lines[0])) == {"index", "kind", "at", "data", "leaf_hash"}

    offline = kurultai(site, "audit", "verify", "--log", str(grown), "--public-key", PUBLIC_B64)
    assert offline.returncode == 0, offline.stderr
    assert f"{head['tree_size']} entries" in offline.stdout
    assert head["root_hash"] in offline.stdout
    assert offline.stderr == ""

    online = kurultai(site, "audit", "verify", "--json")
    assert online.returncode == 0, online.stderr
    doc = json.loads(online.stdout)
    assert (doc["ok"], doc["tree_size"], doc["signed_tree_size"]) == (True, head["tree_size"], head["tree_size"])
    assert doc["root_hash"] == head["root_hash"]
    assert doc["tree_heads"] >= 5  # four signed while appending, one by the export


def test_without_a_public_key_the_file_key_is_used_with_a_warning(site, grown):
    done = kurultai(site, "audit", "verify", "--log", str(grown))
    assert done.returncode == 0
    assert "Warning" in done.stderr
    assert PUBLIC_B64 in done.stderr


@pytest.mark.parametrize(
    ("tamper", "line"),
    [
        (lambda ls: [*ls[:100], flip_vote(ls[100]), *ls[101:]], 101),
        (lambda ls: ls[:100] + ls[101:], 101),
        (lambda ls: [*ls[:100], ls[101], ls[100], *ls[102:]], 101),
        (lambda ls: [*ls[:-2], ls[-1]], -1),
    ],
    ids=["changed", "removed", "reordered", "last removed"],
)
def test_a_tampered_export_exits_1_naming_the_first_bad_line(site, grown, tmp_path, tamper, line):
    lines = tamper(grown.read_text().splitlines())
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    done = kurultai(site, "audit", "verify", "--log", str(bad), "--public-key", PUBLIC_B64)
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert f"line {line % (len(lines) + 1)}:" in done.stderr


def test_another_key_is_refused(site, grown):
    out = grown
    other = heads.b64encode(heads.public_key(bytes(32)))
    done = kurultai(site, "audit", "verify", "--log", str(out), "--public-key", other, "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["ok"] is False
    assert "signature" in done.stderr


def test_offline_verification_needs_neither_django_settings_nor_a_database(site, grown):
    out = grown
    # Settings would refuse this environment at import, and there is no database to open.
    hostile = {**site, "KURULTAI_ENV": "no-such-env", "DJANGO_SETTINGS_MODULE": "no.such.module"}
    hostile["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"
    done = kurultai(hostile, "audit", "verify", "--log", str(out), "--public-key", PUBLIC_B64)
    assert done.returncode == 0, done.stderr
    probe = (
        "import sys; from kurultai.cli import app; "
        "sys.argv = ['kurultai', 'audit', 'verify', '--log', sys.argv[1], '--public-key', sys.argv[2]]\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    done = run([sys.executable, "-c", probe, str(out), PUBLIC_B64], hostile)
    assert done.returncode == 0, done.stderr


def test_concurrent_writers_leave_a_gapless_log_that_verifies(site):
    before = json.loads(kurultai(site, "audit", "verify", "--json").stdout)["tree_size"]
    workers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", APPEND, f"w{k}", "40"], env=site, cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for k in range(4)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
    done = kurultai(site, "audit", "verify", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tree_size"] == before + 160


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "verify", "--public-key", PUBLIC_B64], "--public-key applies only together with --log"),
        (["audit", "verify", "--log", "/no/such/file.jsonl"], "does not exist"),
        (["audit", "verify", "--log", "{tmp}", "--public-key", PUBLIC_B64], "is not a file"),
        (["audit", "verify", "--log", "{file}", "--public-key", "not-base64!"], "not valid base64"),
        (["audit", "verify", "--log", "{file}", "--public-key", "AAAA"], "must be 32 bytes"),
        (["audit", "export"], "--out FILE"),
        (["audit", "export", "--out", "/no/such/dir/x.jsonl"], "does not exist"),
        (["audit", "export", "--out", "{tmp}"], "is a directory"),
    ],
)
def test_bad_usage_exits_2_with_one_sentence(site, tmp_path, args, message):
    file = tmp_path / "some.jsonl"
    file.write_text("{}\n")
    args = [a.format(tmp=tmp_path, file=file) for a in args]
    done = kurultai(site, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unknown_option_is_bad_usage(site):
    assert kurultai(site, "audit", "verify", "--frobnicate").returncode == 2
