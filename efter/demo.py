"""Builds the demo case file from the example files (Danish spreadsheet CSVs), through the
same importer as 'efter import': each file all or nothing."""

from efter.core.casefile import CaseFile
from efter.core.errors import InvalidInput
from efter.resources import packaged_dir


def _import(casefile: CaseFile, names: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Import examples/NAME.csv for each name in one transaction: {name: (created, people)}."""
    from efter.transfer import importer, readers
    from efter.transfer.kinds import registry

    examples = packaged_dir("examples")
    done: dict[str, tuple[int, int]] = {}
    with casefile.write() as conn:
        for name in names:
            path = examples / f"{name}.csv"
            kind = registry()[name]
            source = readers.open_source(str(path))
            try:
                plan = importer.validate(conn, kind, readers.read(source, "csv", kind))
                if not plan.ok:
                    raise InvalidInput(
                        f"The example file {path.name} does not import "
                        f"({plan.problems[0].text()}): reinstall efter."
                    )
                touched = importer.apply(conn, plan)
            finally:
                source.close()
            done[name] = (plan.count("create"), len(touched))
    return done


def build_demo(casefile: CaseFile) -> str:
    done = _import(casefile, ("youth", "team", "network", "meetings", "agreements"))
    return (
        f"Enrolled {done['youth'][0]} young people with "
        f"{done['team'][0] + done['network'][0]} people around them, "
        f"{done['meetings'][0]} meetings and {done['agreements'][0]} agreements "
        "(imported from examples/ as 'efter import' does)."
    )


def build_demo_ratings(casefile: CaseFile) -> str:
    """Start, meeting and end ratings from examples/ratings.csv."""
    created, people = _import(casefile, ("ratings",))["ratings"]
    return f"Recorded {created} ratings of life areas for {people} of them."
