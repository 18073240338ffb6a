"""What every app shares: the user model, access plumbing, MFA enforcement, the audit
log wiring and the generic file-import machinery (upload, preview, confirm)."""
