"""An import's life: upload → (format, a CSV's columns) → read and match (a task) → preview →
confirm → apply (a task) → summary. Each step is a plain function over the job; the views and
tasks only call them.

Statuses (portability.models.ImportStatus): uploaded (waiting for the owner to choose the format
or a CSV's columns) → parsing → previewed → applying → done, or failed at any step with a
message to show. A task claims its step with a conditional UPDATE, so a second delivery of the
same task does nothing, and a claim whose worker died is taken again after the lease.
"""

import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.models import User
from portability.importing import parsers
from portability.importing.apply import import_apply
from portability.importing.planning import Plan, import_plan
from portability.importing.records import ImportFileError, Parsed
from portability.models import ImportJob, ImportRow, ImportStatus

logger = logging.getLogger(__name__)

DETECT = "detect"
# Preview rows are written this many per INSERT, with the progress after each.
PREVIEW_CHUNK = 5000
# Enough bytes to recognise any of the formats by their first lines.
DETECT_BYTES = 64 * 1024


# --- In the request ------------------------------------------------------------------------


def import_check_upload(upload) -> None:
    if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; an import takes at most %(limit)s.",
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
            },
        )
    if not upload.size:
        raise ValidationError("This file is empty.", code="empty")


def import_start(*, owner: User, upload, format: str) -> ImportJob:
    """Store the upload and make its job. With a format chosen (other than CSV, whose columns
    come first), reading starts at once; with "detect", the job page offers the format found."""
    from portability.tasks import parse_import

    filename = PurePath(upload.name or "").name[:255]
    upload.seek(0)
    if format == DETECT:
        format = parsers.detect_format(upload.read(DETECT_BYTES), filename) or ""
        upload.seek(0)
        status = ImportStatus.UPLOADED
    else:
        status = ImportStatus.UPLOADED if format == "csv" else ImportStatus.PARSING
    job = ImportJob(owner=owner, filename=filename, format=format, status=status)
    suffix = PurePath(filename).suffix.lower()[:8]
    job.file.save(f"{owner.pk}/{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    if status == ImportStatus.PARSING:
        transaction.on_commit(lambda: parse_import.delay(job.pk))
    return job


def import_file_bytes(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def import_choose(*, job: ImportJob, format: str, mapping: Mapping[str, str] | None) -> bool:
    """The owner chose the format (and a CSV's columns): start reading. False when the job
    has moved on already (a second click)."""
    from portability.tasks import parse_import

    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
        status=ImportStatus.PARSING,
        format=format,
        mapping=dict(mapping or {}),
        started_at=None,
        updated_at=timezone.now(),
    )
    if started:
        transaction.on_commit(lambda: parse_import.delay(job.pk))
    return bool(started)


def import_map_columns(*, job: ImportJob) -> None:
    """The owner says an uploaded file is a plain CSV: its columns are shown for mapping
    before anything is read."""
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
        format="csv", updated_at=timezone.now()
    )


def import_confirm(*, job: ImportJob) -> bool:
    """The owner confirmed the preview: apply it. False when it was confirmed already."""
    from portability.tasks import apply_import

    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.APPLYING, started_at=None, processed=0, updated_at=timezone.now()
    )
    if started:
        transaction.on_commit(lambda: apply_import.delay(job.pk))
    return bool(started)


# --- In the tasks --------------------------------------------------------------------------


def import_claim(*, job_id: int, status: str, lease: timedelta) -> bool:
    now = timezone.now()
    unclaimed = Q(started_at__isnull=True) | Q(started_at__lt=now - lease)
    claimed = ImportJob.objects.filter(unclaimed, pk=job_id, status=status).update(
        started_at=now, processed=0
    )
    return claimed == 1


def import_fail(*, job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, failure=message[:300], finished_at=timezone.now()
    )
    _forget_upload(job_id)


def _forget_upload(job_id: int) -> None:
    """The uploaded file is needed only until the import ends."""
    job = ImportJob.objects.filter(pk=job_id).only("file").first()
    if job is not None and job.file:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job_id).update(file="")


def _parsed(job: ImportJob) -> Parsed:
    if job.format not in parsers.FORMATS:
        raise ImportFileError("Choose the kind of file this is.")
    if job.format == "csv" and not job.mapping:
        raise ImportFileError("No column is mapped to a field: choose what at least one holds.")
    parsed = parsers.parse(
        import_file_bytes(job),
        format=job.format,
        mapping=job.mapping or None,
        max_rows=settings.IMPORT_MAX_ROWS,
    )
    rows = len(parsed.contacts) + len(parsed.messages)
    if rows > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            f"This file has {rows:,} rows; an import takes at most "
            f"{settings.IMPORT_MAX_ROWS:,}. Split it into smaller files."
        )
    return parsed


def preview_rows(*, job: ImportJob, plan: Plan) -> list[dict]:
    """The preview's ImportRow fields, for contacts.services.set_based.values_insert."""
    rows = [
        {
            "owner_id": job.owner_id,
            "job_id": job.pk,
            "number": number,
            "source": candidate.source,
            "name": candidate.display_name[:200] or "(no name)",
            "detail": candidate.detail[:300],
            "status": match.status,
            "contact_id": match.contact_id,
            "reason": "; ".join(filter(None, [match.reason, *candidate.notes]))[:300],
        }
        for number, (candidate, match) in enumerate(zip(plan.candidates, plan.matches, strict=True))
    ]
    first = len(rows)
    for offset, (day, match) in enumerate(zip(plan.days, plan.day_matches, strict=True)):
        rows.append(
            {
                "owner_id": job.owner_id,
                "job_id": job.pk,
                "number": first + offset,
                "source": day.source,
                "name": ", ".join(p.name or p.url for p in day.people)[:200] or "(nobody)",
                "detail": f"{day.count} message{'s' if day.count != 1 else ''} on "
                f"{day.day:%d %b %Y}",
                "status": match.status,
                "contact_id": match.targets[0][1]
                if match.targets and match.targets[0][0] == "contact"
                else None,
                "reason": match.reason[:300],
            }
        )
    return rows


def import_parse_run(*, job: ImportJob) -> None:
    """Read the file, match every row, write the preview. Safe to run again: it starts over."""
    from contacts.services.set_based import values_insert

    try:
        parsed = _parsed(job)
    except ImportFileError as error:
        import_fail(job_id=job.pk, message=error.message)
        return
    plan = import_plan(owner=job.owner, parsed=parsed)
    ImportJob.objects.filter(pk=job.pk).update(total=plan.size)
    ImportRow.objects.filter(job=job).delete()
    rows = preview_rows(job=job, plan=plan)
    for start in range(0, len(rows), PREVIEW_CHUNK):
        values_insert(ImportRow, rows[start : start + PREVIEW_CHUNK])
        ImportJob.objects.filter(pk=job.pk).update(processed=start + PREVIEW_CHUNK)
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PARSING).update(
        status=ImportStatus.PREVIEWED,
        counts=plan.counts(),
        warnings=parsed.warnings[:50],
        processed=plan.size,
    )


def import_apply_run(*, job: ImportJob) -> None:
    """Read the file again and apply it as the contacts are now, in one transaction."""
    try:
        parsed = _parsed(job)
    except ImportFileError as error:
        import_fail(job_id=job.pk, message=error.message)
        return
    plan = import_plan(owner=job.owner, parsed=parsed)
    ImportJob.objects.filter(pk=job.pk).update(total=plan.size)
    summary = import_apply(owner=job.owner, plan=plan)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        summary=summary,
        processed=plan.size,
        finished_at=timezone.now(),
    )
    _forget_upload(job.pk)
