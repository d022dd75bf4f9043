"""GET /api/v1/tasks/: the signed-in user's to-do list, the same as the page "Oppgaver"."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from alisvest.access import OK, access
from alisvest.filters import ALWAYS_ALLOWED, refuse_unknown
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
    """What the user must do now, oldest due first; computed from the records, never stored."""

    access = {"list": access(OK)}

    @extend_schema(responses=TaskSerializer(many=True))
    def list(self, request, format=None):
        refuse_unknown(request, ALWAYS_ALLOWED)
        return Response(TaskSerializer(tasks_for(request.user), many=True).data)
