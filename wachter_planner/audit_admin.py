from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin):
    """The admin of every domain model: its history page says where each change came from."""

    history_list_display = ["history_origin"]
