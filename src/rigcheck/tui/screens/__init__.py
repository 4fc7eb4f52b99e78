"""One screen per step of the applicant's flow, plus help and details dialogs."""
