"""The OpenAPI document: valid without warnings, every operation described with examples, and the live API
conforms to it: an authenticated schemathesis run over every operation with a credential of every scope, in
its examples, coverage and fuzzing phases, checking that no answer is a server error and that every status code
and body is one the schema documents."""
import io
import json
from collections import Counter

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.generation.modes import GenerationMode

from accounts.models import Membership
from api.services.webhooks import subscription_create
from collaboration.services import interest_send, saved_search_create
from marketplace.models import CollaborationType, Listing, Sector, Technology
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_sector, make_technology

from .conftest import issue_credential

# The coverage phase sends every invalid input the schema implies (missing, mistyped, out of range: where server
# errors hide); fuzzing sends this many valid ones per operation, random but seeded. Together about 2,400
# requests, about a minute of CPU.
MAX_EXAMPLES = 15
SEED = 20261125
INTEREST_TARGETS = 40  # an organisation has one open interest per listing: fresh listings keep interests acceptable
PHASES = ["examples", "coverage", "fuzzing"]
# Bodies generated from the schema as valid must mostly be accepted: the schema states what these refuse.
ACCEPTING = ["POST /api/v1/listings/", "POST /api/v1/interests/", "POST /api/v1/saved-searches/"]
CHECKS = ["not_a_server_error", "status_code_conformance", "response_schema_conformance",
          "content_type_conformance", "response_headers_conformance"]


def test_the_schema_validates_without_warnings(db, tmp_path):
    # The same command as the build: drf-spectacular fails on any warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 0


def test_every_operation_has_a_description_and_examples(db):
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 10
    for path, method, op in operations:
        assert op.get("description"), f"{method.upper()} {path} has no description"
        bodies = [op.get("requestBody", {})] + [op["responses"][code] for code in op["responses"]
                                                if code.startswith("2") and "content" in op["responses"][code]]
        examples = [media.get("examples") for body in bodies for media in body.get("content", {}).values()]
        if bodies and any(body.get("content") for body in bodies):
            assert any(examples), f"{method.upper()} {path} has no example"


@pytest.fixture
def populated(db, settings):
    """A credential with every scope for an organisation that owns listings in each status, an interest, a
    webhook subscription, a saved search and a notification; returns the token, per path prefix the id of a real
    object, and values of body fields that exist (taxonomy slugs, the credential's organisation, another
    organisation's listing), so that generated requests also reach existing rows."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"credential": "100000/min", "user": "100000/min",
                                                          "anon": "100000/min"}}
    # Generated subscriptions may name any host: nothing leaves the machine.
    settings.WEBHOOK_ALLOWED_HOSTS = ["receiver.invalid"]
    org = make_org(verified=True)
    owner = make_member(org, role=Membership.Role.OWNER)
    sectors = [make_sector("games"), make_sector("museums-heritage")]
    technologies = [make_technology("vr-ar")]
    listings = [make_listing(org=org, status=status, sectors=sectors, technologies=technologies,
                             kind=Listing.Kind.NEED) for status in Listing.Status.values]
    other_org = make_org()
    other_editor = make_member(other_org, role=Membership.Role.EDITOR)
    # Published listings of another organisation: a generated interest names one it has not answered yet.
    capabilities = [make_listing(org=other_org, sectors=sectors[:1]) for _ in range(INTEREST_TARGETS)]
    credential, token = issue_credential(org)
    published_need = next(item for item in listings if item.status == Listing.Status.PUBLISHED)
    interest = interest_send(user=other_editor, organisation=other_org, listing=published_need, message="感兴趣")
    subscription = subscription_create(user=owner, organisation=org, url="https://receiver.invalid/hooks",
                                       events=["listing.published"])
    saved = saved_search_create(user=credential.service_user, name="三维", query={"q": ["三维"]})
    notification = Notification.objects.create(recipient=credential.service_user, type="interest", title="t")
    known = {"/api/v1/listings/": listings[0].pk, "/api/v1/organisations/": org.pk,
             "/api/v1/interests/": interest.pk, "/api/v1/webhooks/": subscription.pk,
             "/api/v1/saved-searches/": saved.pk, "/api/v1/notifications/": notification.pk}
    existing = {"own-organisation": [org.pk], "listing-of-another-organisation": [item.pk for item in capabilities],
                **{name: list(model.objects.values_list("slug", flat=True)) for name, model in
                   [("sector", Sector), ("technology", Technology), ("collaboration-type", CollaborationType)]}}
    return token, known, existing


# Body fields that name existing rows: generated values are replaced by real ones this often.
BODY_VALUES = {
    "body.organisation": ("own-organisation", 0.9),
    "body.listing": ("listing-of-another-organisation", 0.9),
    "body.sectors[*]": ("sector", 0.9),
    "body.technologies[*]": ("technology", 0.9),
    "body.collaboration_types[*]": ("collaboration-type", 0.9),
    "body.collaboration_type": ("collaboration-type", 0.9),
}


def schemathesis_config(base_url, token, existing):
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "cache": {"enabled": False},  # every run the same, and no .schemathesis/ in the checkout
        "suppress-health-check": ["all"],
        "base-url": base_url,
        "headers": {"Authorization": f"Bearer {token}"},
        "continue-on-failure": True,
        "workers": 1,
        "phases": {"examples": {"enabled": True}, "stateful": {"enabled": False},
                   "coverage": {"enabled": True, "generation": {"mode": "negative"}},
                   "fuzzing": {"enabled": True, "generation": {"mode": "positive", "max-examples": MAX_EXAMPLES,
                                                                "database": "none"}}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "dictionaries": {name: {"values": values} for name, values in existing.items()},
        "parameters": {field: {"dictionary": name, "probability": probability}
                       for field, (name, probability) in BODY_VALUES.items()},
    })


@pytest.mark.django_db(transaction=True)
def test_the_live_api_conforms_to_its_schema(live_server, populated, capsys):
    token, known, existing = populated
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/",
                                           config=schemathesis_config(live_server.url, token, existing))

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        # Half of the generated ids are those of rows that exist, so that operations get past the lookup.
        real_id = next((pk for prefix, pk in known.items() if context.operation.path.startswith(prefix + "{id}")),
                       None)
        if real_id is None or "id" not in path_parameters:
            return st.just(path_parameters)
        return st.sampled_from([path_parameters, {**path_parameters, "id": real_id}])

    operations, statuses, phases, failures, errors = set(), Counter(), Counter(), [], []
    valid_bodies = {label: Counter() for label in ACCEPTING}  # label -> {accepted: n}
    finished = None
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            operations.add(event.recorder.label)
            for interaction in event.recorder.interactions.values():
                statuses[interaction.response.status_code if interaction.response else "no answer"] += 1
                phases[str(event.phase)] += 1
            if event.phase == "fuzzing" and event.recorder.label in valid_bodies:
                for case_id, interaction in event.recorder.interactions.items():
                    case = event.recorder.cases[case_id].value
                    if case.meta and case.meta.generation.mode == GenerationMode.POSITIVE and interaction.response:
                        valid_bodies[event.recorder.label][200 <= interaction.response.status_code < 300] += 1
            for checks in event.recorder.checks.values():
                failures += [f"{event.recorder.label} [{event.phase}] {check.name}: {check.failure_info.failure.title}"
                             f"\n{check.failure_info.failure.message}\n{check.failure_info.code_sample}"
                             for check in checks if check.status == Status.FAILURE]
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            finished = event

    with capsys.disabled():
        print(f"\nschemathesis ({', '.join(PHASES)}): {len(operations)} operations, {sum(statuses.values())} "
              f"requests ({', '.join(f'{name} {phases[name]}' for name in PHASES)}), {len(failures)} failures, "
              f"{len(errors)} errors; responses by status: {dict(sorted(statuses.items(), key=str))}; valid bodies "
              f"accepted: {', '.join(f'{label} {n[True]}/{n.total()}' for label, n in valid_bodies.items())}")
    assert finished is not None and finished.stop_reason == "completed"
    assert len(operations) >= 30
    assert not errors, "\n\n".join(errors)
    assert not failures, "\n\n".join(dict.fromkeys(failures))
    assert not [status for status in statuses if isinstance(status, int) and status >= 500]
    for label, accepted in valid_bodies.items():
        assert accepted.total() >= 5 and accepted[True] > accepted[False], (label, accepted)
