"""The web layer: one blueprint per area of the app — `respond` (respondents' pages),
`auth` (sign-in, first administrator, passwords), `admin` (surveys, invitations, mail,
imports, exports), `users` (colleagues' accounts: invitations, roles, surveys,
new-password links, disabling), `responses` (the response browser), `coding` (the workbench grid,
actions, queue, memos, retraining), `codebook` (the editor), `agreement` (samples,
agreement, consensus), `privacy` (retention, names, requests, audit log), `reports` and
`health`. Views parse requests and render templates; the work itself is done by the
area packages, and what several views share sits in `common`. Blueprints never import
the coding engine or write SQL."""
