"""Uploads and generated PDFs in S3-compatible object storage (settings: MEDIA_STORAGE=s3),
so every web process and worker on every server reads and writes the same files. Imported
only when configured: boto3 is loaded by the processes that use it."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Private objects with no URL, as alisvest.uploads.PrivateStorage on disk: files are
    served only through views that check scope (alisvest.uploads.attachment_response), never
    by a link to the bucket. Names are random (alisvest.uploads.RandomName), so nothing is
    overwritten; a name taken twice gets a suffix, as on disk."""

    default_acl = "private"
    file_overwrite = False
    querystring_auth = False

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; serve them with attachment_response().")
