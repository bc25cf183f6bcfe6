"""Fielding owns getting a questionnaire in front of respondents and watching it come
back: questionnaire files read into frozen dataclasses (`questionnaire`), the WTForms
classes built from them (`forms`), importing bundled questionnaires and the first-admin
link (`bootstrap`), invitation lists and links (`invitations`), e-mail (`mailer`),
response rates (`monitoring`) and the demo survey (`demo`)."""
