"""A store that does not answer reaches partners as UNAVAILABLE on reads as on writes, without its address."""

from __future__ import annotations

import psycopg2
import pytest
from grpc import RpcError, StatusCode
from sqlalchemy import create_engine

from firesafety.permits.v1 import permits_pb2 as pb
from services.permits import read_models
from tests.processes import free_port
from tests.unit.test_permits_api import USCC, Api, api, commitment

__all__ = ["api"]


def refused_port_engine() -> object:
    return create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/firesafety?connect_timeout=2")


def assert_unavailable_without_address(raised: pytest.ExceptionInfo[RpcError]) -> None:
    assert raised.value.code() == StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    text = raised.value.details() or ""  # type: ignore[attr-defined]
    assert "permits store is busy or unreachable" in text
    assert "127.0.0.1" not in text and "port" not in text


def test_reads_of_an_unreachable_read_model_database_are_unavailable(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    stub, service = api
    application = stub.SubmitApplication(commitment("down-1")).application
    monkeypatch.setattr(service.runtime, "engine", refused_port_engine())
    with pytest.raises(RpcError) as listed:
        stub.ListApplications(pb.ListApplicationsRequest(uscc=USCC))
    assert_unavailable_without_address(listed)
    with pytest.raises(RpcError) as verified:
        stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no + "-other"))
    assert_unavailable_without_address(verified)


def test_a_raw_driver_error_on_a_read_is_unavailable(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    stub, _ = api
    stub.SubmitApplication(commitment("down-2"))

    def unreachable(*args: object, **kwargs: object) -> list[str]:
        raise psycopg2.OperationalError(
            'connection to server at "store.internal", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(read_models, "application_ids_of_unit", unreachable)
    with pytest.raises(RpcError) as raised:
        stub.GetArchive(pb.GetArchiveRequest(uscc=USCC))
    assert_unavailable_without_address(raised)
    assert "store.internal" not in (raised.value.details() or "")  # type: ignore[attr-defined]
