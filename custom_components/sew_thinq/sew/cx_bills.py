"""A CX tenant's current bill and bill history, read into one summary.

Both tenants answer `data` with `remainingBalance` on the current bill and history rows
`{billDate, dueDate, invoiceId, amountDue}` (cx_alliant.py and cx_dominion.py cite their
sources); the other names differ per tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .cx_transport import us_date
from .models import Account, Bill, BillSummary
from .values import Row, field, parse_id, parse_number, rows_of

# How far back the history is asked.
BILL_HISTORY = timedelta(days=550)


@dataclass(frozen=True, slots=True)
class BillNames:
    """Where a tenant's bill answers hold each value: the first name present counts."""

    amount: tuple[str, ...]
    invoice_date: tuple[str, ...]
    amount_due: tuple[str, ...]
    due_date: tuple[str, ...]


def history_window(account: Account) -> tuple[date, date]:
    """Return the first and the last day of the history asked: a year and a half."""
    today = datetime.now(account.time_zone).date()
    return today - BILL_HISTORY, today


def bill_summary(bill: Row, history: Row, names: BillNames) -> BillSummary:
    """Return the current bill and the history's bills, the latest first."""
    bills = [
        Bill(
            amount=amount,
            due_date=us_date(field(row, "dueDate")),
            invoice_date=us_date(field(row, *names.invoice_date)),
            invoice_number=parse_id(field(row, "invoiceId")),
        )
        for row in rows_of(field(history, "data"), "the bills")
        if (amount := parse_number(field(row, *names.amount))) is not None
    ]
    return BillSummary(
        amount_due=parse_number(field(bill, *names.amount_due)),
        due_date=us_date(field(bill, *names.due_date)),
        balance=parse_number(field(bill, "remainingBalance")),
        last_bills=tuple(
            sorted(bills, key=lambda b: b.invoice_date or date.min, reverse=True)
        ),
    )
