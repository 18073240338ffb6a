from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are invited by a beheerder or a programmaleider."""

    def is_open_for_signup(self, request):
        return False
