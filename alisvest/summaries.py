"""Heavy summaries cached until the data they are drawn from changes.

A summary names the models it reads. Each model has a version token in the cache, replaced
whenever one of its rows is saved or deleted (post_save/post_delete, and again when the
transaction commits, so a reader between the write and the commit cannot keep a stale
number under the new token). The summary's key holds the tokens of all its models, so a
write makes every summary that read the model compute afresh on its next request, while
summaries of untouched data stay cached. Reading the tokens is one cache round trip and no
database query, so a cached page makes the same queries at any size of data.

Writes that skip the model's signals (queryset.update(), raw SQL) must call touch(model)."""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

LIFETIME = 24 * 3600  # a summary nobody asks for leaves the cache after a day
_watched = set()


def _token_key(model):
    return f"summary-version:{model._meta.label_lower}"


def touch(model):
    """A new version of the model's data: every summary that read it computes afresh."""
    key = _token_key(model)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def _changed(sender, **kwargs):
    touch(sender)


def watch(*models):
    """Replace the models' tokens on every save and delete (idempotent)."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"summaries:{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)


def versions(models):
    """The current tokens of the models, one cache round trip (new ones where missing)."""
    keys = [_token_key(model) for model in models]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = uuid.uuid4().hex
            cache.add(key, found[key], None)
            found[key] = cache.get(key, found[key])  # another process may have won add()
    return [found[key] for key in keys]


def cached(name, models, compute, *parts):
    """compute(), kept until one of the models changes; `parts` tell summaries of the same
    name apart (the programmes, the year …) and must be str()-able."""
    watch(*models)
    tokens = hashlib.sha256(":".join(versions(models)).encode()).hexdigest()[:32]
    key = ":".join(["summary", name, *map(str, parts), tokens])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LIFETIME)
    return value
