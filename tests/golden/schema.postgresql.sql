-- table agreement (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  what text NOT NULL
  owner text NOT NULL
  owner_member_id bigint
  due text NOT NULL
  first_due text NOT NULL
  goal_id bigint
  meeting_id bigint
  status text NOT NULL DEFAULT 'open'::text
  done_on text
  drop_reason text
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT agreement_check CHECK (((owner = 'member'::text) = (owner_member_id IS NOT NULL)))
  CONSTRAINT agreement_check1 CHECK (((status = 'done'::text) = (done_on IS NOT NULL)))
  CONSTRAINT agreement_done_on_check CHECK (((done_on IS NULL) OR (NOT (sqlite_date(done_on) IS DISTINCT FROM done_on))))
  CONSTRAINT agreement_due_check CHECK ((NOT (sqlite_date(due) IS DISTINCT FROM due)))
  CONSTRAINT agreement_first_due_check CHECK ((NOT (sqlite_date(first_due) IS DISTINCT FROM first_due)))
  CONSTRAINT agreement_goal_id_fkey FOREIGN KEY (goal_id) REFERENCES goal(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT agreement_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meeting(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT agreement_owner_check CHECK ((owner = ANY (ARRAY['youth'::text, 'coordinator'::text, 'member'::text])))
  CONSTRAINT agreement_owner_member_id_fkey FOREIGN KEY (owner_member_id) REFERENCES member(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT agreement_pkey PRIMARY KEY (id)
  CONSTRAINT agreement_status_check CHECK ((status = ANY (ARRAY['open'::text, 'done'::text, 'dropped'::text])))
  CONSTRAINT agreement_what_check CHECK ((length(TRIM(BOTH FROM what)) > 0))
  CONSTRAINT agreement_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table agreement_count (row-level security)
  youth_id bigint NOT NULL
  made bigint NOT NULL
  kept_on_time bigint NOT NULL
  kept_late bigint NOT NULL
  dropped bigint NOT NULL
  CONSTRAINT agreement_count_dropped_check CHECK ((dropped >= 0))
  CONSTRAINT agreement_count_kept_late_check CHECK ((kept_late >= 0))
  CONSTRAINT agreement_count_kept_on_time_check CHECK ((kept_on_time >= 0))
  CONSTRAINT agreement_count_made_check CHECK ((made >= 0))
  CONSTRAINT agreement_count_pkey PRIMARY KEY (youth_id)
  CONSTRAINT agreement_count_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table agreement_event (row-level security)
  id bigint NOT NULL IDENTITY
  agreement_id bigint NOT NULL
  meeting_id bigint
  event text NOT NULL
  on_date text NOT NULL
  old_due text
  new_due text
  note text
  CONSTRAINT agreement_event_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES agreement(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT agreement_event_event_check CHECK ((event = ANY (ARRAY['kept'::text, 'moved'::text, 'dropped'::text, 'still-open'::text, 'reopened'::text])))
  CONSTRAINT agreement_event_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meeting(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT agreement_event_on_date_check CHECK ((NOT (sqlite_date(on_date) IS DISTINCT FROM on_date)))
  CONSTRAINT agreement_event_pkey PRIMARY KEY (id)

-- table agreement_owner_count (row-level security)
  owner text NOT NULL
  owner_member_id bigint NOT NULL
  youth_id bigint NOT NULL
  made bigint NOT NULL
  kept_on_time bigint NOT NULL
  kept_late bigint NOT NULL
  dropped bigint NOT NULL
  CONSTRAINT agreement_owner_count_dropped_check CHECK ((dropped >= 0))
  CONSTRAINT agreement_owner_count_kept_late_check CHECK ((kept_late >= 0))
  CONSTRAINT agreement_owner_count_kept_on_time_check CHECK ((kept_on_time >= 0))
  CONSTRAINT agreement_owner_count_made_check CHECK ((made >= 0))
  CONSTRAINT agreement_owner_count_pkey PRIMARY KEY (owner, owner_member_id, youth_id)
  CONSTRAINT agreement_owner_count_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table attendance (row-level security)
  id bigint NOT NULL IDENTITY
  meeting_id bigint NOT NULL
  person text NOT NULL
  member_id bigint
  name text
  presence text NOT NULL
  CONSTRAINT attendance_check CHECK (((person = 'member'::text) = (member_id IS NOT NULL)))
  CONSTRAINT attendance_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meeting(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT attendance_member_id_fkey FOREIGN KEY (member_id) REFERENCES member(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT attendance_person_check CHECK ((person = ANY (ARRAY['youth'::text, 'coordinator'::text, 'member'::text, 'guest'::text])))
  CONSTRAINT attendance_pkey PRIMARY KEY (id)
  CONSTRAINT attendance_presence_check CHECK ((presence = ANY (ARRAY['attended'::text, 'apologies'::text])))

-- table audit_event (row-level security)
  id bigint NOT NULL IDENTITY
  at text NOT NULL
  os_user text NOT NULL
  action text NOT NULL
  youth_id bigint
  command text NOT NULL
  erased bigint NOT NULL DEFAULT 0
  everyone bigint NOT NULL DEFAULT 0
  CONSTRAINT audit_event_action_check CHECK ((action = ANY (ARRAY['viewed'::text, 'changed'::text, 'exported'::text, 'rendered'::text, 'erased'::text])))
  CONSTRAINT audit_event_erased_check CHECK ((erased = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT audit_event_everyone_check CHECK ((everyone = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT audit_event_pkey PRIMARY KEY (id)

-- table checkout (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  token text NOT NULL
  held_by text NOT NULL
  since text NOT NULL
  place text NOT NULL
  returned text
  released_by text
  CONSTRAINT checkout_pkey PRIMARY KEY (id)
  CONSTRAINT checkout_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table cohort
  id bigint NOT NULL IDENTITY
  programme_id bigint
  name text NOT NULL
  key text NOT NULL
  starts text
  planned_end text
  place text
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT cohort_check CHECK (((planned_end IS NULL) OR ((NOT (sqlite_date(planned_end) IS DISTINCT FROM planned_end)) AND ((starts IS NULL) OR (planned_end >= starts)))))
  CONSTRAINT cohort_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT cohort_pkey PRIMARY KEY (id)
  CONSTRAINT cohort_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT cohort_starts_check CHECK (((starts IS NULL) OR (NOT (sqlite_date(starts) IS DISTINCT FROM starts))))

-- table consent (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  given_by text NOT NULL
  parent_name text
  starts text NOT NULL
  until text NOT NULL
  withdrawn text
  health_to_network bigint NOT NULL DEFAULT 0
  note text
  created text NOT NULL
  CONSTRAINT consent_check CHECK (((NOT (sqlite_date(until) IS DISTINCT FROM until)) AND (until >= starts)))
  CONSTRAINT consent_given_by_check CHECK ((given_by = ANY (ARRAY['youth'::text, 'parent'::text])))
  CONSTRAINT consent_health_to_network_check CHECK ((health_to_network = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT consent_pkey PRIMARY KEY (id)
  CONSTRAINT consent_starts_check CHECK ((NOT (sqlite_date(starts) IS DISTINCT FROM starts)))
  CONSTRAINT consent_withdrawn_check CHECK (((withdrawn IS NULL) OR (NOT (sqlite_date(withdrawn) IS DISTINCT FROM withdrawn))))
  CONSTRAINT consent_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table consent_area (row-level security)
  consent_id bigint NOT NULL
  area text NOT NULL
  CONSTRAINT consent_area_area_check CHECK ((length(area) > 0))
  CONSTRAINT consent_area_consent_id_fkey FOREIGN KEY (consent_id) REFERENCES consent(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT consent_area_pkey PRIMARY KEY (consent_id, area)

-- table consent_party (row-level security)
  consent_id bigint NOT NULL
  member_id bigint NOT NULL
  CONSTRAINT consent_party_consent_id_fkey FOREIGN KEY (consent_id) REFERENCES consent(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT consent_party_member_id_fkey FOREIGN KEY (member_id) REFERENCES member(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT consent_party_pkey PRIMARY KEY (consent_id, member_id)

-- table contract (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  version bigint NOT NULL
  text text NOT NULL
  sha256 text NOT NULL
  template text NOT NULL
  source text NOT NULL
  lang text NOT NULL
  saved text NOT NULL
  signed text
  created text NOT NULL
  CONSTRAINT contract_check CHECK (((signed IS NULL) OR ((NOT (sqlite_date(signed) IS DISTINCT FROM signed)) AND (signed >= saved))))
  CONSTRAINT contract_lang_check CHECK ((lang = ANY (ARRAY['da'::text, 'en'::text])))
  CONSTRAINT contract_pkey PRIMARY KEY (id)
  CONSTRAINT contract_saved_check CHECK ((NOT (sqlite_date(saved) IS DISTINCT FROM saved)))
  CONSTRAINT contract_sha256_check CHECK ((length(sha256) = 64))
  CONSTRAINT contract_version_check CHECK ((version >= 1))
  CONSTRAINT contract_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT contract_youth_id_version_key UNIQUE (youth_id, version)

-- table coordinator
  role text NOT NULL
  name text NOT NULL
  team_leader boolean NOT NULL DEFAULT false
  created text NOT NULL
  CONSTRAINT coordinator_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT coordinator_name_key UNIQUE (name)
  CONSTRAINT coordinator_pkey PRIMARY KEY (role)

-- table coordinator_change (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  previous text
  coordinator text NOT NULL
  changed_on text NOT NULL
  created text NOT NULL
  CONSTRAINT coordinator_change_coordinator_check CHECK ((length(TRIM(BOTH FROM coordinator)) > 0))
  CONSTRAINT coordinator_change_pkey PRIMARY KEY (id)
  CONSTRAINT coordinator_change_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table deadline_met (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  code text NOT NULL
  met_on text NOT NULL
  note text
  created text NOT NULL
  CONSTRAINT deadline_met_code_check CHECK ((code = ANY (ARRAY['ungeplan'::text, 's111'::text, 'adult'::text, 'ungestotte_end'::text])))
  CONSTRAINT deadline_met_met_on_check CHECK ((NOT (sqlite_date(met_on) IS DISTINCT FROM met_on)))
  CONSTRAINT deadline_met_pkey PRIMARY KEY (id)
  CONSTRAINT deadline_met_youth_id_code_key UNIQUE (youth_id, code)
  CONSTRAINT deadline_met_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table edit_event (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  thing text NOT NULL
  thing_id bigint NOT NULL
  field text NOT NULL
  old text
  new text
  at text NOT NULL
  os_user text NOT NULL
  CONSTRAINT edit_event_pkey PRIMARY KEY (id)
  CONSTRAINT edit_event_thing_check CHECK ((thing = ANY (ARRAY['member'::text, 'agreement'::text, 'goal'::text, 'meeting'::text])))
  CONSTRAINT edit_event_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table erasure_key
  one boolean NOT NULL DEFAULT true
  key text NOT NULL
  CONSTRAINT erasure_key_one_check CHECK (one)
  CONSTRAINT erasure_key_pkey PRIMARY KEY (one)

-- table erasure_ledger (row-level security)
  id bigint NOT NULL
  created text NOT NULL
  erased text NOT NULL
  ref text
  cpr text
  erased_by text NOT NULL DEFAULT SESSION_USER

-- table goal (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  parent_id bigint
  area text NOT NULL
  text text NOT NULL
  status text NOT NULL DEFAULT 'open'::text
  meeting_id bigint
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT goal_area_fkey FOREIGN KEY (area) REFERENCES life_area(code) ON UPDATE CASCADE DEFERRABLE
  CONSTRAINT goal_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meeting(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT goal_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES goal(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT goal_pkey PRIMARY KEY (id)
  CONSTRAINT goal_status_check CHECK ((status = ANY (ARRAY['open'::text, 'achieved'::text, 'dropped'::text])))
  CONSTRAINT goal_text_check CHECK ((length(TRIM(BOTH FROM text)) > 0))
  CONSTRAINT goal_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table journal (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  written text NOT NULL
  author text NOT NULL
  text text NOT NULL
  corrects bigint
  corrected_by bigint
  CONSTRAINT journal_corrected_by_fkey FOREIGN KEY (corrected_by) REFERENCES journal(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT journal_corrects_fkey FOREIGN KEY (corrects) REFERENCES journal(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT journal_pkey PRIMARY KEY (id)
  CONSTRAINT journal_text_check CHECK ((length(TRIM(BOTH FROM text)) > 0))
  CONSTRAINT journal_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table life_area
  code text NOT NULL
  label_da text NOT NULL
  label_en text NOT NULL
  position bigint NOT NULL
  retired text
  CONSTRAINT life_area_code_check CHECK ((length(code) > 0))
  CONSTRAINT life_area_pkey PRIMARY KEY (code)
  CONSTRAINT life_area_retired_check CHECK (((retired IS NULL) OR (NOT (sqlite_date(retired) IS DISTINCT FROM retired))))

-- table measure (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  kind text NOT NULL
  provider text
  legal_basis text
  started text NOT NULL
  ended text
  note text
  created text NOT NULL
  updated text NOT NULL
  basis_forced bigint NOT NULL DEFAULT 0
  CONSTRAINT measure_basis_forced_check CHECK ((basis_forced = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT measure_check CHECK (((ended IS NULL) OR ((NOT (sqlite_date(ended) IS DISTINCT FROM ended)) AND (ended >= started))))
  CONSTRAINT measure_kind_check CHECK ((length(TRIM(BOTH FROM kind)) > 0))
  CONSTRAINT measure_pkey PRIMARY KEY (id)
  CONSTRAINT measure_started_check CHECK ((NOT (sqlite_date(started) IS DISTINCT FROM started)))
  CONSTRAINT measure_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table meeting (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  kind text NOT NULL DEFAULT 'network'::text
  milestone text
  starts text NOT NULL
  duration bigint NOT NULL DEFAULT 90
  place text
  leader text
  minute_taker text
  status text NOT NULL DEFAULT 'planned'::text
  status_note text
  minutes text
  series text
  forced bigint NOT NULL DEFAULT 0
  created text NOT NULL
  updated text NOT NULL
  sequence bigint NOT NULL DEFAULT 0
  CONSTRAINT meeting_duration_check CHECK (((duration >= 1) AND (duration <= 1440)))
  CONSTRAINT meeting_forced_check CHECK ((forced = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT meeting_kind_check CHECK ((kind = ANY (ARRAY['start'::text, 'network'::text, 'milestone'::text, 'end'::text])))
  CONSTRAINT meeting_milestone_check CHECK (((milestone IS NULL) OR (milestone = ANY (ARRAY['16'::text, '17.5'::text, '18.5'::text]))))
  CONSTRAINT meeting_pkey PRIMARY KEY (id)
  CONSTRAINT meeting_starts_check CHECK ((sqlite_datetime(starts) IS NOT NULL))
  CONSTRAINT meeting_status_check CHECK ((status = ANY (ARRAY['planned'::text, 'held'::text, 'cancelled'::text, 'no-show'::text])))
  CONSTRAINT meeting_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table member (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  side text NOT NULL
  role text NOT NULL
  name text NOT NULL
  organisation text
  phone text
  email text
  note text
  started text NOT NULL
  ended text
  created text NOT NULL
  closeness text
  can_help text
  address text
  professional_id bigint
  CONSTRAINT member_check CHECK (((ended IS NULL) OR ((NOT (sqlite_date(ended) IS DISTINCT FROM ended)) AND (ended >= started))))
  CONSTRAINT member_closeness_check CHECK (((closeness IS NULL) OR (closeness = ANY (ARRAY['close'::text, 'middle'::text, 'distant'::text]))))
  CONSTRAINT member_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT member_pkey PRIMARY KEY (id)
  CONSTRAINT member_professional_id_fkey FOREIGN KEY (professional_id) REFERENCES professional(id) DEFERRABLE
  CONSTRAINT member_role_check CHECK ((length(role) > 0))
  CONSTRAINT member_side_check CHECK ((side = ANY (ARRAY['team'::text, 'network'::text])))
  CONSTRAINT member_started_check CHECK ((NOT (sqlite_date(started) IS DISTINCT FROM started)))
  CONSTRAINT member_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table migration
  name text NOT NULL
  applied text NOT NULL
  CONSTRAINT migration_pkey PRIMARY KEY (name)

-- table professional
  id bigint NOT NULL IDENTITY
  name text NOT NULL
  organisation text
  phone text
  email text
  address text
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT professional_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT professional_pkey PRIMARY KEY (id)

-- table programme
  id bigint NOT NULL IDENTITY
  name text NOT NULL
  key text NOT NULL
  kind text NOT NULL
  weeks bigint
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT programme_key_key UNIQUE (key)
  CONSTRAINT programme_kind_check CHECK ((kind = ANY (ARRAY['model'::text, 'supplement'::text])))
  CONSTRAINT programme_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT programme_pkey PRIMARY KEY (id)
  CONSTRAINT programme_weeks_check CHECK (((weeks IS NULL) OR ((sqlite_typeof(weeks) = 'integer'::text) AND ((weeks >= 1) AND (weeks <= 520)))))

-- table programme_period (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  programme_id bigint NOT NULL
  cohort_id bigint
  starts text NOT NULL
  ends text
  created text NOT NULL
  updated text NOT NULL
  CONSTRAINT programme_period_check CHECK (((ends IS NULL) OR ((NOT (sqlite_date(ends) IS DISTINCT FROM ends)) AND (ends >= starts))))
  CONSTRAINT programme_period_cohort_id_fkey FOREIGN KEY (cohort_id) REFERENCES cohort(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT programme_period_pkey PRIMARY KEY (id)
  CONSTRAINT programme_period_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES programme(id) DEFERRABLE
  CONSTRAINT programme_period_starts_check CHECK ((NOT (sqlite_date(starts) IS DISTINCT FROM starts)))
  CONSTRAINT programme_period_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table programme_price
  programme text COLLATE nocase NOT NULL
  amount bigint NOT NULL
  updated text NOT NULL
  CONSTRAINT programme_price_amount_check CHECK (((sqlite_typeof(amount) = 'integer'::text) AND (amount >= 0)))
  CONSTRAINT programme_price_pkey PRIMARY KEY (programme)
  CONSTRAINT programme_price_programme_check CHECK ((length(TRIM(BOTH FROM programme)) > 0))

-- table rating (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  area text NOT NULL
  score bigint NOT NULL
  phase text NOT NULL
  rated_by text NOT NULL DEFAULT 'professional'::text
  rated_on text NOT NULL
  meeting_id bigint
  note text
  replaced_by bigint
  created text NOT NULL
  CONSTRAINT rating_area_fkey FOREIGN KEY (area) REFERENCES life_area(code) ON UPDATE CASCADE DEFERRABLE
  CONSTRAINT rating_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES meeting(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT rating_phase_check CHECK ((phase = ANY (ARRAY['start'::text, 'meeting'::text, 'end'::text])))
  CONSTRAINT rating_pkey PRIMARY KEY (id)
  CONSTRAINT rating_rated_by_check CHECK ((rated_by = ANY (ARRAY['youth'::text, 'professional'::text])))
  CONSTRAINT rating_rated_on_check CHECK ((NOT (sqlite_date(rated_on) IS DISTINCT FROM rated_on)))
  CONSTRAINT rating_replaced_by_fkey FOREIGN KEY (replaced_by) REFERENCES rating(id) ON DELETE SET NULL DEFERRABLE
  CONSTRAINT rating_score_check CHECK (((sqlite_typeof(score) = 'integer'::text) AND ((score >= 1) AND (score <= 5))))
  CONSTRAINT rating_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table rating_path (row-level security)
  youth_id bigint NOT NULL
  area text NOT NULL
  rated_by text NOT NULL
  n bigint NOT NULL
  change bigint
  CONSTRAINT rating_path_check CHECK (((n = 1) = (change IS NULL)))
  CONSTRAINT rating_path_n_check CHECK ((n > 0))
  CONSTRAINT rating_path_pkey PRIMARY KEY (youth_id, area, rated_by)
  CONSTRAINT rating_path_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE

-- table rating_tally
  rated_by text NOT NULL
  area text NOT NULL
  followed bigint NOT NULL
  change bigint NOT NULL
  paths bigint NOT NULL
  CONSTRAINT rating_tally_followed_check CHECK ((followed = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT rating_tally_paths_check CHECK ((paths >= 0))
  CONSTRAINT rating_tally_pkey PRIMARY KEY (rated_by, area, followed, change)

-- table scale_step
  area text
  step bigint NOT NULL
  label_da text NOT NULL
  label_en text NOT NULL
  CONSTRAINT scale_step_area_fkey FOREIGN KEY (area) REFERENCES life_area(code) ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE
  CONSTRAINT scale_step_area_step_key UNIQUE (area, step)
  CONSTRAINT scale_step_step_check CHECK (((step >= 1) AND (step <= 5)))

-- table schema_version
  only_row boolean NOT NULL DEFAULT true
  version integer NOT NULL
  CONSTRAINT schema_version_only_row_check CHECK (only_row)
  CONSTRAINT schema_version_pkey PRIMARY KEY (only_row)

-- table setting
  key text NOT NULL
  value text NOT NULL
  CONSTRAINT setting_pkey PRIMARY KEY (key)

-- table youth (row-level security)
  id bigint NOT NULL IDENTITY
  ref text
  name text NOT NULL
  born text NOT NULL
  cpr text
  municipality text
  home_municipality text
  legal_basis text
  placement_site text
  housing text
  programme text
  cohort text
  coordinator text
  start text NOT NULL
  status text NOT NULL DEFAULT 'active'::text
  closed text
  outcome text
  age_forced bigint NOT NULL DEFAULT 0
  note text
  created text NOT NULL
  updated text NOT NULL
  placed_from text
  basis_forced bigint NOT NULL DEFAULT 0
  cpr_forced bigint NOT NULL DEFAULT 0
  phone text
  email text
  address text
  statutory_for text
  ungeplan_on text
  s111_on text
  adult_on text
  ungestotte_end_on text
  milestone_16_on text
  milestone_17_5_on text
  milestone_18_5_on text
  CONSTRAINT youth_age_forced_check CHECK ((age_forced = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT youth_basis_forced_check CHECK ((basis_forced = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT youth_born_check CHECK ((NOT (sqlite_date(born) IS DISTINCT FROM born)))
  CONSTRAINT youth_check CHECK (((status = 'closed'::text) = (closed IS NOT NULL)))
  CONSTRAINT youth_check1 CHECK (((status = 'closed'::text) OR (outcome IS NULL)))
  CONSTRAINT youth_check2 CHECK (((closed IS NULL) OR (closed >= start)))
  CONSTRAINT youth_closed_check CHECK (((closed IS NULL) OR (NOT (sqlite_date(closed) IS DISTINCT FROM closed))))
  CONSTRAINT youth_cpr_check CHECK (((cpr IS NULL) OR (cpr ~ '^[0-9][0-9][0-9][0-9][0-9][0-9]\-[0-9][0-9][0-9][0-9]$'::text)))
  CONSTRAINT youth_cpr_forced_check CHECK ((cpr_forced = ANY (ARRAY[(0)::bigint, (1)::bigint])))
  CONSTRAINT youth_housing_check CHECK (((housing IS NULL) OR (housing = ANY (ARRAY['doegninstitution'::text, 'opholdssted'::text, 'plejefamilie'::text, 'netvaerksplejefamilie'::text, 'vaertsfamilie'::text, 'egen-bolig'::text, 'kollegium'::text, 'bofaellesskab'::text, 'hos-foraeldre'::text, 'other'::text]))))
  CONSTRAINT youth_legal_basis_check CHECK (((legal_basis IS NULL) OR (legal_basis = ANY (ARRAY['bl46'::text, 'bl47'::text, 'bl32'::text, 'bl113'::text, 'sel52'::text, 'sel76'::text]))))
  CONSTRAINT youth_name_check CHECK ((length(TRIM(BOTH FROM name)) > 0))
  CONSTRAINT youth_outcome_check CHECK (((outcome IS NULL) OR (outcome = ANY (ARRAY['education'::text, 'job'::text, 'both'::text, 'neither'::text, 'unknown'::text]))))
  CONSTRAINT youth_pkey PRIMARY KEY (id)
  CONSTRAINT youth_placed_from_check CHECK (((placed_from IS NULL) OR (NOT (sqlite_date(placed_from) IS DISTINCT FROM placed_from))))
  CONSTRAINT youth_ref_check CHECK (((ref IS NULL) OR (length(TRIM(BOTH FROM ref)) > 0)))
  CONSTRAINT youth_ref_key UNIQUE (ref)
  CONSTRAINT youth_start_check CHECK ((NOT (sqlite_date(start) IS DISTINCT FROM start)))
  CONSTRAINT youth_status_check CHECK ((status = ANY (ARRAY['active'::text, 'closed'::text])))

-- table youth_share (row-level security)
  youth_id bigint NOT NULL
  role text NOT NULL
  until text
  shared_by text NOT NULL DEFAULT CURRENT_USER
  created text NOT NULL
  CONSTRAINT youth_share_pkey PRIMARY KEY (youth_id, role)
  CONSTRAINT youth_share_role_fkey FOREIGN KEY (role) REFERENCES coordinator(role) ON DELETE CASCADE
  CONSTRAINT youth_share_until_check CHECK (((until IS NULL) OR (sqlite_date(until) = until)))
  CONSTRAINT youth_share_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE

-- table youth_status (row-level security)
  id bigint NOT NULL IDENTITY
  youth_id bigint NOT NULL
  starts text NOT NULL
  education text NOT NULL
  work text NOT NULL
  note text
  created text NOT NULL
  CONSTRAINT youth_status_education_check CHECK ((education = ANY (ARRAY['none'::text, 'primary'::text, 'preparatory'::text, 'upper-secondary'::text, 'vocational'::text, 'higher'::text, 'special-needs'::text])))
  CONSTRAINT youth_status_pkey PRIMARY KEY (id)
  CONSTRAINT youth_status_starts_check CHECK ((NOT (sqlite_date(starts) IS DISTINCT FROM starts)))
  CONSTRAINT youth_status_work_check CHECK ((work = ANY (ARRAY['none'::text, 'leisure-job'::text, 'internship'::text, 'part-time'::text, 'full-time'::text])))
  CONSTRAINT youth_status_youth_id_fkey FOREIGN KEY (youth_id) REFERENCES youth(id) ON DELETE CASCADE DEFERRABLE
  CONSTRAINT youth_status_youth_id_starts_key UNIQUE (youth_id, starts)

-- index
CREATE INDEX agreement_created ON efter.agreement USING btree (created NULLS FIRST);
-- index
CREATE INDEX agreement_open_due ON efter.agreement USING btree (status NULLS FIRST, due NULLS FIRST, youth_id NULLS FIRST);
-- index
CREATE INDEX agreement_open_owner ON efter.agreement USING btree (status NULLS FIRST, due NULLS FIRST, owner NULLS FIRST, owner_member_id NULLS FIRST, youth_id NULLS FIRST) WHERE (status = 'open'::text);
-- index
CREATE UNIQUE INDEX agreement_pkey ON efter.agreement USING btree (id);
-- index
CREATE INDEX agreement_status_due ON efter.agreement USING btree (status NULLS FIRST, due NULLS FIRST);
-- index
CREATE INDEX agreement_youth_status ON efter.agreement USING btree (youth_id NULLS FIRST, status NULLS FIRST, due NULLS FIRST);
-- index
CREATE UNIQUE INDEX agreement_count_pkey ON efter.agreement_count USING btree (youth_id);
-- index
CREATE INDEX agreement_event_agreement ON efter.agreement_event USING btree (agreement_id NULLS FIRST);
-- index
CREATE INDEX agreement_event_meeting ON efter.agreement_event USING btree (meeting_id NULLS FIRST);
-- index
CREATE INDEX agreement_event_moved ON efter.agreement_event USING btree (agreement_id NULLS FIRST) WHERE (event = 'moved'::text);
-- index
CREATE UNIQUE INDEX agreement_event_pkey ON efter.agreement_event USING btree (id);
-- index
CREATE UNIQUE INDEX agreement_owner_count_pkey ON efter.agreement_owner_count USING btree (owner, owner_member_id, youth_id);
-- index
CREATE INDEX agreement_owner_count_youth ON efter.agreement_owner_count USING btree (youth_id NULLS FIRST);
-- index
CREATE INDEX attendance_meeting ON efter.attendance USING btree (meeting_id NULLS FIRST);
-- index
CREATE UNIQUE INDEX attendance_pkey ON efter.attendance USING btree (id);
-- index
CREATE INDEX audit_at ON efter.audit_event USING btree (at NULLS FIRST);
-- index
CREATE UNIQUE INDEX audit_event_pkey ON efter.audit_event USING btree (id);
-- index
CREATE INDEX audit_everyone_at ON efter.audit_event USING btree (at NULLS FIRST) WHERE (everyone = 1);
-- index
CREATE INDEX audit_youth_at ON efter.audit_event USING btree (youth_id NULLS FIRST, at NULLS FIRST);
-- index
CREATE UNIQUE INDEX checkout_out ON efter.checkout USING btree (youth_id NULLS FIRST) WHERE (returned IS NULL);
-- index
CREATE UNIQUE INDEX checkout_pkey ON efter.checkout USING btree (id);
-- index
CREATE INDEX checkout_token ON efter.checkout USING btree (token NULLS FIRST);
-- index
CREATE UNIQUE INDEX cohort_key ON efter.cohort USING btree (COALESCE(programme_id, (0)::bigint) NULLS FIRST, key NULLS FIRST);
-- index
CREATE UNIQUE INDEX cohort_pkey ON efter.cohort USING btree (id);
-- index
CREATE UNIQUE INDEX consent_pkey ON efter.consent USING btree (id);
-- index
CREATE INDEX consent_until ON efter.consent USING btree (until NULLS FIRST) WHERE (withdrawn IS NULL);
-- index
CREATE INDEX consent_youth ON efter.consent USING btree (youth_id NULLS FIRST, until NULLS FIRST);
-- index
CREATE UNIQUE INDEX consent_area_pkey ON efter.consent_area USING btree (consent_id, area);
-- index
CREATE INDEX consent_party_member ON efter.consent_party USING btree (member_id NULLS FIRST);
-- index
CREATE UNIQUE INDEX consent_party_pkey ON efter.consent_party USING btree (consent_id, member_id);
-- index
CREATE UNIQUE INDEX contract_pkey ON efter.contract USING btree (id);
-- index
CREATE UNIQUE INDEX contract_youth_id_version_key ON efter.contract USING btree (youth_id, version);
-- index
CREATE UNIQUE INDEX coordinator_name_key ON efter.coordinator USING btree (name);
-- index
CREATE UNIQUE INDEX coordinator_pkey ON efter.coordinator USING btree (role);
-- index
CREATE UNIQUE INDEX coordinator_change_pkey ON efter.coordinator_change USING btree (id);
-- index
CREATE INDEX coordinator_change_youth ON efter.coordinator_change USING btree (youth_id NULLS FIRST, changed_on NULLS FIRST);
-- index
CREATE UNIQUE INDEX deadline_met_pkey ON efter.deadline_met USING btree (id);
-- index
CREATE UNIQUE INDEX deadline_met_youth_id_code_key ON efter.deadline_met USING btree (youth_id, code);
-- index
CREATE UNIQUE INDEX edit_event_pkey ON efter.edit_event USING btree (id);
-- index
CREATE INDEX edit_event_thing ON efter.edit_event USING btree (thing NULLS FIRST, thing_id NULLS FIRST, id NULLS FIRST);
-- index
CREATE INDEX edit_event_youth ON efter.edit_event USING btree (youth_id NULLS FIRST);
-- index
CREATE UNIQUE INDEX erasure_key_pkey ON efter.erasure_key USING btree (one);
-- index
CREATE UNIQUE INDEX goal_pkey ON efter.goal USING btree (id);
-- index
CREATE INDEX goal_youth ON efter.goal USING btree (youth_id NULLS FIRST);
-- index
CREATE INDEX journal_corrects ON efter.journal USING btree (corrects NULLS FIRST);
-- index
CREATE UNIQUE INDEX journal_pkey ON efter.journal USING btree (id);
-- index
CREATE INDEX journal_youth ON efter.journal USING btree (youth_id NULLS FIRST, written NULLS FIRST, id NULLS FIRST);
-- index
CREATE UNIQUE INDEX life_area_pkey ON efter.life_area USING btree (code);
-- index
CREATE UNIQUE INDEX measure_pkey ON efter.measure USING btree (id);
-- index
CREATE INDEX measure_youth ON efter.measure USING btree (youth_id NULLS FIRST, started NULLS FIRST);
-- index
CREATE INDEX meeting_milestone_held ON efter.meeting USING btree (status NULLS FIRST, kind NULLS FIRST, youth_id NULLS FIRST, starts NULLS FIRST, milestone NULLS FIRST) WHERE ((status = 'held'::text) AND (kind = 'milestone'::text));
-- index
CREATE UNIQUE INDEX meeting_pkey ON efter.meeting USING btree (id);
-- index
CREATE INDEX meeting_status_starts ON efter.meeting USING btree (status NULLS FIRST, starts NULLS FIRST);
-- index
CREATE INDEX meeting_status_starts_youth ON efter.meeting USING btree (status NULLS FIRST, starts NULLS FIRST, youth_id NULLS FIRST);
-- index
CREATE INDEX meeting_status_when ON efter.meeting USING btree (status NULLS FIRST, sqlite_datetime(starts) NULLS FIRST, id NULLS FIRST);
-- index
CREATE INDEX meeting_when ON efter.meeting USING btree (sqlite_datetime(starts) NULLS FIRST, id NULLS FIRST);
-- index
CREATE INDEX meeting_youth_starts ON efter.meeting USING btree (youth_id NULLS FIRST, starts NULLS FIRST);
-- index
CREATE INDEX meeting_youth_status ON efter.meeting USING btree (youth_id NULLS FIRST, status NULLS FIRST, starts NULLS FIRST);
-- index
CREATE UNIQUE INDEX member_pkey ON efter.member USING btree (id);
-- index
CREATE INDEX member_professional ON efter.member USING btree (professional_id NULLS FIRST, ended NULLS FIRST) WHERE (professional_id IS NOT NULL);
-- index
CREATE INDEX member_youth ON efter.member USING btree (youth_id NULLS FIRST, side NULLS FIRST);
-- index
CREATE UNIQUE INDEX migration_pkey ON efter.migration USING btree (name);
-- index
CREATE INDEX professional_name ON efter.professional USING btree (name COLLATE nocase NULLS FIRST);
-- index
CREATE UNIQUE INDEX professional_pkey ON efter.professional USING btree (id);
-- index
CREATE UNIQUE INDEX programme_key_key ON efter.programme USING btree (key);
-- index
CREATE UNIQUE INDEX programme_pkey ON efter.programme USING btree (id);
-- index
CREATE INDEX programme_period_cohort ON efter.programme_period USING btree (cohort_id NULLS FIRST);
-- index
CREATE UNIQUE INDEX programme_period_pkey ON efter.programme_period USING btree (id);
-- index
CREATE INDEX programme_period_programme ON efter.programme_period USING btree (programme_id NULLS FIRST, youth_id NULLS FIRST);
-- index
CREATE INDEX programme_period_youth ON efter.programme_period USING btree (youth_id NULLS FIRST, starts NULLS FIRST);
-- index
CREATE UNIQUE INDEX programme_price_pkey ON efter.programme_price USING btree (programme);
-- index
CREATE INDEX rating_current ON efter.rating USING btree (rated_by NULLS FIRST, youth_id NULLS FIRST, area NULLS FIRST, rated_on NULLS FIRST, phase NULLS FIRST, score NULLS FIRST, replaced_by NULLS FIRST) WHERE (replaced_by IS NULL);
-- index
CREATE UNIQUE INDEX rating_one_start_end ON efter.rating USING btree (youth_id NULLS FIRST, area NULLS FIRST, rated_by NULLS FIRST, phase NULLS FIRST) WHERE ((phase = ANY (ARRAY['start'::text, 'end'::text])) AND (replaced_by IS NULL));
-- index
CREATE UNIQUE INDEX rating_pkey ON efter.rating USING btree (id);
-- index
CREATE INDEX rating_progress ON efter.rating USING btree (rated_by NULLS FIRST, youth_id NULLS FIRST, area NULLS FIRST, rated_on NULLS FIRST, phase DESC NULLS LAST, id NULLS FIRST, score NULLS FIRST, replaced_by NULLS FIRST) WHERE (replaced_by IS NULL);
-- index
CREATE INDEX rating_youth_area ON efter.rating USING btree (youth_id NULLS FIRST, area NULLS FIRST, rated_on NULLS FIRST);
-- index
CREATE UNIQUE INDEX rating_path_pkey ON efter.rating_path USING btree (youth_id, area, rated_by);
-- index
CREATE UNIQUE INDEX rating_tally_pkey ON efter.rating_tally USING btree (rated_by, area, followed, change);
-- index
CREATE UNIQUE INDEX scale_step_area_step_key ON efter.scale_step USING btree (area, step);
-- index
CREATE UNIQUE INDEX schema_version_pkey ON efter.schema_version USING btree (only_row);
-- index
CREATE UNIQUE INDEX setting_pkey ON efter.setting USING btree (key);
-- index
CREATE INDEX youth_cpr ON efter.youth USING btree (cpr NULLS FIRST) WHERE (cpr IS NOT NULL);
-- index
CREATE INDEX youth_name ON efter.youth USING btree (name COLLATE nocase NULLS FIRST, id NULLS FIRST);
-- index
CREATE INDEX youth_name_order ON efter.youth USING btree (lower((replace(replace(replace(replace(replace(replace(name, 'Æ'::text, 'a'::text), 'æ'::text, 'a'::text), 'Ø'::text, 'b'::text), 'ø'::text, 'b'::text), 'Å'::text, 'c'::text), 'å'::text, 'c'::text) COLLATE "C")) NULLS FIRST, id NULLS FIRST, ref NULLS FIRST, name NULLS FIRST, coordinator NULLS FIRST, programme NULLS FIRST, start NULLS FIRST, closed NULLS FIRST, status NULLS FIRST, outcome NULLS FIRST);
-- index
CREATE UNIQUE INDEX youth_pkey ON efter.youth USING btree (id);
-- index
CREATE UNIQUE INDEX youth_ref_key ON efter.youth USING btree (ref);
-- index
CREATE INDEX youth_status_born ON efter.youth USING btree (status NULLS FIRST, born NULLS FIRST);
-- index
CREATE INDEX youth_status_coordinator ON efter.youth USING btree (status NULLS FIRST, coordinator NULLS FIRST);
-- index
CREATE INDEX youth_status_name ON efter.youth USING btree (status NULLS FIRST, name COLLATE nocase NULLS FIRST, id NULLS FIRST);
-- index
CREATE UNIQUE INDEX youth_share_pkey ON efter.youth_share USING btree (youth_id, role);
-- index
CREATE UNIQUE INDEX youth_status_pkey ON efter.youth_status USING btree (id);
-- index
CREATE UNIQUE INDEX youth_status_youth_id_starts_key ON efter.youth_status USING btree (youth_id, starts);
-- trigger
CREATE TRIGGER agreement_count_delete AFTER DELETE ON efter.agreement FOR EACH ROW EXECUTE FUNCTION agreement_count_delete_fn();
-- trigger
CREATE TRIGGER agreement_count_insert AFTER INSERT ON efter.agreement FOR EACH ROW EXECUTE FUNCTION agreement_count_insert_fn();
-- trigger
CREATE TRIGGER agreement_count_update AFTER UPDATE OF youth_id, owner, owner_member_id, status, done_on, first_due ON efter.agreement FOR EACH ROW EXECUTE FUNCTION agreement_count_update_fn();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.agreement REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.agreement REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.agreement REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.agreement_count REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_count();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.agreement_count REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_count();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.agreement_count REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_count();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.agreement_event REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_event();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.agreement_event REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_event();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.agreement_event REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_event();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.agreement_owner_count REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_owner_count();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.agreement_owner_count REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_owner_count();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.agreement_owner_count REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_agreement_owner_count();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.attendance REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_attendance();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.attendance REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_attendance();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.attendance REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_attendance();
-- trigger
CREATE TRIGGER audit_stamp BEFORE INSERT ON efter.audit_event FOR EACH ROW EXECUTE FUNCTION audit_stamp();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.consent REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.consent REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.consent REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.consent_area REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_area();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.consent_area REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_area();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.consent_area REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_area();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.consent_party REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_party();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.consent_party REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_party();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.consent_party REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_consent_party();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.contract REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_contract();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.contract REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_contract();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.contract REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_contract();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.coordinator_change REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_coordinator_change();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.coordinator_change REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_coordinator_change();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.coordinator_change REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_coordinator_change();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.deadline_met REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_deadline_met();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.deadline_met REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_deadline_met();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.deadline_met REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_deadline_met();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.edit_event REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_edit_event();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.edit_event REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_edit_event();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.edit_event REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_edit_event();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.goal REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_goal();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.goal REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_goal();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.goal REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_goal();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.journal REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_journal();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.journal REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_journal();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.journal REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_journal();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.measure REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_measure();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.measure REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_measure();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.measure REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_measure();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.meeting REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_meeting();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.meeting REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_meeting();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.meeting REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_meeting();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.member REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_member();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.member REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_member();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.member REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_member();
-- trigger
CREATE TRIGGER member_is_professional_insert BEFORE INSERT ON efter.member FOR EACH ROW EXECUTE FUNCTION member_is_professional_insert_fn();
-- trigger
CREATE TRIGGER member_is_professional_update BEFORE UPDATE OF name, organisation, phone, email, address, professional_id, side ON efter.member FOR EACH ROW EXECUTE FUNCTION member_is_professional_update_fn();
-- trigger
CREATE TRIGGER professional_on_cases AFTER UPDATE OF name, organisation, phone, email, address ON efter.professional FOR EACH ROW EXECUTE FUNCTION professional_on_cases_fn();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.programme_period REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_programme_period();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.programme_period REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_programme_period();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.programme_period REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_programme_period();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.rating REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.rating REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.rating REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating();
-- trigger
CREATE TRIGGER rating_path_delete AFTER DELETE ON efter.rating FOR EACH ROW WHEN ((old.replaced_by IS NULL)) EXECUTE FUNCTION rating_path_delete_fn();
-- trigger
CREATE TRIGGER rating_path_insert AFTER INSERT ON efter.rating FOR EACH ROW WHEN ((new.replaced_by IS NULL)) EXECUTE FUNCTION rating_path_insert_fn();
-- trigger
CREATE TRIGGER rating_path_update AFTER UPDATE OF youth_id, area, score, phase, rated_by, rated_on, replaced_by ON efter.rating FOR EACH ROW WHEN (((old.replaced_by IS NULL) OR (new.replaced_by IS NULL))) EXECUTE FUNCTION rating_path_update_fn();
-- trigger
CREATE TRIGGER tally_in_turn BEFORE INSERT OR DELETE OR UPDATE OF youth_id, area, score, phase, rated_by, rated_on, replaced_by ON efter.rating FOR EACH STATEMENT EXECUTE FUNCTION tally_in_turn();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.rating_path REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating_path();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.rating_path REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating_path();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.rating_path REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_rating_path();
-- trigger
CREATE TRIGGER rating_tally_add AFTER INSERT ON efter.rating_path FOR EACH ROW EXECUTE FUNCTION rating_tally_add_fn();
-- trigger
CREATE TRIGGER rating_tally_remove AFTER DELETE ON efter.rating_path FOR EACH ROW EXECUTE FUNCTION rating_tally_remove_fn();
-- trigger
CREATE TRIGGER rating_tally_update AFTER UPDATE ON efter.rating_path FOR EACH ROW EXECUTE FUNCTION rating_tally_update_fn();
-- trigger
CREATE TRIGGER tally_in_turn BEFORE INSERT OR DELETE OR UPDATE ON efter.rating_path FOR EACH STATEMENT EXECUTE FUNCTION tally_in_turn();
-- trigger
CREATE TRIGGER audit_mark_erased AFTER DELETE ON efter.youth FOR EACH ROW EXECUTE FUNCTION audit_mark_erased();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.youth REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth();
-- trigger
CREATE TRIGGER checkout_guard_erase BEFORE DELETE ON efter.youth FOR EACH ROW EXECUTE FUNCTION checkout_guard_erase();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.youth REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.youth REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth();
-- trigger
CREATE TRIGGER checkout_guard_delete AFTER DELETE ON efter.youth_status REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth_status();
-- trigger
CREATE TRIGGER checkout_guard_insert AFTER INSERT ON efter.youth_status REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth_status();
-- trigger
CREATE TRIGGER checkout_guard_update AFTER UPDATE ON efter.youth_status REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_youth_status();
-- policy
on_case ON agreement FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON agreement_count FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON agreement_event FOR ALL TO efter_coordinator,efter_team_leader USING ((agreement_id IN ( SELECT agreement.id
   FROM agreement))) WITH CHECK ((agreement_id IN ( SELECT agreement.id
   FROM agreement)));
-- policy
on_case ON agreement_owner_count FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON attendance FOR ALL TO efter_coordinator,efter_team_leader USING ((meeting_id IN ( SELECT meeting.id
   FROM meeting))) WITH CHECK ((meeting_id IN ( SELECT meeting.id
   FROM meeting)));
-- policy
add ON audit_event FOR INSERT TO efter_coordinator,efter_team_leader USING () WITH CHECK (true);
-- policy
mark ON audit_event FOR UPDATE TO efter_coordinator,efter_team_leader USING (((erased = 0) AND gone(youth_id))) WITH CHECK ((erased = 1));
-- policy
read ON audit_event FOR SELECT TO efter_coordinator,efter_team_leader USING (((os_user = SESSION_USER) OR (youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))))) WITH CHECK ();
-- policy
give_back ON checkout FOR UPDATE TO efter_coordinator,efter_team_leader USING (((returned IS NULL) AND ((held_by = CURRENT_USER) OR pg_has_role(CURRENT_USER, 'efter_team_leader'::name, 'MEMBER'::text)))) WITH CHECK ((returned IS NOT NULL));
-- policy
see ON checkout FOR SELECT TO efter_coordinator,efter_team_leader USING (true) WITH CHECK ();
-- policy
take ON checkout FOR INSERT TO efter_coordinator,efter_team_leader USING () WITH CHECK (((held_by = CURRENT_USER) AND (returned IS NULL) AND (mine(youth_id, CURRENT_USER) OR shared_with_me(youth_id, CURRENT_USER))));
-- policy
on_case ON consent FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON consent_area FOR ALL TO efter_coordinator,efter_team_leader USING ((consent_id IN ( SELECT consent.id
   FROM consent))) WITH CHECK ((consent_id IN ( SELECT consent.id
   FROM consent)));
-- policy
on_case ON consent_party FOR ALL TO efter_coordinator,efter_team_leader USING ((consent_id IN ( SELECT consent.id
   FROM consent))) WITH CHECK ((consent_id IN ( SELECT consent.id
   FROM consent)));
-- policy
on_case ON contract FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON coordinator_change FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON deadline_met FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON edit_event FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
add ON erasure_ledger FOR INSERT TO efter_coordinator,efter_team_leader USING () WITH CHECK ((gone(id) AND (erased_by = SESSION_USER)));
-- policy
on_case ON goal FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON journal FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON measure FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON meeting FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON member FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON programme_period FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON rating FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
on_case ON rating_path FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- policy
add ON youth FOR INSERT TO efter_coordinator,efter_team_leader USING () WITH CHECK ((coordinator = ( SELECT (my_name(CURRENT_USER) COLLATE "default") AS my_name)));
-- policy
change ON youth FOR UPDATE TO efter_coordinator,efter_team_leader USING (((coordinator = ( SELECT (my_name(CURRENT_USER) COLLATE "default") AS my_name)) OR (id = ANY (ARRAY( SELECT shared_youth(CURRENT_USER) AS shared_youth))))) WITH CHECK (((coordinator = my_name(CURRENT_USER)) OR shared_with_me(id, CURRENT_USER)));
-- policy
erase ON youth FOR DELETE TO efter_coordinator,efter_team_leader USING ((coordinator = ( SELECT (my_name(CURRENT_USER) COLLATE "default") AS my_name))) WITH CHECK ();
-- policy
see ON youth FOR SELECT TO efter_coordinator,efter_team_leader USING (((coordinator = ( SELECT (my_name(CURRENT_USER) COLLATE "default") AS my_name)) OR (id = ANY (ARRAY( SELECT shared_youth(CURRENT_USER) AS shared_youth))))) WITH CHECK ();
-- policy
all ON youth_share FOR ALL TO efter_coordinator,efter_team_leader USING ((mine(youth_id, CURRENT_USER) OR (role = CURRENT_USER))) WITH CHECK (mine(youth_id, CURRENT_USER));
-- policy
on_case ON youth_status FOR ALL TO efter_coordinator,efter_team_leader USING ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth)))) WITH CHECK ((youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER) AS visible_youth))));
-- view
efter_figures.agreement AS SELECT agreement.id,
    agreement.youth_id,
    NULL::text AS what,
    agreement.owner,
    agreement.owner_member_id,
    agreement.due,
    agreement.first_due,
    agreement.goal_id,
    agreement.meeting_id,
    agreement.status,
    agreement.done_on,
    NULL::text AS drop_reason,
    agreement.created,
    agreement.updated
   FROM agreement;;
-- view
efter_figures.agreement_count AS SELECT agreement_count.youth_id,
    agreement_count.made,
    agreement_count.kept_on_time,
    agreement_count.kept_late,
    agreement_count.dropped
   FROM agreement_count;;
-- view
efter_figures.agreement_event AS SELECT agreement_event.id,
    agreement_event.agreement_id,
    agreement_event.meeting_id,
    agreement_event.event,
    agreement_event.on_date,
    agreement_event.old_due,
    agreement_event.new_due,
    NULL::text AS note
   FROM agreement_event;;
-- view
efter_figures.agreement_owner_count AS SELECT agreement_owner_count.owner,
    agreement_owner_count.owner_member_id,
    agreement_owner_count.youth_id,
    agreement_owner_count.made,
    agreement_owner_count.kept_on_time,
    agreement_owner_count.kept_late,
    agreement_owner_count.dropped
   FROM agreement_owner_count;;
-- view
efter_figures.attendance AS SELECT attendance.id,
    attendance.meeting_id,
    attendance.person,
    attendance.member_id,
    NULL::text AS name,
    attendance.presence
   FROM attendance;;
-- view
efter_figures.consent AS SELECT consent.id,
    consent.youth_id,
    consent.given_by,
    NULL::text AS parent_name,
    consent.starts,
    consent.until,
    consent.withdrawn,
    consent.health_to_network,
    NULL::text AS note,
    consent.created
   FROM consent;;
-- view
efter_figures.consent_area AS SELECT consent_area.consent_id,
    consent_area.area
   FROM consent_area;;
-- view
efter_figures.consent_party AS SELECT consent_party.consent_id,
    consent_party.member_id
   FROM consent_party;;
-- view
efter_figures.contract AS SELECT contract.id,
    contract.youth_id,
    contract.version,
    NULL::text AS text,
    NULL::text AS sha256,
    contract.template,
    NULL::text AS source,
    contract.lang,
    contract.saved,
    contract.signed,
    contract.created
   FROM contract;;
-- view
efter_figures.coordinator_change AS SELECT coordinator_change.id,
    coordinator_change.youth_id,
    coordinator_change.previous,
    coordinator_change.coordinator,
    coordinator_change.changed_on,
    coordinator_change.created
   FROM coordinator_change;;
-- view
efter_figures.deadline_met AS SELECT deadline_met.id,
    deadline_met.youth_id,
    deadline_met.code,
    deadline_met.met_on,
    NULL::text AS note,
    deadline_met.created
   FROM deadline_met;;
-- view
efter_figures.edit_event AS SELECT edit_event.id,
    edit_event.youth_id,
    edit_event.thing,
    edit_event.thing_id,
    edit_event.field,
    NULL::text AS old,
    NULL::text AS new,
    edit_event.at,
    NULL::text AS os_user
   FROM edit_event;;
-- view
efter_figures.goal AS SELECT goal.id,
    goal.youth_id,
    goal.parent_id,
    goal.area,
    NULL::text AS text,
    goal.status,
    goal.meeting_id,
    goal.created,
    goal.updated
   FROM goal;;
-- view
efter_figures.journal AS SELECT journal.id,
    journal.youth_id,
    journal.written,
    NULL::text AS author,
    NULL::text AS text,
    journal.corrects,
    journal.corrected_by
   FROM journal;;
-- view
efter_figures.measure AS SELECT measure.id,
    measure.youth_id,
    measure.kind,
    NULL::text AS provider,
    measure.legal_basis,
    measure.started,
    measure.ended,
    NULL::text AS note,
    measure.created,
    measure.updated,
    measure.basis_forced
   FROM measure;;
-- view
efter_figures.meeting AS SELECT meeting.id,
    meeting.youth_id,
    meeting.kind,
    meeting.milestone,
    meeting.starts,
    meeting.duration,
    NULL::text AS place,
    NULL::text AS leader,
    NULL::text AS minute_taker,
    meeting.status,
    NULL::text AS status_note,
    NULL::text AS minutes,
    meeting.series,
    meeting.forced,
    meeting.created,
    meeting.updated,
    meeting.sequence
   FROM meeting;;
-- view
efter_figures.member AS SELECT member.id,
    member.youth_id,
    member.side,
    member.role,
    NULL::text AS name,
    NULL::text AS organisation,
    NULL::text AS phone,
    NULL::text AS email,
    NULL::text AS note,
    member.started,
    member.ended,
    member.created,
    member.closeness,
    member.can_help,
    NULL::text AS address,
    member.professional_id
   FROM member;;
-- view
efter_figures.programme_period AS SELECT programme_period.id,
    programme_period.youth_id,
    programme_period.programme_id,
    programme_period.cohort_id,
    programme_period.starts,
    programme_period.ends,
    programme_period.created,
    programme_period.updated
   FROM programme_period;;
-- view
efter_figures.rating AS SELECT rating.id,
    rating.youth_id,
    rating.area,
    rating.score,
    rating.phase,
    rating.rated_by,
    rating.rated_on,
    rating.meeting_id,
    NULL::text AS note,
    rating.replaced_by,
    rating.created
   FROM rating;;
-- view
efter_figures.rating_path AS SELECT rating_path.youth_id,
    rating_path.area,
    rating_path.rated_by,
    rating_path.n,
    rating_path.change
   FROM rating_path;;
-- view
efter_figures.youth AS SELECT youth.id,
    NULL::text AS ref,
    NULL::text AS name,
    youth.born,
    NULL::text AS cpr,
    youth.municipality,
    youth.home_municipality,
    youth.legal_basis,
    NULL::text AS placement_site,
    youth.housing,
    youth.programme,
    youth.cohort,
    youth.coordinator,
    youth.start,
    youth.status,
    youth.closed,
    youth.outcome,
    youth.age_forced,
    NULL::text AS note,
    youth.created,
    youth.updated,
    youth.placed_from,
    youth.basis_forced,
    youth.cpr_forced,
    NULL::text AS phone,
    NULL::text AS email,
    NULL::text AS address,
    youth.statutory_for,
    youth.ungeplan_on,
    youth.s111_on,
    youth.adult_on,
    youth.ungestotte_end_on,
    youth.milestone_16_on,
    youth.milestone_17_5_on,
    youth.milestone_18_5_on
   FROM youth;;
-- view
efter_figures.youth_status AS SELECT youth_status.id,
    youth_status.youth_id,
    youth_status.starts,
    youth_status.education,
    youth_status.work,
    NULL::text AS note,
    youth_status.created
   FROM youth_status;;
-- function
agreement_count_delete_fn();
-- function
agreement_count_insert_fn();
-- function
agreement_count_update_fn();
-- function
audit_mark_erased();
-- function
audit_stamp();
-- function
checkout_guard_agreement();
-- function
checkout_guard_agreement_count();
-- function
checkout_guard_agreement_event();
-- function
checkout_guard_agreement_owner_count();
-- function
checkout_guard_attendance();
-- function
checkout_guard_consent();
-- function
checkout_guard_consent_area();
-- function
checkout_guard_consent_party();
-- function
checkout_guard_contract();
-- function
checkout_guard_coordinator_change();
-- function
checkout_guard_deadline_met();
-- function
checkout_guard_edit_event();
-- function
checkout_guard_erase();
-- function
checkout_guard_goal();
-- function
checkout_guard_journal();
-- function
checkout_guard_measure();
-- function
checkout_guard_meeting();
-- function
checkout_guard_member();
-- function
checkout_guard_programme_period();
-- function
checkout_guard_rating();
-- function
checkout_guard_rating_path();
-- function
checkout_guard_youth();
-- function
checkout_guard_youth_status();
-- function
gone(young bigint);
-- function
ifnull(a anycompatible, b anycompatible);
-- function
max(a anycompatible, b anycompatible);
-- function
member_is_professional_insert_fn();
-- function
member_is_professional_update_fn();
-- function
min(a anycompatible, b anycompatible);
-- function
mine(young bigint, who name);
-- function
my_name(who name);
-- function
professional_on_cases_fn();
-- function
rating_path_delete_fn();
-- function
rating_path_insert_fn();
-- function
rating_path_update_fn();
-- function
rating_tally_add_fn();
-- function
rating_tally_remove_fn();
-- function
rating_tally_update_fn();
-- function
shared_with_me(young bigint, who name);
-- function
shared_youth(who name);
-- function
sqlite_bool_add(total bigint, value boolean);
-- function
sqlite_date(value text, VARIADIC modifiers text[]);
-- function
sqlite_datetime(value text, VARIADIC modifiers text[]);
-- function
sqlite_moment(value text);
-- function
sqlite_shift(moment timestamp without time zone, modifiers text[]);
-- function
sqlite_sum_arg(value anyelement);
-- function
sqlite_sum_arg(value boolean);
-- function
sqlite_typeof(value anyelement);
-- function
sum(boolean);
-- function
tally_in_turn();
-- function
total(boolean);
-- function
visible_youth(who name);
