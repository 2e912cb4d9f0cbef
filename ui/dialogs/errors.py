"""Telling people what went wrong, and asking before anything is archived.

Every dialog here is shown through a classmethod (`ErrorDialog.show_error`,
`ErrorDialog.show_message`, `ConfirmDialog.ask`) so tests replace the
classmethod instead of clicking a modal box.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ErrorDialog:
    """Shows an error: a short message, with the technical details folded away."""

    @classmethod
    def show_error(cls, parent: QWidget | None, message: str, details: str = "") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("sendsec - something went wrong")
        box.setText(message)
        box.setInformativeText("Your records are safe: every change is saved as it is made. "
                               "The details have been written to the log file.")
        if details:
            box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName("Error")
        box.exec()

    @classmethod
    def show_message(cls, parent: QWidget | None, message: str,
                     title: str = "sendsec") -> None:
        """Show a message the user can act on (a SendsecError's text), with no details."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(message)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName(title)
        box.exec()

    @classmethod
    def show_info(cls, parent: QWidget | None, message: str, title: str = "sendsec") -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(message)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


class ConfirmDialog:
    """Asks a yes/no question; the safe answer (No) is the default."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str, title: str = "Please confirm", *,
            question: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> bool:
        """Return True if the person answers Yes (`question`: the line under `text`)."""
        box = QMessageBox(parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        if question:
            box.setInformativeText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


class UnsavedDialog:
    """Asks what to do with what was typed and not saved, before it is left."""

    @classmethod
    def fix_or_discard(cls, parent: QWidget | None, problems: list[str]) -> bool:
        """Return True to go back and fix the refused values, False to discard them."""
        return _back_or_discard(
            parent, "Not saved",
            "This record has a value that was not saved:\n\n" + "\n".join(problems),
            "Go back and fix it, or discard what was typed (the record keeps its saved "
            "value)?", "&Fix it")

    @classmethod
    def add_or_discard(cls, parent: QWidget | None, noun: str) -> bool:
        """Return True to go back to the new `noun` typed but not yet added, False to
        discard it."""
        return _back_or_discard(
            parent, "Not added", f"The new {noun} you were typing has not been added yet.",
            f"Go back to it (then press Add {noun} to keep it), or discard what was typed?",
            "&Go back to it")


def _back_or_discard(parent: QWidget | None, title: str, text: str, question: str,
                     back_text: str) -> bool:
    """Ask; return True if the person chose `back_text` (also Escape), False to discard."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(question)
    back = box.addButton(back_text, QMessageBox.ButtonRole.RejectRole)
    box.addButton("&Discard what was typed", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.setAccessibleName(title)
    box.exec()
    return box.clickedButton() is back
