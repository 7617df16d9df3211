"""What every lab's own-data tests share: a file imported through the page's File > Import hook."""


def refusal(lab, window, path, text: str) -> str:
    """Write ``text`` to ``path``, import it on ``lab``: the one line it was refused with."""
    path.write_text(text)
    assert not lab.import_data_or_refuse(path, window)
    assert window.last_refusal and "\n" not in window.last_refusal
    return window.last_refusal
