"""LiveData test fixtures (`quote_bus` itself is shared, in the top-level conftest)."""
import pytest



@pytest.fixture
def user_client(client, django_user_model):
    """A test client logged in as a plain user (no password: hashing is slow)."""
    client.force_login(django_user_model.objects.create(username="trader"))
    return client
