"""The supervision application: the register, plans, inspections, cases and deadlines."""

from services.supervision.application.cases import Cases
from services.supervision.application.deadlines import DayClosed, Deadlines
from services.supervision.application.inspections import Inspecting
from services.supervision.application.joint import JointInspecting
from services.supervision.application.planning import Planning
from services.supervision.application.register import ImportCount, RegisterHints, RegisterKeeping


class SupervisionApplication(RegisterKeeping, Planning, Inspecting, JointInspecting, Cases, Deadlines):
    """Reacts to permit and credit events; staff drive the rest through commands."""

    name = "supervision"


__all__ = ["DayClosed", "ImportCount", "RegisterHints", "SupervisionApplication"]
