"""What the supervision worker's RPC methods delegate to: plain values in, plain values out."""

from services.supervision.desk.base import new_seed
from services.supervision.desk.cases import CasesDesk
from services.supervision.desk.deadlines import DeadlinesDesk
from services.supervision.desk.inspections import InspectionDesk
from services.supervision.desk.joint import JointDesk
from services.supervision.desk.planning import PlanningDesk
from services.supervision.desk.register import RegisterDesk


class StaffDesk(RegisterDesk, PlanningDesk, InspectionDesk, JointDesk, CasesDesk, DeadlinesDesk):
    """Every staff operation of supervision; bad input raises InvalidCommand naming each field."""


__all__ = ["StaffDesk", "new_seed"]
