"""Standard gRPC error statuses with google.rpc details, for every gRPC edge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, NoReturn

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status


def abort_invalid_argument(context: grpc.ServicerContext, violations: Iterable[tuple[str, str]]) -> NoReturn:
    """INVALID_ARGUMENT with one google.rpc.BadRequest field violation per bad field."""
    violations = list(violations)
    detail = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=field, description=description)
            for field, description in violations
        ]
    )
    message = "invalid request: " + "; ".join(f"{f}: {d}" for f, d in violations)
    _abort(context, code_pb2.INVALID_ARGUMENT, message, detail)


def abort_failed_precondition(context: grpc.ServicerContext, rule: str, subject: str, description: str) -> NoReturn:
    """FAILED_PRECONDITION naming the rule that refused (google.rpc.PreconditionFailure)."""
    detail = error_details_pb2.PreconditionFailure(
        violations=[
            error_details_pb2.PreconditionFailure.Violation(type=rule, subject=subject, description=description)
        ]
    )
    _abort(context, code_pb2.FAILED_PRECONDITION, description, detail)


def abort_not_found(context: grpc.ServicerContext, resource_type: str, name: str) -> NoReturn:
    detail = error_details_pb2.ResourceInfo(resource_type=resource_type, resource_name=name, description="not found")
    _abort(context, code_pb2.NOT_FOUND, f"{resource_type} {name} not found", detail)


def abort_already_exists(context: grpc.ServicerContext, resource_type: str, name: str, description: str) -> NoReturn:
    detail = error_details_pb2.ResourceInfo(resource_type=resource_type, resource_name=name, description=description)
    _abort(context, code_pb2.ALREADY_EXISTS, description, detail)


def abort_status(context: grpc.ServicerContext, code: grpc.StatusCode, message: str) -> NoReturn:
    """A status without details: ABORTED for a lost race, UNAVAILABLE for a store that did not answer."""
    context.abort(code, message)
    raise AssertionError("abort returns only by raising")


def _abort(context: grpc.ServicerContext, code: int, message: str, detail: object) -> NoReturn:
    packed = any_pb2.Any()
    packed.Pack(detail)  # type: ignore[arg-type]
    status = rpc_status.to_status(status_pb2.Status(code=code, message=message, details=[packed]))
    abort_keeping_trailers(context, status)
    raise AssertionError("abort_with_status returns only by raising")


class _Status(NamedTuple):
    code: grpc.StatusCode
    details: str
    trailing_metadata: tuple[tuple[str, str | bytes], ...]


def abort_keeping_trailers(context: grpc.ServicerContext, status: grpc.Status) -> None:
    """`abort_with_status`, keeping the trailing metadata set before (the call's `x-request-id`):
    grpcio replaces it with the status's own."""
    kept = tuple(context.trailing_metadata() or ())
    context.abort_with_status(
        _Status(status.code, status.details, kept + tuple(status.trailing_metadata))  # type: ignore[arg-type]
    )
