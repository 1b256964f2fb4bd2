"""The helpers the tests of the labs' checks share."""

from __future__ import annotations


def raises(*args, **kwargs):
    """A learner's function that crashes, whatever it is given."""
    raise RuntimeError("boom")


def status(lab, name: str, *args, **kwargs):
    """The result of exercise ``name``'s check on ``args``, without printing or recording it."""
    return lab.evaluate(name, *args, **kwargs)


def assert_fails(result, *words: str, ignore_case: bool = False):
    """``result`` must be a failure whose message contains every one of ``words``."""
    assert result.status == "fail", result
    message = result.message.lower() if ignore_case else result.message
    for word in words:
        assert (word.lower() if ignore_case else word) in message, result.message
    return result


def failing_with(lab):
    """``failing(name, value, *words)``: exercise ``name`` of ``lab`` must fail on ``value`` naming ``words``."""

    def failing(name: str, value, *words: str):
        return assert_fails(lab.evaluate(name, value), *words)

    return failing
