"""The pages of calls and applications: calls (list, form, detail, starting an application
and signing up for the meeting), applications (form, detail, withdrawal, PDFs), reviews
(scores and the project leaders' and steering group's actions), attachments and exports."""
