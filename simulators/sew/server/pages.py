"""HTML pages the platforms under SEW's services serve.

WCF help and error pages, ASP.NET Web API help and errors, IIS errors, a maintenance page.

These are the stock pages of WCF web-HTTP services, ASP.NET Web API and IIS (their markup
and wording are the frameworks' own); no SEW tenant's page was captured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import html

from aiohttp import web

_WCF_STYLE = (
    "BODY { color: #000000; background-color: white; font-family: Verdana; margin-left: 0px; "
    "margin-top: 0px; } #content { margin-left: 30px; font-size: .70em; padding-bottom: 2em; } "
    ".heading1 { background-color: #003366; border-bottom: #336699 6px solid; color: #ffffff; "
    "font-family: Tahoma; font-size: 26px; font-weight: normal;margin: 0em 0em 10px -20px; "
    "padding-bottom: 8px; padding-left: 30px;padding-top: 16px;}"
)

MAINTENANCE_PAGE = (
    "<!DOCTYPE html><html><head><title>Site Under Maintenance</title></head><body>"
    "<h1>We'll be back soon!</h1><p>Our customer portal is undergoing scheduled maintenance."
    "</p></body></html>"
)
IIS_500_PAGE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html xmlns="http://www.w3.org/1999/xhtml">'
    '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>'
    '<title>500 - Internal server error.</title></head><body><div id="header"><h1>Server Error</h1>'
    '</div><div id="content"><div class="content-container"><fieldset><h2>500 - Internal server '
    "error.</h2><h3>There is a problem with the resource you are looking for, and it cannot be "
    "displayed.</h3></fieldset></div></div></body></html>"
)
LANDING_PAGE = (
    "<!DOCTYPE html><html><head><title>Customer Portal</title></head>"
    "<body><h1>Welcome to your utility's customer portal</h1></body></html>"
)


def wcf_page(title: str, body: str) -> str:
    """Return a page in the WCF web-HTTP service style."""
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\r\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\r\n  <head>\r\n'
        f"    <title>{html.escape(title)}</title>\r\n    <style>{_WCF_STYLE}</style>\r\n"
        f'  </head>\r\n  <body>\r\n    <div id="content">\r\n{body}\r\n    </div>\r\n'
        "  </body>\r\n</html>"
    )


def wcf_request_error(exception_message: str, stack: str) -> str:
    """Return WCF's "Request Error" page, with the detail a debug-enabled service shows."""
    return wcf_page(
        "Request Error",
        '      <p class="heading1">Request Error</p>\r\n'
        "      <p>The server encountered an error processing the request. The exception message "
        f"is '{html.escape(exception_message)}'. See server logs for more details. The exception "
        f"stack trace is: </p>\r\n      <p>{html.escape(stack)}</p>",
    )


def wcf_help(service_url: str, operations: Iterable[str]) -> str:
    """Return a WCF service's `/help` page."""
    rows = "".join(
        f'<tr><td><a rel="operation" href="help/operations/{op}">{op}</a></td>'
        f'<td><a href="help/operations/{op}">POST</a></td>'
        f"<td>Service at {html.escape(service_url)}/{op}</td></tr>"
        for op in operations
    )
    return wcf_page(
        f"Operations at {service_url}",
        f'      <p class="heading1">Operations at {html.escape(service_url)}</p>'
        "<p>This page describes the service operations at this endpoint.</p>"
        f"<table><tr><th>Uri</th><th>Method</th><th>Description</th></tr>{rows}</table>",
    )


def wcf_not_found() -> web.Response:
    """Answer WCF's "Endpoint not found." page."""
    return web.Response(
        status=404,
        text=wcf_page(
            "Service",
            '      <p class="heading1">Service</p><p xmlns="">Endpoint not found.</p>',
        ),
        content_type="text/html",
    )


def web_api_help(root: str, operations: Mapping[str, Iterable[str]]) -> str:
    """Return the ASP.NET Web API help page listing `root/<Module>/<Method>` calls."""
    sections = "".join(
        f'<h2 id="{module}">{module}</h2><table class="help-page-table"><thead><tr>'
        "<th>API</th><th>Description</th></tr></thead><tbody>"
        + "".join(
            f'<tr><td class="api-name"><a href="/API/Help/Api/POST-{root}-{module}-{op}">'
            f"POST {root}/{module}/{op}</a></td><td class='api-documentation'><p>"
            "No documentation available.</p></td></tr>"
            for op in ops
        )
        + "</tbody></table>"
        for module, ops in operations.items()
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n    <meta charset="utf-8" />\n'
        "    <title>ASP.NET Web API Help Page</title>\n</head>\n<body>\n"
        '<header class="help-page"><div class="content-wrapper"><div class="float-left">'
        "<h1>ASP.NET Web API Help Page</h1></div></div></header>\n"
        f'<div id="body" class="help-page"><section class="content-wrapper main-content clear-fix">'
        f"{sections}</section></div>\n</body>\n</html>"
    )


def web_api_not_found(url: str) -> web.Response:
    """Answer 404 as ASP.NET Web API does for a path no controller serves."""
    return web.json_response(
        {
            "Message": f"No HTTP resource was found that matches the request URI '{url}'."
        },
        status=404,
    )


def web_api_unauthorized() -> web.Response:
    """Answer 401 as ASP.NET Web API's authorization filter does."""
    return web.json_response(
        {"Message": "Authorization has been denied for this request."}, status=401
    )
