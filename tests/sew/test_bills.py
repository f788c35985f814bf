"""GetBill's flat result and the billing history, in Hidroelectrica's formats."""

from __future__ import annotations

from datetime import date

from custom_components.sew_thinq.sew import DateOrder, Locale, NumberFormat, PaymentKind
from custom_components.sew_thinq.sew.bills import parse_bill_summary

RO = Locale(NumberFormat.DECIMAL_COMMA, DateOrder.DAY_FIRST, "RO")


def test_current_bill() -> None:
    """The current bill in Hidroelectrica's formats.

    `{billamount, invoicenumber, rembalance, duedate}`: decimal-comma amounts, `duedate`
    yyyyMMdd, an encrypted invoice number (cnecrea/hidroelectrica sensor.py:420-430,
    1031-1048, 77-86). Values invented in those formats.
    """
    bill = {
        "billamount": "1.234,56",
        "invoicenumber": "q83vEjL0bEhYQeR4Zq5w6g==",
        "rembalance": "245,67",
        "duedate": "20260316",
        "Table1": None,
        "objResponseProxy": None,
    }
    summary = parse_bill_summary(bill, [], [], RO)
    assert summary.amount_due == 1234.56
    assert summary.balance == 245.67
    assert summary.due_date == date(2026, 3, 16)
    assert summary.last_bills == ()


def test_history_and_payments() -> None:
    """Past bills and payments, newest first.

    Bills `{amount, invoiceDate, dueDate, invoiceType, exbel, invoiceId}` and payments
    `{amount, paymentDate, channel, type, status}`; payment dates `dd/MM/yyyy`, "Comp
    ANRE" channels are compensations (emanuelbesliu/homeassistant-ihidro helpers.py:80-96,
    447-498; cnecrea/hidroelectrica sensor.py:1759).
    """
    bills = [
        {
            "amount": "347,94",
            "invoiceDate": "02/05/2026 00:00:00",
            "dueDate": "02/20/2026 00:00:00",
            "invoiceType": "Factura",
            "exbel": "",
            "invoiceId": "1234567890",
        },
        {
            "amount": "1.020,10",
            "invoiceDate": "03/05/2026 00:00:00",
            "dueDate": "03/20/2026 00:00:00",
            "invoiceId": "ZmFrZQ==",
        },
        {"amount": None, "invoiceDate": "01/05/2026 00:00:00"},
    ]
    payments = [
        {"amount": "347,94", "paymentDate": "15/02/2026", "channel": "Incasari-Card"},
        {"amount": "12,30", "paymentDate": "03/03/2026", "channel": "Comp ANRE-01"},
    ]
    summary = parse_bill_summary(
        {}, bills, payments, Locale(NumberFormat.DECIMAL_COMMA)
    )
    assert summary.amount_due is None
    assert summary.due_date is None
    newest, older = summary.last_bills
    assert (newest.amount, newest.invoice_date, newest.due_date) == (
        1020.10,
        date(2026, 3, 5),
        date(2026, 3, 20),
    )
    assert newest.invoice_number is None
    assert (older.amount, older.invoice_number) == (347.94, "1234567890")
    compensation, payment = summary.payments
    assert (compensation.amount, compensation.paid_on, compensation.kind) == (
        12.30,
        date(2026, 3, 3),
        PaymentKind.COMPENSATION,
    )
    assert (payment.paid_on, payment.kind) == (date(2026, 2, 15), PaymentKind.PAYMENT)


def test_payments_without_amount_are_skipped() -> None:
    """A payment row without an amount is no payment."""
    summary = parse_bill_summary({}, [], [{"amount": ""}], RO)
    assert summary.payments == ()
