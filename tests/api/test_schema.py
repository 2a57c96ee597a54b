"""The OpenAPI document: valid without warnings, every operation described with examples, and the live API
conforms to it (schemathesis, a fixed number of seeded examples per operation)."""
import io
import json

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Membership
from api.services.webhooks import subscription_create
from collaboration.services import interest_send, saved_search_create
from notifications.models import Notification
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_sector, make_technology

from .conftest import issue_credential

EXAMPLES_PER_OPERATION = 30
SEED = 20261125
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


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
    webhook subscription, a saved search and a notification; returns the token and, per path prefix, the id of
    a real object so that generated requests also reach existing rows."""
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
    capability = make_listing(org=other_org, sectors=sectors[:1])
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
    assert capability.pk
    return token, known


@pytest.mark.django_db(transaction=True)
def test_the_live_api_conforms_to_its_schema(live_server, populated, capsys):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    token, known = populated
    headers = {"Authorization": f"Bearer {token}"}
    counts = {"operations": 0, "requests": 0, "server_errors": 0}
    statuses = {}
    failures = []

    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        strategy = operation.as_strategy()
        real_id = next((pk for prefix, pk in known.items() if operation.path.startswith(prefix + "{id}")), None)
        if real_id is not None:  # half of the cases aim at a row that exists
            strategy = st.one_of(operation.as_strategy(path_parameters={"id": real_id}), strategy)

        @hypothesis.settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             derandomize=False, phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @hypothesis.seed(SEED)
        @hypothesis.given(case=strategy)
        def exercise(case):
            response = case.call(base_url=live_server.url, headers=headers)
            counts["requests"] += 1
            counts["server_errors"] += response.status_code >= 500
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            exercise()
        except Exception as error:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {error}")

    with capsys.disabled():
        print(f"\nschemathesis: {counts['operations']} operations, {counts['requests']} requests, "
              f"{counts['server_errors']} server errors, {len(failures)} failing operations; "
              f"responses by status: {dict(sorted(statuses.items()))}")
    assert counts["operations"] >= 10
    assert not failures, "\n\n".join(failures)
    assert counts["server_errors"] == 0
