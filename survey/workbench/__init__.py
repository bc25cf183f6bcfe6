"""The workbench owns what evaluators do with open answers: one coding action at a time
against the revision the page saw (`actions`), the survey's own codebook (`codebook_editor`),
double-coding samples and agreement (`double_coding`), the engine's suggestions stored
and refreshed (`suggestions`), retraining in the background (`training`), and answers cut
at span edges for highlighting (`highlight`). It is the one area, with `reports` and the
engine commands of `cli`, that hands stored answers to `analysis`."""
