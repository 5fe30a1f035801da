"""Supervision (监督检查): the register of units, inspections, hazards and penalties."""
