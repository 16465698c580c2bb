FORMAT_DESCRIPTION = (
    "`csv` or `xlsx` for a spreadsheet (a list comes whole, not a page); `json` otherwise. "
    "It wins over the Accept header."
)


def describe_format_parameter(result, generator, request, public):
    """Post-processing hook: say what `?format=` does wherever it is offered."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if (parameter["name"], parameter["in"]) == ("format", "query"):
                    parameter["description"] = FORMAT_DESCRIPTION
    return result
