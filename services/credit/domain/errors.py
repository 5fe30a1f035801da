"""Refusals of credit's own commands: objections and day closes. A refusal stores nothing."""

from __future__ import annotations


class CreditCommandRefused(ValueError):
    """A command that a rule of credit refuses; the message says which and why."""


class UnitNotOnRecord(CreditCommandRefused):
    pass


class NoticeNotFound(CreditCommandRefused):
    pass


class NoticeClosed(CreditCommandRefused):
    """The notice was already listed or withdrawn: its objection window is over."""


class ObjectionTooLate(CreditCommandRefused):
    """Filed after the last day of the objection window (异议期)."""


class ObjectionAlreadyFiled(CreditCommandRefused):
    pass


class NoObjection(CreditCommandRefused):
    pass


class ObjectionAlreadyDecided(CreditCommandRefused):
    pass


class InvalidObjection(CreditCommandRefused):
    pass


class RepairNotOpen(CreditCommandRefused):
    """A repair is applied for only for a listing in force (信用修复申请)."""


class InvalidRepairApplication(CreditCommandRefused):
    """An application or a decision missing what it must state; the message names the field."""


class RepairApplicationPending(CreditCommandRefused):
    pass


class NoRepairApplication(CreditCommandRefused):
    pass


class RepairApplicationAlreadyDecided(CreditCommandRefused):
    pass


class RepairNotDue(CreditCommandRefused):
    """Granted only once the problem is rectified on record and the minimum period served."""
