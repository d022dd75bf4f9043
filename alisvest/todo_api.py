"""GET /api/v1/tasks/: the signed-in user's to-do list, the same as the page "Oppgaver"."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from alisvest.access import OK, access
from alisvest.filters import allowed_params, refuse_unknown
from alisvest.pagination import Pagination
from alisvest.todo import tasks_for


class TaskObjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="<app_label>.<model>")
    id = serializers.IntegerField()


class TaskSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page where the task is done.")
    due = serializers.DateField(allow_null=True)
    object = serializers.SerializerMethodField()

    def get_object(self, task) -> TaskObjectSerializer:
        return {"type": task.object_type, "id": task.object_id}


class TaskViewSet(viewsets.ViewSet):
    """What the user must do now, oldest due first; computed from the records, never stored.
    Paged like every list (`?limit=&offset=`, 50 at a time): a national project leader has
    hundreds."""

    access = {"list": access(OK)}
    # A plain ViewSet (the tasks are no model's rows) with the list's paginator, which the
    # schema reads from here.
    pagination_class = Pagination

    @extend_schema(responses=TaskSerializer(many=True))
    def list(self, request, format=None):
        self.paginator = self.pagination_class()
        refuse_unknown(request, allowed_params(self))
        page = self.paginator.paginate_queryset(tasks_for(request.user), request, view=self)
        return self.paginator.get_paginated_response(TaskSerializer(page, many=True).data)
