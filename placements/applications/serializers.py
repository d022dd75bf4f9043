"""What the applications API reads and writes: calls, applications, corrections,
decisions, votes, reviews and the question-and-answer thread."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from placements.applications.forms import ApplicationForm
from placements.applications.models import (
    Application,
    ApplicationAttachment,
    Call,
    CallCorrection,
    Decision,
    InfoRequest,
    Review,
    Vote,
)
from placements.municipalities.models import Equipment


class CallSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    posts_granted = serializers.IntegerField(read_only=True)
    posts_left = serializers.SerializerMethodField()

    def get_posts_left(self, call) -> int:
        return max(call.posts_offered - call.posts_granted, 0)

    class Meta:
        model = Call
        fields = [
            "id",
            "programme",
            "title",
            "description",
            "target_counties",
            "posts_offered",
            "posts_granted",
            "posts_left",
            "deadline",
            "meeting_at",
            "meeting_place",
            "meeting_signup_deadline",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at"]


def _verbose(name):
    return Application._meta.get_field(name).verbose_name


class ApplicationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="number", read_only=True)
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=Equipment.choices), required=False
    )
    attachments = AttachmentSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "municipality",
            "status",
            *Application.ANSWER_FIELDS,
            "submitted_at",
            "recommendation",
            "posts_granted",
            "conditions",
            "decided_at",
            "attachments",
            "missing",
        ]
        read_only_fields = [
            "call",
            "status",
            "submitted_at",
            "recommendation",
            "posts_granted",
            "conditions",
            "decided_at",
        ]
        # DRF turns the model's range validators into its own; keep their messages.
        extra_kwargs = {
            name: {"error_messages": limit.error_messages(_verbose(name))}
            for name, limit in ApplicationForm.UNUSUAL.items()
        }

    def get_missing(self, obj) -> list[str]:
        return [str(m) for m in obj.missing()]

    def validate_centre(self, centre):
        if centre is not None and centre.municipality_id != self.instance.municipality_id:
            raise serializers.ValidationError(_("Velg et legesenter i kommunen som søker."))
        return centre


class CallCorrectionInputSerializer(serializers.Serializer):
    reason = serializers.CharField()
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    posts_offered = serializers.IntegerField(required=False, min_value=1)
    deadline = serializers.DateTimeField(required=False)


class CallCorrectionSerializer(serializers.ModelSerializer):
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = CallCorrection
        fields = ["id", "changed_at", "changed_by", "reason", "changes"]


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.Outcome.choices)
    posts = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    meeting_date = serializers.DateField()
    reason = serializers.CharField()
    conditions = serializers.CharField(required=False, allow_blank=True)
    correction_reason = serializers.CharField(required=False, allow_blank=True)


class DecisionSerializer(serializers.ModelSerializer):
    decision = serializers.CharField(source="outcome")
    decided_by = serializers.StringRelatedField()
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "application",
            "decision",
            "posts",
            "posts_requested",
            "meeting_date",
            "reason",
            "conditions",
            "decided_by",
            "decided_at",
            "is_current",
            "letter_version",
            "supersedes",
            "superseded_by",
            "correction_reason",
        ]

    def get_superseded_by(self, decision) -> int | None:
        newer = getattr(decision, "superseded_by", None)
        return newer.pk if newer else None


class VoteSerializer(serializers.ModelSerializer):
    member = serializers.StringRelatedField()

    class Meta:
        model = Vote
        fields = ["id", "member", "vote", "comment", "cast_at"]
        read_only_fields = ["cast_at"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.StringRelatedField()
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "application", "reviewer", *Review.CRITERIA, "total"]
        fields += ["recommendation", "comment", "updated_at"]
        read_only_fields = ["application", "reviewer", "updated_at"]


class InfoRequestSerializer(serializers.ModelSerializer):
    asked_by = serializers.StringRelatedField()
    answered_by = serializers.StringRelatedField()

    class Meta:
        model = InfoRequest
        fields = [
            "id",
            "question",
            "asked_by",
            "asked_at",
            "answer",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = ["asked_at", "answer", "answered_at"]


class ApplicationVersionSerializer(serializers.Serializer):
    """One version of an application's answers (a row of its history)."""

    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    status = serializers.CharField()
    changed_by = serializers.StringRelatedField(source="history_user")


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class ChangesSerializer(serializers.Serializer):
    base = ApplicationVersionSerializer(allow_null=True)
    current = ApplicationVersionSerializer(allow_null=True)
    changes = ChangeSerializer(many=True)
