"""Value chains and SMEs: where each region sits in the raw-material value chain."""
import pandas as pd
import streamlit as st

from minedash import db, maps, state, survey, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts import value_chains as vc

SURVEY_KEY = "chain_survey"  # session-only: the validated rows of this user's upload
present = state.present_mode()


materials = db.query("chain_materials")
used = materials[(materials["n_sites"] > 0) | (materials["n_projects"] > 0)]
mat_names = dict(zip(used["material_id"], used["material"]))
all_sites = db.query("facilities_sites", material="", stage="", status="", country="")
countries = dict(sorted(zip(all_sites["iso2"], all_sites["country"]), key=lambda kv: kv[1]))
members = db.query("partnership_regions")
member_names = dict(zip(members["nuts_id"], members["region_name"]))
points = db.query("chain_region_points")


def _load_upload():
    """on_change of the uploader: validate before the page draws, so map and matrix show the result at once.
    A bad file changes nothing: the previous valid survey (if any) stays."""
    up = st.session_state.get("survey_upload")
    if up is None:
        return
    res = survey.validate(up.getvalue(), up.name, nuts_codes=points["nuts_id"], material_ids=materials["material_id"])
    st.session_state["chain_survey_result"] = res
    if res.ok:
        st.session_state[SURVEY_KEY] = res.rows


survey_rows = st.session_state.get(SURVEY_KEY)

# The view from the URL, read before the header so that bad values give their notice at once.
material = state.param("material", "", choices=[""] + list(mat_names), label="material",
                       describe=lambda v: "all materials")
# CRM Act stages too, so a `stage=extraction` link from another page selects the matching sites.
STAGE_CHOICES = [""] + vc.SITE_STAGES + ["extraction"]
stage = state.param("stage", "", choices=STAGE_CHOICES, label="stage", describe=lambda v: "all stages")
status = state.param("status", "", choices=[""] + vc.STATUSES, label="status", describe=lambda v: "all statuses")
country = state.param("country", "", choices=[""] + list(countries), label="country", describe=lambda v: "all countries")
site_id = state.param("site", None, choices=set(all_sites["facility_id"]), label="site", describe=lambda v: "no site")
LEVELS = {2: "NUTS 2 regions", 3: "NUTS 3 regions", 0: "Countries"}
level = state.param("level", 2, choices=LEVELS, parse=int, label="level", describe=LEVELS.get)
ROWS = {"members": "Member regions only", "all": "All regions with sites or projects"}
rows = state.param("rows", "members", choices=ROWS, label="rows", describe=ROWS.get)
lead = members.loc[members["role"] == "lead", "nuts_id"].iloc[0]
region = state.param("region", lead, choices=member_names,
                     label="member region", describe=member_names.get)
default_mats = list(used.sort_values(["n_sites", "material"], ascending=[False, True])["material_id"].head(4))
chosen = state.param_list("materials", default_mats, choices=mat_names, label="materials", max_items=12)
PLACES = {0: "countries", 2: "NUTS 2 regions"}
flow_level = state.param("flow_level", 0, choices=PLACES, parse=int, label="places", describe=PLACES.get)

ui.page_header("Value chains and SMEs",
               "Where does each region sit in the raw-material value chain — from mine to refinery and recycling — "
               "and where could regional SMEs plug in?")

# ---------------------------------------------------------------- 1. facilities map
st.subheader("Critical raw material sites in Europe")
c1, c2, c3, c4 = st.columns(4)
material = c1.selectbox("Material", [""] + list(mat_names), index=([""] + list(mat_names)).index(material),
                        format_func=lambda v: mat_names.get(v, "All materials"), key="w_material")
stage = c2.selectbox("Stage", STAGE_CHOICES, index=STAGE_CHOICES.index(stage), key="w_stage",
                     format_func=lambda v: {"": "All stages", "extraction": "extraction (CRM Act) = mining"}.get(v, v))
status = c3.selectbox("Status", [""] + vc.STATUSES, index=([""] + vc.STATUSES).index(status),
                      format_func=lambda v: v or "All statuses", key="w_status")
country = c4.selectbox("Country", [""] + list(countries), index=([""] + list(countries)).index(country),
                       format_func=lambda v: countries.get(v, "All countries"), key="w_country")
state.set_params(material=material, stage=stage, status=status, country=country)

sites = db.query("facilities_sites", material=material, stage=stage, status=status, country=country)
projects = db.query("facilities_projects", material=material, stage=stage, country=country)
member_shapes = pd.concat([db.query("region_shapes", level=lv) for lv in (2, 3)])
member_shapes = member_shapes[member_shapes["nuts_id"].isin(member_names)]
survey_pts = vc.survey_points(survey_rows, points) if survey_rows is not None else None

deck = vc.site_map(sites, projects, maps.nuts_geojson_url(0), member_shapes, survey_pts, selected=site_id, present=present)
event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="sites_map", height=560)
picked = (event.selection.get("objects", {}) if event is not None else {}).get(vc.LAYER_SITES) or []
if picked and picked[0].get("facility_id") != site_id:
    site_id = picked[0]["facility_id"]
    state.set_params(site=site_id)
st.html(vc.legend_html())
st.caption(f"{len(sites)} sites and {len(projects)} CRM Act strategic projects shown. Locations are city-level "
           "(the atlas places each site at its town, not at the pit or plant), so sites in one town overlap. "
           "Click a site for its details; hover for a summary. Outlines: NUTS 2021 countries.")
ui.cite(["crm_atlas", "crma_projects", "nuts2021"], years=pd.to_datetime(all_sites["last_checked"]).dt.year,
        note="CRM atlas: a seed dataset compiled from public knowledge (author's caveat); each site has its own source")
ui.downloads(sites, "crm_sites", ["crm_atlas"], key="sites")

if site_id:
    row = all_sites[all_sites["facility_id"] == site_id].iloc[0]
    with st.container(border=True):
        left, right = st.columns([4, 1])
        left.markdown(f"**{row['name']}** — {row['company'] or 'company not stated'}")
        if right.button("Clear selection", key="clear_site"):
            state.set_params(site=None)
            st.rerun()
        st.markdown(
            f"Stage: **{row['stage']}** · Status: **{row['status']}** · Materials: {row['materials']}  \n"
            f"Place: {row['city']}, {row['country']} (city-level) · Region: {row['nuts3'] or '—'} {row['nuts3_name'] or ''}"
            f" in {row['nuts2'] or '—'} {row['nuts2_name'] or ''} ({row['nuts_match']})  \n"
            f"CRM Act strategic project: {row['crma_project'] if pd.notna(row['crma_project']) else 'no'}"
            f"{' (' + row['crma_stage'] + ')' if pd.notna(row['crma_stage']) else ''} · "
            f"Confidence: {row['confidence']} · Last checked: {row['last_checked']}")
        if pd.notna(row["note"]):
            st.caption(row["note"])
        ui.cite(["crm_atlas"], note=f"Site source: {row['source_url']}")

# ---------------------------------------------------------------- 2. value-chain position
st.subheader("Value-chain position of the regions")
c1, c2, c3 = st.columns([1, 1, 2])
level = c1.selectbox("Level", list(LEVELS), index=list(LEVELS).index(level), format_func=LEVELS.get, key="w_level")
rows = c2.selectbox("Rows", list(ROWS), index=list(ROWS).index(rows), format_func=ROWS.get, key="w_rows")
region = c3.selectbox("Member region to highlight", list(member_names), index=list(member_names).index(region),
                      format_func=lambda v: f"{v} {member_names[v]}", key="w_region")
state.set_params(level=level, rows=rows, region=region)

matrix = db.query("chain_matrix", level=level)
table = vc.matrix_table(matrix)
if rows == "members":
    table = table[table["membership"].notna()]
highlight = next((g for g in table["geo"] if region.startswith(g) or g.startswith(region)), None)
st.plotly_chart(vc.matrix_figure(table, highlight=highlight, present=present), config=PLOTLY_CONFIG, key="matrix")
st.caption("★ member region · ◐ contains member regions and non-member areas (FI1D holds Lapland, North Karelia and Kainuu "
           "but also e.g. Keski-Pohjanmaa; SE33 holds Västerbotten and Norrbotten) — its counts are not the members' own · "
           "☆ lies inside a member region. Blank = no site or project recorded, which is not proof of absence: the atlas "
           "lists about 140 sites. A strategic project with two stages counts in both.")
ui.cite(["crm_atlas", "crma_projects", "s3_partnership", "nuts2021"])
ui.downloads(table, f"value_chain_matrix_nuts{level}", ["crm_atlas", "crma_projects", "s3_partnership"], key="matrix")

if survey_rows is not None:
    st.markdown("**Your survey (this session only): organisations by region and value-chain stage**")
    smat = vc.survey_matrix(survey_rows)
    st.plotly_chart(vc.survey_figure(smat, present=present), config=PLOTLY_CONFIG, key="survey_matrix")
    st.caption("From the file you uploaded; not stored, not shared, gone when you close the page.")
    ui.downloads(smat, "survey_matrix", key="survey_matrix")

st.markdown("**Material → stage → place**")
c1, c2 = st.columns([3, 1])
chosen = c1.multiselect("Materials", list(mat_names), default=chosen, format_func=mat_names.get, key="w_materials",
                        max_selections=12)
flow_level = c2.radio("Places", list(PLACES), index=list(PLACES).index(flow_level), format_func=PLACES.get,
                      key="w_flow_level", horizontal=True)
state.set_params(materials=chosen or None, flow_level=flow_level)
if chosen:
    flows = db.query("chain_flows", materials=chosen, level=flow_level)
    if flows.empty:
        ui.missing("No atlas site handles the chosen materials.")
    else:
        st.plotly_chart(vc.sankey_figure(flows, present=present), config=PLOTLY_CONFIG, key="sankey")
        st.caption("Width = number of atlas sites; a site handling two of the chosen materials counts once for each.")
        ui.cite(["crm_atlas", "nuts2021"])
        ui.downloads(flows, "material_stage_place", ["crm_atlas"], key="flows")
else:
    st.caption("Choose one or more materials to see their flows.")

st.markdown("**Member region profiles**")
profiles = db.query("chain_profiles")
cols = st.columns(2)
for i, nuts_id in enumerate(member_names):
    with cols[i % 2].container(border=True):
        title = f"{nuts_id} {member_names[nuts_id]}"
        st.markdown(f"**{title}**" if nuts_id != region else f"**:orange[{title}]**")
        for sentence in vc.profile_sentences(profiles, nuts_id):
            st.markdown(f"- {sentence}")
st.caption("Computed from the atlas sites and EU strategic projects located in each region, its country and all member "
           "regions; strategic-project stages are put on the atlas's scale (extraction = mining, recycling = recycling).")
ui.cite(["crm_atlas", "crma_projects", "s3_partnership"])
ui.downloads(profiles, "member_chain_profiles", ["crm_atlas", "crma_projects", "s3_partnership"], key="profiles")

# ---------------------------------------------------------------- 3. SME structure
st.subheader("SME structure")
shares = db.query("chain_sme_shares")
if shares.empty:
    ui.missing("Size-class data by country and activity (Eurostat sbs_sc_ovw) is not in this warehouse: it comes with the "
            "online refresh, `python -m minedash ingest --online`. Below are the EU-level figures transcribed from "
            "Eurostat publications.")
else:
    NACES = sorted(set(shares["nace"]))
    c1, c2 = st.columns(2)
    nace = state.param("nace", "B" if "B" in NACES else NACES[0], choices=NACES, label="activity")
    nace = c1.selectbox("Activity (NACE Rev. 2)", NACES, index=NACES.index(nace), key="w_nace")
    MEASURES = ["enterprises", "persons employed"]
    measure = state.param("measure", "enterprises", choices=MEASURES, label="measure")
    measure = c2.selectbox("Share of", MEASURES, index=MEASURES.index(measure), key="w_measure")
    state.set_params(nace=nace, measure=measure)
    d = shares[(shares["nace"] == nace) & (shares["measure"] == measure)].dropna(subset=["share_pct"])
    d = d[d["year"] == d.groupby("geo")["year"].transform("max")]
    if d.empty:
        ui.missing("No size-class shares for this activity and measure.")
    else:
        st.plotly_chart(vc.sme_figure(d, present=present), config=PLOTLY_CONFIG, key="sme")
        ui.cite(["sbs_sc_ovw"], years=d["year"], flags=d["flag"], note="latest year per country")
        ui.downloads(d, f"sme_shares_{nace}", ["sbs_sc_ovw"], key="sme")

st.markdown("**EU figures transcribed from Eurostat pages** — :orange-badge[transcribed] mixed scopes and years; "
            "read each row's scope and note")
sme_t = db.query("chain_sme_transcribed")
st.dataframe(sme_t[["geo_name", "year", "scope", "size_class", "size_class_persons_employed", "indicator", "share_pct",
                    "qualifier", "original_dataset", "source_url", "note"]], hide_index=True, width="stretch",
             column_config={"source_url": st.column_config.LinkColumn("source_url"),
                            "share_pct": st.column_config.NumberColumn("share (%)", format="%.1f")})
ui.cite(["mining_transcribed"], years=sme_t["year"], note="transcribed by hand; see source_url and note of each row")
ui.downloads(sme_t, "sme_size_classes_transcribed", ["mining_transcribed"], key="sme_t")
st.markdown("**Mining-sector key figures** — :orange-badge[transcribed] EU, countries and some partnership regions")
mf = db.query("chain_mining_figures")
st.dataframe(mf[["geo_code", "geo_name", "activity_label", "indicator", "year", "value", "unit", "qualifier",
                 "original_dataset", "source_url", "note"]], hide_index=True, width="stretch", column_config={"source_url": st.column_config.LinkColumn("source_url")})
ui.cite(["mining_transcribed"], years=mf["year"], note="transcribed by hand; definitions differ between rows")
ui.downloads(mf, "mining_figures_transcribed", ["mining_transcribed"], key="mf")

# ---------------------------------------------------------------- 4. the partnership's SME mapping
st.subheader("Map your region's SMEs")
limit_mb = survey.upload_limit_mb()
st.markdown("Download the template, fill in one row per organisation and upload it here: the organisations appear on the "
            "map and in a matrix above **for this session only** — nothing is stored or shared. No personal data is "
            f"needed. Limits: {limit_mb} MB, {survey.MAX_ROWS:,} rows; CSV must be UTF-8.")
with st.expander("How to fill in the template"):
    st.dataframe(pd.DataFrame(survey.DOCUMENTATION, columns=["column", "required", "how to fill it"]),
                 hide_index=True, width="stretch")
c1, c2 = st.columns(2)
c1.download_button("Template (CSV)", survey.template_csv(), "sme_survey_template.csv", "text/csv",
                   icon=":material/download:", width="stretch", key="tpl_csv")
c2.download_button("Template (XLSX, with instructions and material ids)", survey.template_xlsx(materials),
                   "sme_survey_template.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
                   width="stretch", key="tpl_xlsx")
st.file_uploader("Upload your filled-in survey (CSV or XLSX)", type=["csv", "xlsx"], key="survey_upload",
                 on_change=_load_upload)
result = st.session_state.get("chain_survey_result")
if result is not None:
    if result.ok:
        st.success(result.message, icon=":material/check_circle:")
    else:
        st.error(result.message, icon=":material/error:")
        if not result.errors.empty:
            st.dataframe(result.errors, hide_index=True, width="stretch")
        if survey_rows is not None:
            st.caption("Your previously uploaded survey is still shown.")
if survey_rows is not None:
    st.dataframe(survey_rows, hide_index=True, width="stretch")
    ui.downloads(survey_rows, "sme_survey_checked", key="survey_rows")
    if st.button("Remove my survey from this session", key="clear_survey"):
        for k in (SURVEY_KEY, "chain_survey_result"):
            st.session_state.pop(k, None)
        st.rerun()
