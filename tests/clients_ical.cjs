// Reads an iCalendar file on stdin with ical.js (from the npm registry) and prints, per
// event, what a calendar program would show: UID, STATUS, SEQUENCE and the start in UTC.
const ICAL = require("ical.js");
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      tzid: event.startDate.zone.tzid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  });
  const names = calendar.getAllSubcomponents().map((c) => c.name);
  process.stdout.write(JSON.stringify({ components: names, events }));
});
