"""The deployment manifests (deploy/k8s) and the image (deploy/Dockerfile) agree with the code."""

from __future__ import annotations

import base64
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.broker_users import publisher_user

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
SERVICES = ("permits", "supervision", "credit", "notify")


class StrictLoader(yaml.SafeLoader):
    """YAML as Kubernetes reads it: a key given twice in one mapping is an error, not the last one winning."""


def _mapping_without_repeats(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {repeated}", node.start_mark)
    return loader.construct_mapping(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def load_documents() -> list[tuple[Path, dict[str, Any]]]:
    documents = []
    for path in sorted(K8S.rglob("*.y*ml")):
        for document in yaml.load_all(path.read_text(), Loader=StrictLoader):
            if document:
                documents.append((path, document))
    return documents


DOCUMENTS = load_documents()
KUSTOMIZATION = yaml.load((K8S / "kustomization.yaml").read_text(), Loader=StrictLoader)
DEPLOYMENTS = {doc["metadata"]["name"]: doc for _, doc in DOCUMENTS if doc.get("kind") == "Deployment"}
SERVICE_OBJECTS = {doc["metadata"]["name"]: doc for _, doc in DOCUMENTS if doc.get("kind") == "Service"}


def containers(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    spec = deployment["spec"]["template"]["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def all_containers() -> list[tuple[str, dict[str, Any]]]:
    return [(name, container) for name, dep in DEPLOYMENTS.items() for container in containers(dep)]


CONTAINER_PARAMS = [
    pytest.param(name, container, id=f"{name}/{container['name']}") for name, container in all_containers()
]


def command_of(deployment: dict[str, Any]) -> list[str]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return [str(part) for part in [*container.get("command", []), *container.get("args", [])]]


def component(deployment: dict[str, Any]) -> str:
    return str(deployment["metadata"]["labels"]["app.kubernetes.io/component"])


def test_every_listed_resource_exists_and_every_yaml_file_is_listed() -> None:
    listed = {str(entry) for entry in KUSTOMIZATION["resources"]}
    for entry in listed:
        assert (K8S / entry).is_file(), f"kustomization lists {entry}, which does not exist"
    on_disk = {str(path.relative_to(K8S)) for path in K8S.rglob("*.y*ml") if path.name != "kustomization.yaml"}
    assert on_disk - listed == set(), "YAML files not listed in kustomization resources"


def test_the_manifests_hold_deployments() -> None:
    assert DEPLOYMENTS, "no Deployment found under deploy/k8s"


@pytest.mark.parametrize(("deployment", "container"), CONTAINER_PARAMS)
def test_every_container_runs_locked_down(deployment: str, container: dict[str, Any]) -> None:
    pod_context = DEPLOYMENTS[deployment]["spec"]["template"]["spec"].get("securityContext", {})
    context = {**pod_context, **container.get("securityContext", {})}
    assert context.get("runAsNonRoot") is True, f"{deployment}: may run as root"
    assert context.get("runAsUser", 0) != 0, f"{deployment}: runs as uid 0"
    assert context.get("readOnlyRootFilesystem") is True, f"{deployment}: root filesystem is writable"
    assert context.get("allowPrivilegeEscalation") is False, f"{deployment}: privilege escalation allowed"
    assert "ALL" in context.get("capabilities", {}).get("drop", []), f"{deployment}: capabilities kept"


@pytest.mark.parametrize(("deployment", "container"), CONTAINER_PARAMS)
def test_every_container_has_cpu_and_memory_requests_and_limits(deployment: str, container: dict[str, Any]) -> None:
    resources = container.get("resources", {})
    for kind in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            assert resources.get(kind, {}).get(resource), f"{deployment}: no {resource} {kind}"


GRPC_SERVERS = {"permits": 50051, "credit": 50052}


@pytest.mark.parametrize(("service", "port"), GRPC_SERVERS.items())
def test_each_grpc_deployment_has_native_grpc_readiness_and_liveness_probes(service: str, port: int) -> None:
    deployment = DEPLOYMENTS[f"{service}-grpc"]
    assert component(deployment) == "grpc"
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert port in [p["containerPort"] for p in container["ports"]]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["grpc"]["port"] == port, f"{probe} is not a gRPC probe on {port}"
    assert command_of(deployment) == ["python", "-m", f"services.{service}.entrypoints.grpc_server"]
    assert (ROOT / "services" / service / "entrypoints" / "grpc_server.py").is_file()


def test_only_the_grpc_servers_are_grpc_deployments() -> None:
    assert sorted(n for n, dep in DEPLOYMENTS.items() if component(dep) == "grpc") == sorted(
        f"{service}-grpc" for service in GRPC_SERVERS
    )


@pytest.mark.parametrize(("service", "port"), GRPC_SERVERS.items())
def test_a_service_exposes_each_grpc_port(service: str, port: int) -> None:
    grpc = DEPLOYMENTS[f"{service}-grpc"]
    selector = grpc["spec"]["selector"]["matchLabels"]
    exposed = SERVICE_OBJECTS[f"{service}-grpc"]
    assert port in [p["port"] for p in exposed["spec"]["ports"]]
    assert exposed["spec"]["selector"] == selector
    assert selector.items() <= grpc["spec"]["template"]["metadata"]["labels"].items()


def test_the_public_feed_of_notify_is_exposed() -> None:
    worker = DEPLOYMENTS["notify-worker"]
    (container,) = worker["spec"]["template"]["spec"]["containers"]
    assert [p["containerPort"] for p in container["ports"]] == [8000, 9090]
    feed = SERVICE_OBJECTS["notify-feed"]
    assert feed["spec"]["selector"] == worker["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize("name", [f"{s}-{kind}" for s in SERVICES for kind in ("worker", "relay")] + ["scheduler"])
def test_workers_relays_and_the_scheduler_are_probed_on_their_health_endpoints(name: str) -> None:
    (container,) = DEPLOYMENTS[name]["spec"]["template"]["spec"]["containers"]
    assert {"name": "metrics", "containerPort": 9090, "protocol": "TCP"} in container["ports"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "metrics"}


@pytest.mark.parametrize("kind", ["worker", "relay"])
def test_there_is_exactly_one_deployment_of_each_kind_per_service(kind: str) -> None:
    found = sorted(name for name, dep in DEPLOYMENTS.items() if component(dep) == kind)
    assert found == sorted(f"{service}-{kind}" for service in SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_each_worker_command_names_an_existing_service_class(service: str) -> None:
    command = command_of(DEPLOYMENTS[f"{service}-worker"])
    assert command[:4] == ["python", "-m", "kit.worker", "run"], shlex.join(command)
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file(), f"nameko config {config} does not exist"
    module, _, class_name = command[-1].partition(":")
    assert module == f"services.{service}.entrypoints.service"
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    assert path.is_file(), f"{path} does not exist"
    assert re.search(rf"^class {re.escape(class_name)}\b", path.read_text(), re.MULTILINE), (
        f"{path} has no class {class_name}"
    )


@pytest.mark.parametrize("service", SERVICES)
def test_each_relay_command_names_a_service_that_exists(service: str) -> None:
    command = command_of(DEPLOYMENTS[f"{service}-relay"])
    assert command[:4] == ["python", "-m", "kit.runtime", "relay"], shlex.join(command)
    (named,) = command[4:]
    assert named == service
    assert (ROOT / "services" / named / "bootstrap.py").is_file()


def test_one_scheduler_closes_the_days_with_the_console_command() -> None:
    scheduler = DEPLOYMENTS["scheduler"]
    assert component(scheduler) == "scheduler"
    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"]["type"] == "Recreate"  # never two during a rollout
    assert command_of(scheduler) == ["python", "-m", "kit.cli", "scheduler"]
    assert (ROOT / "kit" / "cli.py").is_file()


def test_every_resource_carries_the_standard_labels() -> None:
    for path, document in DOCUMENTS:
        if document.get("kind") in ("Kustomization", "Namespace"):
            continue
        labels = document["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "firesafety", path.name
        assert labels.get("app.kubernetes.io/name"), path.name
        assert labels.get("app.kubernetes.io/component"), path.name


def test_the_image_is_set_once_in_the_kustomization() -> None:
    images = {str(image["name"]) for image in KUSTOMIZATION.get("images", [])}
    for name, container in all_containers():
        assert container["image"] in images, f"{name}: image {container['image']} not set by kustomize"


def test_the_dockerfile_runs_as_a_non_root_user() -> None:
    users = [
        line.split(None, 1)[1].strip()
        for line in DOCKERFILE.read_text().splitlines()
        if line.strip().upper().startswith("USER ")
    ]
    assert users, "the Dockerfile sets no USER"
    user = users[-1].split(":", 1)[0]
    assert user not in ("root", "0"), f"the image runs as {users[-1]}"


def test_every_process_gets_the_event_stores_cipher_key_from_the_secret() -> None:
    secret = named("Secret", "firesafety-secrets")
    assert len(base64.b64decode(secret["stringData"]["CIPHER_KEY"], validate=True)) == 32
    for name, deployment in DEPLOYMENTS.items():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        sources = [source.get("secretRef", {}).get("name") for source in container.get("envFrom", [])]
        overridden = [
            variable["name"] for variable in container.get("env", []) if variable["name"].startswith("CIPHER")
        ]
        assert "firesafety-secrets" in sources and not overridden, f"{name} does not get CIPHER_KEY from the Secret"


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("kind", ["worker", "relay"])
def test_each_services_worker_and_relay_connect_as_its_own_broker_user(service: str, kind: str) -> None:
    (container,) = DEPLOYMENTS[f"{service}-{kind}"]["spec"]["template"]["spec"]["containers"]
    (amqp,) = [variable for variable in container.get("env", []) if variable["name"] == "AMQP_URI"]
    assert amqp["valueFrom"]["secretKeyRef"] == {"name": "firesafety-secrets", "key": f"{service.upper()}_AMQP_URI"}
    secret = named("Secret", "firesafety-secrets")
    assert secret["stringData"][f"{service.upper()}_AMQP_URI"].startswith(f"amqp://{publisher_user(service, '/')}:")


@pytest.mark.parametrize("service", SERVICES)
def test_each_broker_user_may_write_to_no_other_services_exchange(service: str) -> None:
    user = named("User", f"{service}-broker-user")
    credentials = named("Secret", user["spec"]["importCredentialsSecret"]["name"])
    assert credentials["stringData"]["username"] == publisher_user(service, "/")
    permission = named("Permission", f"{service}-broker-permission")["spec"]
    assert permission["user"] == publisher_user(service, "/")
    write = re.compile(permission["permissions"]["write"])
    assert write.match(f"{service}.events") and write.match("nameko-rpc") and write.match("amq.default")
    assert not any(write.match(f"{other}.events") for other in SERVICES if other != service)
    publishers = dict(
        pair.split("=") for pair in named("ConfigMap", "firesafety-config")["data"]["BUS_PUBLISHERS"].split(",")
    )
    assert publishers[service] == publisher_user(service, "/")


def named(kind: str, name: str) -> dict[str, Any]:
    return next(doc for _, doc in DOCUMENTS if doc.get("kind") == kind and doc["metadata"]["name"] == name)
