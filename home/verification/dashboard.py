"""The dashboard warns staff when verification codes run short for the day: past the budget,
residents cannot register online, start a quiz or send a named suggestion until midnight."""

from wagtail.admin.ui.components import Component

from . import services

# Staff are told from this share of the budget on, while there is still time to act.
WARN_FROM = 0.8


class VerificationBudgetPanel(Component):
    name = "verification_budget"
    template_name = "home/admin/verification_budget_panel.html"
    order = 80

    def __init__(self, sent: int, budget: int):
        self.sent, self.budget = sent, budget

    @classmethod
    def if_needed(cls) -> "VerificationBudgetPanel | None":
        sent, budget = services.sent_today(), services.daily_budget()
        return cls(sent, budget) if sent >= budget * WARN_FROM else None

    def get_context_data(self, parent_context=None):
        return {"sent": self.sent, "budget": self.budget, "spent": self.sent >= self.budget}
