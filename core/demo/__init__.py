"""What only the zero-service demo uses (config.settings.demo and config.urls_demo): a local mailbox that keeps
every e-mail the site sends, and the daily chores a real deployment leaves to Celery beat. Nothing here is
configured or routed under any other settings."""
