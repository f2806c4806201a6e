"""The suggestion queue in the Wagtail admin (意见建议办理).

Staff find cases in the listing, in the order they are due (filters, search, and an export for
those allowed to see phone numbers), accept or assign several at once with the bulk actions,
work each one on its case screen, and see on the dashboard what waits for them.
Like the public views, these only translate: every change is a call into the services, and a
SuggestionError becomes a message on the page (status 400), never a 500. The hooks that put the
queue in the admin are in discussions.wagtail_hooks.
"""
