"""The one-page board report of a trust, as a PDF: compliance, the five tests, the actions,
the cost and the projected date. It names nobody, so every signed-in user may print it."""

from html import escape
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wachter_planner.money import pounds

from .selectors import long_date

NHS_BLUE = colors.HexColor("#005eb8")
RAG_WORDS = {"green": "Green: compliant", "amber": "Amber: CCIO in post, gaps remain", "red": "Red: no CCIO"}
OUTCOME_WORDS = {True: "Met", False: "Not met", None: "Not computed"}
YES_NO = {True: "Yes", False: "No", None: "Not computed"}


def board_report(trust, result, checks, today):
    """The PDF bytes of the board report for `trust`, from its stored `result` and `checks`."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{trust.name}: clinical-informatics leadership",
        author="Wachter Planner",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    document.build(
        [
            Paragraph(escape(trust.name), styles["Title"]),
            Paragraph(
                f"Clinical-informatics leadership against the 2016 Wachter review. "
                f"ODS code {trust.ods_code}; {escape(status_line(result))}",
                styles["Normal"],
            ),
            Spacer(0, 4 * mm),
            Paragraph("The five tests", styles["Heading2"]),
            checks_table(checks, styles),
            Paragraph("What would close the gap", styles["Heading2"]),
            actions_list(result.actions, styles),
            Paragraph("Pipeline, date and cost", styles["Heading2"]),
            figures_table(result, styles),
            Spacer(0, 6 * mm),
            Paragraph(f"Printed from Wachter Planner on {long_date(today)}.", styles["Italic"]),
        ]
    )
    return buffer.getvalue()


def status_line(result):
    if result.computed_at is None:
        return "not yet computed."
    rating = RAG_WORDS.get(result.rag, result.rag)
    stale = " A change is waiting to be recomputed." if result.stale else ""
    return f"as of {long_date(result.as_of)}: {rating}.{stale}"


def checks_table(checks, styles):
    rows = [["Test", "Outcome", "Evidence"]] + [
        [
            Paragraph(escape(check.test), styles["BodyText"]),
            OUTCOME_WORDS[check.passed],
            Paragraph(escape(check.evidence), styles["BodyText"]),
        ]
        for check in checks
    ]
    table = Table(rows, colWidths=[68 * mm, 24 * mm, 82 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#d8dde0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def actions_list(actions, styles):
    if not actions:
        return Paragraph("Nothing: the trust meets every test.", styles["BodyText"])
    return ListFlowable(
        [Paragraph(escape(action), styles["BodyText"]) for action in actions], bulletType="bullet"
    )


def figures_table(result, styles):
    projected = result.projected_compliance_date
    cost = result.cost_to_close_gbp
    rows = [
        ["Clinician-informaticians", figure(result.team_count, f"of a target of {result.team_target}")],
        ["In training (Academy pipeline)", figure(result.pipeline_count)],
        ["Projected team once they graduate", figure(result.projected_team_count)],
        ["Projected compliance date", long_date(projected) if projected else "Not on current plans"],
        ["Cost to close the remaining gap", pounds(cost) if cost is not None else "Not computed"],
        ["Eligible for central digitisation money", YES_NO[result.eligible_for_central_investment]],
    ]
    table = Table(rows, colWidths=[80 * mm, 94 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#d8dde0")),
            ]
        )
    )
    return table


def figure(value, suffix=""):
    if value is None:
        return "Not computed"
    return f"{value} {suffix}".strip()
