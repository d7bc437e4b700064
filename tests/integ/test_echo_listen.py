"""Echo under wsinetd's own --listen (fork per connection).

Same messages and targets as test_echo_accept.py, one --listen server per
target; the server says "listening on" when ready.
"""

from helpers import echo_all_targets, messages


def test_echo_listen(wsinetd, tmp_path):
    msgs = messages()
    echo_all_targets(tmp_path, lambda t: wsinetd.listen(t).url, msgs)
