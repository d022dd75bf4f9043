"""What the ALIS, their supervisors and the project leader see of an assessment. A case
discussion or an observed consultation shows its answers; multi-source feedback never
shows one respondent's answers: only means per question and the comments, without names,
in alphabetical order (not the order they came in), once enough have answered."""

from ..models import Assessment, AssessorInvitation
from . import questions


def summary(assessment):
    """Reads assessment.invitations (prefetch invitations__response for a list)."""
    invitations = list(assessment.invitations.all())
    responses = [i.response for i in invitations if _answered(i)]
    base = {
        "invited": len(invitations),
        "answered": len(responses),
        "needed": assessment.responses_needed,
        "ready": len(responses) >= assessment.responses_needed,
    }
    if assessment.kind == Assessment.Kind.MULTI_SOURCE:
        return base | (_msf(assessment, responses) if base["ready"] else {})
    return base | {"responses": [_one(assessment, i) for i in invitations if _answered(i)]}


def _answered(invitation):
    try:
        return invitation.response is not None
    except AssessorInvitation.response.RelatedObjectDoesNotExist:
        return False


def _msf(assessment, responses):
    means = []
    for key, label in questions.DOMAINS[assessment.kind]:
        values = [int(r.answers[key]) for r in responses if str(r.answers.get(key, "")).isdigit()]
        mean = round(sum(values) / len(values), 1) if values else None
        means.append({"key": key, "label": str(label), "mean": mean, "count": len(values)})
    comments = sorted(
        (r.answers.get("kommentar") or "").strip()
        for r in responses
        if (r.answers.get("kommentar") or "").strip()
    )
    return {"means": means, "comments": comments}


def _one(assessment, invitation):
    answers = invitation.response.answers
    return {
        "assessor": invitation.name,
        "relation": invitation.get_relation_display(),
        "submitted_at": invitation.response.submitted_at,
        "ratings": [
            {
                "key": key,
                "label": str(label),
                "value": answers.get(key, ""),
                "display": str(questions.rating_label(assessment.kind, answers.get(key, ""))),
            }
            for key, label in questions.DOMAINS[assessment.kind]
        ],
        "texts": [
            {"key": key, "label": str(label), "text": answers.get(key, "")}
            for key, label, _required in questions.TEXTS[assessment.kind]
        ],
    }
