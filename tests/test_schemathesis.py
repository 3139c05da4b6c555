"""Property-based API testing against the app's own OpenAPI spec: every response matches its documented
schema and status codes, and nothing answers 500 (a bounded number of examples per operation)."""
import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import TOKEN

EXAMPLES_PER_OPERATION = 25


def check_operation(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def conforms(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

    conforms()


def test_every_operation_conforms_to_the_spec(seeded_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        check_operation(operation)
