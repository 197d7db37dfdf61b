"""Legacy formats (.doc, .rtf, .odt) → DOCX with LibreOffice headless, then the DOCX reader.

Each conversion gets a private temporary profile (`-env:UserInstallation`), so parallel workers
never collide; a time limit kills the whole LibreOffice process group; everything is removed after.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from schemas.errors import CorruptInput, UnsupportedInput

CONVERT_SECONDS = 120
NAMES = {"doc": "a legacy Word .doc file", "rtf": "an RTF file", "odt": "an OpenDocument text file"}


def convert_to_docx(data: bytes, fmt: str, path: str, timeout: float = CONVERT_SECONDS) -> bytes:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if not binary:
        raise UnsupportedInput(
            f"{NAMES[fmt]}: reading it needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui)", path
        )
    with tempfile.TemporaryDirectory(prefix="roadmap-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input.{fmt}"
        source.write_bytes(data)
        command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise CorruptInput(f"LibreOffice did not convert it within {timeout:g} s", path) from None
        target = work / "out" / "input.docx"
        if not target.exists():
            reason = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise CorruptInput(f"LibreOffice could not convert {NAMES[fmt]} ({reason[0]})", path)
        return target.read_bytes()
