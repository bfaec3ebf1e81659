"""LibreOffice installed in part: an .xls with Writer but no Calc is not "corrupt".

Debian packages LibreOffice per component (libreoffice-writer-nogui,
libreoffice-calc-nogui). With Writer alone, ``soffice --convert-to xlsx`` exits quietly
and writes nothing, which used to be reported as "corrupt or password-protected?".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import CorruptFileError, MissingToolError, legacy, read_document
from ingest.legacy import CALC, WRITER, installed_components

from .conftest import FIXTURES

XLS = FIXTURES / "legacy" / "tracker.xls"
DOC = FIXTURES / "legacy" / "plain.doc"


def _install(tmp_path: Path, *components: legacy.Component) -> Path:
    """A LibreOffice laid out as Debian installs it (program/soffice beside
    share/registry/*.xcd), with only ``components``; its soffice writes nothing."""
    program = tmp_path / "libreoffice" / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    registry = tmp_path / "libreoffice" / "share" / "registry"
    registry.mkdir(parents=True)
    (registry / "main.xcd").write_text("<x/>", encoding="utf-8")
    for c in components:
        (registry / c.registry).write_text("<x/>", encoding="utf-8")
    return program


def test_xls_with_writer_but_no_calc_names_calc_and_its_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = _install(tmp_path, WRITER)
    monkeypatch.setattr(legacy, "soffice", lambda: str(program))
    assert installed_components(str(program)) == frozenset({"Writer"})
    with pytest.raises(MissingToolError) as err:
        read_document(XLS)
    message = str(err.value)
    assert "LibreOffice Calc, which is not installed" in message
    assert "apt-get install libreoffice-calc-nogui" in message
    assert "corrupt" not in message and "password" not in message


def test_doc_with_writer_installed_is_still_converted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Control: Writer is there for a .doc, so the conversion runs; this stand-in writes
    # nothing, which is what a damaged file gives.
    program = _install(tmp_path, WRITER)
    monkeypatch.setattr(legacy, "soffice", lambda: str(program))
    with pytest.raises(CorruptFileError, match=r"corrupt or password-protected\?\)"):
        read_document(DOC)


def test_xls_with_calc_installed_is_converted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = _install(tmp_path, WRITER, CALC)
    monkeypatch.setattr(legacy, "soffice", lambda: str(program))
    with pytest.raises(CorruptFileError, match=r"corrupt or password-protected\?\)"):
        read_document(XLS)


def test_unfamiliar_layout_claims_nothing_and_says_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(legacy, "soffice", lambda: str(program))
    assert installed_components(str(program)) is None
    with pytest.raises(CorruptFileError, match=r"or LibreOffice Calc \(libreoffice-calc-nogui\)"):
        read_document(XLS)


def test_xls_without_libreoffice_names_the_calc_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(MissingToolError, match=r"LibreOffice Calc.*libreoffice-calc-nogui.*"
                                               r"save the file as \.xlsx"):
        read_document(XLS)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_this_machines_libreoffice_is_reported_as_it_is() -> None:
    # The real install: an .xls either converts (Calc present) or names Calc.
    installed = installed_components()
    if installed is None or "Calc" in installed:
        pytest.skip("LibreOffice Calc is installed here, or its layout is unfamiliar")
    with pytest.raises(MissingToolError, match="libreoffice-calc-nogui"):
        read_document(XLS)
