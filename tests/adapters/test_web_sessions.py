import pytest

from adapters.web.sessions import SECRET_ENV, SessionTokens


def test_issued_token_verifies_to_its_session_id():
    tokens = SessionTokens.generated()
    token = tokens.issue()
    session_id = tokens.verify(token)
    assert session_id is not None and token.startswith(session_id + ".")


def test_ids_are_random_and_unique():
    tokens = SessionTokens.generated()
    ids = {tokens.verify(tokens.issue()) for _ in range(200)}
    assert len(ids) == 200


@pytest.mark.parametrize(
    "forged",
    [None, 42, "", "abc", "a" * 22 + "." + "b" * 22, "../../etc", "x" * 5000],
)
def test_tokens_the_server_did_not_issue_are_refused(forged):
    assert SessionTokens.generated().verify(forged) is None


def test_a_tampered_session_id_is_refused():
    tokens = SessionTokens.generated()
    session_id, signature = tokens.issue().split(".")
    other = ("B" if session_id[0] != "B" else "C") + session_id[1:]
    assert tokens.verify(f"{other}.{signature}") is None


def test_another_secret_refuses_the_token_so_a_restart_without_a_secret_starts_afresh():
    token = SessionTokens.generated().issue()
    assert SessionTokens.generated().verify(token) is None


def test_a_configured_secret_keeps_tokens_valid_across_instances():
    env = {SECRET_ENV: "a long enough shared secret"}
    token = SessionTokens.from_env(env).issue()
    assert SessionTokens.from_env(env).verify(token) is not None


def test_without_the_variable_a_secret_is_generated():
    token = SessionTokens.from_env({}).issue()
    assert SessionTokens.from_env({}).verify(token) is None


def test_a_short_secret_is_a_configuration_error_naming_the_variable():
    with pytest.raises(ValueError, match=SECRET_ENV):
        SessionTokens.from_env({SECRET_ENV: "short"})
