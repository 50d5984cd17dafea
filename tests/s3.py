"""A real S3 server for the tests: moto's server mode on 127.0.0.1, and the project's
STORAGES pointed at a fresh bucket on it exactly as AWS_STORAGE_BUCKET_NAME does in
production (cms_site/settings/storage.py)."""

import itertools
import os
from dataclasses import dataclass
from urllib.parse import quote

import boto3
import requests

from cms_site.settings import storage

REGION = "us-east-1"
ACCESS_KEY = "khedmat-test"  # moto accepts any pair
SECRET_KEY = "khedmat-test-secret"
_BUCKETS = itertools.count(1)


def s3_client(endpoint: str, *, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
    """A boto3 client of the local S3 server at `endpoint`, signing with the key pair."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        region_name=REGION,
    )


@dataclass
class S3:
    """The test's bucket on the local S3 server, seen from outside the app."""

    endpoint: str
    bucket: str

    @property
    def client(self):
        return s3_client(self.endpoint)

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def anonymous_get(self, key: str) -> requests.Response:
        """GET on the object's plain URL, as anyone on the network could try it."""
        return requests.get(f"{self.endpoint}/{self.bucket}/{quote(key)}", timeout=10)


def s3_environment(endpoint: str) -> tuple[dict, str]:
    """The environment an operator sets, for a new bucket; and the bucket's name."""
    bucket = f"khedmat-test-{os.getpid()}-{next(_BUCKETS)}"
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_REGION_NAME": REGION,
    }, bucket


def s3_storages(local: dict) -> dict:
    """settings.STORAGES as the settings module builds it from the environment."""
    return storage.storages_configure(local, max_memory_size=1_048_576)
