"""The schema of a board file, as numbered migrations.

Each migration is frozen once released: a later change to the schema is a new
migration, never an edit of an old one. `SCHEMA_VERSION` is how many there are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sendsec.storage.connection import Database

MIGRATION_SET = "sendsec"
#: The table sqlite-utils keeps its record of migrations in, as it makes it (tests check
#: that `Migrations.make_schema` makes what sqlite-utils makes).
MIGRATIONS_TABLE_SQL = ('CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n   '
                        '"migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)')
MIGRATIONS_INDEX_SQL = ('CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n    '
                        'ON "_sqlite_migrations" ("migration_set", "name")')
Migration = Callable[[Database], None]


class Migrations:
    """The numbered migrations, registered with `@migrations(name=...)`.

    They are applied, and recorded in `_sqlite_migrations`, by sqlite-utils' migrations,
    which are imported only then (a new board, an upgrade): opening a board that is up
    to date reads the record with plain SQL and never imports sqlite-utils.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[tuple[str, Migration]] = []

    def __call__(self, *, name: str) -> Callable[[Migration], Migration]:
        def register(step: Migration) -> Migration:
            self.steps.append((name, step))
            return step
        return register

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        """Apply the migrations not yet applied to `db` (up to `stop_before`), each in a
        transaction with the record of it."""
        udb = db.utils()  # imports sqlite-utils (without numpy) first
        from sqlite_utils.migrations import Migrations as Runner

        runner = Runner(self.name)
        for name, step in self.steps:
            runner(name=name)(_on(db, step))
        runner.apply(udb, stop_before=stop_before)

    def applied(self, db: Database) -> list[str]:
        """Return the names of the migrations applied to `db`, oldest first."""
        if db.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = "
                      "'_sqlite_migrations'").fetchone() is None:
            return []
        return [str(name) for (name,) in db.execute(
            'SELECT name FROM "_sqlite_migrations" WHERE migration_set = ? ORDER BY rowid',
            [self.name])]

    def make_schema(self, db: Database, version: int) -> None:
        """Make in an empty database the schema the first `version` migrations make, as
        `apply` would but without sqlite-utils and without the record's rows."""
        db.execute(MIGRATIONS_TABLE_SQL)
        db.execute(MIGRATIONS_INDEX_SQL)
        for _name, step in self.steps[:version]:
            with db.atomic():
                step(db)


def _on(db: Database, step: Migration) -> Callable[[Any], None]:
    """`step` as sqlite-utils calls it (with its own Database over the same connection)."""
    return lambda _udb: step(db)


migrations = Migrations(MIGRATION_SET)


def _run(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statement by statement.
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


INITIAL = """
CREATE TABLE board (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL CHECK (name <> ''),
    local_area TEXT,
    lead_council TEXT,
    inspection_date TEXT CHECK (inspection_date IS NULL OR inspection_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    report_date TEXT CHECK (report_date IS NULL OR report_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    notice_date TEXT CHECK (notice_date IS NULL OR notice_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    target_date TEXT CHECK (target_date IS NULL OR target_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    chair_id INTEGER REFERENCES people(id),
    secretary_id INTEGER REFERENCES people(id),
    off_request_updates INTEGER DEFAULT -20 CHECK (off_request_updates IS NULL OR off_request_updates BETWEEN -120 AND 0),
    off_updates_due INTEGER DEFAULT -12 CHECK (off_updates_due IS NULL OR off_updates_due BETWEEN -120 AND 0),
    off_papers_deadline INTEGER DEFAULT -8 CHECK (off_papers_deadline IS NULL OR off_papers_deadline BETWEEN -120 AND 0),
    off_papers_dispatched INTEGER DEFAULT -5 CHECK (off_papers_dispatched IS NULL OR off_papers_dispatched BETWEEN -120 AND 0),
    off_draft_minutes_to_chair INTEGER DEFAULT 5 CHECK (off_draft_minutes_to_chair IS NULL OR off_draft_minutes_to_chair BETWEEN 0 AND 120),
    off_draft_minutes_circulated INTEGER DEFAULT 10 CHECK (off_draft_minutes_circulated IS NULL OR off_draft_minutes_circulated BETWEEN 0 AND 120),
    band_medium INTEGER DEFAULT 5 CHECK (band_medium IS NULL OR band_medium BETWEEN 2 AND 25),
    band_high INTEGER DEFAULT 10 CHECK (band_high IS NULL OR band_high BETWEEN 3 AND 25),
    band_very_high INTEGER DEFAULT 15 CHECK (band_very_high IS NULL OR band_very_high BETWEEN 4 AND 25),
    quorum INTEGER DEFAULT 4 CHECK (quorum IS NULL OR quorum BETWEEN 0 AND 100),
    template_path TEXT,
    board_uid TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    short_name TEXT,
    kind TEXT DEFAULT 'other' CHECK (kind IS NULL OR kind IN ('council', 'health', 'children''s trust', 'school', 'parent carer forum', 'government', 'other')),
    notes TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (name)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    title TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('independent chair', 'member', 'elected member', 'DfE adviser', 'NHS England adviser', 'DfE case lead', 'officer in attendance', 'secretary', 'observer', 'parent carer forum representative') AND role <> ''),
    active_from TEXT CHECK (active_from IS NULL OR active_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    active_to TEXT CHECK (active_to IS NULL OR active_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_people_organisation_id ON people(organisation_id);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL CHECK (code <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    kind TEXT NOT NULL DEFAULT 'area for priority action' CHECK (kind IN ('area for priority action', 'area for improvement', 'DfE recommendation') AND kind <> ''),
    description TEXT,
    lead_id INTEGER REFERENCES people(id),
    position INTEGER CHECK (position IS NULL OR position BETWEEN 0 AND 10000),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (code)
);

CREATE INDEX idx_areas_lead_id ON areas(lead_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL CHECK (ref <> ''),
    kind TEXT DEFAULT 'plan' CHECK (kind IS NULL OR kind IN ('plan', 'board')),
    area_id INTEGER REFERENCES areas(id),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT,
    owner_id INTEGER REFERENCES people(id),
    organisations TEXT,
    success_measure TEXT,
    target TEXT,
    baseline TEXT,
    start_date TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    due_date TEXT CHECK (due_date IS NULL OR due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    revised_due_date TEXT CHECK (revised_due_date IS NULL OR revised_due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    revision_reason TEXT,
    status TEXT NOT NULL DEFAULT 'not started' CHECK (status IN ('not started', 'in progress', 'complete', 'closed', 'deferred') AND status <> ''),
    rag TEXT CHECK (rag IS NULL OR rag IN ('red', 'amber', 'green', 'blue')),
    measure_id INTEGER REFERENCES measures(id),
    minute_id INTEGER REFERENCES minutes(id),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (ref)
);

CREATE INDEX idx_actions_area_id ON actions(area_id);

CREATE INDEX idx_actions_owner_id ON actions(owner_id);

CREATE INDEX idx_actions_measure_id ON actions(measure_id);

CREATE INDEX idx_actions_minute_id ON actions(minute_id);

CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    update_date TEXT NOT NULL CHECK (update_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    meeting_id INTEGER REFERENCES meetings(id),
    rag TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green', 'blue') AND rag <> ''),
    narrative TEXT NOT NULL CHECK (narrative <> ''),
    evidence TEXT,
    reported_by_id INTEGER REFERENCES people(id),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_action_updates_action_id ON action_updates(action_id);

CREATE INDEX idx_action_updates_meeting_id ON action_updates(meeting_id);

CREATE INDEX idx_action_updates_reported_by_id ON action_updates(reported_by_id);

CREATE TABLE action_revisions (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    revised_on TEXT NOT NULL CHECK (revised_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    previous_due TEXT CHECK (previous_due IS NULL OR previous_due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    new_due TEXT NOT NULL CHECK (new_due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reason TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_action_revisions_action_id ON action_revisions(action_id);

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL CHECK (code <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    unit TEXT NOT NULL DEFAULT '%' CHECK (unit IN ('%', 'weeks', 'days', 'count', 'number', '£') AND unit <> ''),
    higher_is_better INTEGER DEFAULT 1 CHECK (higher_is_better IS NULL OR higher_is_better IN (0, 1)),
    baseline REAL,
    baseline_date TEXT CHECK (baseline_date IS NULL OR baseline_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    target REAL,
    target_date TEXT CHECK (target_date IS NULL OR target_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    data_source TEXT,
    area_id INTEGER REFERENCES areas(id),
    frequency TEXT DEFAULT 'monthly' CHECK (frequency IS NULL OR frequency IN ('monthly', 'quarterly', 'termly', 'annual')),
    notes TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (code)
);

CREATE INDEX idx_measures_area_id ON measures(area_id);

CREATE TABLE measure_points (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    value REAL NOT NULL,
    note TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (measure_id, period)
);

CREATE TABLE trajectory_points (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    expected REAL NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (measure_id, period)
);

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL CHECK (ref <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT,
    area_id INTEGER REFERENCES areas(id),
    owner_id INTEGER REFERENCES people(id),
    category TEXT,
    inherent_likelihood INTEGER CHECK (inherent_likelihood IS NULL OR inherent_likelihood BETWEEN 1 AND 5),
    inherent_impact INTEGER CHECK (inherent_impact IS NULL OR inherent_impact BETWEEN 1 AND 5),
    controls TEXT,
    mitigation TEXT,
    linked_actions TEXT,
    current_likelihood INTEGER NOT NULL CHECK (current_likelihood BETWEEN 1 AND 5),
    current_impact INTEGER NOT NULL CHECK (current_impact BETWEEN 1 AND 5),
    target_likelihood INTEGER CHECK (target_likelihood IS NULL OR target_likelihood BETWEEN 1 AND 5),
    target_impact INTEGER CHECK (target_impact IS NULL OR target_impact BETWEEN 1 AND 5),
    target_date TEXT CHECK (target_date IS NULL OR target_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed') AND status <> ''),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (ref)
);

CREATE INDEX idx_risks_area_id ON risks(area_id);

CREATE INDEX idx_risks_owner_id ON risks(owner_id);

CREATE TABLE risk_reviews (
    id INTEGER PRIMARY KEY,
    risk_id INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    review_date TEXT NOT NULL CHECK (review_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    meeting_id INTEGER REFERENCES meetings(id),
    likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    note TEXT,
    reviewed_by_id INTEGER REFERENCES people(id),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_risk_reviews_risk_id ON risk_reviews(risk_id);

CREATE INDEX idx_risk_reviews_meeting_id ON risk_reviews(meeting_id);

CREATE INDEX idx_risk_reviews_reviewed_by_id ON risk_reviews(reviewed_by_id);

CREATE TABLE impact_entries (
    id INTEGER PRIMARY KEY,
    entry_date TEXT NOT NULL CHECK (entry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    meeting_id INTEGER REFERENCES meetings(id),
    kind TEXT NOT NULL DEFAULT 'impact on lived experience' CHECK (kind IN ('impact on lived experience', 'slow progress', 'contribution to strengthen', 'escalation', 'family and young people''s voice') AND kind <> ''),
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('proposed', 'confirmed', 'dismissed') AND status <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    what_changed TEXT,
    evidence TEXT,
    source TEXT,
    area_id INTEGER REFERENCES areas(id),
    action_id INTEGER REFERENCES actions(id),
    measure_id INTEGER REFERENCES measures(id),
    organisations TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_impact_entries_meeting_id ON impact_entries(meeting_id);

CREATE INDEX idx_impact_entries_area_id ON impact_entries(area_id);

CREATE INDEX idx_impact_entries_action_id ON impact_entries(action_id);

CREATE INDEX idx_impact_entries_measure_id ON impact_entries(measure_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'board' CHECK (kind IN ('board', 'stocktake review', 'extraordinary') AND kind <> ''),
    number INTEGER CHECK (number IS NULL OR number BETWEEN 1 AND 100000),
    title TEXT,
    meeting_date TEXT NOT NULL CHECK (meeting_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    start_time TEXT NOT NULL DEFAULT '10:00' CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    end_time TEXT DEFAULT '12:00' CHECK (end_time IS NULL OR end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    venue TEXT,
    joining_details TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'invitations sent', 'papers published', 'held', 'minutes drafted', 'minutes approved', 'cancelled') AND status <> ''),
    closed_at TEXT CHECK (closed_at IS NULL OR closed_at GLOB '[0-2][0-9]:[0-5][0-9]'),
    approved_at_meeting_id INTEGER REFERENCES meetings(id),
    ics_sequence INTEGER DEFAULT 0,
    uid TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_meetings_approved_at_meeting_id ON meetings(approved_at_meeting_id);

CREATE TABLE cycle_steps (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('request_updates', 'updates_due', 'papers_deadline', 'papers_dispatched', 'draft_minutes_to_chair', 'draft_minutes_circulated') AND step <> ''),
    due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    done_date TEXT CHECK (done_date IS NULL OR done_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (meeting_id, step)
);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER CHECK (position IS NULL OR position BETWEEN 0 AND 10000),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT,
    purpose TEXT DEFAULT 'information' CHECK (purpose IS NULL OR purpose IN ('decision', 'discussion', 'assurance', 'information')),
    presenter TEXT,
    paper_ref TEXT,
    duration INTEGER DEFAULT 10 CHECK (duration IS NULL OR duration BETWEEN 0 AND 600),
    confidential INTEGER DEFAULT 0 CHECK (confidential IS NULL OR confidential IN (0, 1)),
    standard TEXT CHECK (standard IS NULL OR standard IN ('welcome', 'declarations', 'minutes', 'action log', 'aob', 'next meeting')),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_agenda_items_meeting_id ON agenda_items(meeting_id);

CREATE TABLE invitees (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    attendance TEXT NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited', 'present', 'apologies', 'substitute', 'in attendance', 'absent') AND attendance <> ''),
    substitute_for_id INTEGER REFERENCES people(id),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (meeting_id, person_id)
);

CREATE INDEX idx_invitees_person_id ON invitees(person_id);

CREATE INDEX idx_invitees_substitute_for_id ON invitees(substitute_for_id);

CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    agenda_item_id INTEGER REFERENCES agenda_items(id),
    interest TEXT NOT NULL CHECK (interest <> ''),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_declarations_meeting_id ON declarations(meeting_id);

CREATE INDEX idx_declarations_person_id ON declarations(person_id);

CREATE INDEX idx_declarations_agenda_item_id ON declarations(agenda_item_id);

CREATE TABLE minutes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items(id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 1000000),
    heading TEXT NOT NULL CHECK (heading <> ''),
    discussion TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (number)
);

CREATE INDEX idx_minutes_meeting_id ON minutes(meeting_id);

CREATE INDEX idx_minutes_agenda_item_id ON minutes(agenda_item_id);

CREATE TABLE resolutions (
    id INTEGER PRIMARY KEY,
    minute_id INTEGER NOT NULL REFERENCES minutes(id) ON DELETE CASCADE,
    position INTEGER CHECK (position IS NULL OR position BETWEEN 0 AND 10000),
    text TEXT NOT NULL CHECK (text <> ''),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_resolutions_minute_id ON resolutions(minute_id);

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    record TEXT,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT
);

CREATE INDEX idx_change_log_at ON change_log(at);

CREATE INDEX idx_change_log_entity ON change_log(entity, entity_id);
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    _run(db, INITIAL)


SNAPSHOTS = """
CREATE TABLE snapshots_sent (
    id INTEGER PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE CHECK (sequence >= 1),
    taken_at TEXT NOT NULL,
    taken_by TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT,
    note TEXT
);

CREATE TABLE snapshot_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    board_uid TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    taken_at TEXT NOT NULL,
    taken_by TEXT NOT NULL,
    source_path TEXT NOT NULL,
    note TEXT,
    app_version TEXT NOT NULL
);
"""


@migrations(name="0002_snapshots")
def m0002_snapshots(db: Database) -> None:
    """The record of snapshots sent from a live file, and the record inside a snapshot."""
    _run(db, SNAPSHOTS)


@migrations(name="0003_snapshot_self_hash")
def m0003_snapshot_self_hash(db: Database) -> None:
    """The fingerprint a snapshot holds of itself, so a damaged copy is refused without
    its .sha256 file (see sendsec.exchanges.snapshots)."""
    _run(db, "ALTER TABLE snapshot_info ADD COLUMN content_sha256 TEXT")


CHALLENGES = """
CREATE TABLE challenges (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL CHECK (uid <> ''),
    raised_by TEXT NOT NULL CHECK (raised_by <> ''),
    raised_on TEXT NOT NULL CHECK (raised_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    kind TEXT NOT NULL DEFAULT 'challenge' CHECK (kind IN ('challenge', 'comment')),
    entity TEXT CHECK (entity IS NULL OR entity IN ('action', 'risk', 'measure', 'impact_entry', 'meeting', 'minute')),
    record_id INTEGER,
    record TEXT,
    text TEXT NOT NULL CHECK (text <> ''),
    response TEXT,
    owner_id INTEGER REFERENCES people(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    answered_on TEXT CHECK (answered_on IS NULL OR answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    snapshot_sequence INTEGER CHECK (snapshot_sequence IS NULL OR snapshot_sequence >= 1),
    source_file TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT,
    UNIQUE (uid)
);

CREATE INDEX idx_challenges_owner_id ON challenges(owner_id);

ALTER TABLE snapshot_info ADD COLUMN taken_by_name TEXT;

ALTER TABLE snapshot_info ADD COLUMN changes TEXT
"""


@migrations(name="0004_challenges")
def m0004_challenges(db: Database) -> None:
    """The challenge log the chair's comments are read into (issue 16), and what a snapshot
    carries of itself: the secretary's name and what changed since the previous snapshot."""
    _run(db, CHALLENGES)


EVIDENCE = """
ALTER TABLE areas ADD COLUMN sro_id INTEGER REFERENCES people(id);

ALTER TABLE actions ADD COLUMN lead_id INTEGER REFERENCES people(id);

ALTER TABLE actions ADD COLUMN rag_reason TEXT;

ALTER TABLE actions ADD COLUMN mitigation TEXT;

ALTER TABLE actions ADD COLUMN impact_if_not_mitigated TEXT;

ALTER TABLE action_revisions ADD COLUMN agreed_minute_id INTEGER REFERENCES minutes(id);

ALTER TABLE measures ADD COLUMN accountable_id INTEGER REFERENCES people(id);

ALTER TABLE measures ADD COLUMN exception_commentary TEXT;

ALTER TABLE measures ADD COLUMN exception_actions TEXT;

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL DEFAULT 'DfE stocktake letter' CHECK (source IN ('DfE stocktake letter', 'DfE deep dive', 'DfE adviser', 'NHS England adviser', 'DfE case lead', 'other')),
    received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reference TEXT,
    text TEXT NOT NULL CHECK (text <> ''),
    action_id INTEGER REFERENCES actions(id),
    area_id INTEGER REFERENCES areas(id),
    minute_id INTEGER REFERENCES minutes(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in progress', 'addressed', 'closed')),
    response TEXT,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT,
    updated_at TEXT
);

CREATE INDEX idx_findings_action_id ON findings(action_id);

CREATE INDEX idx_findings_area_id ON findings(area_id);

CREATE INDEX idx_findings_minute_id ON findings(minute_id)
"""


@migrations(name="0005_evidence")
def m0005_evidence(db: Database) -> None:
    """Accountability as councils write it (an area's senior responsible officer, an action's
    lead, the reason for its RAG, its mitigation and the impact if not mitigated), the board
    decision that agreed a revised date, measures' exception reports, and DfE / NHS England
    findings tracked to what answers them (issue 15)."""
    _run(db, EVIDENCE)


@migrations(name="0006_measure_direction")
def m0006_measure_direction(db: Database) -> None:
    """A measure's empty direction (`higher_is_better` NULL) means neither direction is
    better (a count of demand), which versions before 3ff35fa read as lower is better. It
    changes nothing in the file (an empty direction saved since then means neither, and one
    left blank before was never chosen as lower is better): its number makes versions that
    know only five migrations refuse the file, rather than rate a count of demand."""
    del db  # a marker of the version, nothing to write


MIGRATION_NAMES: tuple[str, ...] = ("0001_initial", "0002_snapshots", "0003_snapshot_self_hash",
                                    "0004_challenges", "0005_evidence", "0006_measure_direction")
SCHEMA_VERSION = len(MIGRATION_NAMES)
