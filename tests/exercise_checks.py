"""Shared assertions for the tests of the labs' checks."""


def assert_fails(lab, name, value, *words):
    """``value`` must fail exercise ``name`` with a message containing every one of ``words``."""
    result = lab.evaluate(name, value)
    assert result.status == "fail", result
    for word in words:
        assert word in result.message, result.message
    return result
