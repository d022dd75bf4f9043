"""More than one server: two web processes (gunicorn) and a Celery worker, each its own
process, share their files through S3-compatible object storage (moto's standalone server
on 127.0.0.1). A receipt uploaded through one web server is downloaded through the other, and
the statement PDF the worker writes is served by both, byte for byte what is in the bucket."""

import os
import sys
import uuid

import boto3
import pytest
from django.conf import settings
from django.db import connection

from scripts.deployment import Browser, Processes, free_port, wait_for_port
from scripts.smoke import PASSWORD, download, issue_statements, seed, upload_receipt

BUCKET = "alisvest-media"


def s3_env(endpoint, queue, media):
    db = connection.settings_dict  # the test database, which exists while the tests run
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
    url += f":{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TEST_QUEUE": queue,
        "MEDIA_ROOT": media,  # must stay empty: no file may land on a server's own disk
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-north-1",
        "S3_ACCESS_KEY_ID": "test-only",
        "S3_SECRET_ACCESS_KEY": "test-only",
        "MFA_REQUIRED_ROLES": "researcher",  # no TOTP step for these people
    }


def bucket(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-north-1",
        aws_access_key_id="test-only",
        aws_secret_access_key="test-only",
    )


def objects(client):
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"] for item in listed}


@pytest.mark.django_db(transaction=True)
def test_two_web_servers_and_a_worker_share_files_in_object_storage(tmp_path):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = s3_env(endpoint, f"shared-storage-{uuid.uuid4().hex}", str(tmp_path / "media"))
    with Processes() as processes:
        moto = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        wait_for_port(port, processes.start("s3", moto, env))
        client = bucket(endpoint)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        ports = {"web-1": free_port(), "web-2": free_port()}
        one, two = (processes.gunicorn(n, env, p, workers=1, wait=False) for n, p in ports.items())
        processes.worker("worker", env)
        people = seed(env)  # while the servers start
        for name, web_port in ports.items():
            processes.wait_for(name, web_port)

        manager = Browser(one)
        manager.login(people["manager"], PASSWORD)
        receipt_path, receipt = upload_receipt(manager, people["placement"])
        [receipt_key] = objects(client)
        assert client.get_object(Bucket=BUCKET, Key=receipt_key)["Body"].read() == receipt
        elsewhere = Browser(two)
        elsewhere.cookies = dict(manager.cookies)  # the same person, sent to the other server
        assert download(elsewhere, receipt_path) == receipt

        leader = Browser(one)
        leader.login(people["leader"], PASSWORD)
        [pdf_path] = issue_statements(leader)
        [pdf_key] = objects(client) - {receipt_key}  # written by the worker
        assert pdf_key.startswith("statements/") and pdf_key.endswith(".pdf")
        in_bucket = client.get_object(Bucket=BUCKET, Key=pdf_key)["Body"].read()
        assert in_bucket.startswith(b"%PDF-")
        other_leader = Browser(two)
        other_leader.cookies = dict(leader.cookies)
        assert download(leader, pdf_path) == in_bucket
        assert download(other_leader, pdf_path) == in_bucket
        assert objects(client) == {receipt_key, pdf_key}  # served, not made again
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))


def test_object_storage_files_have_no_url_and_pass_the_static_check(settings):
    from django.core.files.storage import storages

    from alisvest.storage import PrivateS3Storage
    from alisvest.uploads import check_private_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "alisvest.storage.PrivateS3Storage",
            "OPTIONS": {"bucket_name": BUCKET},
        },
    }
    storage = storages["default"]
    assert isinstance(storage, PrivateS3Storage)
    assert (storage.default_acl, storage.file_overwrite) == ("private", False)
    with pytest.raises(ValueError, match="no URL"):
        storage.url("statements/2026/a.pdf")
    assert check_private_storage(None) == []
