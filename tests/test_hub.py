"""The partnership hub (data/partnership/*.yaml): the shipped files are valid and cited; bad entries are refused
with the file, the line and a message an officer can act on, and the rest is kept; the overview shows the panels."""

from __future__ import annotations

import re
import shutil
import textwrap

import pytest
from conftest import assert_clean, open_page

from minedash import cli, i18n
from minedash.data import db, hub, paths, verify
from minedash.domain import partnership

GOOD_EVENT = """\
- id: kick-off
  date: 2017-04-04
  end: 2017-04-06
  title: REMIX kick-off meeting
  kind: meeting
  place: Kemi, Lapland
  theme: crm
  source: https://example.org/kick-off
"""


@pytest.fixture
def hubdir(tmp_path):
    """A copy of the shipped hub to spoil."""
    d = tmp_path / "partnership"
    shutil.copytree(paths.PARTNERSHIP_DIR, d)
    return d


def write(d, name: str, text: str) -> None:
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")


def refusals(h: hub.Hub, file: str) -> list[str]:
    return [str(p) for p in h.problems if p.file == file]


def test_shipped_hub_is_valid_and_cited():
    h = hub.read()
    assert h.problems == []
    assert len(h.members) == len(db.query("partnership_regions")) == 7
    assert set(h.members["nuts"]) == set(db.query("partnership_regions")["nuts_id"])
    assert set(h.members.loc[h.members["role"] == "lead", "region"]) == {"Lapland", "North Karelia"}
    orgs = " ".join(h.contacts["organisation"])
    for org in ("Regional Council of Lapland", "Regional Council of North Karelia", "DG REGIO", "S3 Platform"):
        assert org in orgs
    for name in ("members", "contacts", "events"):
        assert h.frame(name)["source"].str.startswith(("https://", "http://")).all(), name
    docs = h.documents
    assert (docs["link"].notna() | docs["file"].notna()).all()
    assert h.about["not_documented"]["text"].str.contains("monitoring reports").any()
    assert not h.about["aims"].empty and not h.about["themes"].empty


def test_shipped_timeline_since_2017():
    h = hub.read()
    tl = partnership.timeline(h.events, h.about["themes"])
    assert tl["start"].dt.year.min() == 2017 and (tl["start"].dt.year >= 2017).all()
    assert len(tl) == (h.events["date"].str[:4].astype(int) >= 2017).sum()  # the 2016 entry stays in the file
    text = " ".join(tl["What"])
    for needle in ("REMIX", "MIREU", "launched", "workshop"):
        assert needle in text, needle
    assert list(tl["start"]) == sorted(tl["start"])
    launch = tl[tl["What"].str.contains("launched")].iloc[0]
    assert launch["When"] == "11–14 Mar 2019" and launch["Place"] == "Joensuu, North Karelia"


def test_a_bad_entry_is_refused_alone_with_file_and_line(hubdir):
    write(
        hubdir,
        "events.yaml",
        GOOD_EVENT
        + """\
- id: bad-date
  date: 2017-13-04
  title: A meeting with an impossible date
  kind: meeting
  source: https://example.org/x
- id: no-title
  date: 2018-01-01
  kind: news
  source: https://example.org/y
- id: kick-off
  date: 2019-02-30
  title: Duplicate id and no such day
  kind: meeting
  source: https://example.org/z
- id: kick-off
  date: 2019-02-03
  title: Duplicate id
  kind: meeting
  source: https://example.org/z
- id: reversed
  date: 2019-05-01
  end: 2019-04-01
  title: Ends before it starts
  kind: workshop
  source: https://example.org/r
- id: unknown-theme
  date: 2019-05-01
  title: Theme that about.yaml does not have
  kind: workshop
  theme: tourism
  source: https://example.org/t
- id: bad-kind
  date: 2019-05-01
  title: Kind not in the list
  kind: party
  source: notaurl
""",
    )
    h = hub.read(hubdir)
    assert list(h.events["id"]) == ["kick-off"]  # the good entry is kept
    got = refusals(h, "events.yaml")
    assert len(got) == 7, got
    assert "events.yaml, line 10 (entry 'bad-date'): 'date' is '2017-13-04', not a date: write YYYY-MM-DD" in got[0]
    assert "line 14 (entry 'no-title'): missing 'title' (required)" in got[1]
    assert "line 19" in got[2] and "2019-02-30" in got[2]
    assert "line 23 (entry 'kick-off'): id 'kick-off' is used already at line 1" in got[3]
    assert "'end' (2019-04-01) is before 'date' (2019-05-01)" in got[4]
    assert "'theme' is 'tourism'; the themes in about.yaml are: crm, growth, investment, smes" in got[5]
    assert "'kind' is 'party'; it must be one of: milestone, meeting" in got[6]


def test_personal_contact_details_are_refused(hubdir):
    write(
        hubdir,
        "contacts.yaml",
        """\
        - id: lapland
          organisation: Regional Council of Lapland
          role: Lead region
          web: https://www.lapinliitto.fi/en/
          source: https://example.org/a
        - id: with-email
          organisation: Regional Council of North Karelia
          role: "Lead region; write to jane.doe@pohjois-karjala.fi"
          web: https://pohjois-karjala.fi/home/
          source: https://example.org/b
        - id: mailto
          organisation: DG REGIO
          role: Commission
          web: mailto:someone@ec.europa.eu
          source: https://example.org/c
        - id: phone
          organisation: S3 Platform
          role: "Call +34 954 48 87 53"
          web: https://s3platform.jrc.ec.europa.eu/
          source: https://example.org/d
        - id: person
          organisation: Business Joensuu
          role: Contact Ms Virtanen for the partnership
          web: https://www.businessjoensuu.fi/
          source: https://example.org/e
        - id: person-field
          organisation: GTK
          role: MIREU coordinator
          contact_person: Somebody
          web: https://www.gtk.fi/
          source: https://example.org/f
        """,
    )
    h = hub.read(hubdir)
    assert list(h.contacts["id"]) == ["lapland"]
    got = refusals(h, "contacts.yaml")
    assert len(got) == 5, got
    assert "line 8 (entry 'with-email'): 'role' contains an e-mail address" in got[0]
    assert "(entry 'mailto'): 'web' contains an e-mail address" in got[1]
    assert "(entry 'phone'): 'role' contains a phone number" in got[2]
    assert "(entry 'person'): 'role' looks like a personal name ('Ms Virtanen')" in got[3]
    assert "unknown field 'contact_person' (the hub carries organisations and roles" in got[4]


def test_members_and_documents_rules(hubdir):
    write(
        hubdir,
        "members.yaml",
        """\
        - region: Lapland
          nuts: FI1D7
          role: lead
          joined: 2019
          source: https://example.org/m
        - region: Lapland again
          nuts: FI1D7
          role: partner
          joined: 2020-05
          source: https://example.org/m
        - region: Nowhere
          nuts: XX99
          role: partner
          joined: 2019
          source: https://example.org/m
        - region: Kainuu
          nuts: FI1D8
          role: observer
          joined: 2019
          source: https://example.org/m
        - region: Left early
          nuts: FI1D3
          role: partner
          joined: 2019
          left: 2018
          source: https://example.org/m
        """,
    )
    write(
        hubdir,
        "documents.yaml",
        """\
        - id: no-link
          title: A report with neither link nor file
          period: 2020-H1
          kind: monitoring report
        - id: missing-file
          title: A file that is not there
          period: 2026-H2
          kind: report
          file: data/monitoring/nope.md
        - id: escape
          title: Outside the project
          period: 2026-H2
          kind: report
          file: ../../etc/passwd
        - id: bad-period
          title: A period that is not one
          period: spring 2020
          kind: report
          link: https://example.org/r
        - id: ok
          title: Fine
          period: 2017–2021
          kind: report
          link: https://example.org/ok
        """,
    )
    h = hub.read(hubdir)
    got = refusals(h, "members.yaml")
    assert "nuts 'FI1D7' is used already at line 1" in got[0]
    assert "'role' is 'observer'; it must be one of: lead, partner" in got[1]
    assert "'left' (2018) is before 'joined' (2019)" in got[2]
    assert set(h.members["nuts"]) == {"FI1D7", "XX99"}  # XX99 looks like a code: the warehouse check refuses it
    docs = refusals(h, "documents.yaml")
    assert len(docs) == 4 and list(h.documents["id"]) == ["ok"]
    assert "give the document's 'link' (a web address) or its 'file'" in docs[0]
    assert "no such file in the project" in docs[1] and "no such file in the project" in docs[2]
    assert "'period' is 'spring 2020'" in docs[3]


def test_warehouse_check_refuses_unknown_nuts(hubdir, monkeypatch):
    write(
        hubdir,
        "members.yaml",
        """\
        - region: Nowhere
          nuts: XX99
          role: partner
          joined: 2019
          source: https://example.org/m
        """,
    )
    monkeypatch.setattr(paths, "PARTNERSHIP_DIR", hubdir)
    h = partnership.hub(set(db.query("regions")["nuts_id"]))
    assert h.members.empty
    assert any(
        "members.yaml, line 1 (entry 'XX99'): 'XX99' is not a NUTS 2021 region code" in str(p) for p in h.problems
    )
    gap = partnership.membership_gap(h.members, db.query("partnership_regions"))
    assert gap and "In the figures but not in the hub's member list" in gap


def test_broken_yaml_and_missing_file(hubdir):
    write(hubdir, "events.yaml", "- id: a\n  title: REMIX phase 2: monitoring\n  date: 2019\n")
    (hubdir / "documents.yaml").unlink()
    h = hub.read(hubdir)
    got = refusals(h, "events.yaml")
    assert len(got) == 1 and got[0].startswith("events.yaml, line 2: the file is not valid YAML (mapping values")
    assert got[0].endswith(
        "nothing from it is shown. Check the indentation, and put text containing ': ' or starting "
        "with a quote in double quotes"
    )
    assert refusals(h, "documents.yaml") == ["documents.yaml: the file is missing; nothing from it is shown"]
    assert h.events.empty and h.documents.empty and len(h.members) == 7  # the other files still count


def test_refusals_are_worded_in_the_language_of_the_view(hubdir):
    """Read once (in Swedish, as by whichever viewer came first) and kept for everyone: each reader gets the refusals
    in their own language, and the English stays as it was."""
    write(
        hubdir,
        "events.yaml",
        GOOD_EVENT
        + """\
- id: bad-kind
  date: 2019
  title: A
  kind: party
  source: https://example.org/a
- id: bad-date
  date: 2017-13-04
  title: B
  kind: meeting
  source: https://example.org/b
- id: odd-field
  date: 2019
  title: C
  kind: meeting
  venue: Kemi
  source: https://example.org/c
""",
    )
    (hubdir / "documents.yaml").unlink()
    with i18n.language("sv"):
        problems = hub.read(hubdir).problems
    english = [str(p) for p in problems]
    fields = ", ".join(hub.LISTS["events.yaml"])
    assert english == [
        "documents.yaml: the file is missing; nothing from it is shown",
        "events.yaml, line 12 (entry 'bad-kind'): 'kind' is 'party'; it must be one of: "
        "milestone, meeting, workshop, conference, news",
        "events.yaml, line 15 (entry 'bad-date'): 'date' is '2017-13-04', not a date: write YYYY-MM-DD "
        "(or YYYY-MM, or YYYY when only the year is known)",
        f"events.yaml, line 23 (entry 'odd-field'): unknown field 'venue'; the fields are: {fields}",
    ]
    with i18n.language("fi"):
        finnish = [str(p) for p in problems]

    def words(text: str) -> set[str]:  # quoted values, file names and the lists of fields and kinds stay as written
        text = re.sub(r"'[^']*'|\b\w+\.yaml\b|: [a-z]+(, [a-z]+)+$", " ", text)
        return set(re.findall(r"[A-Za-z]{2,}", text)) - {"YYYY", "MM", "DD"}

    for en, fi in zip(english, finnish, strict=True):
        assert words(en) and not words(en) & words(fi), (en, fi)
    assert finnish[0] == "documents.yaml: tiedosto puuttuu; siitä ei näytetä mitään"
    assert finnish[1].startswith("events.yaml, rivi 12 (merkintä 'bad-kind'): 'kind' on 'party'")
    assert [str(p) for p in problems] == english  # and English again outside the Finnish view


def test_values_stay_text(hubdir):
    """No YAML type guessing: `no` stays "no", a date stays as written."""
    write(hubdir, "events.yaml", GOOD_EVENT.replace("Kemi, Lapland", "no"))
    h = hub.read(hubdir)
    assert h.events.iloc[0]["place"] == "no" and h.events.iloc[0]["date"] == "2017-04-04"


def test_load_rereads_only_a_changed_file(hubdir):
    first = hub.load(hubdir)
    assert hub.load(hubdir) is first
    write(hubdir, "events.yaml", GOOD_EVENT)
    verify.forget()  # files are looked at once a second; this edit came within it
    again = hub.load(hubdir)
    assert again is not first and list(again.events["id"]) == ["kick-off"]
    # what the pages derive from the hub is shared between sessions under its version (ui.shared): a new one
    assert first.version and again.version != first.version


def test_cli_hub_check(capsys):
    assert cli.main(["hub"]) == 0
    assert "7 members, 4 contacts" in capsys.readouterr().out


def test_overview_panels(monkeypatch):
    at = open_page()
    assert_clean(at)
    tables = {tuple(d.value.columns)[:3]: d.value for d in at.dataframe}
    members = next(v for k, v in tables.items() if k[:2] == ("Region", "Role"))
    assert len(members) == 7 and set(members["Role"]) == {"Lead", "Partner"} and members["Source"].notna().all()
    events = next(v for k, v in tables.items() if k[:2] == ("When", "What"))
    assert "11–14 Mar 2019" in set(events["When"]) and events["Source"].notna().all()
    docs = next(v for k, v in tables.items() if k[0] == "Document")
    assert docs["Document"].str.contains("Monitoring report 2026-H2").any()
    markdown = " ".join(m.value for m in at.markdown)
    assert "Regional Council of North Karelia" in markdown and "Official web page" in markdown
    assert "not found in public sources" in markdown  # what is not documented is said plainly
    hub_citations = [c.value for c in at.caption if c.value.startswith("Source") and "data/partnership" in c.value]
    assert len(hub_citations) >= 4  # members, timeline, events, documents, contacts


def test_overview_shows_refusals_and_keeps_the_rest(hubdir, monkeypatch):
    write(
        hubdir,
        "events.yaml",
        GOOD_EVENT + "- id: bad\n  date: 2017-13-04\n  title: x\n  kind: news\n  source: https://e.org\n",
    )
    monkeypatch.setattr(paths, "PARTNERSHIP_DIR", hubdir)
    at = open_page()
    assert not at.exception
    refused = [e for e in at.expander if "refused" in e.label]
    assert refused and "events.yaml, line 10 (entry 'bad')" in refused[0].markdown[0].value.replace("\\", "")
    events = next(d.value for d in at.dataframe if list(d.value.columns)[:2] == ["When", "What"])
    assert list(events["What"]) == ["REMIX kick-off meeting"]


def test_a_hub_source_address_cannot_open_html_on_the_page():
    """Hub lines are shown with HTML allowed (their lang mark); a source address is a link target, never markup."""
    from minedash.app import ui

    hostile = "https://example.org/a)<img/src=x/onerror=alert(1)>"
    target = ui.safe_url(hostile)
    assert "<" not in target and ">" not in target and ")" not in target and "(" not in target
    assert ui.safe_url("https://s3platform.jrc.ec.europa.eu/mining-industry?x=1#a") == (
        "https://s3platform.jrc.ec.europa.eu/mining-industry?x=1#a"
    )


def test_a_room_on_the_overview_shares_what_it_derives(monkeypatch):
    """The overview's hub check, headline citation, timeline and member panel are built once for everyone on the
    same view (ui.shared), and each session sees the same."""
    from conftest import calls_of, page_content

    from minedash.app import ui

    ui.FIGURES.clear()
    built = ("hub", "headline_citation", "timeline", "hub_members", "membership_gap", "national_networks_note")
    calls = {name: calls_of(monkeypatch, partnership, name) for name in built}
    first, second = open_page(lang="fi"), open_page(lang="fi")
    assert_clean(first)
    assert_clean(second)
    assert page_content(first) == page_content(second)
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(built, 1)
    shown = first.session_state["_minedash_shown"]
    assert list(shown["events"]["frames"][0].columns) == [
        "When",
        "What",
        "Link",
        "Source",
    ]  # its own, not the timeline's
