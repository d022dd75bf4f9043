"""Programmes from the browser: a project leader creates and edits a programme (its rule
set, supervision rule and minimum), invites its people, and each user switches between the
programmes they take part in."""
