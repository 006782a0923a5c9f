"""Reminder mail: templates, message building, SMTP delivery, the ledger, the ``remind`` run."""
