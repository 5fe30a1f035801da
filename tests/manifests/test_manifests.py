"""The deployment manifests (deploy/k8s) and the image (deploy/Dockerfile) agree with the code.

deploy/k8s/base is no deployment of its own: each overlay (deploy/k8s/overlays/*) is, and each is
rendered as `kubectl apply -k` would (`kubectl kustomize`), read as strictly as Kubernetes reads YAML,
validated against the schemas of Kubernetes 1.29 and of the newest version kubernetes-validate knows,
and checked for what the code expects of it.
"""

from __future__ import annotations

import base64
import functools
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from kit.broker_users import publisher_user
from kit.grpc_auth import grants_from_file, tls_from_env

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if (path / "kustomization.yaml").is_file())
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
SERVICES = ("permits", "supervision", "credit", "notify")
GRPC_SERVERS = {"permits": 50051, "credit": 50052}
METRICS_PORT = 9090
OLDEST_KUBERNETES = "1.29.0"
NEWEST_KUBERNETES = kubernetes_validate.utils.latest_version()
CUSTOM_RESOURCES = {("rabbitmq.com/v1beta1", "User"), ("rabbitmq.com/v1beta1", "Permission")}
"""The Messaging Topology Operator's resources (base/broker-users.yaml): kubernetes-validate has no schema."""

Document = dict[str, Any]


class StrictLoader(yaml.SafeLoader):
    """YAML as Kubernetes reads it: a key given twice in one mapping is an error, not the last one winning."""


def _mapping_without_repeats(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {repeated}", node.start_mark)
    return loader.construct_mapping(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def strict_load_all(text: str) -> list[Document]:
    return [document for document in yaml.load_all(text, Loader=StrictLoader) if document]


# -- rendering ------------------------------------------------------------------------------------


@functools.cache
def rendered_text(directory: Path) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        message = "kubectl (for `kubectl kustomize`) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"kubectl kustomize {directory.relative_to(ROOT)} failed:\n{done.stderr}"
    return done.stdout


@functools.cache
def rendered(overlay: str) -> tuple[Document, ...]:
    return tuple(strict_load_all(rendered_text(K8S / "overlays" / overlay)))


def of_kind(overlay: str, kind: str) -> dict[str, Document]:
    return {doc["metadata"]["name"]: doc for doc in rendered(overlay) if doc["kind"] == kind}


def deployments(overlay: str) -> dict[str, Document]:
    return of_kind(overlay, "Deployment")


def workloads(overlay: str) -> dict[str, Document]:
    """Everything that runs pods: the Deployments and the schema Job."""
    return {**of_kind(overlay, "Deployment"), **of_kind(overlay, "Job")}


def named(overlay: str, kind: str, name: str) -> Document:
    return of_kind(overlay, kind)[name]


def pod_spec(workload: Document) -> Document:
    spec: Document = workload["spec"]["template"]["spec"]
    return spec


def the_container(workload: Document) -> Document:
    (container,) = pod_spec(workload)["containers"]
    return dict(container)


def containers(workload: Document) -> list[Document]:
    spec = pod_spec(workload)
    return [*spec.get("initContainers", []), *spec["containers"]]


def command_of(workload: Document) -> list[str]:
    container = the_container(workload)
    return [str(part) for part in [*container.get("command", []), *container.get("args", [])]]


def component(workload: Document) -> str:
    return str(workload["metadata"]["labels"]["app.kubernetes.io/component"])


def env_of(container: Document) -> dict[str, Any]:
    return {variable["name"]: variable for variable in container.get("env", [])}


def selects(selector: Document, labels: dict[str, str]) -> bool:
    """Whether a label selector (matchLabels and matchExpressions) selects these labels."""
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not ok:
            return False
    return True


def pod_labels(workload: Document) -> dict[str, str]:
    return dict(workload["spec"]["template"]["metadata"]["labels"])


def container_port(workload: Document, port: int | str) -> int:
    """A port a NetworkPolicy or probe names, as the number the pod listens on."""
    if isinstance(port, int):
        return port
    for container in containers(workload):
        for declared in container.get("ports", []):
            if declared.get("name") == port:
                return int(declared["containerPort"])
    raise AssertionError(f"{workload['metadata']['name']} has no port named {port}")


OVERLAY_PARAMS = [pytest.param(overlay, id=overlay) for overlay in OVERLAYS]


def workload_params(kind: str | None = None) -> list[Any]:
    """(overlay, name) of every workload of every overlay, rendered when the tests are collected."""
    params = []
    for overlay in OVERLAYS:
        try:
            found = workloads(overlay) if kind is None else of_kind(overlay, kind)
        except BaseException:  # kubectl missing or the overlay broken: the overlay tests say which
            continue
        params += [pytest.param(overlay, name, id=f"{overlay}/{name}") for name in sorted(found)]
    return params


# -- the files ------------------------------------------------------------------------------------


def test_every_yaml_file_reads_strictly() -> None:
    for path in sorted(K8S.rglob("*.y*ml")):
        strict_load_all(path.read_text())


def kustomizations() -> list[Path]:
    return sorted(path.parent for path in K8S.rglob("kustomization.yaml"))


@pytest.mark.parametrize("directory", kustomizations(), ids=lambda path: str(path.relative_to(K8S)))
def test_every_file_of_a_kustomization_is_used_and_every_one_it_names_exists(directory: Path) -> None:
    (kustomization,) = strict_load_all((directory / "kustomization.yaml").read_text())
    named_files: set[str] = set()
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        assert target.exists(), f"{directory.name}: resource {entry} does not exist"
        if target.is_file():
            named_files.add(target.name)
    for patch in kustomization.get("patches", []):
        if "path" in patch:
            assert (directory / patch["path"]).is_file(), f"{directory.name}: patch {patch['path']} does not exist"
            named_files.add(Path(patch["path"]).name)
    for generator in kustomization.get("configMapGenerator", []) + kustomization.get("secretGenerator", []):
        for entry in generator.get("files", []):
            source = str(entry).split("=", 1)[-1]
            assert (directory / source).is_file(), f"{directory.name}: generator file {source} does not exist"
            named_files.add(Path(source).name)
    on_disk = {path.name for path in directory.iterdir() if path.is_file() and path.name != "kustomization.yaml"}
    assert on_disk - named_files == set(), f"{directory.name}: files no kustomization uses"


def test_there_are_a_dev_and_a_prod_overlay() -> None:
    assert {"dev", "prod"} <= set(OVERLAYS)


def test_no_old_path_to_the_manifests_is_left() -> None:
    """deploy/k8s holds the base and its overlays: no file of it lies in deploy/k8s itself any more, and
    `kubectl apply -k deploy/k8s` applies nothing."""
    stale = re.compile(r"deploy/k8s/(?!base/|overlays/)[\w.-]+\.ya?ml|apply -k deploy/k8s(?!/overlays/)")
    texts = [ROOT / "README.md", ROOT / "Makefile", ROOT / "tox.ini", *ROOT.glob(".ci/*"), *ROOT.glob("docs/**/*.md")]
    texts += [*ROOT.glob("services/**/*.md"), *ROOT.glob("kit/**/*.py"), *ROOT.glob("services/**/*.py")]
    texts += [*K8S.rglob("*.yaml"), *ROOT.glob("tests/**/*.py"), DOCKERFILE]
    texts.remove(Path(__file__).resolve())
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in texts
        if path.is_file()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if stale.search(line)
    ]
    assert not offenders, "\n".join(offenders)


# -- every overlay renders and validates ----------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_the_overlay_renders_strictly(overlay: str) -> None:
    assert deployments(overlay), f"{overlay} renders no Deployment"


@pytest.mark.parametrize("version", [OLDEST_KUBERNETES, NEWEST_KUBERNETES])
@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_the_overlay_validates_strictly_against_kubernetes(overlay: str, version: str) -> None:
    problems = []
    for document in rendered(overlay):
        name = f"{document['kind']} {document['metadata']['name']}"
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            if (document["apiVersion"], document["kind"]) not in CUSTOM_RESOURCES:
                problems.append(f"{name}: no schema for {document['apiVersion']}")
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{name}: {error.message} at {'/'.join(map(str, error.path))}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_the_topology_operators_resources_have_only_its_fields(overlay: str) -> None:
    """kubernetes-validate knows no schema for them: their fields as the operator's CRDs have them."""
    fields = {
        "User": {"importCredentialsSecret", "rabbitmqClusterReference", "tags"},
        "Permission": {"vhost", "user", "userReference", "permissions", "rabbitmqClusterReference"},
    }
    for document in rendered(overlay):
        if (document["apiVersion"], document["kind"]) in CUSTOM_RESOURCES:
            assert set(document["spec"]) <= fields[document["kind"]], document["metadata"]["name"]
            reference = document["spec"]["rabbitmqClusterReference"]
            assert set(reference) <= {"name", "namespace", "connectionSecret"}
            if document["kind"] == "Permission":
                assert set(document["spec"]["permissions"]) == {"configure", "read", "write"}


def test_the_base_holds_no_secret_and_no_image_tag() -> None:
    documents = strict_load_all(rendered_text(BASE))
    assert [doc["metadata"]["name"] for doc in documents if doc["kind"] == "Secret"] == []
    assert "change-me" not in rendered_text(BASE)
    for doc in documents:
        if doc["kind"] in ("Deployment", "Job"):
            assert all(c["image"] == "firesafety-backend" for c in containers(doc)), doc["metadata"]["name"]


# -- every workload -------------------------------------------------------------------------------


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_container_runs_locked_down(overlay: str, name: str) -> None:
    workload = workloads(overlay)[name]
    for container in containers(workload):
        context = {**pod_spec(workload).get("securityContext", {}), **container.get("securityContext", {})}
        assert context.get("runAsNonRoot") is True, f"{name}: may run as root"
        assert context.get("runAsUser", 0) != 0, f"{name}: runs as uid 0"
        assert context.get("readOnlyRootFilesystem") is True, f"{name}: root filesystem is writable"
        assert context.get("allowPrivilegeEscalation") is False, f"{name}: privilege escalation allowed"
        assert "ALL" in context.get("capabilities", {}).get("drop", []), f"{name}: capabilities kept"


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_container_has_cpu_and_memory_requests_and_limits(overlay: str, name: str) -> None:
    for container in containers(workloads(overlay)[name]):
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                assert resources.get(kind, {}).get(resource), f"{name}: no {resource} {kind}"


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_pod_runs_as_the_service_account_without_its_token(overlay: str, name: str) -> None:
    spec = pod_spec(workloads(overlay)[name])
    assert spec.get("serviceAccountName") == "firesafety", name
    assert spec.get("automountServiceAccountToken") is False, name
    account = named(overlay, "ServiceAccount", "firesafety")
    assert account["automountServiceAccountToken"] is False


@pytest.mark.parametrize(("overlay", "name"), workload_params("Deployment"))
def test_every_process_has_time_to_finish_its_batch_when_stopped(overlay: str, name: str) -> None:
    assert pod_spec(deployments(overlay)[name]).get("terminationGracePeriodSeconds", 30) >= 60, name


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_container_runs_the_image_the_overlay_pins(overlay: str, name: str) -> None:
    (kustomization,) = strict_load_all((K8S / "overlays" / overlay / "kustomization.yaml").read_text())
    (image,) = [entry for entry in kustomization["images"] if entry["name"] == "firesafety-backend"]
    expected = f"{image.get('newName', 'firesafety-backend')}:{image['newTag']}"
    for container in containers(workloads(overlay)[name]):
        assert container["image"] == expected, f"{name}: image {container['image']}"


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_process_gets_the_event_stores_cipher_key_from_the_secret(overlay: str, name: str) -> None:
    container = the_container(workloads(overlay)[name])
    sources = [source.get("secretRef", {}).get("name") for source in container.get("envFrom", [])]
    overridden = [variable for variable in env_of(container) if variable.startswith("CIPHER")]
    assert "firesafety-secrets" in sources and not overridden, f"{name} does not get CIPHER_KEY from the Secret"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_relays_hold_the_key_that_signs_the_chains_checkpoints(overlay: str) -> None:
    relays = {f"{service}-relay" for service in ("permits", "supervision", "credit", "notify")}
    assert holders_of(overlay, "CHAIN_SIGNING_KEY", "firesafety-chain-signing") == relays


def holders_of(overlay: str, variable: str, secret: str) -> set[str]:
    """The workloads given `variable` from `secret`."""
    return {
        name
        for name, workload in workloads(overlay).items()
        for container in containers(workload)
        if (given := env_of(container).get(variable)) and given["valueFrom"]["secretKeyRef"]["name"] == secret
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_supervisions_relay_and_notifys_worker_hold_the_key_of_reporters_contacts(overlay: str) -> None:
    holders = holders_of(overlay, "REPORTER_CONTACT_KEY", "firesafety-reporter-contact")
    assert holders == {"supervision-relay", "notify-worker"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_permits_relay_and_notifys_worker_hold_the_key_of_applicants_contacts(overlay: str) -> None:
    holders = holders_of(overlay, "APPLICANT_CONTACT_KEY", "firesafety-applicant-contact")
    assert holders == {"permits-relay", "notify-worker"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_notifys_worker_holds_the_official_accounts_secret_and_starts_without_it(overlay: str) -> None:
    assert holders_of(overlay, "NOTIFY_WECHAT_SECRET", "notify-wechat") == {"notify-worker"}
    worker = env_of(the_container(workloads(overlay)["notify-worker"]))
    for variable in (
        "NOTIFY_WECHAT_APPID",
        "NOTIFY_WECHAT_SECRET",
        "NOTIFY_WECHAT_TEMPLATE_ID",
        "NOTIFY_WECHAT_TEMPLATES",
    ):
        assert worker[variable]["valueFrom"]["secretKeyRef"]["optional"] is True


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_every_probe_is_an_endpoint_the_process_serves(overlay: str, name: str) -> None:
    """kit/metrics.py serves /metrics, /livez and /readyz on METRICS_PORT; the gRPC servers also the
    standard gRPC health service on their port (kit/grpc_edge.py). No other endpoint exists."""
    workload = workloads(overlay)[name]
    config = named(overlay, "ConfigMap", "firesafety-config")["data"]
    assert int(config["METRICS_PORT"]) == METRICS_PORT
    for container in containers(workload):
        for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = container.get(kind)
            if probe is None:
                continue
            if "httpGet" in probe:
                assert probe["httpGet"]["path"] in ("/readyz", "/livez"), f"{name} {kind}"
                assert container_port(workload, probe["httpGet"]["port"]) == METRICS_PORT, f"{name} {kind}"
            else:
                assert set(probe) & {"grpc", "exec", "tcpSocket"} == {"grpc"}, f"{name} {kind}: {probe}"
                assert component(workload) == "grpc" and probe["grpc"]["port"] in GRPC_SERVERS.values()


# -- the processes --------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize(("service", "port"), GRPC_SERVERS.items())
def test_each_grpc_server_is_ready_while_its_store_answers_and_live_while_it_runs(
    overlay: str, service: str, port: int
) -> None:
    deployment = deployments(overlay)[f"{service}-grpc"]
    assert component(deployment) == "grpc"
    container = the_container(deployment)
    assert port in [p["containerPort"] for p in container["ports"]]
    assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "metrics"}
    readiness = container["readinessProbe"]
    if "GRPC_TLS_CERT" in env_of(container):
        # The kubelet's gRPC probe cannot show a client certificate: /readyz checks the same store.
        assert readiness["httpGet"] == {"path": "/readyz", "port": "metrics"}
    else:
        assert readiness["grpc"]["port"] == port
    assert command_of(deployment) == ["python", "-m", f"services.{service}.entrypoints.grpc_server"]
    assert (ROOT / "services" / service / "entrypoints" / "grpc_server.py").is_file()


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_only_the_grpc_servers_are_grpc_deployments(overlay: str) -> None:
    found = sorted(n for n, dep in deployments(overlay).items() if component(dep) == "grpc")
    assert found == sorted(f"{service}-grpc" for service in GRPC_SERVERS)


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize(("service", "port"), GRPC_SERVERS.items())
def test_a_service_exposes_each_grpc_port(overlay: str, service: str, port: int) -> None:
    grpc = deployments(overlay)[f"{service}-grpc"]
    selector = grpc["spec"]["selector"]["matchLabels"]
    exposed = named(overlay, "Service", f"{service}-grpc")
    assert port in [p["port"] for p in exposed["spec"]["ports"]]
    assert exposed["spec"]["selector"] == selector
    assert selector.items() <= pod_labels(grpc).items()


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_the_public_feed_of_notify_is_exposed(overlay: str) -> None:
    worker = deployments(overlay)["notify-worker"]
    assert [p["containerPort"] for p in the_container(worker)["ports"]] == [8000, METRICS_PORT]
    feed = named(overlay, "Service", "notify-feed")
    assert feed["spec"]["selector"] == worker["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize("name", [f"{s}-{kind}" for s in SERVICES for kind in ("worker", "relay")] + ["scheduler"])
def test_workers_relays_and_the_scheduler_are_probed_on_their_health_endpoints(overlay: str, name: str) -> None:
    container = the_container(deployments(overlay)[name])
    assert {"name": "metrics", "containerPort": METRICS_PORT, "protocol": "TCP"} in container["ports"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "metrics"}


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize("kind", ["worker", "relay"])
def test_there_is_exactly_one_deployment_of_each_kind_per_service(overlay: str, kind: str) -> None:
    found = sorted(name for name, dep in deployments(overlay).items() if component(dep) == kind)
    assert found == sorted(f"{service}-{kind}" for service in SERVICES)


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_worker_command_names_an_existing_service_class(overlay: str, service: str) -> None:
    command = command_of(deployments(overlay)[f"{service}-worker"])
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


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_relay_command_names_a_service_that_exists(overlay: str, service: str) -> None:
    command = command_of(deployments(overlay)[f"{service}-relay"])
    assert command[:4] == ["python", "-m", "kit.runtime", "relay"], shlex.join(command)
    (named_service,) = command[4:]
    assert named_service == service
    assert (ROOT / "services" / named_service / "bootstrap.py").is_file()


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_one_scheduler_closes_the_days_with_the_console_command(overlay: str) -> None:
    scheduler = deployments(overlay)["scheduler"]
    assert component(scheduler) == "scheduler"
    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"]["type"] == "Recreate"  # never two during a rollout
    assert command_of(scheduler) == ["python", "-m", "kit.cli", "scheduler"]
    assert (ROOT / "kit" / "cli.py").is_file()


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_every_resource_carries_the_standard_labels(overlay: str) -> None:
    for document in rendered(overlay):
        if document["kind"] == "Namespace":
            continue
        name = f"{document['kind']} {document['metadata']['name']}"
        labels = document["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "firesafety", name
        assert labels.get("app.kubernetes.io/name"), name
        assert labels.get("app.kubernetes.io/component"), name


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_everything_lands_in_the_firesafety_namespace(overlay: str) -> None:
    for document in rendered(overlay):
        if document["kind"] != "Namespace":
            assert document["metadata"].get("namespace") == "firesafety", document["metadata"]["name"]


# -- the schema Job -------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_a_job_creates_the_schemas_and_no_process_does(overlay: str) -> None:
    job = named(overlay, "Job", "firesafety-schema")
    assert command_of(job) == ["python", "-m", "kit.cli", "schema"]
    assert re.search(r'Command\("schema"', (ROOT / "kit" / "cli.py").read_text())
    assert pod_spec(job)["restartPolicy"] in ("OnFailure", "Never")
    sources = {
        source.get("configMapRef", source.get("secretRef", {})).get("name")
        for source in the_container(job).get("envFrom", [])
    }
    assert sources == {"firesafety-config", "firesafety-secrets"}  # the same database settings as the processes
    assert named(overlay, "ConfigMap", "firesafety-config")["data"]["SCHEMA_SETUP"] == "skip"
    for name, deployment in deployments(overlay).items():
        assert "SCHEMA_SETUP" not in env_of(the_container(deployment)), f"{name} overrides SCHEMA_SETUP"


# -- availability ---------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_every_deployment_of_more_than_one_replica_has_a_disruption_budget(overlay: str) -> None:
    budgets = list(of_kind(overlay, "PodDisruptionBudget").values())
    scaled = {doc["spec"]["scaleTargetRef"]["name"] for doc in of_kind(overlay, "HorizontalPodAutoscaler").values()}
    for name, deployment in deployments(overlay).items():
        covering = [b for b in budgets if selects(b["spec"]["selector"], pod_labels(deployment))]
        if deployment["spec"].get("replicas", 1) > 1 or name in scaled:
            assert len(covering) == 1, f"{name}: {len(covering)} disruption budgets"
            (budget,) = covering
            assert budget["spec"].get("maxUnavailable") == 1 or budget["spec"].get("minAvailable") == 1, name
        else:
            assert not covering, f"{name} runs one replica: a budget would block every drain"


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
def test_only_what_is_safe_to_scale_is_autoscaled(overlay: str) -> None:
    """Stateless gRPC servers, and the notify worker (its replicas all serve the feed; each event queue
    keeps one active consumer). Never a relay (one publishes) or the scheduler (one closes the days)."""
    autoscalers = of_kind(overlay, "HorizontalPodAutoscaler")
    targets = {doc["spec"]["scaleTargetRef"]["name"]: doc for doc in autoscalers.values()}
    assert set(targets) == {"permits-grpc", "credit-grpc", "notify-worker"}
    for name, autoscaler in targets.items():
        deployment = deployments(overlay)[name]
        assert autoscaler["spec"]["scaleTargetRef"]["kind"] == "Deployment"
        assert autoscaler["spec"]["minReplicas"] >= 2 and autoscaler["spec"]["maxReplicas"] > 2
        assert autoscaler["spec"]["minReplicas"] <= deployment["spec"]["replicas"]
        assert the_container(deployment)["resources"]["requests"]["cpu"]  # utilisation needs a request


def test_the_worker_queues_keep_a_single_active_consumer() -> None:
    """What makes scaling a worker safe: added replicas stand by instead of competing (kit/topology.py)."""
    assert '"x-single-active-consumer": True' in (ROOT / "kit" / "topology.py").read_text()


# -- the network ----------------------------------------------------------------------------------


def policies_selecting(overlay: str, workload: Document) -> list[Document]:
    labels = pod_labels(workload)
    return [p for p in of_kind(overlay, "NetworkPolicy").values() if selects(p["spec"]["podSelector"], labels)]


def allowed(overlay: str, workload: Document, direction: str) -> list[tuple[int | None, bool]]:
    """(port, from or to anywhere) of every rule that lets traffic in ('ingress') or out ('egress')."""
    peers = "from" if direction == "ingress" else "to"
    found = []
    for policy in policies_selecting(overlay, workload):
        for rule in policy["spec"].get(direction, []):
            anywhere = not rule.get(peers)
            for port in rule.get("ports", [{"port": None}]):
                number = port.get("port")
                if isinstance(number, str) and not any(
                    declared.get("name") == number for c in containers(workload) for declared in c.get("ports", [])
                ):
                    continue  # a port by a name this pod does not declare: nothing of it is let through
                found.append((container_port(workload, number) if number is not None else None, anywhere))
    return found


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_network_policies_select_every_pod_and_refuse_by_default(overlay: str, name: str) -> None:
    workload = workloads(overlay)[name]
    selecting = policies_selecting(overlay, workload)
    assert any(
        set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
        for p in selecting
    ), f"{name}: no default-deny policy selects it"
    assert (53, True) in allowed(overlay, workload, "egress"), f"{name} cannot resolve names"
    assert (5432, True) in allowed(overlay, workload, "egress"), f"{name} cannot reach the database"


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_only_the_grpc_and_feed_ports_are_reachable_from_anywhere(overlay: str, name: str) -> None:
    workload = workloads(overlay)[name]
    ingress = allowed(overlay, workload, "ingress")
    open_ports = {port for port, anywhere in ingress if anywhere}
    assert None not in open_ports, f"{name}: a rule opens every port"
    expected = {
        "permits-grpc": {GRPC_SERVERS["permits"]},
        "credit-grpc": {GRPC_SERVERS["credit"]},
        "notify-worker": {8000},
    }.get(name, set())
    assert open_ports == expected, f"{name}: open to anyone on {sorted(open_ports)}"
    limited = {port for port, anywhere in ingress if not anywhere}
    assert limited <= {METRICS_PORT}, f"{name}: reachable on {sorted(limited)}"


@pytest.mark.parametrize(("overlay", "name"), workload_params())
def test_processes_reach_only_the_broker_and_the_database(overlay: str, name: str) -> None:
    workload = workloads(overlay)[name]
    egress = {port for port, _ in allowed(overlay, workload, "egress")}
    assert None not in egress, f"{name}: may reach any port"
    expected = {53, 5432}
    if component(workload) in ("worker", "relay", "scheduler"):
        expected |= {5672, 5671}
    if name == "notify-worker":
        expected |= {25, 465, 587, 443, 80}  # mail, the SMS gateway, partners' callbacks
    assert egress == expected, f"{name}: may reach {sorted(egress)}"


# -- secrets and images ---------------------------------------------------------------------------


EXAMPLE_VALUES = re.compile(r"change-me|guest:guest|08t9S5PPoK0J0HlRei28lJi6xcEEgPp")


def test_prod_holds_no_secret_and_no_example_value() -> None:
    assert of_kind("prod", "Secret") == {}, "the operator creates prod's Secrets"
    assert not EXAMPLE_VALUES.search(rendered_text(K8S / "overlays" / "prod"))


def test_prod_pins_a_released_image() -> None:
    text = rendered_text(K8S / "overlays" / "prod")
    assert ":latest" not in text
    for name, workload in workloads("prod").items():
        for container in containers(workload):
            _, _, tag = container["image"].rpartition(":")
            assert re.fullmatch(r"\d+\.\d+\.\d+", tag), f"{name}: image {container['image']} is not a release"


def test_prod_tells_the_operator_which_secrets_to_create() -> None:
    text = (K8S / "overlays" / "prod" / "kustomization.yaml").read_text()
    referenced = set()
    for workload in workloads("prod").values():
        spec = pod_spec(workload)
        referenced |= {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
        for container in containers(workload):
            referenced |= {s["secretRef"]["name"] for s in container.get("envFrom", []) if "secretRef" in s}
            referenced |= {v["valueFrom"]["secretKeyRef"]["name"] for v in container.get("env", []) if "valueFrom" in v}
    for user in of_kind("prod", "User").values():
        referenced.add(user["spec"]["importCredentialsSecret"]["name"])
        referenced.add(user["spec"]["rabbitmqClusterReference"]["connectionSecret"]["name"])
    assert referenced
    for secret in sorted(referenced):
        name = secret.removesuffix("-broker-user")
        assert secret in text or (name in SERVICES and "<service>-broker-user" in text), f"{secret} is not listed"


def test_dev_has_the_example_secrets_the_workloads_need() -> None:
    secrets = of_kind("dev", "Secret")
    for workload in workloads("dev").values():
        for volume in pod_spec(workload).get("volumes", []):
            if "secret" in volume:
                assert volume["secret"]["secretName"] in secrets
    key = secrets["firesafety-secrets"]["stringData"]["CIPHER_KEY"]
    assert len(base64.b64decode(key, validate=True)) == 32


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("kind", ["worker", "relay"])
def test_each_services_worker_and_relay_connect_as_its_own_broker_user(service: str, kind: str) -> None:
    for overlay in OVERLAYS:
        container = the_container(deployments(overlay)[f"{service}-{kind}"])
        amqp = env_of(container)["AMQP_URI"]
        assert amqp["valueFrom"]["secretKeyRef"] == {"name": "firesafety-secrets", "key": f"{service.upper()}_AMQP_URI"}
    secret = named("dev", "Secret", "firesafety-secrets")
    assert secret["stringData"][f"{service.upper()}_AMQP_URI"].startswith(f"amqp://{publisher_user(service, '/')}:")


@pytest.mark.parametrize("overlay", OVERLAY_PARAMS)
@pytest.mark.parametrize("service", SERVICES)
def test_each_broker_user_may_write_to_no_other_services_exchange(overlay: str, service: str) -> None:
    user = named(overlay, "User", f"{service}-broker-user")
    assert user["spec"]["importCredentialsSecret"]["name"] == f"{service}-broker-user"
    if overlay == "dev":
        credentials = named(overlay, "Secret", user["spec"]["importCredentialsSecret"]["name"])
        assert credentials["stringData"]["username"] == publisher_user(service, "/")
    permission = named(overlay, "Permission", f"{service}-broker-permission")["spec"]
    assert permission["user"] == publisher_user(service, "/")
    write = re.compile(permission["permissions"]["write"])
    assert write.match(f"{service}.events") and write.match("nameko-rpc") and write.match("amq.default")
    assert not any(write.match(f"{other}.events") for other in SERVICES if other != service)
    publishers = dict(
        pair.split("=")
        for pair in named(overlay, "ConfigMap", "firesafety-config")["data"]["BUS_PUBLISHERS"].split(",")
    )
    assert publishers[service] == publisher_user(service, "/")


# -- mutual TLS -----------------------------------------------------------------------------------


def mounted_file(overlay: str, workload: Document, path: str) -> tuple[str, str, str]:
    """(volume kind, its Secret or ConfigMap name, the key) a file path of the container comes from."""
    container = the_container(workload)
    volumes = {volume["name"]: volume for volume in pod_spec(workload).get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        prefix = mount["mountPath"].rstrip("/") + "/"
        if path.startswith(prefix):
            volume = volumes[mount["name"]]
            key = path.removeprefix(prefix)
            if "secret" in volume:
                return "secret", volume["secret"]["secretName"], key
            if "configMap" in volume:
                return "configMap", volume["configMap"]["name"], key
    raise AssertionError(f"{path} is mounted from no volume")


@pytest.mark.parametrize("service", GRPC_SERVERS)
def test_prod_grpc_servers_take_mutual_tls_from_a_secret_and_grants_from_a_config_map(
    service: str, tmp_path: Path
) -> None:
    deployment = deployments("prod")[f"{service}-grpc"]
    env = {
        name: variable["value"] for name, variable in env_of(the_container(deployment)).items() if "value" in variable
    }
    tls = tls_from_env(env)  # as the server reads them (kit/grpc_auth.py)
    assert tls is not None, "prod's gRPC servers listen in plain text"
    for path, key in ((tls.cert, "tls.crt"), (tls.key, "tls.key"), (tls.client_ca, "ca.crt")):
        assert mounted_file("prod", deployment, str(path)) == ("secret", "firesafety-grpc-tls", key)
    kind, config_map, key = mounted_file("prod", deployment, env["GRPC_AUTHORIZATION"])
    assert kind == "configMap"
    (grants_file := tmp_path / "authorization.toml").write_text(named("prod", "ConfigMap", config_map)["data"][key])
    grants = grants_from_file(grants_file)
    assert grants, "the authorization file grants nothing to anyone"
    methods = set(
        re.findall(r"^\s*rpc (\w+)\(", "".join(p.read_text() for p in (ROOT / "protos").rglob("*.proto")), re.M)
    )
    for agency, granted in grants.items():
        assert granted <= methods | {"*"}, f"{agency}: no such methods {sorted(granted - methods)}"
    tomllib.loads(grants_file.read_text())


@pytest.mark.parametrize("service", GRPC_SERVERS)
def test_dev_grpc_servers_listen_in_plain_text(service: str) -> None:
    container = the_container(deployments("dev")[f"{service}-grpc"])
    assert not any(name.startswith("GRPC_TLS_") for name in env_of(container))


# -- the image ------------------------------------------------------------------------------------


def test_the_dockerfile_runs_as_a_non_root_user() -> None:
    users = [
        line.split(None, 1)[1].strip()
        for line in DOCKERFILE.read_text().splitlines()
        if line.strip().upper().startswith("USER ")
    ]
    assert users, "the Dockerfile sets no USER"
    user = users[-1].split(":", 1)[0]
    assert user not in ("root", "0"), f"the image runs as {users[-1]}"


# -- local development ----------------------------------------------------------------------------


def test_the_compose_file_runs_the_broker_and_database_where_the_tests_look_by_default() -> None:
    (compose,) = strict_load_all((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"rabbitmq", "postgres"}
    for name, service in services.items():
        _, _, tag = service["image"].partition(":")
        assert tag and tag != "latest", f"{name}: image {service['image']} is not pinned"
        assert service["healthcheck"]["test"], name
        for port in service["ports"]:
            assert port.startswith("127.0.0.1:"), f"{name} listens beyond this machine: {port}"
    assert int(services["rabbitmq"]["image"].split(":")[1].split(".")[0].split("-")[0]) >= 4  # quorum queues, SAC
    assert "${RABBITMQ_PORT:-5672}:5672" in " ".join(services["rabbitmq"]["ports"])
    assert "${POSTGRES_PORT:-5432}:5432" in " ".join(services["postgres"]["ports"])
    assert services["postgres"]["environment"]["POSTGRES_DB"] == "test"  # TEST_DATABASE_URL's default
