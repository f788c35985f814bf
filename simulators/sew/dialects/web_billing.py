"""`BillDashboard.aspx` and `BillingHistory.aspx`: balance, unpaid invoices, bill history.

Only Hidroelectrica's and ACWD's peers read bills from this flavor (research note
web-portal.md section 5.2); their fields are served with US amounts ("123.45"). Which bill
is still unpaid is an assumption: the newest one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulators.sew.truth import Bill, SimAccount

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal


def _money(value: float) -> str:
    """Return an amount as "123.45"."""
    return f"{value:.2f}"


class WebBilling:
    """Answers the billing calls from the portal's bills."""

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal."""
        self.portal = portal

    def _newest(self, account: SimAccount) -> Bill | None:
        """Return a contract's newest issued bill."""
        bills = self.portal.bills(account.number)
        return bills[0] if bills else None

    def balance(self, account: SimAccount) -> dict[str, Any]:
        """Return LoadBilling's `d`, an object (not a JSON string).

        Request `{"IsDashboard": 1}`; ACWD2 reads `d` without decoding it and takes
        `BillDue` and `TotalBill` (sensor.py:158-159,217-226,258-262); SEW's script reads
        `response.d.ToTalBalance` (sic), a string it strips of "DR"/"CR" and passes to
        `Number()`, and `BillDue`, a date JavaScript's `Date()` parses (SCM dashboard.js
        :1030-1077). Formats of US tenants are assumptions ("123.45", "MM/DD/YYYY").
        """
        bill = self._newest(account)
        if bill is None:
            return {"ToTalBalance": "0.00", "BillDue": "", "TotalBill": "0.00"}
        return {
            "ToTalBalance": _money(bill.amount),
            "BillDue": f"{bill.due_date:%m/%d/%Y}",
            "TotalBill": _money(bill.amount),
            "BillDate": f"{bill.invoice_date:%m/%d/%Y}",
        }

    def unpaid(self, login_accounts: tuple[SimAccount, ...]) -> list[dict[str, Any]]:
        """Return BindUnpaidInvoicesdetailsinGrid's rows: the DEFAULT contract's, always.

        "does not respect the active contract switch — it returns the default
        contract's invoices regardless"; rows carry `contractAccountID` (the UAN),
        `amount`, `dueDate` DD/MM/YYYY and `overdue` (HID-W coordinator.py:204-219,
        sensor.py:333-355). A client must filter them by contract.
        """
        default = next((a for a in login_accounts if a.is_default), login_accounts[0])
        bill = self._newest(default)
        if bill is None:
            return []
        return [
            {
                "contractAccountID": default.utility_number,
                "amount": _money(bill.amount),
                "dueDate": f"{bill.due_date:%d/%m/%Y}",
                "overdue": bill.due_date < self.portal.today,
            }
        ]

    def history(self, account: SimAccount) -> list[dict[str, Any]]:
        """Return BillingHistory.aspx/LoadW2UIGridData's rows for the current contract.

        Request `{"tabType": "menu1", "fromDate": "", "toDate": "", "invoiceType": ""}`;
        rows `Date` DD/MM/YYYY, `Amount`, `invoiceType` (HID-W api.py:63-69, sensor.py
        :494-555). The invoice type text is an assumption.
        """
        return [
            {
                "Date": f"{bill.invoice_date:%d/%m/%Y}",
                "Amount": _money(bill.amount),
                "invoiceType": "Invoice",
                "InvoiceNumber": bill.invoice_number,
            }
            for bill in self.portal.bills(account.number)
        ]
