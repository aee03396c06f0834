-- index agreement_created
CREATE INDEX agreement_created ON agreement (created);

-- index agreement_event_agreement
CREATE INDEX agreement_event_agreement ON agreement_event (agreement_id);

-- index agreement_event_meeting
CREATE INDEX agreement_event_meeting ON agreement_event (meeting_id);

-- index agreement_event_moved
CREATE INDEX agreement_event_moved ON agreement_event (agreement_id)
            WHERE event = 'moved';

-- index agreement_open_due
CREATE INDEX agreement_open_due ON agreement (status, due, youth_id);

-- index agreement_open_owner
CREATE INDEX agreement_open_owner
            ON agreement (status, due, owner, owner_member_id, youth_id) WHERE status = 'open';

-- index agreement_owner_count_youth
CREATE INDEX agreement_owner_count_youth
            ON agreement_owner_count (youth_id);

-- index agreement_status_due
CREATE INDEX agreement_status_due ON agreement (status, due);

-- index agreement_youth_status
CREATE INDEX agreement_youth_status ON agreement (youth_id, status, due);

-- index attendance_meeting
CREATE INDEX attendance_meeting ON attendance (meeting_id);

-- index audit_at
CREATE INDEX audit_at ON audit_event (at);

-- index audit_everyone_at
CREATE INDEX audit_everyone_at ON audit_event (at) WHERE everyone = 1;

-- index audit_youth_at
CREATE INDEX audit_youth_at ON audit_event (youth_id, at);

-- index checkout_out
CREATE UNIQUE INDEX checkout_out ON checkout (youth_id)
            WHERE returned IS NULL;

-- index checkout_token
CREATE INDEX checkout_token ON checkout (token);

-- index cohort_key
CREATE UNIQUE INDEX cohort_key ON cohort (coalesce(programme_id, 0), key);

-- index consent_party_member
CREATE INDEX consent_party_member ON consent_party (member_id);

-- index consent_until
CREATE INDEX consent_until ON consent (until) WHERE withdrawn IS NULL;

-- index consent_youth
CREATE INDEX consent_youth ON consent (youth_id, until);

-- index coordinator_change_youth
CREATE INDEX coordinator_change_youth
            ON coordinator_change (youth_id, changed_on);

-- index edit_event_thing
CREATE INDEX edit_event_thing ON edit_event (thing, thing_id, id);

-- index edit_event_youth
CREATE INDEX edit_event_youth ON edit_event (youth_id);

-- index goal_youth
CREATE INDEX goal_youth ON goal (youth_id);

-- index journal_corrects
CREATE INDEX journal_corrects ON journal (corrects);

-- index journal_youth
CREATE INDEX journal_youth ON journal (youth_id, written, id);

-- index measure_youth
CREATE INDEX measure_youth ON measure (youth_id, started);

-- index meeting_milestone_held
CREATE INDEX meeting_milestone_held ON meeting (status, kind, youth_id, starts, milestone) WHERE status = 'held' AND kind = 'milestone';

-- index meeting_status_starts
CREATE INDEX meeting_status_starts ON meeting (status, starts);

-- index meeting_status_starts_youth
CREATE INDEX meeting_status_starts_youth
            ON meeting (status, starts, youth_id);

-- index meeting_status_when
CREATE INDEX meeting_status_when ON meeting (status, datetime(starts), id);

-- index meeting_when
CREATE INDEX meeting_when ON meeting (datetime(starts), id);

-- index meeting_youth_starts
CREATE INDEX meeting_youth_starts ON meeting (youth_id, starts);

-- index meeting_youth_status
CREATE INDEX meeting_youth_status ON meeting (youth_id, status, starts);

-- index member_professional
CREATE INDEX member_professional ON member (professional_id, ended) WHERE professional_id IS NOT NULL;

-- index member_youth
CREATE INDEX member_youth ON member (youth_id, side);

-- index professional_name
CREATE INDEX professional_name ON professional (name COLLATE NOCASE);

-- index programme_period_cohort
CREATE INDEX programme_period_cohort ON programme_period (cohort_id);

-- index programme_period_programme
CREATE INDEX programme_period_programme
            ON programme_period (programme_id, youth_id);

-- index programme_period_youth
CREATE INDEX programme_period_youth ON programme_period (youth_id, starts);

-- index rating_current
CREATE INDEX rating_current
            ON rating (rated_by, youth_id, area, rated_on, phase, score, replaced_by)
            WHERE replaced_by IS NULL;

-- index rating_one_start_end
CREATE UNIQUE INDEX rating_one_start_end ON rating (youth_id, area, rated_by, phase)
            WHERE phase IN ('start', 'end') AND replaced_by IS NULL;

-- index rating_progress
CREATE INDEX rating_progress
            ON rating (rated_by, youth_id, area, rated_on, phase DESC, id, score, replaced_by)
            WHERE replaced_by IS NULL;

-- index rating_youth_area
CREATE INDEX rating_youth_area ON rating (youth_id, area, rated_on);

-- index youth_cpr
CREATE INDEX youth_cpr ON youth (cpr) WHERE cpr IS NOT NULL;

-- index youth_name
CREATE INDEX youth_name ON youth (name COLLATE NOCASE, id);

-- index youth_name_order
CREATE INDEX youth_name_order ON youth (CASE WHEN length(name) = length(CAST(name AS BLOB)) THEN name ELSE replace(replace(replace(replace(replace(replace(name, 'Æ', 'a'), 'æ', 'a'), 'Ø', 'b'), 'ø', 'b'), 'Å', 'c'), 'å', 'c') END COLLATE NOCASE, id, ref, name, coordinator, programme, start, closed, status, outcome);

-- index youth_status_born
CREATE INDEX youth_status_born ON youth (status, born);

-- index youth_status_coordinator
CREATE INDEX youth_status_coordinator ON youth (status, coordinator);

-- index youth_status_name
CREATE INDEX youth_status_name ON youth (status, name COLLATE NOCASE, id);

-- table agreement
CREATE TABLE agreement (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            what TEXT NOT NULL CHECK (length(trim(what)) > 0),
            owner TEXT NOT NULL CHECK (owner = 'youth' OR owner = 'coordinator' OR owner = 'member'),
            owner_member_id INTEGER REFERENCES member (id) ON DELETE CASCADE,
            due TEXT NOT NULL CHECK (date(due) IS due),
            first_due TEXT NOT NULL CHECK (date(first_due) IS first_due),
            goal_id INTEGER REFERENCES goal (id) ON DELETE SET NULL,
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'done' OR status = 'dropped'),
            done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on),
            drop_reason TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK ((owner = 'member') = (owner_member_id IS NOT NULL)),
            CHECK ((status = 'done') = (done_on IS NOT NULL))
        );

-- table agreement_count
CREATE TABLE agreement_count (
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            made INTEGER NOT NULL CHECK (made >= 0),
            kept_on_time INTEGER NOT NULL CHECK (kept_on_time >= 0),
            kept_late INTEGER NOT NULL CHECK (kept_late >= 0),
            dropped INTEGER NOT NULL CHECK (dropped >= 0),
            PRIMARY KEY (youth_id)
        ) WITHOUT ROWID;

-- table agreement_event
CREATE TABLE agreement_event (
            id INTEGER PRIMARY KEY,
            agreement_id INTEGER NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE CASCADE,
            event TEXT NOT NULL
                CHECK (event = 'kept' OR event = 'moved' OR event = 'dropped' OR event = 'still-open' OR event = 'reopened'),
            on_date TEXT NOT NULL CHECK (date(on_date) IS on_date),
            old_due TEXT,
            new_due TEXT,
            note TEXT
        );

-- table agreement_owner_count
CREATE TABLE agreement_owner_count (
            owner TEXT NOT NULL,
            owner_member_id INTEGER NOT NULL,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            made INTEGER NOT NULL CHECK (made >= 0),
            kept_on_time INTEGER NOT NULL CHECK (kept_on_time >= 0),
            kept_late INTEGER NOT NULL CHECK (kept_late >= 0),
            dropped INTEGER NOT NULL CHECK (dropped >= 0),
            PRIMARY KEY (owner, owner_member_id, youth_id)
        ) WITHOUT ROWID;

-- table attendance
CREATE TABLE attendance (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
            person TEXT NOT NULL CHECK (person = 'youth' OR person = 'coordinator' OR person = 'member' OR person = 'guest'),
            member_id INTEGER REFERENCES member (id) ON DELETE CASCADE,
            name TEXT,
            presence TEXT NOT NULL CHECK (presence IN ('attended', 'apologies')),
            CHECK ((person = 'member') = (member_id IS NOT NULL))
        );

-- table audit_event
CREATE TABLE audit_event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action = 'viewed' OR action = 'changed' OR action = 'exported' OR action = 'rendered' OR action = 'erased'),
            youth_id INTEGER,
            command TEXT NOT NULL
        , erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)), everyone INTEGER NOT NULL DEFAULT 0 CHECK (everyone IN (0, 1)));

-- table checkout
CREATE TABLE checkout (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            token TEXT NOT NULL,
            held_by TEXT NOT NULL,
            since TEXT NOT NULL,
            place TEXT NOT NULL,
            returned TEXT,
            released_by TEXT
        );

-- table cohort
CREATE TABLE cohort (
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

-- table consent
CREATE TABLE consent (
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

-- table consent_area
CREATE TABLE consent_area (
            consent_id INTEGER NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
            area TEXT NOT NULL CHECK (length(area) > 0),
            PRIMARY KEY (consent_id, area)
        ) WITHOUT ROWID;

-- table consent_party
CREATE TABLE consent_party (
            consent_id INTEGER NOT NULL REFERENCES consent (id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
            PRIMARY KEY (consent_id, member_id)
        ) WITHOUT ROWID;

-- table contract
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

-- table coordinator_change
CREATE TABLE coordinator_change (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            previous TEXT,
            coordinator TEXT NOT NULL CHECK (length(trim(coordinator)) > 0),
            changed_on TEXT NOT NULL,
            created TEXT NOT NULL
        );

-- table deadline_met
CREATE TABLE deadline_met (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            code TEXT NOT NULL CHECK (code = 'ungeplan' OR code = 's111' OR code = 'adult' OR code = 'ungestotte_end'),
            met_on TEXT NOT NULL CHECK (date(met_on) IS met_on),
            note TEXT,
            created TEXT NOT NULL,
            UNIQUE (youth_id, code)
        );

-- table edit_event
CREATE TABLE edit_event (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            thing TEXT NOT NULL CHECK (thing = 'member' OR thing = 'agreement' OR thing = 'goal' OR thing = 'meeting'),
            thing_id INTEGER NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL
        );

-- table goal
CREATE TABLE goal (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES goal (id) ON DELETE CASCADE,
            area TEXT NOT NULL REFERENCES life_area (code) ON UPDATE CASCADE,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status = 'open' OR status = 'achieved' OR status = 'dropped'),
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );

-- table journal
CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            written TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            corrects INTEGER REFERENCES journal (id) ON DELETE CASCADE,
            corrected_by INTEGER REFERENCES journal (id) ON DELETE SET NULL
        );

-- table life_area
CREATE TABLE life_area (
            code TEXT PRIMARY KEY CHECK (length(code) > 0),
            label_da TEXT NOT NULL,
            label_en TEXT NOT NULL,
            position INTEGER NOT NULL,
            retired TEXT CHECK (retired IS NULL OR date(retired) IS retired)
        );

-- table measure
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
        , basis_forced INTEGER NOT NULL DEFAULT 0 CHECK (basis_forced IN (0, 1)));

-- table meeting
CREATE TABLE meeting (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'network'
                CHECK (kind = 'start' OR kind = 'network' OR kind = 'milestone' OR kind = 'end'),
            milestone TEXT CHECK (milestone IS NULL OR milestone = '16' OR milestone = '17.5' OR milestone = '18.5'),
            starts TEXT NOT NULL CHECK (datetime(starts) IS NOT NULL),
            duration INTEGER NOT NULL DEFAULT 90 CHECK (duration BETWEEN 1 AND 1440),
            place TEXT,
            leader TEXT,
            minute_taker TEXT,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status = 'planned' OR status = 'held' OR status = 'cancelled' OR status = 'no-show'),
            status_note TEXT,
            minutes TEXT,
            series TEXT,
            forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        , sequence INTEGER NOT NULL DEFAULT 0);

-- table member
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
        , closeness TEXT CHECK (closeness IS NULL OR closeness = 'close' OR closeness = 'middle' OR closeness = 'distant'), can_help TEXT, address TEXT, professional_id INTEGER REFERENCES professional (id));

-- table migration
CREATE TABLE migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL);

-- table professional
CREATE TABLE professional (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            organisation TEXT,
            phone TEXT,
            email TEXT,
            address TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );

-- table programme
CREATE TABLE programme (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('model', 'supplement')),
            weeks INTEGER CHECK (weeks IS NULL OR (typeof(weeks) = 'integer'
                AND weeks BETWEEN 1 AND 520)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );

-- table programme_period
CREATE TABLE programme_period (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            programme_id INTEGER NOT NULL REFERENCES programme (id),
            cohort_id INTEGER REFERENCES cohort (id) ON DELETE SET NULL,
            starts TEXT NOT NULL CHECK (date(starts) IS starts),
            ends TEXT CHECK (ends IS NULL OR (date(ends) IS ends AND ends >= starts)),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );

-- table programme_price
CREATE TABLE programme_price (
            programme TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(programme)) > 0),
            amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
            updated TEXT NOT NULL
        );

-- table rating
CREATE TABLE rating (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            area TEXT NOT NULL REFERENCES life_area (code) ON UPDATE CASCADE,
            score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score BETWEEN 1 AND 5),
            phase TEXT NOT NULL CHECK (phase = 'start' OR phase = 'meeting' OR phase = 'end'),
            rated_by TEXT NOT NULL DEFAULT 'professional'
                CHECK (rated_by IN ('youth', 'professional')),
            rated_on TEXT NOT NULL CHECK (date(rated_on) IS rated_on),
            meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
            note TEXT,
            replaced_by INTEGER REFERENCES rating (id) ON DELETE SET NULL,
            created TEXT NOT NULL
        );

-- table rating_path
CREATE TABLE rating_path (
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            area TEXT NOT NULL,
            rated_by TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n > 0),
            change INTEGER CHECK ((n = 1) = (change IS NULL)),
            PRIMARY KEY (youth_id, area, rated_by)
        ) WITHOUT ROWID;

-- table rating_tally
CREATE TABLE rating_tally (
            rated_by TEXT NOT NULL,
            area TEXT NOT NULL,
            followed INTEGER NOT NULL CHECK (followed IN (0, 1)),
            change INTEGER NOT NULL,
            paths INTEGER NOT NULL CHECK (paths >= 0),
            PRIMARY KEY (rated_by, area, followed, change)
        ) WITHOUT ROWID;

-- table scale_step
CREATE TABLE scale_step (
            area TEXT REFERENCES life_area (code) ON UPDATE CASCADE ON DELETE CASCADE,
            step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 5),
            label_da TEXT NOT NULL,
            label_en TEXT NOT NULL,
            UNIQUE (area, step)
        );

-- table setting
CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

-- table youth
CREATE TABLE youth (
            id INTEGER PRIMARY KEY,
            ref TEXT UNIQUE CHECK (ref IS NULL OR length(trim(ref)) > 0),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            born TEXT NOT NULL CHECK (date(born) IS born),
            cpr TEXT CHECK (cpr IS NULL OR cpr GLOB
                '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
            municipality TEXT,
            home_municipality TEXT,
            legal_basis TEXT CHECK (legal_basis IS NULL OR legal_basis = 'bl46' OR legal_basis = 'bl47' OR legal_basis = 'bl32' OR legal_basis = 'bl113' OR legal_basis = 'sel52' OR legal_basis = 'sel76'),
            placement_site TEXT,
            housing TEXT CHECK (housing IS NULL OR housing = 'doegninstitution' OR housing = 'opholdssted' OR housing = 'plejefamilie' OR housing = 'netvaerksplejefamilie' OR housing = 'vaertsfamilie' OR housing = 'egen-bolig' OR housing = 'kollegium' OR housing = 'bofaellesskab' OR housing = 'hos-foraeldre' OR housing = 'other'),
            programme TEXT,
            cohort TEXT,
            coordinator TEXT,
            start TEXT NOT NULL CHECK (date(start) IS start),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
            closed TEXT CHECK (closed IS NULL OR date(closed) IS closed),
            outcome TEXT CHECK (outcome IS NULL OR outcome = 'education' OR outcome = 'job' OR outcome = 'both' OR outcome = 'neither' OR outcome = 'unknown'),
            age_forced INTEGER NOT NULL DEFAULT 0 CHECK (age_forced IN (0, 1)),
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL, placed_from TEXT CHECK (placed_from IS NULL OR date(placed_from) IS placed_from), basis_forced INTEGER NOT NULL DEFAULT 0 CHECK (basis_forced IN (0, 1)), cpr_forced INTEGER NOT NULL DEFAULT 0 CHECK (cpr_forced IN (0, 1)), phone TEXT, email TEXT, address TEXT, statutory_for TEXT, ungeplan_on TEXT, s111_on TEXT, adult_on TEXT, ungestotte_end_on TEXT, milestone_16_on TEXT, milestone_17_5_on TEXT, milestone_18_5_on TEXT,
            CHECK ((status = 'closed') = (closed IS NOT NULL)),
            CHECK (status = 'closed' OR outcome IS NULL),
            CHECK (closed IS NULL OR closed >= start)
        );

-- table youth_status
CREATE TABLE youth_status (
            id INTEGER PRIMARY KEY,
            youth_id INTEGER NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            starts TEXT NOT NULL CHECK (date(starts) IS starts),
            education TEXT NOT NULL CHECK (education = 'none' OR education = 'primary' OR education = 'preparatory' OR education = 'upper-secondary' OR education = 'vocational' OR education = 'higher' OR education = 'special-needs'),
            work TEXT NOT NULL CHECK (work = 'none' OR work = 'leisure-job' OR work = 'internship' OR work = 'part-time' OR work = 'full-time'),
            note TEXT,
            created TEXT NOT NULL,
            UNIQUE (youth_id, starts)
        );

-- trigger agreement_count_delete
CREATE TRIGGER agreement_count_delete AFTER DELETE ON agreement
        BEGIN
    UPDATE agreement_count SET made = made - 1, kept_on_time = kept_on_time - CASE WHEN OLD.status = 'done' AND OLD.done_on <= OLD.first_due THEN 1 ELSE 0 END, kept_late = kept_late - CASE WHEN OLD.status = 'done' AND (OLD.done_on <= OLD.first_due) IS NOT 1 THEN 1 ELSE 0 END, dropped = dropped - CASE WHEN OLD.status = 'dropped' THEN 1 ELSE 0 END
        WHERE youth_id = OLD.youth_id;
    DELETE FROM agreement_count WHERE youth_id = OLD.youth_id AND made = 0;
    UPDATE agreement_owner_count SET made = made - 1, kept_on_time = kept_on_time - CASE WHEN OLD.status = 'done' AND OLD.done_on <= OLD.first_due THEN 1 ELSE 0 END, kept_late = kept_late - CASE WHEN OLD.status = 'done' AND (OLD.done_on <= OLD.first_due) IS NOT 1 THEN 1 ELSE 0 END, dropped = dropped - CASE WHEN OLD.status = 'dropped' THEN 1 ELSE 0 END
        WHERE owner = OLD.owner AND owner_member_id = coalesce(OLD.owner_member_id, 0) AND youth_id = OLD.youth_id;
    DELETE FROM agreement_owner_count WHERE owner = OLD.owner AND owner_member_id = coalesce(OLD.owner_member_id, 0) AND youth_id = OLD.youth_id AND made = 0;
END;

-- trigger agreement_count_insert
CREATE TRIGGER agreement_count_insert AFTER INSERT ON agreement
        BEGIN
    INSERT INTO agreement_count (youth_id, made, kept_on_time, kept_late, dropped)
        VALUES (NEW.youth_id, 1, CASE WHEN NEW.status = 'done' AND NEW.done_on <= NEW.first_due THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'done' AND (NEW.done_on <= NEW.first_due) IS NOT 1 THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'dropped' THEN 1 ELSE 0 END)
        ON CONFLICT (youth_id) DO UPDATE SET made = agreement_count.made + excluded.made, kept_on_time = agreement_count.kept_on_time + excluded.kept_on_time, kept_late = agreement_count.kept_late + excluded.kept_late, dropped = agreement_count.dropped + excluded.dropped;
    INSERT INTO agreement_owner_count (owner, owner_member_id, youth_id, made, kept_on_time, kept_late, dropped)
        VALUES (NEW.owner, coalesce(NEW.owner_member_id, 0), NEW.youth_id, 1, CASE WHEN NEW.status = 'done' AND NEW.done_on <= NEW.first_due THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'done' AND (NEW.done_on <= NEW.first_due) IS NOT 1 THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'dropped' THEN 1 ELSE 0 END)
        ON CONFLICT (owner, owner_member_id, youth_id) DO UPDATE SET made = agreement_owner_count.made + excluded.made, kept_on_time = agreement_owner_count.kept_on_time + excluded.kept_on_time, kept_late = agreement_owner_count.kept_late + excluded.kept_late, dropped = agreement_owner_count.dropped + excluded.dropped;
END;

-- trigger agreement_count_update
CREATE TRIGGER agreement_count_update
        AFTER UPDATE OF youth_id, owner, owner_member_id, status, done_on, first_due ON agreement
        BEGIN
    UPDATE agreement_count SET made = made - 1, kept_on_time = kept_on_time - CASE WHEN OLD.status = 'done' AND OLD.done_on <= OLD.first_due THEN 1 ELSE 0 END, kept_late = kept_late - CASE WHEN OLD.status = 'done' AND (OLD.done_on <= OLD.first_due) IS NOT 1 THEN 1 ELSE 0 END, dropped = dropped - CASE WHEN OLD.status = 'dropped' THEN 1 ELSE 0 END
        WHERE youth_id = OLD.youth_id;
    DELETE FROM agreement_count WHERE youth_id = OLD.youth_id AND made = 0;
    UPDATE agreement_owner_count SET made = made - 1, kept_on_time = kept_on_time - CASE WHEN OLD.status = 'done' AND OLD.done_on <= OLD.first_due THEN 1 ELSE 0 END, kept_late = kept_late - CASE WHEN OLD.status = 'done' AND (OLD.done_on <= OLD.first_due) IS NOT 1 THEN 1 ELSE 0 END, dropped = dropped - CASE WHEN OLD.status = 'dropped' THEN 1 ELSE 0 END
        WHERE owner = OLD.owner AND owner_member_id = coalesce(OLD.owner_member_id, 0) AND youth_id = OLD.youth_id;
    DELETE FROM agreement_owner_count WHERE owner = OLD.owner AND owner_member_id = coalesce(OLD.owner_member_id, 0) AND youth_id = OLD.youth_id AND made = 0;
    INSERT INTO agreement_count (youth_id, made, kept_on_time, kept_late, dropped)
        VALUES (NEW.youth_id, 1, CASE WHEN NEW.status = 'done' AND NEW.done_on <= NEW.first_due THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'done' AND (NEW.done_on <= NEW.first_due) IS NOT 1 THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'dropped' THEN 1 ELSE 0 END)
        ON CONFLICT (youth_id) DO UPDATE SET made = agreement_count.made + excluded.made, kept_on_time = agreement_count.kept_on_time + excluded.kept_on_time, kept_late = agreement_count.kept_late + excluded.kept_late, dropped = agreement_count.dropped + excluded.dropped;
    INSERT INTO agreement_owner_count (owner, owner_member_id, youth_id, made, kept_on_time, kept_late, dropped)
        VALUES (NEW.owner, coalesce(NEW.owner_member_id, 0), NEW.youth_id, 1, CASE WHEN NEW.status = 'done' AND NEW.done_on <= NEW.first_due THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'done' AND (NEW.done_on <= NEW.first_due) IS NOT 1 THEN 1 ELSE 0 END, CASE WHEN NEW.status = 'dropped' THEN 1 ELSE 0 END)
        ON CONFLICT (owner, owner_member_id, youth_id) DO UPDATE SET made = agreement_owner_count.made + excluded.made, kept_on_time = agreement_owner_count.kept_on_time + excluded.kept_on_time, kept_late = agreement_owner_count.kept_late + excluded.kept_late, dropped = agreement_owner_count.dropped + excluded.dropped;
END;

-- trigger member_is_professional_insert
CREATE TRIGGER member_is_professional_insert
BEFORE INSERT ON member
WHEN NEW.professional_id IS NOT NULL AND (NEW.side <> 'team' OR NOT EXISTS (
            SELECT 1 FROM professional p WHERE p.id = NEW.professional_id
            AND p.name IS NEW.name AND p.organisation IS NEW.organisation
            AND p.phone IS NEW.phone AND p.email IS NEW.email AND p.address IS NEW.address))
BEGIN SELECT RAISE(ABORT, 'a team member''s name, organisation and contact details are those of their professional in the address book: change them there'); END;

-- trigger member_is_professional_update
CREATE TRIGGER member_is_professional_update
BEFORE UPDATE OF name, organisation, phone, email, address, professional_id, side ON member
WHEN NEW.professional_id IS NOT NULL AND (NEW.side <> 'team' OR NOT EXISTS (
            SELECT 1 FROM professional p WHERE p.id = NEW.professional_id
            AND p.name IS NEW.name AND p.organisation IS NEW.organisation
            AND p.phone IS NEW.phone AND p.email IS NEW.email AND p.address IS NEW.address))
BEGIN SELECT RAISE(ABORT, 'a team member''s name, organisation and contact details are those of their professional in the address book: change them there'); END;

-- trigger professional_on_cases
CREATE TRIGGER professional_on_cases
        AFTER UPDATE OF name, organisation, phone, email, address ON professional
        BEGIN
            UPDATE member SET name = NEW.name, organisation = NEW.organisation,
                phone = NEW.phone, email = NEW.email, address = NEW.address
            WHERE professional_id = NEW.id;
        END;

-- trigger rating_path_delete
CREATE TRIGGER rating_path_delete AFTER DELETE ON rating
        WHEN OLD.replaced_by IS NULL
        BEGIN
    DELETE FROM rating_path
    WHERE youth_id = OLD.youth_id AND area = OLD.area AND rated_by = OLD.rated_by;
    INSERT INTO rating_path (youth_id, area, rated_by, n, change)
    SELECT OLD.youth_id, OLD.area, OLD.rated_by, count(*),
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = OLD.rated_by AND r.replaced_by IS NULL
                  AND r.youth_id = OLD.youth_id AND r.area = OLD.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = OLD.rated_by AND r.replaced_by IS NULL
                    AND r.youth_id = OLD.youth_id AND r.area = OLD.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END
    FROM rating AS g
    WHERE g.rated_by = OLD.rated_by AND g.replaced_by IS NULL
      AND g.youth_id = OLD.youth_id AND g.area = OLD.area
      AND EXISTS (SELECT 1 FROM youth WHERE id = OLD.youth_id)
    GROUP BY g.youth_id;
END;

-- trigger rating_path_insert
CREATE TRIGGER rating_path_insert AFTER INSERT ON rating
        WHEN NEW.replaced_by IS NULL
        BEGIN
    DELETE FROM rating_path
    WHERE youth_id = NEW.youth_id AND area = NEW.area AND rated_by = NEW.rated_by;
    INSERT INTO rating_path (youth_id, area, rated_by, n, change)
    SELECT NEW.youth_id, NEW.area, NEW.rated_by, count(*),
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = NEW.rated_by AND r.replaced_by IS NULL
                  AND r.youth_id = NEW.youth_id AND r.area = NEW.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = NEW.rated_by AND r.replaced_by IS NULL
                    AND r.youth_id = NEW.youth_id AND r.area = NEW.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END
    FROM rating AS g
    WHERE g.rated_by = NEW.rated_by AND g.replaced_by IS NULL
      AND g.youth_id = NEW.youth_id AND g.area = NEW.area
      AND EXISTS (SELECT 1 FROM youth WHERE id = NEW.youth_id)
    GROUP BY g.youth_id;
END;

-- trigger rating_path_update
CREATE TRIGGER rating_path_update
        AFTER UPDATE OF youth_id, area, score, phase, rated_by, rated_on, replaced_by ON rating
        WHEN OLD.replaced_by IS NULL OR NEW.replaced_by IS NULL
        BEGIN
    DELETE FROM rating_path
    WHERE youth_id = OLD.youth_id AND area = OLD.area AND rated_by = OLD.rated_by;
    INSERT INTO rating_path (youth_id, area, rated_by, n, change)
    SELECT OLD.youth_id, OLD.area, OLD.rated_by, count(*),
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = OLD.rated_by AND r.replaced_by IS NULL
                  AND r.youth_id = OLD.youth_id AND r.area = OLD.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = OLD.rated_by AND r.replaced_by IS NULL
                    AND r.youth_id = OLD.youth_id AND r.area = OLD.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END
    FROM rating AS g
    WHERE g.rated_by = OLD.rated_by AND g.replaced_by IS NULL
      AND g.youth_id = OLD.youth_id AND g.area = OLD.area
      AND EXISTS (SELECT 1 FROM youth WHERE id = OLD.youth_id)
    GROUP BY g.youth_id;

    DELETE FROM rating_path
    WHERE youth_id = NEW.youth_id AND area = NEW.area AND rated_by = NEW.rated_by;
    INSERT INTO rating_path (youth_id, area, rated_by, n, change)
    SELECT NEW.youth_id, NEW.area, NEW.rated_by, count(*),
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = NEW.rated_by AND r.replaced_by IS NULL
                  AND r.youth_id = NEW.youth_id AND r.area = NEW.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = NEW.rated_by AND r.replaced_by IS NULL
                    AND r.youth_id = NEW.youth_id AND r.area = NEW.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END
    FROM rating AS g
    WHERE g.rated_by = NEW.rated_by AND g.replaced_by IS NULL
      AND g.youth_id = NEW.youth_id AND g.area = NEW.area
      AND EXISTS (SELECT 1 FROM youth WHERE id = NEW.youth_id)
    GROUP BY g.youth_id;
END;

-- trigger rating_tally_add
CREATE TRIGGER rating_tally_add AFTER INSERT ON rating_path
        BEGIN
    INSERT INTO rating_tally (rated_by, area, followed, change, paths)
    VALUES (NEW.rated_by, NEW.area, NEW.change IS NOT NULL, coalesce(NEW.change, 0), 1)
    ON CONFLICT (rated_by, area, followed, change) DO UPDATE SET paths = paths + 1;
END;

-- trigger rating_tally_remove
CREATE TRIGGER rating_tally_remove AFTER DELETE ON rating_path
        BEGIN
    UPDATE rating_tally SET paths = paths - 1
    WHERE rated_by = OLD.rated_by AND area = OLD.area
      AND followed = (OLD.change IS NOT NULL) AND change = coalesce(OLD.change, 0);
    DELETE FROM rating_tally
    WHERE rated_by = OLD.rated_by AND area = OLD.area
      AND followed = (OLD.change IS NOT NULL) AND change = coalesce(OLD.change, 0)
      AND paths = 0;
END;

-- trigger rating_tally_update
CREATE TRIGGER rating_tally_update AFTER UPDATE ON rating_path
        BEGIN
    UPDATE rating_tally SET paths = paths - 1
    WHERE rated_by = OLD.rated_by AND area = OLD.area
      AND followed = (OLD.change IS NOT NULL) AND change = coalesce(OLD.change, 0);
    DELETE FROM rating_tally
    WHERE rated_by = OLD.rated_by AND area = OLD.area
      AND followed = (OLD.change IS NOT NULL) AND change = coalesce(OLD.change, 0)
      AND paths = 0;

    INSERT INTO rating_tally (rated_by, area, followed, change, paths)
    VALUES (NEW.rated_by, NEW.area, NEW.change IS NOT NULL, coalesce(NEW.change, 0), 1)
    ON CONFLICT (rated_by, area, followed, change) DO UPDATE SET paths = paths + 1;
END;

