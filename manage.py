#!/usr/bin/env python
"""Django's command-line utility for the Regio Portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 (after the settings variable, as Django generates it)

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
