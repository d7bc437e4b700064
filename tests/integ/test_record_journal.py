"""--record under the journal: the access entry of a recorded session has
WSINETD_RECORD, the file's name in DIR (and its MESSAGE ends rec=NAME);
a request that was refused has the field, empty, and no file.  The
journal socket is the test's own (journal_helpers.py, in a private mount
namespace)."""

from helpers import upgrade_request
from journal_helpers import journal_fields
from record_helpers import casts


def test_record_journal_field(wsinetd, tmp_path):
    rec = tmp_path / "rec"
    rec.mkdir()
    entries = journal_fields(wsinetd, tmp_path, ["--record", rec, "echo"],
                             [upgrade_request(), upgrade_request(version="12")])
    access = [e for e in entries if "WSINETD_PEER" in e]
    assert [e["WSINETD_STATUS"] for e in access] == ["101", "426"], access
    (path,) = casts(rec)
    assert access[0]["WSINETD_RECORD"] == path.name
    assert access[0]["MESSAGE"].endswith(" rec=" + path.name)
    assert path.name.split("_")[1] == "unix"        # a socketpair's peer
    assert access[1]["WSINETD_RECORD"] == "" and " rec=" not in access[1]["MESSAGE"]
