import factory

from .models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.no")
    name = factory.Sequence(lambda n: f"Bruker {n}")
    password = factory.django.Password("passord-for-test-1")
