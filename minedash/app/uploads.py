"""The SME survey upload: template downloads, the uploader, and the validated rows kept for this session only
(nothing a user uploads is stored beyond the session or shown as anything but text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import i18n
from ..charts.value_chains import survey_figure
from ..domain import survey, value_chains
from ..i18n import _
from . import export, state, ui

ROWS, RESULT, UPLOADER = "chain_survey", "chain_survey_result", "survey_upload"


def rows() -> pd.DataFrame | None:
    """The valid survey rows of this session, or None."""
    return st.session_state.get(ROWS)


def survey_points(points: pd.DataFrame) -> pd.DataFrame | None:
    """This session's surveyed organisations at their regions' label points (for the site map), or None."""
    kept = rows()
    return value_chains.survey_points(kept, points) if kept is not None else None


def _check(nuts_codes: list[str], material_ids: list[str]) -> None:
    """on_change of the uploader: validate before the page draws, so map and matrix show the result at once.
    A bad file changes nothing: the previous valid survey (if any) stays."""
    up = st.session_state.get(UPLOADER)
    if up is None:
        return
    res = survey.validate(up.getvalue(), up.name, nuts_codes=nuts_codes, material_ids=material_ids)
    st.session_state[RESULT] = (i18n.current(), res)
    if res.ok:
        st.session_state[ROWS] = res.rows


def _clear() -> None:
    for k in (ROWS, RESULT):
        st.session_state.pop(k, None)


def section(nuts_codes: list[str], materials: pd.DataFrame) -> None:
    """Instructions, templates, the uploader and what the check found."""
    # The same for everyone on the view (ui.shared): the limit (read from the config file), the instructions and the
    # codes a survey is checked against; not the session's upload.
    limit_mb, lang = ui.shared("upload-limit", survey.upload_limit_mb), i18n.current()
    known = ui.shared("survey-codes", lambda: (list(nuts_codes), list(materials["material_id"])))
    st.markdown(
        _(
            "Download the template, fill in one row per organisation and upload it here: the organisations appear "
            "on the map and in a matrix above **for this session only** — nothing is stored or shared. No personal "
            "data is needed. Limits: {mb} MB, {rows} rows; CSV in UTF-8 (Excel: “CSV UTF-8”)."
        ).format(mb=limit_mb, rows=i18n.number(survey.MAX_ROWS))
    )
    with st.expander(_("How to fill in the template")):
        st.table(
            ui.shared("survey-doc", survey.documentation), hide_index=True, border="horizontal"
        )  # wraps the long help, unlike a grid
    c1, c2 = st.columns(2)
    c1.download_button(
        _("Template (CSV)"),
        export.survey_template_csv,
        "sme_survey_template.csv",
        "text/csv",
        icon=":material/download:",
        width="stretch",
        key="tpl_csv",
        on_click="ignore",
    )
    c2.download_button(
        _("Template (XLSX, with instructions and material ids)"),
        lambda: export.survey_template_xlsx(materials, lang),
        "sme_survey_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        width="stretch",
        key="tpl_xlsx",
        on_click="ignore",
    )
    st.file_uploader(
        _("Upload your filled-in survey (CSV or XLSX)"),
        type=["csv", "xlsx"],
        key=UPLOADER,
        on_change=_check,
        args=known,
    )
    if st.session_state.get(RESULT, (lang,))[0] != lang:
        # The language changed since the check: check the file again, so its message reads in the new language.
        st.session_state.pop(RESULT)
        _check(*known)
    result, kept = st.session_state.get(RESULT, (None, None))[1], rows()
    if result is not None:
        # The message may quote the file (a line, an encoding): shown as text, never as Markdown.
        if result.ok:
            st.success(state.plain(result.message, 400), icon=":material/check_circle:")
        else:
            st.error(state.plain(result.message, 400), icon=":material/error:")
            if not result.errors.empty:
                words = {"row": _("row"), "column": _("column"), "problem": _("problem")}
                st.dataframe(result.errors.rename(columns=words), hide_index=True, width="stretch")
            if kept is not None:
                st.caption(_("Your previously uploaded survey is still shown."))
    if kept is not None:
        st.dataframe(kept, hide_index=True, width="stretch")
        ui.downloads(kept, "sme_survey_checked", key="survey_rows")
        st.button(_("Remove my survey from this session"), key="clear_survey", on_click=_clear)


def survey_matrix(present: bool) -> None:
    """The session's survey as organisations by region and value-chain stage (nothing when none is uploaded)."""
    kept = rows()
    if kept is None:
        return
    st.markdown("**" + _("Your survey (this session only): organisations by region and value-chain stage") + "**")
    smat = value_chains.survey_matrix(kept)
    note = _("From the file you uploaded; not stored, not shared, gone when you close the page.")
    ui.chart(survey_figure(smat, present=present), smat, key="survey_matrix", note=note, download="survey_matrix")
