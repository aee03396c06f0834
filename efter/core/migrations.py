"""Append-only, named schema migrations. Never edit one that has landed: add the next.

`PRAGMA user_version` holds how many have run; the `migration` table records each by name.
Each runs in its own transaction together with its record, after a backup copy was taken.
"""

import re
import sqlite3
from collections.abc import Callable

from efter.core.patterns import Pattern

Migration = Callable[[sqlite3.Connection], None]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("incomplete SQL statement at the end of a migration script")


DEFAULT_LIFE_AREAS = [
    # code, Danish label, English label
    ("uddannelse", "Uddannelse", "Education"),
    ("beskaeftigelse", "Beskæftigelse og forsørgelse", "Employment and income"),
    ("bolig", "Bolig", "Housing"),
    ("oekonomi", "Økonomi og husholdning", "Money and household"),
    ("netvaerk", "Sociale netværk og relationer", "Social network and relationships"),
    ("fysisk", "Fysisk helbred", "Physical health"),
    ("psykisk", "Psykisk trivsel", "Mental well-being"),
    ("rusmidler", "Rusmidler", "Drugs and alcohol"),
    ("fritid", "Fritid", "Leisure"),
    ("hverdag", "Dagligdagens mestring", "Managing everyday life"),
]


def m001_initial(conn: sqlite3.Connection) -> None:
    """The shared picture: young people, the people around them, meetings, goals,
    agreements, life areas, ratings, settings and the audit log."""
    run_script(
        conn,
        """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE youth (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE CHECK (ref IS NULL OR length(trim(ref)) > 0),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            born TEXT NOT NULL CHECK (date(born) IS born),
            cpr TEXT CHECK (cpr IS NULL OR cpr GLOB
                '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
            municipality TEXT,
            home_municipality TEXT,
            legal_basis TEXT CHECK (legal_basis IS NULL OR legal_basis IN
                ('bl46', 'bl47', 'bl32', 'bl113', 'sel52', 'sel76')),
            placement_site TEXT,
            housing TEXT CHECK (housing IS NULL OR housing IN
                ('doegninstitution', 'opholdssted', 'plejefamilie', 'netvaerksplejefamilie',
                 'vaertsfamilie', 'egen-bolig', 'kollegium', 'bofaellesskab', 'hos-foraeldre',
                 'other')),
            programme TEXT,
            cohort TEXT,
            coordinator TEXT,
            start TEXT NOT NULL CHECK (date(start) IS start),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
            closed TEXT CHECK (closed IS NULL OR date(closed) IS closed),
            outcome TEXT CHECK (outcome IS NULL OR outcome IN
                ('education', 'job', 'both', 'neither', 'unknown')),
            age_forced INTEGER NOT NULL DEFAULT 0 CHECK (age_forced IN (0, 1)),
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK ((status = 'closed') = (closed IS NOT NULL)),
            CHECK (status = 'closed' OR outcome IS NULL),
            CHECK (closed IS NULL OR closed >= start)
        );
        CREATE INDEX youth_status_coordinator ON youth (status, coordinator);

        -- Team (professionals) and private network, with from/to so history survives.
        CREATE TABLE member (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            side TEXT NOT NULL CHECK (side IN ('team', 'network')),
            role TEXT NOT NULL CHECK (length(role) > 0),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            organisation TEXT,
            phone TEXT,
            email TEXT,
            note TEXT,
            started TEXT NOT NULL CHECK (date(started) IS started),
            ended TEXT CHECK (ended IS NULL OR (date(ended) IS ended AND ended >= started)),
            created TEXT NOT NULL
        );
        CREATE INDEX member_youth ON member (youth_id, side);

        CREATE TABLE meeting (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'network'
                CHECK (kind IN ('start', 'network', 'milestone', 'end')),
            milestone TEXT CHECK (milestone IS NULL OR milestone IN ('16', '17.5', '18.5')),
            starts TEXT NOT NULL CHECK (datetime(starts) IS NOT NULL),
            duration INTEGER NOT NULL DEFAULT 90 CHECK (duration BETWEEN 1 AND 1440),
            place TEXT,
            leader TEXT,
            minute_taker TEXT,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'held', 'cancelled', 'no-show')),
            status_note TEXT,
            minutes TEXT,
            series TEXT,
            forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX meeting_youth_starts ON meeting (youth_id, starts);
        CREATE INDEX meeting_status_starts ON meeting (status, starts);

        -- Who came to a held meeting and who sent apologies (afbud).
        CREATE TABLE attendance (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
            person TEXT NOT NULL CHECK (person IN ('youth', 'coordinator', 'member', 'guest')),
            member_id INTEGER REFERENCES member (id) ON DELETE CASCADE,
            name TEXT,
            presence TEXT NOT NULL CHECK (presence IN ('attended', 'apologies')),
            CHECK ((person = 'member') = (member_id IS NOT NULL))
        );
        CREATE INDEX attendance_meeting ON attendance (meeting_id);

        CREATE TABLE life_area (
            code TEXT PRIMARY KEY CHECK (length(code) > 0),
            label_da TEXT NOT NULL,
            label_en TEXT NOT NULL,
            position INTEGER NOT NULL,
            retired TEXT CHECK (retired IS NULL OR date(retired) IS retired)
        );

        -- The meaning of each step 1-5; area NULL is the general scale.
        CREATE TABLE scale_step (
            area TEXT REFERENCES life_area (code) ON UPDATE CASCADE ON DELETE CASCADE,
            step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
            label_da TEXT NOT NULL,
            label_en TEXT NOT NULL,
            UNIQUE (area, step)
        );

        -- Goals (mål) and sub-goals (delmål: parent_id set).
        CREATE TABLE goal (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES goal (id) ON DELETE CASCADE,
            area TEXT NOT NULL REFERENCES life_area (code) ON UPDATE CASCADE,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'achieved', 'dropped')),
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX goal_youth ON goal (youth_id);

        -- "Hvem gør hvad hvornår": the owner is the young person, the coordinator or a member.
        CREATE TABLE agreement (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            what TEXT NOT NULL CHECK (length(trim(what)) > 0),
            owner TEXT NOT NULL CHECK (owner IN ('youth', 'coordinator', 'member')),
            owner_member_id INTEGER REFERENCES member (id) ON DELETE CASCADE,
            due TEXT NOT NULL CHECK (date(due) IS due),
            first_due TEXT NOT NULL CHECK (date(first_due) IS first_due),
            goal_id INTEGER REFERENCES goal (id) ON DELETE SET NULL,
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on),
            drop_reason TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK ((owner = 'member') = (owner_member_id IS NOT NULL)),
            CHECK ((status = 'done') = (done_on IS NOT NULL))
        );
        CREATE INDEX agreement_youth_status ON agreement (youth_id, status, due);
        CREATE INDEX agreement_status_due ON agreement (status, due);

        -- What happened to an agreement: moved, followed up at a meeting, kept, dropped.
        CREATE TABLE agreement_event (
            id INTEGER PRIMARY KEY,
            agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE CASCADE,
            event TEXT NOT NULL
                CHECK (event IN ('kept', 'moved', 'dropped', 'still-open', 'reopened')),
            on_date TEXT NOT NULL CHECK (date(on_date) IS on_date),
            old_due TEXT,
            new_due TEXT,
            note TEXT
        );
        CREATE INDEX agreement_event_agreement ON agreement_event (agreement_id);
        CREATE INDEX agreement_event_meeting ON agreement_event (meeting_id);

        -- Life-area status 1-5. A correction points the old row at its replacement.
        CREATE TABLE rating (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            area TEXT NOT NULL REFERENCES life_area (code) ON UPDATE CASCADE,
            score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score BETWEEN 1 AND 5),
            phase TEXT NOT NULL CHECK (phase IN ('start', 'meeting', 'end')),
            rated_by TEXT NOT NULL DEFAULT 'professional'
                CHECK (rated_by IN ('youth', 'professional')),
            rated_on TEXT NOT NULL CHECK (date(rated_on) IS rated_on),
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            note TEXT,
            replaced_by INTEGER REFERENCES rating (id) ON DELETE SET NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX rating_youth_area ON rating (youth_id, area, rated_on);
        CREATE UNIQUE INDEX rating_one_start_end ON rating (youth_id, area, rated_by, phase)
            WHERE phase IN ('start', 'end') AND replaced_by IS NULL;

        -- Every use of a person's data: never the data itself. youth_id has no foreign key so
        -- the line outlives an erasure.
        CREATE TABLE audit_event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN
                ('viewed', 'changed', 'exported', 'rendered', 'erased')),
            youth_id INTEGER,
            command TEXT NOT NULL
        );
        CREATE INDEX audit_youth_at ON audit_event (youth_id, at);
        CREATE INDEX audit_at ON audit_event (at);
        """,
    )
    conn.executemany(
        "INSERT INTO life_area (code, label_da, label_en, position) VALUES (?, ?, ?, ?)",
        [(code, da, en, n) for n, (code, da, en) in enumerate(DEFAULT_LIFE_AREAS, start=1)],
    )
    conn.executemany(
        "INSERT INTO scale_step (area, step, label_da, label_en) VALUES (NULL, ?, ?, ?)",
        [
            (1, "Har brug for omfattende støtte", "Needs comprehensive support"),
            (
                2,
                "Klarer lidt selv, har brug for meget støtte",
                "Manages a little, needs much support",
            ),
            (3, "Klarer det delvist med støtte", "Manages partly with support"),
            (4, "Klarer det meste selv, lidt støtte", "Manages most things, a little support"),
            (5, "Klarer det selvstændigt", "Manages independently"),
        ],
    )


# Our own wording of what each step means in each default area (never the Outcomes Star's).
AREA_SCALES = {
    "uddannelse": [
        ("Ikke i gang med skole eller uddannelse og uden en plan", "Not in school or education and without a plan"),
        ("Har en plan eller er startet, men møder sjældent op", "Has a plan or has started, but rarely attends"),
        ("Går i skole eller uddannelse med støtte, men har meget fravær", "In school or education with support, but often absent"),
        ("Følger sin uddannelse stabilt med lidt støtte", "Follows the course steadily with a little support"),
        ("Gennemfører sin uddannelse på egen hånd", "Completes the course independently"),
    ],
    "beskaeftigelse": [
        ("Uden job og forsørgelse og ved ikke, hvor hjælpen findes", "No job or income and does not know where to get help"),
        ("Får en ydelse, men har brug for hjælp til at beholde den", "Receives a benefit but needs help to keep it"),
        ("Har job, praktik eller fast ydelse med støtte", "Has a job, an internship or a steady benefit with support"),
        ("Passer job eller praktik med lidt støtte", "Keeps a job or internship going with a little support"),
        ("Forsørger sig selv gennem løn eller SU", "Supports themselves through pay or a student grant"),
    ],
    "bolig": [
        ("Har ikke et fast sted at bo", "Has no settled place to live"),
        ("Bor midlertidigt eller usikkert", "Lives somewhere temporary or insecure"),
        ("Har et sted at bo, men skal have støtte til at klare boligen", "Has a home but needs support to manage it"),
        ("Bor stabilt og klarer det meste af boligen selv", "Lives settled and manages most of the home"),
        ("Har egen bolig og klarer den selvstændigt", "Has a home of their own and manages it independently"),
    ],
    "oekonomi": [
        ("Har ikke overblik; gæld eller regninger vokser", "Has no overview; debts or bills are growing"),
        ("Har brug for, at andre styrer pengene", "Needs others to manage the money"),
        ("Betaler de faste udgifter med støtte", "Pays the fixed bills with support"),
        ("Har et budget og holder det for det meste", "Has a budget and mostly keeps to it"),
        ("Styrer selv sin økonomi og husholdning", "Runs their own money and household"),
    ],
    "netvaerk": [
        ("Har ingen voksne eller venner at gå til", "Has no adults or friends to turn to"),
        ("Har få og skrøbelige relationer", "Has few and fragile relationships"),
        ("Har nogle stabile relationer, men bruger dem sjældent", "Has some steady relationships but seldom draws on them"),
        ("Har voksne og venner, der hjælper, når det gælder", "Has adults and friends who help when it matters"),
        ("Har et stabilt netværk og bruger det selv", "Has a steady network and uses it on their own"),
    ],
    "fysisk": [
        ("Har helbredsproblemer, som ikke bliver behandlet", "Has health problems that are not being treated"),
        ("Går kun til læge eller tandlæge, når andre sørger for det", "Sees a doctor or dentist only when others arrange it"),
        ("Passer sit helbred med påmindelser og støtte", "Looks after their health with reminders and support"),
        ("Passer søvn, kost og helbred det meste af tiden", "Looks after sleep, food and health most of the time"),
        ("Tager selv ansvar for sit helbred", "Takes charge of their own health"),
    ],
    "psykisk": [
        ("Har det svært det meste af tiden og får ikke hjælp", "Struggles most of the time and gets no help"),
        ("Har det ofte svært og har brug for tæt støtte", "Often struggles and needs close support"),
        ("Har svære perioder, men tager imod hjælp", "Has hard periods but accepts help"),
        ("Har det for det meste godt og ved, hvor hjælpen er", "Is mostly well and knows where to find help"),
        ("Trives og klarer selv modgang", "Thrives and handles setbacks on their own"),
    ],
    "rusmidler": [
        ("Rusmidler styrer hverdagen", "Drugs or alcohol run daily life"),
        ("Rusmidler giver ofte problemer", "Drugs or alcohol often cause problems"),
        ("Er i gang med at ændre sit forbrug med støtte", "Is changing their use with support"),
        ("Forbruget giver sjældent problemer", "Their use rarely causes problems"),
        ("Rusmidler er ikke et problem", "Drugs and alcohol are not a problem"),
    ],
    "fritid": [
        ("Har intet at give sig til i fritiden", "Has nothing to do in their free time"),
        ("Har interesser, men kommer sjældent af sted", "Has interests but seldom gets out to them"),
        ("Deltager i fritidsaktiviteter med støtte", "Takes part in leisure activities with support"),
        ("Har faste fritidsaktiviteter", "Has regular leisure activities"),
        ("Finder og holder selv fast i fritidsaktiviteter", "Finds and keeps up leisure activities on their own"),
    ],
    "hverdag": [
        ("Klarer ikke døgnrytme, mad og aftaler", "Cannot manage sleep, meals and appointments"),
        ("Klarer kun hverdagen med tæt støtte", "Manages daily life only with close support"),
        ("Klarer det meste af hverdagen med påmindelser", "Manages most of daily life with reminders"),
        ("Klarer hverdagen med lidt hjælp", "Manages daily life with a little help"),
        ("Klarer hverdagen selvstændigt", "Manages daily life independently"),
    ],
}  # fmt: skip


def m003_ratings(conn: sqlite3.Connection) -> None:
    """What each step 1-5 means in each default life area, in our own words. Areas a user
    has renamed or removed are left alone, and wording a user has set is kept."""
    for code, steps in AREA_SCALES.items():
        for step, (da, en) in enumerate(steps, start=1):
            conn.execute(
                "INSERT OR IGNORE INTO scale_step (area, step, label_da, label_en) "
                "SELECT code, ?, ?, ? FROM life_area WHERE code = ?",
                (step, da, en, code),
            )


def m004_documents(conn: sqlite3.Connection) -> None:
    """Saved contract versions (the text that was signed) and the measures a young person
    receives (indsatsoverblik)."""
    run_script(
        conn,
        """
        -- A saved samarbejdskontrakt: the rendered Markdown exactly as saved, its sha256,
        -- the template asked for (a name or a file), the file it was read from, the language,
        -- and when it was saved and signed.
        CREATE TABLE contract (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            template TEXT NOT NULL,
            source TEXT NOT NULL,
            lang TEXT NOT NULL CHECK (lang IN ('da', 'en')),
            saved TEXT NOT NULL CHECK (date(saved) IS saved),
            signed TEXT CHECK (signed IS NULL OR (date(signed) IS signed AND signed >= saved)),
            created TEXT NOT NULL,
            UNIQUE (youth_id, version)
        );

        -- Measures and services the young person receives (ungestøtte, kontaktperson, ...).
        CREATE TABLE measure (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (length(trim(kind)) > 0),
            provider TEXT,
            legal_basis TEXT,
            started TEXT NOT NULL CHECK (date(started) IS started),
            ended TEXT CHECK (ended IS NULL OR (date(ended) IS ended AND ended >= started)),
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX measure_youth ON measure (youth_id, started);
        """,
    )


def m006_safety(conn: sqlite3.Connection) -> None:
    """Audit lines of an erased young person are marked, so their id, if SQLite hands it to a
    new young person later, never shows the old person's trail as the new one's."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(audit_event)")}
    if "erased" not in columns:  # a file whose user_version was set back keeps its column
        conn.execute(
            "ALTER TABLE audit_event ADD COLUMN erased INTEGER NOT NULL DEFAULT 0 "
            "CHECK (erased IN (0, 1))"
        )


def m007_meetings(conn: sqlite3.Connection) -> None:
    """Calendar exports: a revision number per meeting (iCalendar SEQUENCE, bumped when a
    meeting is moved or cancelled) and a random id for this case file, so every meeting's UID
    is stable across exports and unique across case files."""
    import uuid

    columns = {row[1] for row in conn.execute("PRAGMA table_info(meeting)")}
    if "sequence" not in columns:  # safe to run again on a file rewound to an older version
        conn.execute("ALTER TABLE meeting ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "INSERT OR IGNORE INTO setting (key, value) VALUES ('casefile-uuid', ?)",
        (str(uuid.uuid4()),),
    )


def m007_reports(conn: sqlite3.Connection) -> None:
    """What the young person is doing over time (education and work as dated periods), a
    price per young person per programme, and statutory deadlines recorded as met. Safe to run
    again on a file whose version was set back (IF NOT EXISTS)."""
    run_script(
        conn,
        """
        -- A period starts on `starts` and lasts until the next period of the same young person.
        CREATE TABLE IF NOT EXISTS youth_status (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            starts TEXT NOT NULL CHECK (date(starts) IS starts),
            education TEXT NOT NULL CHECK (education IN ('none', 'preparatory',
                'upper-secondary', 'vocational', 'higher', 'special-needs')),
            work TEXT NOT NULL CHECK (work IN ('none', 'leisure-job', 'internship',
                'part-time', 'full-time')),
            note TEXT,
            created TEXT NOT NULL,
            UNIQUE (youth_id, starts)
        );

        -- Price per young person in kroner; programme names match youth.programme, any case.
        CREATE TABLE IF NOT EXISTS programme_price (
            programme TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(programme)) > 0),
            amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
            updated TEXT NOT NULL
        );

        -- A statutory deadline done on a date (the ungeplan made, the § 111 decision taken).
        CREATE TABLE IF NOT EXISTS deadline_met (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            code TEXT NOT NULL CHECK (code IN ('ungeplan', 's111', 'adult', 'ungestotte_end')),
            met_on TEXT NOT NULL CHECK (date(met_on) IS met_on),
            note TEXT,
            created TEXT NOT NULL,
            UNIQUE (youth_id, code)
        );
        """,
    )


def m008_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for what users run most. `youth list` reads its first page by name from the
    index instead of sorting every young person (40 ms -> 1 ms on 10,000); `report progress`
    reads the current ratings of one rater from a covering index instead of the whole table;
    meetings are listed (and `efter due` finds the planned ones) in time order from an index."""
    run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS youth_status_name ON youth (status, name COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS youth_name ON youth (name COLLATE NOCASE, id);
        CREATE INDEX IF NOT EXISTS rating_current
            ON rating (rated_by, youth_id, area, rated_on, phase, score, replaced_by)
            WHERE replaced_by IS NULL;
        CREATE INDEX IF NOT EXISTS meeting_when ON meeting (datetime(starts), id);
        CREATE INDEX IF NOT EXISTS meeting_status_when ON meeting (status, datetime(starts), id);
        """,
    )


def m009_progress(conn: sqlite3.Connection) -> None:
    """`report progress` needs each path's first and last current rating in the order the
    ratings are read: date, then phase (start, meeting, end: reverse alphabetical, so
    `phase DESC`), then id. This index holds that order, so each is one seek (1.5 s -> 0.2 s
    on 300,000 ratings). rating_current stays: dropping it would leave a free page in every new
    file (m008 has just made it), which `efter doctor` rightly reports."""
    run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS rating_progress
            ON rating (rated_by, youth_id, area, rated_on, phase DESC, id, score, replaced_by)
            WHERE replaced_by IS NULL;
        """,
    )


# One path's summary, recomputed from its current ratings: how many, and the change from the
# first to the last (by date, then phase start < meeting < end, then id: the order of the index
# rating_progress, so each is one seek). {p} is OLD or NEW. Only for a young person on file,
# so a path never outlives its young person (erasure deletes the ratings one by one).
_PATH_RECOMPUTE = """
    DELETE FROM rating_path
    WHERE youth_id = {p}.youth_id AND area = {p}.area AND rated_by = {p}.rated_by;
    INSERT INTO rating_path (youth_id, area, rated_by, n, change)
    SELECT {p}.youth_id, {p}.area, {p}.rated_by, count(*),
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = {p}.rated_by AND r.replaced_by IS NULL
                  AND r.youth_id = {p}.youth_id AND r.area = {p}.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = {p}.rated_by AND r.replaced_by IS NULL
                    AND r.youth_id = {p}.youth_id AND r.area = {p}.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END
    FROM rating AS g
    WHERE g.rated_by = {p}.rated_by AND g.replaced_by IS NULL
      AND g.youth_id = {p}.youth_id AND g.area = {p}.area
      AND EXISTS (SELECT 1 FROM youth WHERE id = {p}.youth_id)
    GROUP BY g.youth_id;
"""

# A path counted in, or out of, rating_tally (a count that reaches 0 goes: nothing of an erased
# young person stays behind).
_TALLY_ADD = """
    INSERT INTO rating_tally (rated_by, area, followed, change, paths)
    VALUES ({p}.rated_by, {p}.area, {p}.change IS NOT NULL, coalesce({p}.change, 0), 1)
    ON CONFLICT (rated_by, area, followed, change) DO UPDATE SET paths = paths + 1;
"""
_TALLY_REMOVE = """
    UPDATE rating_tally SET paths = paths - 1
    WHERE rated_by = {p}.rated_by AND area = {p}.area
      AND followed = ({p}.change IS NOT NULL) AND change = coalesce({p}.change, 0);
    DELETE FROM rating_tally
    WHERE rated_by = {p}.rated_by AND area = {p}.area
      AND followed = ({p}.change IS NOT NULL) AND change = coalesce({p}.change, 0)
      AND paths = 0;
"""


def m010_reports(conn: sqlite3.Connection) -> None:
    """`report progress` reads kept figures instead of every rating. `rating_path` has one row
    per young person, area and rater (a path): how many current ratings it has and the change
    from its first to its last one (NULL with a single rating). `rating_tally` counts the paths
    per rater, area and change, which is all the report needs for everyone (a few dozen rows
    instead of 300,000 ratings); per programme, cohort or coordinator it joins the paths to
    the young people. Triggers keep both up to date in the same transaction as every write to
    `rating` (rate, --correct, import, erase, an area renamed), whichever code makes it."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS rating_path (
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            area TEXT NOT NULL,
            rated_by TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n > 0),
            change INTEGER CHECK ((n = 1) = (change IS NULL)),
            PRIMARY KEY (youth_id, area, rated_by)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS rating_tally (
            rated_by TEXT NOT NULL,
            area TEXT NOT NULL,
            followed INTEGER NOT NULL CHECK (followed IN (0, 1)),
            change INTEGER NOT NULL,
            paths INTEGER NOT NULL CHECK (paths >= 0),
            PRIMARY KEY (rated_by, area, followed, change)
        ) WITHOUT ROWID;
        """,
    )
    # The ratings already on file, with the same arithmetic in one pass.
    conn.execute(
        """
        INSERT INTO rating_path (youth_id, area, rated_by, n, change)
        SELECT g.youth_id, g.area, g.rated_by, count(*),
               CASE WHEN count(*) > 1 THEN
                   (SELECT score FROM rating AS r
                    WHERE r.rated_by = g.rated_by AND r.replaced_by IS NULL
                      AND r.youth_id = g.youth_id AND r.area = g.area
                    ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
                   - (SELECT score FROM rating AS r
                      WHERE r.rated_by = g.rated_by AND r.replaced_by IS NULL
                        AND r.youth_id = g.youth_id AND r.area = g.area
                      ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
               END
        FROM rating AS g
        WHERE g.replaced_by IS NULL AND g.youth_id IN (SELECT id FROM youth)
        GROUP BY g.rated_by, g.youth_id, g.area
        """
    )
    conn.execute(
        "INSERT INTO rating_tally (rated_by, area, followed, change, paths) "
        "SELECT rated_by, area, change IS NOT NULL, coalesce(change, 0), count(*) "
        "FROM rating_path GROUP BY 1, 2, 3, 4"
    )
    run_script(
        conn,
        f"""
        CREATE TRIGGER IF NOT EXISTS rating_path_insert AFTER INSERT ON rating
        WHEN NEW.replaced_by IS NULL
        BEGIN{_PATH_RECOMPUTE.format(p="NEW")}END;
        CREATE TRIGGER IF NOT EXISTS rating_path_update
        AFTER UPDATE OF youth_id, area, score, phase, rated_by, rated_on, replaced_by ON rating
        WHEN OLD.replaced_by IS NULL OR NEW.replaced_by IS NULL
        BEGIN{_PATH_RECOMPUTE.format(p="OLD")}{_PATH_RECOMPUTE.format(p="NEW")}END;
        CREATE TRIGGER IF NOT EXISTS rating_path_delete AFTER DELETE ON rating
        WHEN OLD.replaced_by IS NULL
        BEGIN{_PATH_RECOMPUTE.format(p="OLD")}END;
        CREATE TRIGGER IF NOT EXISTS rating_tally_add AFTER INSERT ON rating_path
        BEGIN{_TALLY_ADD.format(p="NEW")}END;
        CREATE TRIGGER IF NOT EXISTS rating_tally_remove AFTER DELETE ON rating_path
        BEGIN{_TALLY_REMOVE.format(p="OLD")}END;
        CREATE TRIGGER IF NOT EXISTS rating_tally_update AFTER UPDATE ON rating_path
        BEGIN{_TALLY_REMOVE.format(p="OLD")}{_TALLY_ADD.format(p="NEW")}END;
        """,
    )


def m011_due(conn: sqlite3.Connection) -> None:
    """`efter due` asks, for every active young person, whether a planned meeting falls in
    the next six months, and counts open agreements by due date: with (youth_id, status,
    starts) each question is one seek (the planner otherwise walks every planned meeting for
    each young person: 6.6 s on the benchmark file); (status, starts, youth_id) finds who has
    a meeting planned without reading the meetings, and (status, due, youth_id) counts the
    open agreements without reading them. (status, born) finds who has a statutory date soon."""
    run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS meeting_youth_status ON meeting (youth_id, status, starts);
        CREATE INDEX IF NOT EXISTS meeting_status_starts_youth
            ON meeting (status, starts, youth_id);
        CREATE INDEX IF NOT EXISTS agreement_open_due ON agreement (status, due, youth_id);
        CREATE INDEX IF NOT EXISTS youth_status_born ON youth (status, born);
        """,
    )


def m012_audit_everyone(conn: sqlite3.Connection) -> None:
    """A report over every young person on file writes one audit line marked `everyone`
    instead of one line per person: 10,000 lines per run made the log (and its youth index)
    grow by 40 MB of writes a day for a daily report. `efter audit --youth` shows such a line
    to everyone who was on file at that time."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(audit_event)")}
    if "everyone" not in columns:  # safe to run again on a file rewound to an older version
        conn.execute(
            "ALTER TABLE audit_event ADD COLUMN everyone INTEGER NOT NULL DEFAULT 0 "
            "CHECK (everyone IN (0, 1))"
        )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS audit_everyone_at ON audit_event (at) WHERE everyone = 1"
    )


def m013_law_dates(conn: sqlite3.Connection) -> None:
    """Issue 13, statutory dates: the day the placement started (`placed_from`; a young person
    placed after 16 has the ungeplan due 3 months after it, Barnets lov § 108), and a mark on a
    young person or a measure whose legal basis under the repealed Serviceloven was kept with
    --force for something starting on 1 January 2024 or later (`basis_forced`, as age_forced)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(youth)")}
    if "placed_from" not in columns:  # safe to run again on a file rewound to an older version
        conn.execute(
            "ALTER TABLE youth ADD COLUMN placed_from TEXT "
            "CHECK (placed_from IS NULL OR date(placed_from) IS placed_from)"
        )
    if "basis_forced" not in columns:
        conn.execute(
            "ALTER TABLE youth ADD COLUMN basis_forced INTEGER NOT NULL DEFAULT 0 "
            "CHECK (basis_forced IN (0, 1))"
        )
    measure = {row[1] for row in conn.execute("PRAGMA table_info(measure)")}
    if "basis_forced" not in measure:
        conn.execute(
            "ALTER TABLE measure ADD COLUMN basis_forced INTEGER NOT NULL DEFAULT 0 "
            "CHECK (basis_forced IN (0, 1))"
        )


def m014_consent(conn: sqlite3.Connection) -> None:
    """Consent as a record (issue 13): who may be told what about the young person, given by
    whom, from when until when, and when it was withdrawn. A party is a team or network member
    on the case; an area is a code of `vocab.CONSENT_AREAS`. Withdrawal keeps the record."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS consent (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            given_by TEXT NOT NULL CHECK (given_by IN ('youth', 'parent')),
            parent_name TEXT,
            starts TEXT NOT NULL CHECK (date(starts) IS starts),
            until TEXT NOT NULL CHECK (date(until) IS until AND until >= starts),
            withdrawn TEXT CHECK (withdrawn IS NULL OR date(withdrawn) IS withdrawn),
            health_to_network INTEGER NOT NULL DEFAULT 0 CHECK (health_to_network IN (0, 1)),
            note TEXT,
            created TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS consent_youth ON consent (youth_id, until);
        CREATE INDEX IF NOT EXISTS consent_until ON consent (until) WHERE withdrawn IS NULL;
        CREATE TABLE IF NOT EXISTS consent_party (
            consent_id INTEGER NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
            PRIMARY KEY (consent_id, member_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS consent_party_member ON consent_party (member_id);
        CREATE TABLE IF NOT EXISTS consent_area (
            consent_id INTEGER NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
            area TEXT NOT NULL CHECK (length(area) > 0),
            PRIMARY KEY (consent_id, area)
        ) WITHOUT ROWID;
        """,
    )


# m015: the scale's wording read again; (area or None, step, old Danish, new Danish).
SCALE_REWORDED = (
    (None, 2, "Klarer lidt selv, har brug for meget støtte", "Klarer lidt selv og har brug for meget støtte"),
    (None, 4, "Klarer det meste selv, lidt støtte", "Klarer det meste selv med lidt støtte"),
    ("beskaeftigelse", 1, "Uden job og forsørgelse og ved ikke, hvor hjælpen findes", "Har hverken job eller forsørgelse og ved ikke, hvor der er hjælp at få"),
    ("beskaeftigelse", 5, "Forsørger sig selv gennem løn eller SU", "Forsørger sig selv med løn eller SU"),
    ("oekonomi", 1, "Har ikke overblik; gæld eller regninger vokser", "Har ikke overblik over pengene, og gæld eller ubetalte regninger vokser"),
    ("hverdag", 1, "Klarer ikke døgnrytme, mad og aftaler", "Kan ikke få døgnrytme, mad og aftaler til at hænge sammen"),
)  # fmt: skip


def _allow_primary_school(conn: sqlite3.Connection) -> None:
    """Add 'primary' (Grundskole) to youth_status.education's CHECK. How a CHECK is widened
    differs between the engines (`dialect.widen_check`): on SQLite by rewriting the table's
    stored definition, never by a rebuild that would leave free pages in every new file."""
    from efter.core import dialect

    dialect.of(conn).widen_check(
        conn,
        "youth_status",
        "CHECK (education IN ('none', 'preparatory',",
        "CHECK (education IN ('none', 'primary', 'preparatory',",
    )


def m015_meeting_kinds(conn: sqlite3.Connection) -> None:
    """The network map's closeness (tæt, mellem, fjern) and what each person can help with,
    kept on the member. Meeting kinds need no new column: `meeting.kind` (start, network,
    milestone, end) with `meeting.milestone` (16, 17.5, 18.5) already holds the six kinds, and
    every meeting planned without a kind is an ordinary network meeting. An education status
    'primary' (Grundskole). The scale's Danish wording is updated only where it is still the
    wording efter put there."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(member)")}
    if "closeness" not in columns:
        conn.execute(
            "ALTER TABLE member ADD COLUMN closeness TEXT "
            "CHECK (closeness IS NULL OR closeness IN ('close', 'middle', 'distant'))"
        )
    if "can_help" not in columns:
        conn.execute("ALTER TABLE member ADD COLUMN can_help TEXT")
    _allow_primary_school(conn)
    for area, step, old, new in SCALE_REWORDED:
        conn.execute(
            "UPDATE scale_step SET label_da = ? WHERE area IS ? AND step = ? AND label_da = ?",
            (new, area, step, old),
        )


def m016_cpr_guard(conn: sqlite3.Connection) -> None:
    """A CPR number belongs to one young person: a second one with the same number is
    refused unless --force, and `cpr_forced` records that it was forced (as `age_forced`
    does for an age outside 15-23)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(youth)")}
    if "cpr_forced" not in columns:
        conn.execute(
            "ALTER TABLE youth ADD COLUMN cpr_forced INTEGER NOT NULL DEFAULT 0 "
            "CHECK (cpr_forced IN (0, 1))"
        )
    conn.execute("CREATE INDEX IF NOT EXISTS youth_cpr ON youth (cpr) WHERE cpr IS NOT NULL")


def m018_handover(conn: sqlite3.Connection) -> None:
    """The coordinator history: each change of a young person's coordinator (`efter youth
    handover`, `youth edit --coordinator`) with the day it took effect and who had the case
    before. The current coordinator stays on youth.coordinator."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS coordinator_change (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            previous TEXT,
            coordinator TEXT NOT NULL CHECK (length(trim(coordinator)) > 0),
            changed_on TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS coordinator_change_youth
            ON coordinator_change (youth_id, changed_on);
        """,
    )


def m019_journal(conn: sqlite3.Connection) -> None:
    """Issue 18: the journal (dated notes signed with the OS user; a correction is a new note
    that points at the one it corrects, which is kept and shown as corrected), and
    `edit_event`, the history of corrections to a team or network member, an agreement, a goal
    or a meeting (field, old and new value, when, by whom). Both go with the young person."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS journal (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            written TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            corrects INTEGER REFERENCES journal (id) ON DELETE CASCADE,
            corrected_by INTEGER REFERENCES journal (id) ON DELETE SET NULL
        );
        CREATE INDEX IF NOT EXISTS journal_youth ON journal (youth_id, written, id);
        CREATE INDEX IF NOT EXISTS journal_corrects ON journal (corrects);
        CREATE TABLE IF NOT EXISTS edit_event (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            thing TEXT NOT NULL CHECK (thing IN ('member', 'agreement', 'goal', 'meeting')),
            thing_id INTEGER NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS edit_event_thing ON edit_event (thing, thing_id, id);
        CREATE INDEX IF NOT EXISTS edit_event_youth ON edit_event (youth_id);
        """,
    )


def programme_key(name: str) -> str:
    """The key one programme's name is known by: case folded (æøå too), spaces collapsed.
    efter.core.programmes uses the same, so a name typed in any case finds its programme."""
    return " ".join(name.casefold().split())


def m021_programmes(conn: sqlite3.Connection) -> None:
    """Issue 18: programmes as real things. A `programme` (the collaboration model, or a
    supplement such as EMPOWER4U) with its kind and planned length in weeks (its price stays
    in programme_price, keyed by name); a `cohort` (hold) of a programme with its start (the
    camp), planned end and place; and `programme_period`: a young person in a programme from
    a day to a day, so one young person can be in several at once.

    Existing files: every programme named on a young person or priced becomes a programme of
    kind 'model' (names that differ only in case are one, spelled as on the first young person,
    as 'programme list' counted them); every cohort named on a young person becomes a cohort of
    that young person's programme (with no programme: a cohort of no programme) with its dates
    and place unknown; every young person with a programme gets a period in it from the case's
    start to its close, in that cohort. youth.programme and youth.cohort keep their text."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS programme (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            -- the name case-folded with spaces collapsed: one programme per spelling
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('model', 'supplement')),
            weeks INTEGER CHECK (weeks IS NULL OR (typeof(weeks) = 'integer'
                AND weeks BETWEEN 1 AND 520)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cohort (
            id INTEGER PRIMARY KEY,
            programme_id INTEGER REFERENCES programme (id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            key TEXT NOT NULL,
            starts TEXT CHECK (starts IS NULL OR date(starts) IS starts),
            planned_end TEXT CHECK (planned_end IS NULL OR (date(planned_end) IS planned_end
                AND (starts IS NULL OR planned_end >= starts))),
            place TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS cohort_key ON cohort (coalesce(programme_id, 0), key);
        CREATE TABLE IF NOT EXISTS programme_period (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            programme_id INTEGER NOT NULL REFERENCES programme (id),
            cohort_id INTEGER REFERENCES cohort (id) ON DELETE SET NULL,
            starts TEXT NOT NULL CHECK (date(starts) IS starts),
            ends TEXT CHECK (ends IS NULL OR (date(ends) IS ends AND ends >= starts)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS programme_period_youth ON programme_period (youth_id, starts);
        CREATE INDEX IF NOT EXISTS programme_period_programme
            ON programme_period (programme_id, youth_id);
        CREATE INDEX IF NOT EXISTS programme_period_cohort ON programme_period (cohort_id);
        """,
    )
    if conn.execute("SELECT 1 FROM programme LIMIT 1").fetchone():
        return  # run again on a file whose version was set back: already carried over
    from efter.core import clock

    stamp = clock.timestamp()
    programmes: dict[str, int] = {}

    def programme_id(name: str) -> int:
        key = programme_key(name)
        if key not in programmes:
            cursor = conn.execute(
                "INSERT INTO programme (name, key, kind, created, updated) "
                "VALUES (?, ?, 'model', ?, ?)",
                (name.strip(), key, stamp, stamp),
            )
            assert cursor.lastrowid is not None
            programmes[key] = cursor.lastrowid
        return programmes[key]

    cohorts: dict[tuple[int, str], int] = {}

    def cohort_id(programme: int | None, name: str) -> int:
        key = (programme or 0, programme_key(name))
        if key not in cohorts:
            cursor = conn.execute(
                "INSERT INTO cohort (programme_id, name, key, created, updated) "
                "VALUES (?, ?, ?, ?, ?)",
                (programme, name.strip(), key[1], stamp, stamp),
            )
            assert cursor.lastrowid is not None
            cohorts[key] = cursor.lastrowid
        return cohorts[key]

    rows = conn.execute(
        "SELECT id, programme, cohort, start, closed FROM youth "
        "WHERE trim(coalesce(programme, '')) != '' OR trim(coalesce(cohort, '')) != '' "
        "ORDER BY id"
    ).fetchall()
    for youth_id, programme, cohort, start, closed in rows:
        pid = programme_id(programme) if programme and programme.strip() else None
        cid = cohort_id(pid, cohort) if cohort and cohort.strip() else None
        if pid is not None:
            conn.execute(
                "INSERT INTO programme_period (youth_id, programme_id, cohort_id, starts, ends, "
                "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (youth_id, pid, cid, start, closed, stamp, stamp),
            )
    for (name,) in conn.execute("SELECT programme FROM programme_price ORDER BY programme"):
        programme_id(name)


def m022_contacts(conn: sqlite3.Connection) -> None:
    """Issue 18: contact details and the shared address book of professionals.

    The young person gets phone, email and address; a team or network member gets an address
    (phone and email it had). `professional` is the address book: a professional (a jobcenter
    adviser, say) is one person who can sit on many cases, and `member.professional_id` ties
    each team member to theirs. A private network member is never shared (professional_id stays
    empty on the network side).

    A team member's row keeps a copy of its professional's name, organisation and contact
    details, so every reader of `member` stays as it was; the copy cannot drift: a change to
    a professional goes to every case they sit on (trigger `professional_on_cases`), and a
    team member row that disagrees with its professional is refused
    (`member_is_professional_*`).

    Existing team members each become a professional. Two or more with exactly the same name
    and the same organisation (neither empty, after trimming) become one professional when it
    is safe: no two of them hold different phone numbers or e-mail addresses; otherwise each
    keeps their own. The merged professional has the details any of them had."""
    from efter.core import dialect

    engine = dialect.of(conn)
    youth_columns = engine.columns(conn, "youth")
    for column in ("phone", "email", "address"):
        if column not in youth_columns:
            conn.execute(f"ALTER TABLE youth ADD COLUMN {column} TEXT")
    member_columns = engine.columns(conn, "member")
    if "address" not in member_columns:
        conn.execute("ALTER TABLE member ADD COLUMN address TEXT")
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS professional (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            organisation TEXT,
            phone TEXT,
            email TEXT,
            address TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS professional_name ON professional (name COLLATE NOCASE);
        """,
    )
    if "professional_id" not in member_columns:
        conn.execute(
            "ALTER TABLE member ADD COLUMN professional_id INTEGER REFERENCES professional (id)"
        )
    # With `ended`, 'efter person list' counts each person's current cases from the index
    # alone (7 ms for 1,000 people on 20,000 team members; 40 ms without it).
    conn.execute(
        "CREATE INDEX IF NOT EXISTS member_professional ON member (professional_id, ended) "
        "WHERE professional_id IS NOT NULL"
    )
    _professionals_from_team(conn)
    disagrees = """
        NEW.professional_id IS NOT NULL AND (NEW.side <> 'team' OR NOT EXISTS (
            SELECT 1 FROM professional p WHERE p.id = NEW.professional_id
            AND p.name IS NEW.name AND p.organisation IS NEW.organisation
            AND p.phone IS NEW.phone AND p.email IS NEW.email AND p.address IS NEW.address))
    """
    refusal = (
        "a team member's name, organisation and contact details are those of their "
        "professional in the address book: change them there"
    )
    engine.refuse_when(
        conn, "member_is_professional_insert", "INSERT", "member", disagrees, refusal
    )
    engine.refuse_when(
        conn,
        "member_is_professional_update",
        "UPDATE OF name, organisation, phone, email, address, professional_id, side",
        "member",
        disagrees,
        refusal,
    )
    run_script(
        conn,
        """
        CREATE TRIGGER IF NOT EXISTS professional_on_cases
        AFTER UPDATE OF name, organisation, phone, email, address ON professional
        BEGIN
            UPDATE member SET name = NEW.name, organisation = NEW.organisation,
                phone = NEW.phone, email = NEW.email, address = NEW.address
            WHERE professional_id = NEW.id;
        END;
        """,
    )


def _professionals_from_team(conn: sqlite3.Connection) -> None:
    """m022: every team member without a professional becomes one (exact duplicates merged
    when their details do not disagree; see m022_contacts)."""
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    groups: dict[object, list[sqlite3.Row]] = {}
    for row in conn.execute(
        "SELECT id, name, organisation, phone, email, address FROM member "
        "WHERE side = 'team' AND professional_id IS NULL ORDER BY id"
    ):
        organisation = (row["organisation"] or "").strip()
        key: object = (row["name"].strip(), organisation) if organisation else row["id"]
        groups.setdefault(key, []).append(row)
    for rows in groups.values():
        merged = {}
        for field in ("phone", "email", "address"):
            values = {row[field].strip() for row in rows if row[field] and row[field].strip()}
            merged[field] = values
        if len(rows) > 1 and any(len(values) > 1 for values in merged.values()):
            batches = [[row] for row in rows]  # not safe: each keeps their own
        else:
            batches = [rows]
        for batch in batches:
            first = batch[0]
            details = {
                field: next(
                    (row[field] for row in batch if row[field] and row[field].strip()), None
                )
                for field in ("phone", "email", "address")
            }
            new_id = conn.execute(
                "INSERT INTO professional (name, organisation, phone, email, address, created, "
                "updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (first["name"], first["organisation"], details["phone"], details["email"],
                 details["address"], stamp, stamp),
            ).lastrowid  # fmt: skip
            conn.executemany(
                "UPDATE member SET professional_id = ?, name = ?, organisation = ?, phone = ?, "
                "email = ?, address = ? WHERE id = ?",
                [
                    (new_id, first["name"], first["organisation"], details["phone"],
                     details["email"], details["address"], row["id"])
                    for row in batch
                ],
            )  # fmt: skip


def m023_checkout(conn: sqlite3.Connection) -> None:
    """Issue 17: a case checked out of the register to work on offline (`efter register
    checkout`), and back (`checkin`).

    On the register a row says who holds a young person's case, since when and where it
    went; while `returned` is empty the case is out, and the register refuses every change to
    it (the guards `register.secure` adds). At most one checkout of a young person is out at
    a time (the unique index). On the laptop's file the same table holds the same token,
    saying which register the case came from, so `checkin` knows it; on a case file that
    never saw a register it stays empty."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS checkout (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            token TEXT NOT NULL,
            held_by TEXT NOT NULL,
            since TEXT NOT NULL,
            place TEXT NOT NULL,
            returned TEXT,
            released_by TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS checkout_out ON checkout (youth_id)
            WHERE returned IS NULL;
        CREATE INDEX IF NOT EXISTS checkout_token ON checkout (token);
        """,
    )


def m024_statutory_dates(conn: sqlite3.Connection) -> None:
    """Each young person's statutory dates (ungeplan, § 111, 18, 23) and milestone days (16,
    17½, 18½) stored on the youth row, with the stamp of the birth date and placement they
    were computed from (efter.core.rules.stored_dates): the reports read them instead of
    computing them for every young person. The core's youth write path keeps them true; a
    reader uses them only where the stamp still matches the row (rules.STORED_STAMP_SQL), so
    a row written any other way is computed, never wrong. Computed here for everyone on file."""
    from efter.core import rules

    columns = {row[1] for row in conn.execute("PRAGMA table_info(youth)")}
    for column in (rules.STORED_STAMP, *rules.STORED_DATES):
        if column not in columns:  # safe to run again on a file rewound to an older version
            conn.execute(f"ALTER TABLE youth ADD COLUMN {column} TEXT")
    sets = ", ".join(f"{column} = ?" for column in (rules.STORED_STAMP, *rules.STORED_DATES))
    conn.executemany(
        f"UPDATE youth SET {sets} WHERE id = ?",
        [
            (*rules.stored_dates(born, placed), youth_id)
            for youth_id, born, placed in conn.execute(
                "SELECT id, born, placed_from FROM youth"
            ).fetchall()
        ],
    )


# How one agreement ({p}: OLD or NEW) counts in m025's kept counts: kept on time, kept late,
# dropped, each 1 or 0. The arithmetic of the agreements report's own count
# (efter.core.report_agreements): kept late is done and not by the first due day.
_AGREEMENT_PARTS = (
    "CASE WHEN {p}.status = 'done' AND {p}.done_on <= {p}.first_due THEN 1 ELSE 0 END",
    "CASE WHEN {p}.status = 'done' AND ({p}.done_on <= {p}.first_due) IS NOT 1 THEN 1 ELSE 0 END",
    "CASE WHEN {p}.status = 'dropped' THEN 1 ELSE 0 END",
)
_AGREEMENT_COUNTED = ("kept_on_time", "kept_late", "dropped")
# Each kept count: its table, its key's columns and the agreement's values for them.
_AGREEMENT_COUNTS = (
    ("agreement_count", ("youth_id",), ("{p}.youth_id",)),
    (
        "agreement_owner_count",
        ("owner", "owner_member_id", "youth_id"),
        ("{p}.owner", "coalesce({p}.owner_member_id, 0)", "{p}.youth_id"),
    ),
)


def _agreement_counted(p: str) -> str:
    """The statements that count agreement {p} in, in each kept count."""
    statements = []
    for table, key, values in _AGREEMENT_COUNTS:
        columns = ", ".join((*key, "made", *_AGREEMENT_COUNTED))
        row = ", ".join((*values, "1", *_AGREEMENT_PARTS)).format(p=p)
        added = ", ".join(
            f"{column} = {table}.{column} + excluded.{column}"
            for column in ("made", *_AGREEMENT_COUNTED)
        )
        statements.append(
            f"    INSERT INTO {table} ({columns})\n        VALUES ({row})\n"
            f"        ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added};\n"
        )
    return "".join(statements)


def _agreement_uncounted(p: str) -> str:
    """The statements that count agreement {p} out of each kept count (a count that reaches 0
    goes: nothing of an erased young person, or of a member who owns nothing, stays behind)."""
    statements = []
    for table, key, values in _AGREEMENT_COUNTS:
        where = " AND ".join(f"{c} = {v}" for c, v in zip(key, values, strict=True)).format(p=p)
        taken = ", ".join(
            f"{column} = {column} - {part}".format(p=p)
            for column, part in zip(_AGREEMENT_COUNTED, _AGREEMENT_PARTS, strict=True)
        )
        statements.append(
            f"    UPDATE {table} SET made = made - 1, {taken}\n        WHERE {where};\n"
        )
        statements.append(f"    DELETE FROM {table} WHERE {where} AND made = 0;\n")
    return "".join(statements)


def m025_agreement_counts(conn: sqlite3.Connection) -> None:
    """`report agreements` reads kept counts instead of every agreement (issue 21): how many
    agreements were made, and how many of them were kept on time, kept late and dropped,
    per young person (`agreement_count`) and per young person and owner
    (`agreement_owner_count`: the young person, the coordinator, or a team or network member,
    `owner_member_id`, 0 for the first two; in the owner's order, so the counts per owner
    are read in one pass without sorting). Triggers keep both in the same transaction as
    every write to `agreement` (add, follow-up, edit, import, a case bundle, erasure),
    whichever code makes it. What depends on the day (overdue or not yet due) or on the
    history (moved) is not kept: the report counts the open agreements not yet due and the
    moved ones, few next to all ever made, each in an index of its own that holds only them
    (agreement_open_owner: the open agreements with their owners, `status` first so that
    the planner takes it for `status = 'open'`; agreement_event_moved). The counts answer a
    report whose period holds every agreement on file (the usual one, up to today); the day
    each was entered (`created`, indexed here) tells the report when they do not, and it
    then counts the agreements themselves. Filled here from the agreements on file."""
    run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS agreement_count (
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            made INTEGER NOT NULL CHECK (made >= 0),
            kept_on_time INTEGER NOT NULL CHECK (kept_on_time >= 0),
            kept_late INTEGER NOT NULL CHECK (kept_late >= 0),
            dropped INTEGER NOT NULL CHECK (dropped >= 0),
            PRIMARY KEY (youth_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS agreement_owner_count (
            owner TEXT NOT NULL,
            owner_member_id INTEGER NOT NULL,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            made INTEGER NOT NULL CHECK (made >= 0),
            kept_on_time INTEGER NOT NULL CHECK (kept_on_time >= 0),
            kept_late INTEGER NOT NULL CHECK (kept_late >= 0),
            dropped INTEGER NOT NULL CHECK (dropped >= 0),
            PRIMARY KEY (owner, owner_member_id, youth_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS agreement_owner_count_youth
            ON agreement_owner_count (youth_id);
        CREATE INDEX IF NOT EXISTS agreement_created ON agreement (created);
        CREATE INDEX IF NOT EXISTS agreement_event_moved ON agreement_event (agreement_id)
            WHERE event = 'moved';
        CREATE INDEX IF NOT EXISTS agreement_open_owner
            ON agreement (status, due, owner, owner_member_id, youth_id) WHERE status = 'open';
        """,
    )
    sums = ", ".join(f"sum({part.format(p='a')})" for part in _AGREEMENT_PARTS)
    for table, key, values in _AGREEMENT_COUNTS:
        conn.execute(f"DELETE FROM {table}")  # safe to run again on a rewound file
        columns = ", ".join((*key, "made", *_AGREEMENT_COUNTED))
        keyed = ", ".join(values).format(p="a")
        conn.execute(
            f"INSERT INTO {table} ({columns}) SELECT {keyed}, count(*), {sums} "
            f"FROM agreement AS a GROUP BY {keyed}"
        )
    run_script(
        conn,
        f"""
        CREATE TRIGGER IF NOT EXISTS agreement_count_insert AFTER INSERT ON agreement
        BEGIN
{_agreement_counted("NEW")}END;
        CREATE TRIGGER IF NOT EXISTS agreement_count_update
        AFTER UPDATE OF youth_id, owner, owner_member_id, status, done_on, first_due ON agreement
        BEGIN
{_agreement_uncounted("OLD")}{_agreement_counted("NEW")}END;
        CREATE TRIGGER IF NOT EXISTS agreement_count_delete AFTER DELETE ON agreement
        BEGIN
{_agreement_uncounted("OLD")}END;
        """,
    )


def m026_youth_name_order(conn: sqlite3.Connection) -> None:
    """Every report reads its young people in Danish name order (efter.core.reports.matching):
    10,000 youth rows read whole and sorted cost about 20 ms. This index holds them in that
    order (the engine's own key, efter.core.names.order_by) with the columns the agreements
    and outcomes reports read, so they are read from the index alone, already in order (about
    10 ms); a report that reads more columns takes the rest from the row. The index is made
    of the order key as it is now: a change to the key needs a migration that makes it again
    (a query with another key sorts as before, only without the index)."""
    from efter.core import names

    order = names.order_by(conn, "name")
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS youth_name_order ON youth ({order}, id, ref, name, "
        "coordinator, programme, start, closed, status, outcome)"
    )


def m027_milestone_meetings(conn: sqlite3.Connection) -> None:
    """The milestone meetings held (at 16, 17½ and 18½), which `report meetings` counts and
    `report deadlines` takes as meeting the ungeplan, in an index that holds only them: a few
    in a hundred held meetings (none in a case file that holds none), where before they were
    found by reading every meeting for its kind (no index holds `kind`). The two columns
    every row shares lead the key so that the planner, which knows no sizes (no ANALYZE),
    takes it for `status = 'held' AND kind = 'milestone'` over the indexes by status; the
    young person, the day and the milestone follow, so the meetings are read from the index
    alone, by young person."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS meeting_milestone_held "
        "ON meeting (status, kind, youth_id, starts, milestone) "
        "WHERE status = 'held' AND kind = 'milestone'"
    )


def m028_case_policies_by_index(conn: sqlite3.Connection) -> None:
    """Issue 17: on the register, each case table's row-level security policy hands the set
    of young people the role sees to the row's test as an array (`youth_id = ANY (ARRAY(
    SELECT visible_youth(current_user)))`) instead of a hashed subquery, so the planner can
    read a coordinator's rows through the table's index on youth_id (`register.VISIBLE`).
    The same rows are seen and refused. Made here, by the register's owner, so a register
    set up by an earlier efter is brought to the new shape before any coordinator's efter
    opens it (they are told to ask the owner until then). A case file has no policies:
    nothing changes there."""
    from efter.core import dialect

    if dialect.of(conn) is dialect.POSTGRES:
        from efter.core import register

        register.index_case_policies(conn)


def m029_rating_tally_in_turn(conn: sqlite3.Connection) -> None:
    """Issue 17: on the register, the transactions that change ratings take the kept tally
    of rating paths (`rating_tally`, m010) in turn, through one lock taken before any of its
    rows (`register.tally_in_turn`): two coordinators rating at once moved its counts in
    opposite orders and one of them was a deadlock's victim. The same rows are written. A
    case file has one writer at a time: nothing changes there."""
    from efter.core import dialect

    if dialect.of(conn) is dialect.POSTGRES:
        from efter.core import register

        register.tally_in_turn(conn)


def m031_youth_policy_by_index(conn: sqlite3.Connection) -> None:
    """Issue 21: on the register, the young person's own row-level security policies are
    index conditions (`register.SEEN`: my name, through the index by status and coordinator,
    or the young people shared with me as an array, through the primary key), where each
    statement of a coordinator's that read `youth` tested every young person on the
    register. The same rows are seen and refused. Made by the register's owner, as m028. A
    case file has no policies: nothing changes there."""
    from efter.core import dialect

    if dialect.of(conn) is dialect.POSTGRES:
        from efter.core import register

        register.index_youth_policies(conn)


# A column compared with a list of three or more constants, `x IN ('a', 'b', 'c')`, as the
# CHECK constraints of m001-m024 write it (a list of two SQLite already compares one by one).
_CHECK_LIST = Pattern(
    r"\b(\w+)\s+IN\s*\(((?:\s*(?:'[^']*'|-?\d+)\s*,){2,}\s*(?:'[^']*'|-?\d+)\s*)\)"
)


def _as_comparisons(sql: str) -> str:
    """`sql` with every CHECK's list of three or more constants written as comparisons:
    `x IN ('a', 'b', 'c')` as `x = 'a' OR x = 'b' OR x = 'c'`, which SQLite's documentation
    gives as its meaning ("The IN and NOT IN operators", datatype3.html: the constants have no
    affinity, x's applies alike), NULL included: NULL either way when x is NULL, so the row
    passes as before. In parentheses unless an OR or the CHECK's own parentheses hold it."""

    def compared(match: re.Match[str]) -> str:
        column = match.group(1)
        before = sql[: match.start()].rstrip()
        # `x NOT IN (...)`, `x COLLATE NOCASE IN (...)`: none in efter's schema, left as they are
        if column.upper() == "NOT" or before.upper().endswith("COLLATE"):
            return match.group(0)
        values = re.findall(r"'[^']*'|-?\d+", match.group(2))  # a comma inside a word kept
        ored = " OR ".join(f"{column} = {value}" for value in values)
        after = sql[match.end() :].lstrip()
        held = (before.endswith("(") or before.upper().endswith(" OR")) and (
            after.startswith(")") or after.upper().startswith("OR ")
        )
        return ored if held else f"({ored})"

    return _CHECK_LIST.sub(compared, sql)


def m030_check_lists_as_comparisons(conn: sqlite3.Connection) -> None:
    """Every write, import and `doctor` paid for the CHECK constraints' lists of three or more
    words (`status IN ('open', 'done', 'dropped')`): SQLite 3.40 builds such a list as a
    temporary index anew for every row it checks (OpenEphemeral and an IdxInsert per word in
    the row's program, not once). Written as comparisons (`_as_comparisons`: the same rows
    pass and the same are refused) they cost a comparison each. SQLite cannot alter a CHECK:
    each table's stored definition is rewritten (`PRAGMA writable_schema`, as its ALTER TABLE
    page describes for a constraint every stored row still satisfies, and as m015 widens
    one), never rebuilt: a copy and drop would leave free pages in every file, which `doctor`
    reports. PostgreSQL compares a list without such a cost: nothing changes there."""
    from efter.core import dialect

    if dialect.of(conn) is dialect.POSTGRES:
        return
    rewritten = []
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        compared = _as_comparisons(str(sql or ""))
        if sql and compared != sql:
            rewritten.append((compared, name))
    if not rewritten:
        return
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.executemany(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", rewritten
        )
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        # RESET: off, and this connection reads the definitions again (the rest of the
        # command checks its rows with the new ones); a text it could not parse fails here,
        # inside the migration's transaction, and nothing is kept.
        conn.execute("PRAGMA writable_schema = RESET")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


MIGRATIONS: list[Migration] = [
    m001_initial,
    m003_ratings,
    m004_documents,
    m006_safety,
    m007_meetings,
    m007_reports,
    m008_indexes,
    m009_progress,
    m010_reports,
    m011_due,
    m012_audit_everyone,
    m013_law_dates,
    m014_consent,
    m015_meeting_kinds,
    m016_cpr_guard,
    m018_handover,
    m019_journal,
    m021_programmes,
    m022_contacts,
    m023_checkout,
    m024_statutory_dates,
    m025_agreement_counts,
    m026_youth_name_order,
    m027_milestone_meetings,
    m028_case_policies_by_index,
    m029_rating_tally_in_turn,
    m030_check_lists_as_comparisons,
    m031_youth_policy_by_index,
]
