#!/usr/bin/env python3
"""Rewrites the key section of dalaba.env from hub/.../config/ConfigKey.java (every key, commented, with its
default), keeping the file's header and its closing notes. Run from the project root after adding a key:
  python3 packaging/deb/make-env.py   (PackagedConfigurationTest checks the result)"""
import re
import pathlib

KEYS = pathlib.Path("hub/src/main/java/org/dalaba/hub/config/ConfigKey.java")
ENV = pathlib.Path("packaging/deb/dalaba.env")
ENTRY = re.compile(r'^\s+[A-Z0-9_]+\("([^"]+)", Type\.([A-Z_]+), "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)[,;]', re.M)


def env_name(key):
    return "DALABA_" + re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).replace(".", "_").upper()


def main():
    blocks = []
    for key, kind, default, text in ENTRY.findall(KEYS.read_text(encoding="utf-8")):
        if key == "dataDir":
            continue
        text = text.replace('\\"', '"')
        blocks.append(f"# {key} ({kind.lower().replace('_', ' ')}): {text}\n#{env_name(key)}={default}\n")
    old = ENV.read_text(encoding="utf-8")
    start = old.index("# http.host (")
    end = old.index("# Log as one JSON object")
    ENV.write_text(old[:start] + "\n".join(blocks) + "\n" + old[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
