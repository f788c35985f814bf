"""Dominion's bill forecast and bills, as their peers read them.

Keys as in cx_common.py.
- `GET /Service/api/1/bill/billForecast?accountNumber&actionCode=4` (DP client.py:569-596;
  DW api.py:1335-1338) -> `data{lastBill{charges, usage, billPerdStDate, billPerdEdDate},
  billperdstdate, billperdeddate ("MM/DD/YYYY HH:MM:SS"), currentUsageKwh, tou}` (DP
  client.py:598-654; numbers as DP's tests/test_client.py:385-395 give them), `lastYear
  {charges, usage}` and `totalChange` (DW api.py:2136-2203; what `totalChange` means is not
  stated: here the charges so far this period, an ASSUMPTION). The running period "is still
  running as ending today" (DN commit 7517f8f), so its end walks forward a day at a time.
- `POST /BillingAPI/api/1/bill/current` -> `data[0]{...}` with amounts as strings and
  "MM-DD-YYYY" dates, `extension{AutoPayInd, CurrentRateCat, NextMeterReadDate,
  LastPaymentDate "MM/DD/YYYY HH:MM:SS", LastPaymentAmount, PendingPaymentAmount}` (DW
  api.py:1977-2039); `POST /BillingAPI/api/1/bill/history` -> `data[]{billDate "MM-DD-YYYY",
  dueDate "MM/DD/YYYY 00:00:00", invoiceId, billingDays, currentCharges, amountDue, status
  "Posted"}` (DW api.py:2041-2117).
- `GET /Service/api/1/bill/GetBillandInvoiceHistory?invoiceId&accountNumber` ->
  `data{contractAccount, invoiceId, zBillInvHeadtoItemNav{results[...]}}` with three-decimal
  amount strings "185.640" and "MM/DD/YYYY 00:00:00" dates (DR, a real-looking sample).
- The autopay flag, the rate category "VR-1" and the next read date (the period's end plus
  a day) are DW's sample values or derived; payments are the previous bill, paid on its due
  date (ASSUMPTION).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from simulators.sew.truth import Bill, SimAccount

from .cx_common import mdy, mdy_time

if TYPE_CHECKING:
    from simulators.sew.server.portal import SewPortal


def invoice_id(bill: Bill) -> str:
    """Return a 12-digit invoice id ("800300969893" in DR)."""
    return f"80{bill.account[-4:]}{bill.cycle_start:%Y%m}"


class DominionBills:
    """Builds the forecast and bill answers from the portal's truth."""

    def __init__(self, portal: SewPortal) -> None:
        """Keep the portal."""
        self.portal = portal

    def _usage(self, account: SimAccount, first: date, last: date) -> float:
        """Return the account's published import from first to last."""
        total = 0.0
        day = first
        while day <= last:
            for meter in account.meters:
                total += sum(
                    r.value for r in self.portal.published_hourly(meter.number, day)
                )
            day += timedelta(days=1)
        return round(total, 2)

    def _cycle_usage(self, account: SimAccount, first: date) -> float:
        """Return the account's true import over a billing cycle."""
        return round(
            sum(
                self.portal.cycle_total(m.number, first)[0]
                for m in account.meters
                if m.active
            ),
            2,
        )

    def forecast(self, account: SimAccount) -> dict[str, Any]:
        """Return billForecast's data: the last bill, last year's, the running period."""
        truth = self.portal.truth
        today = self.portal.today
        first = truth.cycle_start(today)
        used = self._usage(account, first, self.portal.latest_published_day)
        bills = self.portal.bills(account.number)
        last = bills[0] if bills else None
        year_ago = next(
            (b for b in bills if (first - b.cycle_start).days in range(350, 380)), None
        )
        last_usage = self._cycle_usage(account, last.cycle_start) if last else 0.0
        rate = last.amount / last_usage if last and last_usage else 0.0
        return {
            "lastBill": {
                "charges": last.amount if last else 0.0,
                "usage": last_usage,
                "billPerdStDate": mdy_time(last.cycle_start) if last else None,
                "billPerdEdDate": mdy_time(last.cycle_end) if last else None,
            },
            "lastYear": {
                "charges": year_ago.amount if year_ago else 0.0,
                "usage": self._cycle_usage(account, year_ago.cycle_start)
                if year_ago
                else 0.0,
            },
            "billperdstdate": mdy_time(first),
            "billperdeddate": mdy_time(today),
            "currentUsageKwh": used,
            "totalChange": round(used * rate, 2),
            "tou": "N",
        }

    def current(self, account: SimAccount) -> list[dict[str, Any]]:
        """Return bill/current's data: the newest bill, as strings."""
        bills = self.portal.bills(account.number)
        if not bills:
            return []
        bill, earlier = bills[0], bills[1] if len(bills) > 1 else None
        owed = bill.amount if self.portal.today <= bill.due_date else 0.0
        paid = earlier.amount if earlier else 0.0
        next_read = self.portal.truth.cycle_end(self.portal.today) + timedelta(days=1)
        return [
            {
                "accountNumber": account.number,
                "invoiceId": invoice_id(bill),
                "previousBalance": f"{paid:.2f}",
                "paymentReceivedDate": mdy(earlier.due_date) if earlier else "",
                "paymentReceived": f"{paid:.2f}",
                "remainingBalance": f"{owed:.2f}",
                "currentCharges": f"{bill.amount:.2f}",
                "totalAmountDue": f"{owed:.2f}",
                "billDueDate": mdy(bill.due_date),
                "pastDueAmount": "0.00",
                "extension": {
                    "AutoPayInd": "X",
                    "CurrentRateCat": "VR-1",
                    "NextMeterReadDate": mdy(next_read),
                    "LastPaymentDate": mdy_time(earlier.due_date) if earlier else "",
                    "LastPaymentAmount": f"{paid:.2f}",
                    "PendingPaymentAmount": "0.00",
                },
            }
        ]

    def history(
        self, account: SimAccount, first: date, last: date
    ) -> list[dict[str, Any]]:
        """Return bill/history's data: bills dated first..last, newest first."""
        return [
            {
                "accountNumber": account.number,
                "billDate": mdy(bill.invoice_date),
                "dueDate": mdy_time(bill.due_date),
                "invoiceId": invoice_id(bill),
                "billingDays": (bill.cycle_end - bill.cycle_start).days + 1,
                "currentCharges": f"{bill.amount:.2f}",
                "amountDue": f"{bill.amount:.2f}",
                "status": "Posted",
            }
            for bill in self.portal.bills(account.number)
            if first <= bill.invoice_date <= last
        ]

    def invoice(self, account: SimAccount, wanted: str) -> dict[str, Any] | None:
        """Return GetBillandInvoiceHistory's data for one invoice (None: unknown)."""
        bills = self.portal.bills(account.number)
        for index, bill in enumerate(bills):
            if invoice_id(bill) != wanted:
                continue
            before = bills[index + 1].amount if index + 1 < len(bills) else 0.0
            row = {
                "invoiceId": wanted,
                "invoiceDate": mdy_time(bill.invoice_date),
                "billPdStart": mdy_time(bill.cycle_start),
                "billPdEnd": mdy_time(bill.cycle_end),
                "dueDate": mdy_time(bill.due_date),
                "previousBalance": f"{before:.3f}",
                "balanceForward": "0.000",
                "payments": f"{before:.3f}",
                "totalCurrentCharges": f"{bill.amount:.3f}",
                "amountDue": f"{bill.amount:.3f}",
                "totalAccBalance": f"{bill.amount:.3f}",
            }
            return {
                "contractAccount": account.number,
                "invoiceId": wanted,
                "zBillInvHeadtoItemNav": {"results": [row]},
            }
        return None
