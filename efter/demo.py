"""Builds the demo case file from the example files (Danish spreadsheet CSVs), through the
same importer as 'efter import', all in one transaction."""

from efter.core.casefile import CaseFile
from efter.core.errors import InvalidInput
from efter.resources import packaged_dir


def build_demo(casefile: CaseFile) -> str:
    from efter.transfer import importer, readers
    from efter.transfer.kinds import KIND_NAMES, registry

    examples = packaged_dir("examples")
    created: dict[str, int] = {}
    with casefile.write() as conn:
        for name in KIND_NAMES:
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
                importer.apply(conn, plan)
            finally:
                source.close()
            created[name] = plan.count("create")
    return (
        f"Enrolled {created['youth']} young people with "
        f"{created['team'] + created['network']} people around them, "
        f"{created['meetings']} meetings, {created['agreements']} agreements and "
        f"{created['ratings']} ratings (imported from examples/ as 'efter import' does)."
    )
