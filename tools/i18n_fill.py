"""Fill a Qt .ts file's unfinished messages from a JSON glossary, and list what is still missing.

    python tools/i18n_fill.py bnviz/resources/i18n/bnviz_zh_CN.ts terms.json [more.json ...] [--list]

Each JSON file maps English source strings to translations, either flat
(``{"Play": "播放"}``) or grouped by any key (``{"bnviz/app/x.py": {...}}``).
The first file that has a source wins.  A message whose source is in a glossary gets that translation and loses its
``type="unfinished"``; translations already in the .ts are kept.  Prints the
sources still unfinished (with ``--list``, every one; else a count).  The .ts
stays the record of the translations (edit it in Qt Linguist, or here);
``make i18n`` compiles it.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def flatten(terms: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in terms.items():
        if isinstance(value, dict):
            out.update(flatten(value))
        elif isinstance(value, str):
            out[key] = value
    return out


def fill(ts_path: str, terms: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") == "unfinished" and not (translation.text or "").strip():
            if source in terms:
                translation.text = terms[source]
                del translation.attrib["type"]
            else:
                missing.append(source)
    ET.indent(tree)
    with open(ts_path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    return missing


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    terms: dict[str, str] = {}
    for path in [a for a in argv[1:] if not a.startswith("--")]:
        with open(path, encoding="utf-8") as f:
            for source, text in flatten(json.load(f)).items():
                terms.setdefault(source, text)
    missing = fill(argv[0], terms)
    if "--list" in argv:
        for source in missing:
            print(source)
    print(f"{len(missing)} unfinished", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
