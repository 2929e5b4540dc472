"""Files and records for the import tests: a LinkedIn Connections.csv as LinkedIn writes it."""

import csv
import io

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def linkedin_csv(rows) -> bytes:
    """rows: (first, last, slug, email, company, position, connected on) tuples."""
    out = io.StringIO()
    out.write(PREAMBLE)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for first, last, slug, email, company, position, connected in rows:
        url = f"https://www.linkedin.com/in/{slug}" if slug else ""
        writer.writerow([first, last, url, email, company, position, connected])
    return out.getvalue().encode()


def many_connections(count: int, *, start: int = 0) -> bytes:
    return linkedin_csv(
        (
            f"First{n}",
            f"Last{n}",
            f"person-{n}",
            f"person{n}@example.org" if n % 3 == 0 else "",
            f"Company {n % 50}",
            "Engineer",
            "07 Dec 2025",
        )
        for n in range(start, start + count)
    )
