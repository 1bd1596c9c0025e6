"""`report i18n`: translations out to translators' files and back into the YAML, untouched but
for the texts that changed."""
