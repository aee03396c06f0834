#!/usr/bin/env bash
# A year of network meetings for one young person, from planning to follow-up, in a
# throw-away case file. Run it with `bash examples/meetings.sh`; it prints what it does.
set -euo pipefail

folder=$(mktemp -d)
export EFTER_DB="$folder/casefile.db"
export EFTER_TODAY=2026-11-28 # a fixed "today" so the dates below line up
cd "$folder"
say() { printf '\n$ %s\n' "$*"; "$@"; }

efter init
efter youth add "Amalie Nørgaard" --ref 2025-0412 --born 14-03-2009 --coordinator "Mette Holm" --start 2025-09-01 >/dev/null
efter team add 2025-0412 --role ungevejleder --name "Peter Dam" --organisation "Ungeindsatsen Esbjerg" >/dev/null
efter network add 2025-0412 --role mor --name "Helle Nørgaard" >/dev/null
# The agenda names only the people a consent covers: who may be told what, for a year.
say efter consent give 2025-0412 --to "Peter Dam" --to Helle --about uddannelse --about aftaler

# Plan: the next meeting, a series every four months, and the model's milestone meetings.
say efter meeting plan 2025-0412 --at "2026-12-03 14:00" --place "Ungeindsatsen, Torvegade 74" --leader "Mette Holm" --minute-taker "Peter Dam"
say efter meeting plan 2025-0412 --at "2027-03-26 14:00" --every "4 months" --count 2 --place "Ungeindsatsen, Torvegade 74"
say efter meeting plan 2025-0412 --milestones --time 10:00

# Goals, a sub-goal and agreements: who does what by when.
say efter goal add 2025-0412 --area uddannelse --text "Gennemføre 10. klasse"
say efter goal add 2025-0412 --parent 1 --text "Møde til tiden hver dag"
say efter agreement add 2025-0412 --what "Søge ind på 10. klasse" --owner "den unge" --due 2026-12-01 --goal 1
say efter agreement add 2025-0412 --what "Ringe til jobcentret om praktik" --owner "Peter Dam" --due 20-12-2026
say efter agreement add 2025-0412 --what "Skaffe et vækkeur" --owner Helle --due 2026-11-25 --goal 2

# The agenda to print, and what needs doing (exit status 1: something is overdue).
say efter meeting agenda 1 --format html --out dagsorden.html
say efter due --within 14d --check || echo "(efter due --check exited $?: something is overdue)"

# The day of the meeting: who came, the minutes, and the follow-up of each agreement.
export EFTER_TODAY=2026-12-03
printf 'Amalie har fået plads i 10. klasse fra januar.\n' > notat.txt
say efter meeting held 1 --attended "youth, coordinator, Peter Dam" --apologies Helle --kept 1 --moved 3=2027-01-15 --minutes notat.txt
# Written up properly afterwards: the minutes replace the note taken on the day.
printf 'Amalie har fået plads i 10. klasse fra januar.\nPeter ringer til jobcentret igen.\n' > referat.txt
say efter meeting amend 1 --minutes referat.txt
say efter meeting show 1
say efter meeting minutes 1 --format html --out moedenotat.html
say efter meeting form 1 --format html --out aftaleskema.html
say efter meeting ics 2025-0412 --out moeder.ics

printf '\nEverything is in %s\n' "$folder"
