"""Restoring an export (archive_format, version 1) into an empty account.

The request only checks that the upload looks like an export (a zip with rapport.json, or the
JSON itself) and stores it as a RestoreJob; a Celery task then:
1. reads the whole document and checks every row (types, choices, lengths, dates, the models'
   own constraints, and that every reference names a row of the file), collecting an error per
   bad row. With any error, nothing is written and the status page lists them.
2. writes every row in one transaction, in the order of archive_format.SECTIONS, mapping the
   file's ids to new ones; then rebuilds search text and recomputes health.

Rows are written as they were exported (bulk inserts), not through the create services: a
restore copies facts that already happened (an interaction's participants, a keep-in-touch
reminder with its status), and the services' side effects (a "met at" interaction for each
person met, a new keep-in-touch reminder for a contact) would add rows the export does not
have. The derived data those services keep in step is rebuilt at the end instead.

Only an empty account is restored into, so a restore never mixes two networks or doubles one.
"""

import json
import logging
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Membership,
    Organization,
    SocialProfile,
    Tag,
)
from contacts.phones import normalize_phone
from contacts.services.contacts import photo_process
from contacts.services.search import contacts_refresh_search_text
from interactions.models import Event, EventAttendance, Interaction, Participation
from interactions.services.activity import activity_days_rebuild
from interactions.services.health import health_recompute
from interactions.services.network import network_counts_refresh
from portability.archive_format import FIELDS, FORMAT, JSON_NAME, REFERENCES, SECTIONS, VERSION
from portability.jobs import job_claim
from portability.models import JobStatus, RestoreJob
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind

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
# The models an empty account has no rows of.
CONTENT_MODELS = (Contact, Organization, Tag, Interaction, Event, Reminder, Membership)
MAX_ERRORS_KEPT = 200
BATCH = 1000
NOT_AN_EXPORT = (
    "This is not a Rapport export. Upload the .zip that “Download my data” made (or the "
    "rapport.json inside it)."
)


class RestoreError(Exception):
    """The file cannot be restored at all; the message is shown as is."""


@dataclass
class Checked:
    """A document whose every row passed, ready to write."""

    document: dict
    photos: dict[int, bytes] = field(default_factory=dict)


@dataclass
class Problems:
    errors: list[dict] = field(default_factory=list)
    count: int = 0

    def add(self, section: str, index: int, row: Any, message: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            file_id = row.get("id") if isinstance(row, dict) else None
            where = f"{section} #{index + 1}" + (f" (id {file_id})" if file_id is not None else "")
            self.errors.append({"row": where, "message": message})


# --- In the request ------------------------------------------------------------------------


def account_is_empty(*, owner: User) -> bool:
    return not any(model.objects.filter(owner=owner).exists() for model in CONTENT_MODELS)


def restore_check_upload(upload) -> None:
    """Refuse at once what is clearly not an export, too large, or for a full account."""
    if upload.size is not None and upload.size > settings.RESTORE_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; a restore takes at most %(limit)s.",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.RESTORE_MAX_BYTES),
            },
        )
    upload.seek(0)
    if zipfile.is_zipfile(upload):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                if JSON_NAME not in archive.namelist():
                    raise ValidationError(NOT_AN_EXPORT)
        except zipfile.BadZipFile as error:
            raise ValidationError("This zip file is damaged.") from error
    else:
        upload.seek(0)
        start = upload.read(4096).lstrip()
        if not start.startswith(b"{") or FORMAT.encode() not in start:
            raise ValidationError(NOT_AN_EXPORT)
    upload.seek(0)


def restore_start(*, owner: User, upload) -> RestoreJob:
    from portability.tasks import apply_restore

    job = RestoreJob(owner=owner, filename=(upload.name or "")[:255])
    suffix = ".zip" if zipfile.is_zipfile(upload) else ".json"
    upload.seek(0)
    job.file.save(f"{owner.pk}/{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    transaction.on_commit(lambda: apply_restore.delay(job.pk))
    return job


# --- In the task ---------------------------------------------------------------------------


def restore_claim(*, job_id: int, lease) -> bool:
    return job_claim(RestoreJob, job_id=job_id, lease=lease)


def restore_fail(*, job_id: int, message: str, errors: list | None = None) -> None:
    RestoreJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED,
        failure=message[:300],
        errors=errors or [],
        finished_at=timezone.now(),
    )


def _read(job: RestoreJob) -> tuple[dict, dict[int, bytes]]:
    photos: dict[int, bytes] = {}
    with job.file.open("rb") as handle:
        if zipfile.is_zipfile(handle):
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                raw = archive.read(JSON_NAME)
                for name in archive.namelist():
                    path = PurePath(name)
                    if path.parent.name == "photos" and path.stem.isdigit():
                        photos[int(path.stem)] = archive.read(name)
        else:
            handle.seek(0)
            raw = handle.read()
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RestoreError(f"rapport.json is not valid JSON ({error}).") from error
    return document, photos


def _check_header(document) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreError(NOT_AN_EXPORT)
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise RestoreError("This export has no version number Rapport knows.")
    if version > VERSION:
        raise RestoreError(
            f"This export is version {version}, from a newer Rapport; this one reads up to "
            f"version {VERSION}. Upgrade Rapport, then restore it."
        )
    for section in SECTIONS:
        if not isinstance(document.get(section, []), list):
            raise RestoreError(f"“{section}” in rapport.json is not a list.")


def restore_run(*, job: RestoreJob) -> None:
    owner = job.owner
    try:
        document, photos = _read(job)
        _check_header(document)
        if not account_is_empty(owner=owner):
            raise RestoreError(
                "Your account already has data. Restore into a new, empty account, so nothing "
                "is mixed up or doubled."
            )
        total = sum(len(document.get(section, [])) for section in SECTIONS)
        RestoreJob.objects.filter(pk=job.pk).update(total=total)
        problems = restore_validate(owner=owner, document=document)
        if problems.count:
            restore_fail(
                job_id=job.pk,
                message=f"{problems.count} row{'s' if problems.count != 1 else ''} cannot be "
                "restored, so nothing was restored. Fix them in the file, or export again.",
                errors=problems.errors,
            )
            return
        counts = restore_apply(owner=owner, document=document, photos=photos, job=job)
    except RestoreError as error:
        restore_fail(job_id=job.pk, message=str(error))
        return
    finally:
        _forget_upload(job)
    RestoreJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        counts=counts,
        processed=models.F("total"),
        finished_at=timezone.now(),
    )


def _forget_upload(job: RestoreJob) -> None:
    """The uploaded file is needed only until the restore ends."""
    if job.file:
        job.file.storage.delete(job.file.name)
        RestoreJob.objects.filter(pk=job.pk).update(file="")


# --- Checking every row --------------------------------------------------------------------


def _instance(section: str, row: dict, owner: User):
    """An unsaved model instance with the row's own fields, or a ValidationError."""
    model = MODELS[section]
    values = {name: row[name] for name in FIELDS[section] if name in row}
    instance = model(owner=owner)
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if value is None and not model_field.null:
            raise ValidationError({name: ["This field cannot be null."]})
        setattr(instance, model_field.attname, value)
    references = set(REFERENCES.get(section, {}))
    exclude = {f.name for f in model._meta.fields if f.is_relation} | references | {"search_text"}
    instance.clean_fields(exclude=exclude)
    if section != "interactions":
        # Check constraints (birthday parts together, ends after starts...); uniqueness is left
        # to the database and to the checks below, since nothing is saved yet.
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                constraint.validate(model, instance, exclude=exclude)
    elif instance.quality is not None and not 1 <= instance.quality <= 5:
        raise ValidationError({"quality": ["Quality is from 1 to 5."]})
    return instance


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _check_list(row: dict, name: str, problems, section, index) -> list:
    value = row.get(name, [])
    if not isinstance(value, list):
        problems.add(section, index, row, f"{name}: must be a list.")
        return []
    return value


def restore_validate(*, owner: User, document: dict) -> Problems:
    """Every problem of every row; the document is restorable when there are none."""
    problems = Problems()
    ids: dict[str, set[int]] = {}
    for section in SECTIONS:
        seen: set[int] = set()
        for index, row in enumerate(document.get(section, [])):
            if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                problems.add(section, index, row, "Each row is an object with a numeric “id”.")
                continue
            if row["id"] in seen:
                problems.add(section, index, row, "Another row of this section has the same id.")
            seen.add(row["id"])
        ids[section] = seen

    for section in SECTIONS:
        for index, row in enumerate(document.get(section, [])):
            if not isinstance(row, dict):
                continue
            messages = []
            try:
                _instance(section, row, owner)
            except ValidationError as error:
                messages.append(_message(error))
            for name, target in REFERENCES.get(section, {}).items():
                value = row.get(name)
                if value is not None and (not isinstance(value, int) or value not in ids[target]):
                    messages.append(f"{name}: no {target[:-1]} with id {value} in this file.")
            messages += _check_lists(section, row, ids)
            for message in messages:
                problems.add(section, index, row, message)
    _check_unique(document, problems)
    return problems


def _ids_in(values, known: set[int], name: str, target: str) -> list[str]:
    wrong = [v for v in values if not isinstance(v, int) or v not in known]
    if wrong:
        return [f"{name}: no {target} with id {', '.join(map(str, wrong[:5]))} in this file."]
    if len(set(values)) != len(values):
        return [f"{name}: the same id twice."]
    return []


def _entries(row: dict, name: str, keys: tuple[str, ...]) -> tuple[list[dict], list[str]]:
    value = row.get(name, [])
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and all(isinstance(item.get(k), str) for k in keys) for item in value
    ):
        return [], [f"{name}: a list of objects with {', '.join(keys)}."]
    return value, []


def _check_lists(section: str, row: dict, ids: dict[str, set[int]]) -> list[str]:
    messages: list[str] = []
    if section == "contacts":
        tags = row.get("tags", [])
        if not isinstance(tags, list):
            messages.append("tags: a list of tag ids.")
        else:
            messages += _ids_in(tags, ids["tags"], "tags", "tag")
        for name, model, keys in (
            ("emails", ContactEmail, ("email", "label")),
            ("phones", ContactPhone, ("number", "label")),
            ("profiles", SocialProfile, ("network", "url")),
        ):
            entries, wrong = _entries(row, name, keys)
            messages += wrong
            for entry in entries:
                try:
                    if name == "phones":
                        normalize_phone(entry["number"])
                    model(**{k: entry[k] for k in keys}).clean_fields(
                        exclude={"owner", "contact", "number"}
                    )
                except ValidationError as error:
                    messages.append(f"{name}: {_message(error)}")
    elif section == "events":
        entries, wrong = _entries(row, "people_met", ("note",))
        messages += wrong
        messages += _ids_in(
            [e.get("contact") for e in entries], ids["contacts"], "people_met", "contact"
        )
        for entry in entries:
            if len(entry["note"]) > EventAttendance._meta.get_field("note").max_length:
                messages.append("people_met: a note longer than 300 characters.")
    elif section == "interactions":
        participants = row.get("participants", [])
        if not isinstance(participants, list) or not participants:
            messages.append("participants: a list of at least one contact id.")
        else:
            messages += _ids_in(participants, ids["contacts"], "participants", "contact")
    return messages


def _check_unique(document: dict, problems: Problems) -> None:
    """What the database would refuse as a duplicate, said row by row before writing."""
    names = Counter(
        row.get("name", "").casefold() for row in document.get("tags", []) if isinstance(row, dict)
    )
    for index, row in enumerate(document.get("tags", [])):
        if isinstance(row, dict) and names[str(row.get("name", "")).casefold()] > 1:
            problems.add("tags", index, row, "Two tags have this name (in any case).")
    one_pending = {ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY}
    seen: set[tuple] = set()
    for index, row in enumerate(document.get("reminders", [])):
        if not isinstance(row, dict):
            continue
        key = None
        if row.get("kind") in one_pending and row.get("status") in PENDING_STATUSES:
            key = (row["kind"], row.get("contact"))
        elif row.get("kind") == ReminderKind.AFTER_EVENT and row.get("event") is not None:
            key = ("after", row.get("event"), row.get("contact"))
        if key is not None and key[-1] is not None:
            if key in seen:
                problems.add(
                    "reminders", index, row, "Another pending reminder of this kind is there."
                )
            seen.add(key)


# --- Writing -------------------------------------------------------------------------------


def _new_rows(section: str, document: dict, owner: User, id_map: dict) -> dict[int, Any]:
    """Insert the section's rows; returns {file id: new instance}."""
    model = MODELS[section]
    instances = []
    file_ids = []
    for row in document.get(section, []):
        instance = _instance(section, row, owner)
        for name, target in REFERENCES.get(section, {}).items():
            if name == "introduced_by":
                continue  # the introducer may come later in the list: set afterwards
            value = row.get(name)
            setattr(instance, f"{name}_id", id_map[target][value] if value is not None else None)
        instances.append(instance)
        file_ids.append(row["id"])
    model.objects.bulk_create(instances, batch_size=BATCH)
    return {file_id: instance.pk for file_id, instance in zip(file_ids, instances, strict=True)}


@transaction.atomic
def restore_apply(
    *, owner: User, document: dict, photos: dict[int, bytes], job: RestoreJob | None = None
) -> dict[str, int]:
    """Write a document that restore_validate passed; returns the rows written per section."""
    id_map: dict[str, dict[int, int]] = {}
    done = 0
    try:
        for section in SECTIONS:
            id_map[section] = _new_rows(section, document, owner, id_map)
            _write_lists(section, document, owner, id_map)
            done += len(id_map[section])
            if job is not None:
                RestoreJob.objects.filter(pk=job.pk).update(processed=done)
    except IntegrityError as error:
        raise RestoreError(
            f"The file holds rows that cannot exist together ({error}); nothing was restored."
        ) from error
    contact_ids = list(id_map["contacts"].values())
    _restore_photos(photos, id_map["contacts"])
    contacts_refresh_search_text(contact_ids=contact_ids)
    if contact_ids:
        health_recompute(owner=owner)
    # The interactions were written in bulk, past the interaction service.
    activity_days_rebuild(owner=owner)
    network_counts_refresh(owner=owner)
    return {section: len(id_map[section]) for section in SECTIONS}


def _write_lists(section: str, document: dict, owner: User, id_map: dict) -> None:
    rows = document.get(section, [])
    new = id_map[section]
    if section == "contacts":
        contacts = id_map["contacts"]
        introduced = [
            Contact(pk=new[row["id"]], introduced_by_id=contacts[row["introduced_by"]])
            for row in rows
            if row.get("introduced_by") is not None
        ]
        Contact.objects.bulk_update(introduced, ["introduced_by"], batch_size=BATCH)
        ContactTag = Contact.tags.through
        ContactTag.objects.bulk_create(
            [
                ContactTag(contact_id=new[row["id"]], tag_id=id_map["tags"][tag])
                for row in rows
                for tag in row.get("tags", [])
            ],
            batch_size=BATCH,
        )
        for name, model, keys in (
            ("emails", ContactEmail, ("email", "label")),
            ("phones", ContactPhone, ("number", "label")),
            ("profiles", SocialProfile, ("network", "url")),
        ):
            model.objects.bulk_create(
                [
                    model(
                        owner=owner,
                        contact_id=new[row["id"]],
                        **{
                            k: normalize_phone(entry[k]) if k == "number" else entry[k]
                            for k in keys
                        },
                    )
                    for row in rows
                    for entry in row.get(name, [])
                ],
                batch_size=BATCH,
            )
    elif section == "events":
        EventAttendance.objects.bulk_create(
            [
                EventAttendance(
                    owner=owner,
                    event_id=new[row["id"]],
                    contact_id=id_map["contacts"][person["contact"]],
                    note=person["note"],
                )
                for row in rows
                for person in row.get("people_met", [])
            ],
            batch_size=BATCH,
        )
    elif section == "interactions":
        facts = {
            pk: (occurred_at, kind, initiated_by, value)
            for pk, occurred_at, kind, initiated_by, value in Interaction.objects.filter(
                pk__in=list(new.values())
            ).values_list("pk", "occurred_at", "kind", "initiated_by", "value")
        }
        participations = []
        for row in rows:
            interaction_id = new[row["id"]]
            occurred_at, kind, initiated_by, value = facts[interaction_id]
            participations += [
                Participation(
                    owner=owner,
                    interaction_id=interaction_id,
                    contact_id=id_map["contacts"][contact],
                    occurred_at=occurred_at,
                    kind=kind,
                    initiated_by=initiated_by,
                    value=value,
                )
                for contact in row["participants"]
            ]
        Participation.objects.bulk_create(participations, batch_size=BATCH)


def _restore_photos(photos: dict[int, bytes], contacts: dict[int, int]) -> None:
    """Each photo is checked and re-encoded as an upload would be; a bad one is skipped."""
    for file_id, data in photos.items():
        contact_id = contacts.get(file_id)
        if contact_id is None:
            continue
        try:
            processed = photo_process(ContentFile(data, name="photo"))
        except ValidationError:
            logger.warning("Skipped the unreadable photo of contact %s in a restore", file_id)
            continue
        contact = Contact.objects.get(pk=contact_id)
        contact.photo.save(processed.name, processed, save=False)
        Contact.objects.filter(pk=contact_id).update(photo=contact.photo.name)
