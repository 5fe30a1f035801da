from kit.settings import load_settings


def test_by_default_each_service_keeps_its_events_in_an_sqlite_file_under_var() -> None:
    settings = load_settings("credit", {})
    assert settings.database_url == "sqlite:///var/credit.sqlite"
    assert settings.database_schema is None


def test_a_shared_postgres_url_gives_each_service_its_own_schema_and_a_lock_timeout() -> None:
    settings = load_settings("notify", {"DATABASE_URL": "postgresql://db/fire"})
    assert settings.database_schema == "notify"
    assert settings.database_url.startswith("postgresql://db/fire?options=")
    assert "lock_timeout" in settings.database_url


def test_a_service_specific_url_wins_over_the_shared_one() -> None:
    settings = load_settings("permits", {"DATABASE_URL": "postgresql://a/x", "PERMITS_DATABASE_URL": "sqlite:///p.db"})
    assert settings.database_url == "sqlite:///p.db"


def test_grpc_ports_default_per_service_and_follow_the_environment() -> None:
    assert load_settings("permits", {}).grpc_port == 50051
    assert load_settings("permits", {"GRPC_PORT": "6000"}).grpc_port == 6000
    assert load_settings("credit", {}).grpc_port == 50052
    assert load_settings("credit", {"GRPC_PORT": "6000", "CREDIT_GRPC_PORT": "6001"}).grpc_port == 6001
