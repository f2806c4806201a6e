"""The suggestion queue in the Wagtail admin (意见建议办理)."""
