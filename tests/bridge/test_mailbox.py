from bnviz.bridge.mailbox import Mailbox


def test_newest_item_replaces_an_unread_one():
    box = Mailbox()
    assert box.put(1) is True        # empty -> full: nudge the reader
    assert box.put(2) is False       # already full: no second nudge
    assert box.dropped == 1
    assert box.take() == 2
    assert box.take() is None

