"""A signed review is frozen in the database too, for code that bypasses save(): the
supervisor's texts and the period once anyone has signed, the ALIS's comment once the ALIS
has signed, and a signature is never changed."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION supervision_review_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM supervision_reviewsignature WHERE review_id = OLD.id) AND (
        NEW.placement_id, NEW.number, NEW.period_start, NEW.period_end, NEW.version,
        NEW.summary, NEW.plan_next, NEW.supersedes_id
    ) IS DISTINCT FROM (
        OLD.placement_id, OLD.number, OLD.period_start, OLD.period_end, OLD.version,
        OLD.summary, OLD.plan_next, OLD.supersedes_id
    ) THEN
        RAISE EXCEPTION 'supervision_progressreview_frozen: a signed review changes only by a new version';
    END IF;
    IF EXISTS (
        SELECT 1 FROM supervision_reviewsignature WHERE review_id = OLD.id AND role = 'alis'
    ) AND NEW.alis_comment IS DISTINCT FROM OLD.alis_comment THEN
        RAISE EXCEPTION 'supervision_progressreview_frozen: the ALIS has signed the comment';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER supervision_progressreview_frozen BEFORE UPDATE ON supervision_progressreview
    FOR EACH ROW EXECUTE FUNCTION supervision_review_frozen();

CREATE FUNCTION supervision_signature_unchanged() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'supervision_reviewsignature_unchanged: a signature is never changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER supervision_reviewsignature_unchanged BEFORE UPDATE ON supervision_reviewsignature
    FOR EACH ROW EXECUTE FUNCTION supervision_signature_unchanged();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS supervision_progressreview_frozen ON supervision_progressreview;
DROP FUNCTION IF EXISTS supervision_review_frozen();
DROP TRIGGER IF EXISTS supervision_reviewsignature_unchanged ON supervision_reviewsignature;
DROP FUNCTION IF EXISTS supervision_signature_unchanged();
"""


class Migration(migrations.Migration):
    dependencies = [("supervision", "0006_reviews_and_evaluations")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
