from __future__ import annotations

import pytest

from adapters.safety import ZWSP, defang


@pytest.mark.parametrize(
    "raw",
    ["@everyone read this!!", "hey @here", "@channel now", "<!channel>", "<!here|here>", "<!everyone>",
     "<@U024BE7LH>", "<!subteam^S012345>", "<@&123456789012345678>", "<@!123456789012345678>",
     "<#C024BE7LH>", "\uff20everyone", "@ everyone", "@EVERYONE"],
)
def test_mentions_are_neutralized(raw):
    out = defang(raw)
    assert out != raw
    for live in ("@everyone", "@here", "@channel", "<!", "<@", "<#", "\uff20everyone", "@ everyone", "@EVERYONE"):
        assert live not in out
    assert out.replace(ZWSP, "") == raw or "(" in out  # reads the same once the invisible break is removed


def test_markdown_links_cannot_be_forged():
    out = defang("Details [click here](http://evil.example/phish) now")
    assert "](" not in out and "click here (http://evil.example/phish)" in out


def test_ordinary_text_is_untouched():
    text = "Peskov said talks would resume; email press@mfa.example.gov.ua for details. 5 < 7 and 9 > 2."
    assert defang(text) == text
