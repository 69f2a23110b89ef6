"""The API is a contract: every operation keeps its path, method, operation id, parameters,
request body and answers (with every schema reference resolved, so renaming a serializer
changes nothing). New operations may be added; a changed one fails this test unless it is
listed in CHANGED with the reason.

After an intended change: `UPDATE_API_CONTRACT=1 pytest tests/api/test_contract.py` rewrites
the recorded contract (tests/api/openapi_contract.json); the diff is then reviewed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

CONTRACT = Path(__file__).with_name("openapi_contract.json")
METHODS = ("get", "post", "put", "patch", "delete")
# Words for people, not shape: they may be reworded freely.
PROSE = {"description", "title", "summary", "examples", "example"}

# "METHOD /path": why the recorded contract no longer holds for it.
_MASKED_MOBILE = (
    "fix: a masked mobile number (138****0001) in an answer is documented (#11 fuzzing)"
)
_PROPOSAL_FIELDS = (
    "addition: a proposal answers `help_requested` (its proposer showed the draft to the "
    "committee) and `on_paper` (entered by the committee from paper) (#13 §2)"
)
_REP_ACTIONS = (
    "addition: rep_action also takes ask_help / withdraw_help (a draft shown to the "
    "committee for help), and the proposal answers help_requested / on_paper (#13 §2)"
)
_BALLOT_FIELDS = (
    "addition: a ballot answers `present` (signed in at its session) and mode takes "
    "`mixed` (phones and paper in one ballot) (#13 §2)"
)
_ACTIVITY_VOUCHER = (
    "addition: a cadre's activity answers `voucher` ({number, date, state, state_display} "
    "of the payout voucher that books its actual cost, or null); recording a cost posts "
    "it to the books, and a refusal of the books is a 400 on `actual_cost` (#14 item 2)"
)
_AID_VOUCHERS = (
    "changed: aid's money is booked in the books (#14 item 2): a payment's `voucher_no` is "
    "its payout voucher's number (记-0007, null if the books hold none), with "
    "`voucher_state`, `fund` from the voucher's bank line (nullable), `reversed_on` and the "
    "红字 voucher's `reversal_voucher_no` / `reversal_voucher_state`; an enrolment's "
    "`voucher_no` is its receipt voucher's (nullable), with `voucher_state`"
)
_FUNDS_BOOKS = (
    "changed: a fund is a view of the books (#14 item 2): an entry is the fund's line in the "
    "books (its id is the voucher line's) and answers its voucher (`voucher`, `voucher_no` "
    "记-0007 numbered per month across the union, `state`, `posted`), the counter accounts "
    "(`accounts`) and `can_reverse`; `reverses`/`reversed_by` are voucher numbers and a "
    "reversal is a 红字 voucher (negative on its original's side); income and payout take an "
    "optional `account` (a leaf of the chart) and `source` holds 40 characters; a "
    "reversal's reason holds 120; a ledger row carries its `balance` as before"
)
_CASHIER_ROLE = "addition: the role enum takes `cashier` (出纳, #14 item 12)"
_VOUCHER_CONCERNS = (
    "addition: a voucher answers `concerns` and `override_reason` (what a budget line or a "
    "spending rule objected to and why it went ahead); submit takes an optional "
    "`override_reason`, a concern without one is a 400 on it (#14 items 6–7)"
)
_FUND_KIND_LABEL = "addition: a fund answers `kind_display` beside `kind`"
_PLAN_SCHOOL_YEAR = (
    "addition: a plan answers `start_month` (9: a school year, September to August) and an "
    "edit takes it; an import takes `as_kind` (a summary or report is refused as a plan "
    'unless it is "plan") (#15 §3, §5)'
)
_TASK_ORIGIN = (
    "addition: a task answers `origin`, `origin_display`, `origin_note` and `drafted_from` "
    "(a task of next year's plan drafted from this year's: 延续/常规/新增, #15 §7)"
)
_ASSIGNMENT_FOLLOWUPS = (
    "addition: an assignment answers `withdrawn_reason` and `plan_task` (the task of the "
    "sender's own plan it passes down), its status takes `withdrawn`; an answer answers "
    "`records` (the union's records linked as proof of a task) (#16 items 2 and 6)"
)
_ROLLUP_COMPUTED_AT = (
    "addition: the roll-up answers `computed_at` (when a large tree's kept figures were "
    "computed; null when rolled up live) (#16 item 7)"
)
CHANGED: dict[str, str] = {
    **dict.fromkeys(
        [
            "GET /api/v1/orgs/{org_code}/assignments/inbox/",
            "GET /api/v1/orgs/{org_code}/assignments/inbox/{target_id}/",
            "GET /api/v1/orgs/{org_code}/assignments/sent/",
            "GET /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/",
            "GET /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/board/",
            "GET /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/unions/{target_id}/",
            "PATCH /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/",
            "POST /api/v1/orgs/{org_code}/assignments/inbox/{target_id}/save/",
            "POST /api/v1/orgs/{org_code}/assignments/inbox/{target_id}/submit/",
            "POST /api/v1/orgs/{org_code}/assignments/sent/",
            "POST /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/send/",
            "POST /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/unions/{target_id}/accept/",
            "POST /api/v1/orgs/{org_code}/assignments/sent/{assignment_id}/unions/{target_id}/return/",
        ],
        _ASSIGNMENT_FOLLOWUPS,
    ),
    "GET /api/v1/orgs/{org_code}/upper/unions/{year}/": _ROLLUP_COMPUTED_AT,
    "POST /api/v1/orgs/{org_code}/welfare/rules/lines/": (
        "fix: a monthly poverty line takes at most 8 digits, as its column (found by fuzzing)"
    ),
    "GET /api/v1/me/": _CASHIER_ROLE,
    "GET /api/v1/orgs/{org_code}/roles/": _CASHIER_ROLE,
    "POST /api/v1/orgs/{org_code}/roles/": _CASHIER_ROLE,
    "GET /api/v1/orgs/{org_code}/finance/vouchers/": _VOUCHER_CONCERNS,
    "GET /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/": _VOUCHER_CONCERNS,
    "PATCH /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/post/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/reject/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/reverse/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/review/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/submit/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/vouchers/{voucher_id}/void/": _VOUCHER_CONCERNS,
    "POST /api/v1/orgs/{org_code}/finance/years/{year}/closing-entries/": _VOUCHER_CONCERNS,
    "GET /api/v1/orgs/{org_code}/funds/": _FUND_KIND_LABEL,
    "GET /api/v1/orgs/{org_code}/funds/{fund_id}/": _FUND_KIND_LABEL,
    "POST /api/v1/orgs/{org_code}/funds/": _FUND_KIND_LABEL,
    "POST /api/v1/orgs/{org_code}/funds/{fund_id}/active/": _FUND_KIND_LABEL,
    "GET /api/v1/orgs/{org_code}/plans/": _PLAN_SCHOOL_YEAR,
    "GET /api/v1/orgs/{org_code}/plans/{plan_id}/": _PLAN_SCHOOL_YEAR,
    "PATCH /api/v1/orgs/{org_code}/plans/{plan_id}/": _PLAN_SCHOOL_YEAR,
    "POST /api/v1/orgs/{org_code}/plans/": _PLAN_SCHOOL_YEAR,
    "POST /api/v1/orgs/{org_code}/plans/{plan_id}/archive/": _PLAN_SCHOOL_YEAR,
    "GET /api/v1/orgs/{org_code}/funds/entries/{fund_entry_id}/": _FUNDS_BOOKS,
    "GET /api/v1/orgs/{org_code}/funds/{fund_id}/ledger/{year}/": _FUNDS_BOOKS,
    "POST /api/v1/orgs/{org_code}/funds/entries/{fund_entry_id}/reverse/": _FUNDS_BOOKS,
    "POST /api/v1/orgs/{org_code}/funds/{fund_id}/income/": _FUNDS_BOOKS,
    "POST /api/v1/orgs/{org_code}/funds/{fund_id}/payout/": _FUNDS_BOOKS,
    "GET /api/v1/orgs/{org_code}/aid/applications/{application_id}/": _AID_VOUCHERS,
    "GET /api/v1/orgs/{org_code}/aid/claims/{claim_id}/": _AID_VOUCHERS,
    "GET /api/v1/orgs/{org_code}/aid/rounds/{round_id}/applications/": _AID_VOUCHERS,
    "GET /api/v1/orgs/{org_code}/aid/schemes/{scheme_id}/claims/": _AID_VOUCHERS,
    "GET /api/v1/orgs/{org_code}/aid/schemes/{scheme_id}/enrolments/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/applications/{application_id}/decide/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/applications/{application_id}/pay/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/claims/{claim_id}/decide/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/claims/{claim_id}/pay/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/claims/{claim_id}/review/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/payments/{aid_payment_id}/reverse/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/rounds/{round_id}/applications/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/schemes/{scheme_id}/claims/": _AID_VOUCHERS,
    "POST /api/v1/orgs/{org_code}/aid/schemes/{scheme_id}/enrolments/": _AID_VOUCHERS,
    "GET /api/v1/orgs/{org_code}/democracy/me/": _PROPOSAL_FIELDS,
    "GET /api/v1/orgs/{org_code}/democracy/me/proposals/": _PROPOSAL_FIELDS,
    "GET /api/v1/orgs/{org_code}/democracy/me/proposals/{proposal_id}/": _PROPOSAL_FIELDS,
    "GET /api/v1/orgs/{org_code}/democracy/proposals/": _PROPOSAL_FIELDS,
    "GET /api/v1/orgs/{org_code}/democracy/proposals/report/": _PROPOSAL_FIELDS,
    "GET /api/v1/orgs/{org_code}/democracy/proposals/{proposal_id}/": (
        "addition: help_requested / on_paper; a draft whose proposer asked the committee "
        "for help is answered to the committee (other drafts stay 404) (#13 §2)"
    ),
    "PATCH /api/v1/orgs/{org_code}/democracy/me/proposals/{proposal_id}/": _PROPOSAL_FIELDS,
    "POST /api/v1/orgs/{org_code}/democracy/me/proposals/": _PROPOSAL_FIELDS,
    "POST /api/v1/orgs/{org_code}/democracy/me/proposals/{proposal_id}/{rep_action}/": (
        _REP_ACTIONS
    ),
    "POST /api/v1/orgs/{org_code}/democracy/proposals/{proposal_id}/{proposal_action}/": (
        _PROPOSAL_FIELDS
    ),
    "GET /api/v1/orgs/{org_code}/voting/ballots/": _BALLOT_FIELDS,
    "GET /api/v1/orgs/{org_code}/voting/ballots/{ballot_id}/": _BALLOT_FIELDS,
    "GET /api/v1/orgs/{org_code}/voting/ballots/{ballot_id}/vote/": _BALLOT_FIELDS,
    "POST /api/v1/orgs/{org_code}/voting/ballots/{ballot_id}/{ballot_action}/": _BALLOT_FIELDS,
    "POST /api/v1/orgs/{org_code}/voting/ballots/": (
        "addition: optional `session_id` (the electorate, the people present and all "
        "representatives come from that congress session's sign-in), optional `present`, "
        "mode `mixed`; `total_electorate` is optional when `session_id` is given (#13 §2)"
    ),
    "GET /api/v1/orgs/{org_code}/members/{member_id}/": _MASKED_MOBILE,
    "PATCH /api/v1/orgs/{org_code}/members/{member_id}/": _MASKED_MOBILE,
    "POST /api/v1/orgs/{org_code}/members/{member_id}/{action}/": _MASKED_MOBILE,
    "POST /api/v1/orgs/{org_code}/members/": _MASKED_MOBILE,
    "POST /api/v1/orgs/{org_code}/plans/{plan_id}/accept/": (
        "addition: an optional body {replace: bool}; without it, accepting a second plan of "
        "the same union and year is refused with 400 naming the accepted one (#13 §7)"
    ),
    "GET /api/v1/orgs/{org_code}/welfare/reminders/": (
        "changed: the reminders come a page at a time ({count, next, previous, results}, "
        "?page=, ?kind=) instead of one list of all (a district's month was 84,000 rows), "
        "and an upper union reads up to 31 days ahead (#13 §9)"
    ),
    "GET /api/v1/orgs/{org_code}/welfare/visits/": (
        "changed: visits come a page at a time ({count, next, previous, results}, ?page=, "
        "50 a page) instead of one list of up to 1,000; ?year=, ?occasion=, ?member= are "
        "documented (#13 §9, findings: unbounded)"
    ),
    "GET /api/v1/orgs/{org_code}/activities/": _ACTIVITY_VOUCHER,
    "GET /api/v1/orgs/{org_code}/activities/{activity_id}/": _ACTIVITY_VOUCHER,
    "PATCH /api/v1/orgs/{org_code}/activities/{activity_id}/": _ACTIVITY_VOUCHER,
    "POST /api/v1/orgs/{org_code}/activities/": _ACTIVITY_VOUCHER,
    "POST /api/v1/orgs/{org_code}/activities/{activity_id}/record/": _ACTIVITY_VOUCHER,
    "POST /api/v1/orgs/{org_code}/activities/{activity_id}/{transition}/": _ACTIVITY_VOUCHER,
    "GET /api/v1/orgs/{org_code}/plans/tasks/{task_id}/": _TASK_ORIGIN,
    "GET /api/v1/orgs/{org_code}/plans/{plan_id}/tasks/": _TASK_ORIGIN,
    "PATCH /api/v1/orgs/{org_code}/plans/tasks/{task_id}/": _TASK_ORIGIN,
    "POST /api/v1/orgs/{org_code}/plans/tasks/merge/": _TASK_ORIGIN,
    "POST /api/v1/orgs/{org_code}/plans/tasks/{task_id}/move/": _TASK_ORIGIN,
    "POST /api/v1/orgs/{org_code}/plans/tasks/{task_id}/split/": _TASK_ORIGIN,
    "POST /api/v1/orgs/{org_code}/plans/tasks/{task_id}/status/": _TASK_ORIGIN,
    "POST /api/v1/orgs/{org_code}/plans/{plan_id}/tasks/": _TASK_ORIGIN,
    **dict.fromkeys(
        [
            "GET /api/v1/orgs/{org_code}/binders/",
            "GET /api/v1/orgs/{org_code}/binders/{binder_job_id}/",
            "POST /api/v1/orgs/{org_code}/binders/",
        ],
        "addition: a binder's status can be `expired` (its file deleted after a newer build "
        "or BINDER_KEEP_DAYS) (#16 item 5)",
    ),
    **dict.fromkeys(
        [
            "GET /api/v1/orgs/{org_code}/imports/{batch_id}/",
            "POST /api/v1/orgs/{org_code}/imports/members/",
            "POST /api/v1/orgs/{org_code}/imports/orgs/",
            "POST /api/v1/orgs/{org_code}/imports/vouchers/",
            "POST /api/v1/orgs/{org_code}/imports/{batch_id}/cancel/",
            "POST /api/v1/orgs/{org_code}/imports/{batch_id}/commit/",
            "POST /api/v1/orgs/{org_code}/imports/{batch_id}/retry/",
        ],
        "addition: an import answers `vouchers` (of a voucher import: counts in vouchers, "
        "the vouchers imported, the list's URL; null for other imports) (#14)",
    ),
    "GET /api/v1/orgs/{org_code}/oversight/overrides/{year}/": (
        "addition: a voucher answers `import_batch` (the import that brought it in) (#14)"
    ),
    **dict.fromkeys(
        [
            "GET /api/v1/orgs/{org_code}/survey/periods/{period_id}/board/",
            "GET /api/v1/orgs/{org_code}/survey/periods/{period_id}/reports/{report_id}/",
            "GET /api/v1/orgs/{org_code}/survey/reports/",
            "GET /api/v1/orgs/{org_code}/survey/reports/{report_id}/",
            "POST /api/v1/orgs/{org_code}/survey/periods/{period_id}/reports/{report_id}/accept/",
            "POST /api/v1/orgs/{org_code}/survey/periods/{period_id}/reports/{report_id}/return/",
            "POST /api/v1/orgs/{org_code}/survey/reports/{report_id}/compute/",
            "POST /api/v1/orgs/{org_code}/survey/reports/{report_id}/save/",
            "POST /api/v1/orgs/{org_code}/survey/reports/{report_id}/submit/",
        ],
        "addition: a report answers `overdue` (still held after the deadline), the board "
        "takes ?status=overdue (#16 item 3)",
    ),
}


def normalise(schema: dict) -> dict[str, dict]:
    components = schema.get("components", {}).get("schemas", {})

    def resolve(node, seen=()):
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                if name in seen:
                    return {"$recursive": name}
                return resolve(components[name], (*seen, name))
            return {k: resolve(v, seen) for k, v in node.items() if k not in PROSE}
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]
        return node

    out = {}
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            if method not in METHODS:
                continue
            parameters = sorted(op.get("parameters", []), key=lambda p: (p["in"], p["name"]))
            out[f"{method.upper()} {path}"] = {
                "operationId": op.get("operationId"),
                "parameters": resolve(parameters),
                "requestBody": resolve(op.get("requestBody")),
                "responses": resolve(op.get("responses")),
            }
    return out


# DRF bounds integer fields by the database's column ranges, which differ between SQLite
# and PostgreSQL (a smallint is 32767 on one, unbounded on the other): not part of the
# contract, so both sides are compared without them.
_BACKEND_BOUNDS = {32767, 2147483647, 9223372036854775807, -32768, -2147483648}
_BACKEND_BOUNDS.add(-9223372036854775808)


def portable(node):
    if isinstance(node, dict):
        out = {k: portable(v) for k, v in node.items()}
        if out.get("type") == "integer":
            for key in ("maximum", "minimum"):
                if out.get(key) in _BACKEND_BOUNDS:
                    del out[key]
            if out.get("format") in ("int32", "int64"):
                del out["format"]
        return out
    if isinstance(node, list):
        return [portable(v) for v in node]
    return node


def current() -> dict[str, dict]:
    return normalise(SchemaGenerator().get_schema(request=None, public=True))


def test_every_recorded_operation_keeps_its_contract():
    now = current()
    if os.environ.get("UPDATE_API_CONTRACT"):
        # One operation a line: a review's diff shows which operations changed.
        lines = [
            f"{json.dumps(key)}: {json.dumps(now[key], ensure_ascii=False, sort_keys=True)}"
            for key in sorted(now)
        ]
        CONTRACT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        pytest.skip("contract rewritten")
    recorded = json.loads(CONTRACT.read_text(encoding="utf-8"))
    missing = sorted(set(recorded) - set(now) - set(CHANGED))
    assert not missing, f"operations gone: {missing}"
    changed = [
        key
        for key, spec in recorded.items()
        if key in now and portable(now[key]) != portable(spec) and key not in CHANGED
    ]
    assert not changed, f"operations whose contract changed: {changed}"


def test_listed_changes_are_real():
    # A reason left behind after the contract was rewritten would hide nothing: remove it.
    recorded = json.loads(CONTRACT.read_text(encoding="utf-8"))
    for key in CHANGED:
        assert key in recorded, f"{key} is listed as changed but not recorded"
