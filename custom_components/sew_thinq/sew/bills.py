"""The current bill (GetBill) and the billing history (GetBillingHistoryList)."""

from __future__ import annotations

from datetime import date

from .dates import parse_date
from .locale import DateOrder, Locale
from .models import Bill, BillSummary, Payment, PaymentKind
from .values import Row, field, parse_id, parse_number, parse_text


def parse_bill_summary(
    bill: Row, bills: list[Row], payments: list[Row], locale: Locale
) -> BillSummary:
    """Build the summary from GetBill's flat row and the history's rows.

    GetBill answers `{billamount, invoicenumber, rembalance, duedate, ...}` with amounts as
    decimal-comma text and `duedate` as `yyyyMMdd` (P2 cnecrea/hidroelectrica
    sensor.py:420-430, 1031-1043, 77-86).
    """
    fmt = locale.number_format
    return BillSummary(
        amount_due=parse_number(field(bill, "billamount", "AmountDue"), fmt),
        due_date=parse_date(field(bill, "duedate", "DueDate"), locale.date_order),
        balance=parse_number(field(bill, "rembalance", "Balance"), fmt),
        last_bills=_bills(bills, locale),
        payments=_payments(payments, locale),
    )


def _invoice_number(value: object) -> str | None:
    """Return an invoice number, or None for an encrypted one.

    Hidroelectrica's end with "=" (P2 sensor.py:1045-1048 hides those).
    """
    text = parse_id(value)
    return None if text is None or text.endswith("=") else text


def _bills(rows: list[Row], locale: Locale) -> tuple[Bill, ...]:
    """Read the past bills, newest first.

    Rows of `objBillingHistoryEntity`: `{amount, invoiceDate, dueDate, invoiceId}` (P1
    emanuelbesliu/homeassistant-ihidro helpers.py:80-96).
    """
    bills: list[Bill] = []
    for row in rows:
        amount = parse_number(field(row, "amount", "BillAmount"), locale.number_format)
        if amount is None:
            continue
        bills.append(
            Bill(
                amount=amount,
                due_date=parse_date(
                    field(row, "dueDate", "DueDate"), locale.date_order
                ),
                invoice_date=parse_date(
                    field(row, "invoiceDate", "BillDate"), locale.date_order
                ),
                invoice_number=_invoice_number(
                    field(row, "invoiceId", "invoiceNumber", "InvoiceNo")
                ),
            )
        )
    return tuple(
        sorted(bills, key=lambda bill: bill.invoice_date or date.min, reverse=True)
    )


def _payments(rows: list[Row], locale: Locale) -> tuple[Payment, ...]:
    """Read the payments, newest first.

    Rows of `objBillingPaymentHistoryEntity`: `{amount, paymentDate, channel}`. Payment dates
    are `dd/MM/yyyy` on Hidroelectrica (P2 sensor.py:1759), so a tenant that declares no
    order reads them day first.
    """
    order = locale.date_order or DateOrder.DAY_FIRST
    payments: list[Payment] = []
    for row in rows:
        amount = parse_number(field(row, "amount"), locale.number_format)
        if amount is None:
            continue
        channel = parse_text(field(row, "channel", "PaymentChannel")) or ""
        payments.append(
            Payment(
                amount=amount,
                paid_on=parse_date(field(row, "paymentDate", "PaymentDate"), order),
                kind=PaymentKind.COMPENSATION
                if channel.startswith("Comp ANRE")
                else PaymentKind.PAYMENT,
            )
        )
    return tuple(sorted(payments, key=lambda p: p.paid_on or date.min, reverse=True))
