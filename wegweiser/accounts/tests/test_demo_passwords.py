import io
import stat

from wegweiser.accounts.demo import DEMO_ACCOUNTS, load_demo
from wegweiser.accounts.models import User
from wegweiser.network.demo import load_demo as load_organisations
from wegweiser.territory.demo import load_demo as load_territory


def _passwords(path):
    return {line.split()[0]: line.split()[1] for line in path.read_text().splitlines() if not line.startswith("#")}


def test_the_demo_passwords_are_kept_for_the_owner_only_and_work(db, settings, tmp_path, client):
    settings.VAR_DIR = tmp_path
    load_territory(out=io.StringIO())
    load_organisations(out=io.StringIO())
    out = io.StringIO()
    load_demo(out=out)

    path = tmp_path / "demo-passwords.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    passwords = _passwords(path)
    assert set(passwords) == {row[0] for row in DEMO_ACCOUNTS}
    assert str(path) in out.getvalue()
    assert User.objects.get(username="planung").check_password(passwords["planung"])

    # Run again (every `make run`): no password printed, but where to find them is.
    again = io.StringIO()
    load_demo(out=again)
    assert passwords["planung"] not in again.getvalue()
    assert str(path) in again.getvalue()
    assert _passwords(path) == passwords


def test_new_passwords_replace_the_kept_ones(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_territory(out=io.StringIO())
    load_organisations(out=io.StringIO())
    load_demo(out=io.StringIO())
    path = tmp_path / "demo-passwords.txt"
    before = _passwords(path)
    path.chmod(0o644)

    load_demo(out=io.StringIO(), reset_passwords=True)

    after = _passwords(path)
    assert set(after) == set(before)
    assert all(after[name] != before[name] for name in before)
    assert User.objects.get(username="admin").check_password(after["admin"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
