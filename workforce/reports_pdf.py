"""A trust's board paper, as a PDF: a header on every page naming the trust, the date and the
policy; the five tests; the actions; the trajectory since the review drawn as a chart; the
peers; the pipeline and the cost; page numbers. It names nobody, so every signed-in user may
print it."""

from dataclasses import dataclass
from html import escape
from io import BytesIO
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wachter_planner.money import pounds

from .models import Policy
from .selectors import long_date

NHS_BLUE = colors.HexColor("#005eb8")


@dataclass(frozen=True)
class BoardPaper:
    """What the paper adds to the board page's result and checks."""

    policy: Policy
    trajectory: list[dict[str, Any]]
    peers: dict[str, Any]


RAG_WORDS = {"green": "Green: compliant", "amber": "Amber: CCIO in post, gaps remain", "red": "Red: no CCIO"}
OUTCOME_WORDS = {True: "Met", False: "Not met", None: "Not computed"}
YES_NO = {True: "Yes", False: "No", None: "Not computed"}


def board_report(trust, result, checks, today, paper):
    """The PDF bytes of the board paper for `trust`, from its stored `result` and `checks` and
    `paper`: the policy in force, the trajectory's rows and the peers."""
    styles = getSampleStyleSheet()
    header = f"{trust.name} ({trust.ods_code}) · {long_date(today)} · policy {paper.policy.code}"
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{trust.name}: clinical-informatics leadership",
        author="Wachter Planner",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
    )

    def page_furniture(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(NHS_BLUE)
        canvas.drawString(18 * mm, A4[1] - 12 * mm, header)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

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
            Paragraph("Trajectory since the review", styles["Heading2"]),
            Paragraph(
                "Clinician-informaticians at each quarter's end (solid) against the target (dotted), "
                "from the trust's dated records.",
                styles["BodyText"],
            ),
            trajectory_chart(paper.trajectory),
            Paragraph("Peers", styles["Heading2"]),
            peers_table(paper.peers, trust, styles),
            Paragraph("Pipeline, date and cost", styles["Heading2"]),
            figures_table(result, styles),
            Spacer(0, 6 * mm),
            Paragraph(f"Printed from Wachter Planner on {long_date(today)}.", styles["Italic"]),
        ],
        onFirstPage=page_furniture,
        onLaterPages=page_furniture,
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


CHART_WIDTH, CHART_HEIGHT = 170 * mm, 55 * mm


def trajectory_chart(rows):
    """The team at each quarter's end against the target, with the first and last years marked."""
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    if not rows:
        drawing.add(String(0, CHART_HEIGHT / 2, "The trust was not open over these years.", fontSize=9))
        return drawing
    left, bottom, width, height = 12 * mm, 8 * mm, CHART_WIDTH - 16 * mm, CHART_HEIGHT - 12 * mm
    top = max(max(row["team_count"] for row in rows), rows[-1]["team_target"], 1) + 1
    steps = max(len(rows) - 1, 1)

    def point(index, value):
        return left + width * index / steps, bottom + height * value / top

    drawing.add(Line(left, bottom, left + width, bottom, strokeColor=colors.HexColor("#4c6272")))
    for value in (0, top // 2, top):
        drawing.add(String(left - 4 * mm, point(0, value)[1] - 3, str(value), fontSize=8))
    target_y = point(0, rows[-1]["team_target"])[1]
    drawing.add(
        Line(left, target_y, left + width, target_y, strokeDashArray=[2, 2], strokeColor=colors.black)
    )
    drawing.add(String(left + width - 14 * mm, target_y + 2, f"Target {rows[-1]['team_target']}", fontSize=8))
    coordinates = [
        coordinate for index, row in enumerate(rows) for coordinate in point(index, row["team_count"])
    ]
    drawing.add(PolyLine(coordinates, strokeColor=NHS_BLUE, strokeWidth=2))
    for index in (0, len(rows) - 1):
        drawing.add(String(point(index, 0)[0] - 4 * mm, 2, f"{rows[index]['date']:%b %Y}", fontSize=8))
    return drawing


def peers_table(peers, trust, styles):
    rows = [["Peers", "Compliant", "Median team", "Place by team"]] + [
        [
            Paragraph(escape(label), styles["BodyText"]),
            f"{group['compliant']} of {group['trusts']} ({group['compliant_pct']}%)",
            "–" if group["median_team_count"] is None else f"{group['median_team_count']:g}",
            "–" if group["team_count_rank"] is None else f"{group['team_count_rank']} of {group['trusts']}",
        ]
        for label, group in (
            (f"{trust.get_trust_type_display()} trusts", peers["by_type"]),
            (trust.region.name, peers["by_region"]),
        )
    ]
    table = Table(rows, colWidths=[62 * mm, 44 * mm, 32 * mm, 36 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#d8dde0")),
            ]
        )
    )
    return table
