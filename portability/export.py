"""Building the "Download my data" zip in a Celery task.

Why a task and not a streamed response: an account with years of history is hundreds of
thousands of rows and photos, which takes longer than a web request may (and a proxy's
timeout would cut a stream half-way with nothing to tell the user). The task writes the zip
to private storage, the page shows its progress, and the download is one owner-scoped file.

The zip holds:
- rapport.json: every row the user owns, in the versioned format of archive_format (restore
  reads it back);
- contacts.vcf: the contacts as vCards (contacts.exporting.vcard) for an address book;
- csv/*.csv: one spreadsheet per kind, every cell neutralized against formula injection
  (contacts.exporting.csv);
- photos/<contact id>.jpg|png: contact photos, named by the contact's id in rapport.json;
- README.txt: what each file is.

Memory stays bounded: rows are read with .iterator() and written to the zip as they come.
"""

import io
import json
import logging
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import PurePath
from tempfile import TemporaryFile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from contacts.exporting.csv import write_csv
from contacts.exporting.vcard import contact_vcard
from contacts.models import Affiliation, Contact, Membership, Organization, Tag
from contacts.selectors.exporting import contacts_for_export
from interactions.models import Event, EventAttendance, Interaction, Participation
from portability.archive_format import FIELDS, FORMAT, JSON_NAME, REFERENCES, SECTIONS, VERSION
from portability.jobs import job_claim
from portability.models import ExportJob, JobStatus
from reminders.models import Reminder

logger = logging.getLogger(__name__)

MODELS = {
    "tags": Tag,
    "organizations": Organization,
    "contacts": Contact,
    "affiliations": Affiliation,
    "memberships": Membership,
    "events": Event,
    "interactions": Interaction,
    "reminders": Reminder,
}
CHUNK = 2000
# Progress is written after every this many rows.
PROGRESS_EVERY = 5000

README = """Your data from Rapport, exported {exported_at}.

rapport.json   Everything: contacts, organizations, affiliations, your memberships, tags,
               events and the people you met there, interactions, reminders. Restore it into
               a new Rapport account from Settings > Restore from an export. Its format is
               described in Rapport's docs/export-format.md (format "{format}", version
               {version}).
contacts.vcf   Your contacts as vCards, for any address book.
csv/           One spreadsheet per kind of row. Cells that a spreadsheet would run as a
               formula start with an apostrophe.
photos/        Contact photos, named by the contact's id in rapport.json.
"""


def _json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _owned(model, user: User):
    return model.objects.filter(owner=user).order_by("pk")


def _rows(section: str, user: User) -> Iterator[dict]:
    """The section's rows as plain dicts, in the format of archive_format."""
    model = MODELS[section]
    references = {field: f"{field}_id" for field in REFERENCES.get(section, {})}
    columns = ["pk", *FIELDS[section], *references.values()]
    extra = _relations(section, user)
    for values in _owned(model, user).values(*columns).iterator(chunk_size=CHUNK):
        row = {"id": values["pk"]}
        row.update({field: _json_value(values[field]) for field in FIELDS[section]})
        row.update({field: values[column] for field, column in references.items()})
        for name, by_row in extra.items():
            row[name] = by_row.get(values["pk"], [])
        yield row


def _grouped(pairs) -> dict:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _relations(section: str, user: User) -> dict[str, dict]:
    """The lists a row carries (a contact's emails, an interaction's participants), each read
    in one query for the whole section."""
    if section == "contacts":
        return {
            "tags": _grouped(
                Contact.tags.through.objects.filter(contact__owner=user)
                .order_by("tag_id")
                .values_list("contact_id", "tag_id")
            ),
            "emails": _grouped(
                (c, {"email": e, "label": label})
                for c, e, label in _owned(Contact.emails.rel.related_model, user).values_list(
                    "contact_id", "email", "label"
                )
            ),
            "phones": _grouped(
                (c, {"number": n, "label": label})
                for c, n, label in _owned(Contact.phones.rel.related_model, user).values_list(
                    "contact_id", "number", "label"
                )
            ),
            "profiles": _grouped(
                (c, {"network": n, "url": u})
                for c, n, u in _owned(Contact.profiles.rel.related_model, user).values_list(
                    "contact_id", "network", "url"
                )
            ),
        }
    if section == "events":
        return {
            "people_met": _grouped(
                (e, {"contact": c, "note": note})
                for e, c, note in _owned(EventAttendance, user).values_list(
                    "event_id", "contact_id", "note"
                )
            )
        }
    if section == "interactions":
        return {
            "participants": _grouped(
                _owned(Participation, user)
                .order_by("interaction_id", "contact_id")
                .values_list("interaction_id", "contact_id")
            )
        }
    return {}


def export_counts(*, user: User) -> dict[str, int]:
    return {section: _owned(MODELS[section], user).count() for section in SECTIONS}


class _Progress:
    def __init__(self, job: ExportJob):
        self.job = job
        self.done = 0

    def step(self, rows: int = 1) -> None:
        before = self.done // PROGRESS_EVERY
        self.done += rows
        if self.done // PROGRESS_EVERY != before:
            ExportJob.objects.filter(pk=self.job.pk).update(processed=self.done)


def _write_json(archive: zipfile.ZipFile, user: User, now: datetime, progress: _Progress) -> None:
    with archive.open(JSON_NAME, "w") as raw:
        out = _TextSink(raw)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": _json_value(now),
            "account": {
                "username": user.username,
                "display_name": user.display_name,
                "email": user.email,
                "time_zone": user.time_zone,
            },
        }
        out.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2])
        for section in SECTIONS:
            out.write(f',\n "{section}": [')
            for index, row in enumerate(_rows(section, user)):
                out.write(("\n  " if index == 0 else ",\n  ") + json.dumps(row, ensure_ascii=False))
                progress.step()
            out.write("\n ]")
        out.write("\n}\n")


class _TextSink:
    def __init__(self, raw):
        self.raw = raw

    def write(self, text: str) -> None:
        self.raw.write(text.encode())


def _write_vcards(archive: zipfile.ZipFile, user: User) -> None:
    with archive.open("contacts.vcf", "w") as raw:
        for contact in contacts_for_export(user=user).iterator(chunk_size=CHUNK):
            raw.write(contact_vcard(contact).encode())


def _write_csv(archive: zipfile.ZipFile, name: str, header, rows) -> None:
    with archive.open(f"csv/{name}.csv", "w") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        write_csv(stream, header, rows)
        stream.flush()
        stream.detach()


def _csv_section(section: str, user: User):
    """Header and rows of a section's CSV: its JSON rows, with lists joined by '; '."""
    rows = _rows(section, user)
    first = next(rows, None)
    if first is None:
        return ["id", *FIELDS[section], *REFERENCES.get(section, {})], []

    def flat(row):
        cells = []
        for value in row.values():
            if isinstance(value, list):
                value = "; ".join(
                    " ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                    for item in value
                )
            cells.append(value)
        return cells

    def all_rows():
        yield flat(first)
        for row in rows:
            yield flat(row)

    return list(first), all_rows()


def _write_photos(archive: zipfile.ZipFile, user: User) -> None:
    storage = Contact._meta.get_field("photo").storage
    photos = Contact.objects.filter(owner=user).exclude(photo="").values_list("pk", "photo")
    for pk, name in photos.iterator(chunk_size=CHUNK):
        try:
            with storage.open(name, "rb") as photo:
                archive.writestr(f"photos/{pk}{PurePath(name).suffix}", photo.read())
        except FileNotFoundError:
            logger.warning("Photo %s of contact %s is missing; exported without it", name, pk)


def export_write(*, job: ExportJob) -> None:
    """Write the job's zip and mark it done (or failed, with a message)."""
    user = job.owner
    now = timezone.now()
    progress = _Progress(job)
    counts = export_counts(user=user)
    ExportJob.objects.filter(pk=job.pk).update(total=sum(counts.values()) or 1)
    with TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt",
                README.format(
                    exported_at=f"{now:%Y-%m-%d %H:%M} UTC", format=FORMAT, version=VERSION
                ),
            )
            _write_json(archive, user, now, progress)
            _write_vcards(archive, user)
            for section in SECTIONS:
                header, rows = _csv_section(section, user)
                _write_csv(archive, section, header, rows)
            _write_photos(archive, user)
        buffer.seek(0)
        job.file.save(f"{user.pk}/{uuid.uuid4().hex}.zip", File(buffer), save=False)
        size = buffer.tell()
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name,
        size=size,
        counts=counts,
        processed=F("total"),
        status=JobStatus.DONE,
        finished_at=timezone.now(),
    )


def export_start(*, owner: User) -> ExportJob:
    """A new export job, queued once committed; older exports of the owner are deleted."""
    from portability.tasks import build_export

    for old in ExportJob.objects.filter(owner=owner):
        export_delete(job=old)
    job = ExportJob.objects.create(owner=owner)
    transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


def export_claim(*, job_id: int, lease) -> bool:
    return job_claim(ExportJob, job_id=job_id, lease=lease)


def export_fail(*, job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, failure=message[:300], finished_at=timezone.now()
    )


def export_delete(*, job: ExportJob) -> None:
    name = job.file.name
    storage = job.file.storage
    job.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def exports_sweep(*, now: datetime | None = None) -> int:
    """Delete exports older than EXPORT_KEEP_HOURS, with their files; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        export_delete(job=job)
    return len(old)


def download_name(job: ExportJob) -> str:
    return f"rapport-export-{job.created_at:%Y-%m-%d}.zip"
