"""Benchmark: the dashboard, the contact list and search under gunicorn, against a floor.

    make bench-dashboard   # BENCH_DASHBOARD_DATABASE_URL, default .../rapport_bench_dashboard

1. Creates the database if needed, migrates it and seeds the user "bench" with seed_demo:
   10,000 contacts and 200,000 interactions (reused when already there; see health_recompute.py).
2. Starts gunicorn (DEBUG off, bench.settings, a free port on 127.0.0.1) on this database and
   another on the crowded one (3.), logs in to each through the login form and keeps the session
   cookie, then times each page on each server RUNS times, all interleaved, after a warm-up: the
   floor (a signed-in page that renders the base template with one query, mounted only by
   bench/urls.py), the dashboard, the contact list, a contact search, the same search with a
   typo (only the typo tolerance finds anyone), the search page and the navbar's search
   dropdown. Each page's median is reported as a ratio to the floor's median
   measured in the same run on the same server (target: at most 3x).
3. The crowded database, "<name>_crowded": a copy of the first (CREATE DATABASE
   ... TEMPLATE) plus 100 other users holding 1,000,000 contacts between them, with their health,
   1,000,000 interactions and 20,000 events, all written set-based in SQL (minutes, once; reused
   while the bench user's data is unchanged). The bench user's pages must not slow down because
   other people's data grew: each median within 1.2x of the same page's on the first database.
4. On the crowded database, EXPLAIN (ANALYZE, BUFFERS) of every query the dashboard and the
   two searches make is written to bench/results/dashboard-explain.txt: each should start from
   an index that leads with owner_id.
5. Figures to bench/results/dashboard.json. Verdicts are reported, not enforced: timings depend
   on the machine.
"""

import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import environ
import psycopg2
from psycopg2 import sql

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import health_recompute as base_seed  # noqa: E402

RESULTS = BENCH / "results" / "dashboard.json"
EXPLAIN = BENCH / "results" / "dashboard-explain.txt"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rapport_bench_dashboard"
PASSWORD = "demo"  # noqa: S105 (seed_demo's default, for a login in the bench database only)
OTHER_USERS = 100
OTHER_CONTACTS = 1_000_000
OTHER_EVENTS_EACH = 200
# Rounds of every page: with 40, the dashboard's ratio moved by up to 0.22 from one run to the
# next on a two-core machine; with 200 (half a minute), by 0.06 at most.
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
WARMUP = 5
TARGET_RATIO = 3.0
TARGET_GROWTH = 1.2


# --- Databases ---------------------------------------------------------------------------------


def _server(config: dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


def _connect(config: dict, name: str):
    connection = psycopg2.connect(
        dbname=name,
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


def _url_for(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def fingerprint(connection) -> list:
    """What identifies the bench user's data: a copy with the same fingerprint is reusable."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id, (SELECT count(*) FROM contacts_contact WHERE owner_id = u.id),"
            " (SELECT max(id) FROM contacts_contact WHERE owner_id = u.id),"
            " (SELECT count(*) FROM interactions_interaction WHERE owner_id = u.id)"
            " FROM accounts_user u WHERE u.username = %s",
            [base_seed.USERNAME],
        )
        return list(cursor.fetchone())


# Created last by seed_others: a copy without it was interrupted while being seeded.
COMPLETE_MARKER = "bench_crowd_complete"


def _complete(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [COMPLETE_MARKER])
        return cursor.fetchone()[0]


def _others_present(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM contacts_contact c JOIN accounts_user u ON u.id = c.owner_id"
            " WHERE u.username LIKE 'crowd-%%'"
        )
        return cursor.fetchone()[0]


def ensure_crowded(url: str) -> str:
    """The crowded copy's URL: made (or remade) when missing or stale, else reused."""
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_crowded"
    base = _connect(config, config["NAME"])
    wanted = fingerprint(base)
    base.close()
    server = _server(config)
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if exists:
        crowded = _connect(config, name)
        try:
            reusable = (
                _complete(crowded)
                and fingerprint(crowded) == wanted
                and _others_present(crowded) == OTHER_CONTACTS
            )
        except psycopg2.Error:
            reusable = False
        crowded.close()
        if reusable:
            print(f"Reusing {name}: {OTHER_USERS} other users, {OTHER_CONTACTS:,} contacts")
            server.close()
            return _url_for(url, name)
        print(f"{name} is stale: rebuilding it")
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        # A file-level copy of the first database: the bench user's rows, ids and all, are the
        # same in both runs.
        cursor.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(config["NAME"])
            )
        )
    server.close()
    started = time.perf_counter()
    crowded = _connect(config, name)
    seed_others(crowded)
    crowded.close()
    print(f"Seeded {name} in {time.perf_counter() - started:.0f} s")
    return _url_for(url, name)


def _indexes(cursor, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
        " WHERE i.tablename = %s AND i.indexname NOT IN ("
        "   SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    return cursor.fetchall()


def _user_defaults() -> dict:
    """The accounts_user columns seed_others does not name, with their model defaults."""
    from accounts.models import User

    named = {
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "display_name",
        "time_zone",
    }
    return {
        field.column: field.get_prep_value(field.get_default())
        for field in User._meta.concrete_fields
        if field.column not in named and field.has_default()
    }


def seed_others(connection) -> None:
    """100 users and their rows, written with INSERT ... SELECT over generate_series.

    A bulk load drops a table's secondary indexes first and builds them again at the end, which
    is several times faster than maintaining a GIN index row by row; the constraints' own
    indexes (primary and unique keys) stay, so the data is checked as it goes in.
    """
    from contacts.demo import vocabulary as words

    tables = [
        "contacts_contact",
        "interactions_contacthealth",
        "interactions_interaction",
        "interactions_participation",
        "interactions_event",
    ]
    with connection.cursor() as cursor:
        dropped = []
        for table in tables:
            for index_name, definition in _indexes(cursor, table):
                cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index_name)))
                dropped.append(definition)

        step = time.perf_counter()
        # The preferences' columns (digests, follow-ups...) take their model defaults, so a new
        # profile field never breaks the seed.
        preferences = _user_defaults()
        cursor.execute(
            sql.SQL(
                "INSERT INTO accounts_user (password, is_superuser, username, first_name,"
                " last_name, email, is_staff, is_active, date_joined, display_name, time_zone{})"
                " SELECT '!', false, 'crowd-' || lpad(n::text, 3, '0'), '', '',"
                " 'crowd-' || n || '@example.com', false, true, now(), 'Crowd ' || n,"
                " 'Europe/Paris'{} FROM generate_series(1, %s) AS n"
            ).format(
                sql.SQL("").join(sql.SQL(", ") + sql.Identifier(c) for c in preferences),
                sql.SQL("").join(sql.SQL(", ") + sql.Placeholder() for _ in preferences),
            ),
            [*preferences.values(), OTHER_USERS],
        )
        cursor.execute(
            "SELECT array_agg(id ORDER BY id) FROM accounts_user WHERE username LIKE 'crowd-%%'"
        )
        owners = cursor.fetchone()[0]
        first, last = list(words.FIRST_NAMES), list(words.LAST_NAMES)
        titles = list(words.GENERAL_JOB_TITLES)
        # Tiers in Dunbar's proportions (5 / 10 / 35 / 100 per 150), as seed_demo draws them.
        cursor.execute(
            """
            INSERT INTO contacts_contact (
                owner_id, created_at, updated_at, prefix, first_name, middle_name, last_name,
                suffix, nickname, display_name, photo, job_title, location, birthday_day,
                birthday_month, birthday_year, how_we_met, relationship_type, tier, notes,
                search_text)
            SELECT owner, now(), now(), '', f, '', l, '', '', f || ' ' || l, '', t, '',
                   CASE WHEN n %% 3 = 0 THEN 1 + n %% 28 END,
                   CASE WHEN n %% 3 = 0 THEN 1 + (n / 28) %% 12 END,
                   NULL, '', '',
                   CASE WHEN n %% 150 < 5 THEN 'inner' WHEN n %% 150 < 15 THEN 'close'
                        WHEN n %% 150 < 50 THEN 'network' ELSE 'acquaintance' END,
                   '', lower(f || ' ' || l || ' ' || t)
            FROM (
                SELECT n, (%(owners)s::bigint[])[1 + n %% %(users)s] AS owner,
                       (%(first)s::text[])[1 + (n * 7) %% %(nfirst)s] AS f,
                       (%(last)s::text[])[1 + (n * 13) %% %(nlast)s] AS l,
                       (%(titles)s::text[])[1 + (n * 3) %% %(ntitles)s] AS t
                FROM generate_series(0, %(count)s - 1) AS n
            ) AS rows
            ORDER BY owner, n
            """,
            {
                "owners": owners,
                "users": OTHER_USERS,
                "first": first,
                "nfirst": len(first),
                "last": last,
                "nlast": len(last),
                "titles": titles,
                "ntitles": len(titles),
                "count": OTHER_CONTACTS,
            },
        )
        print(f"  {OTHER_CONTACTS:,} contacts in {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        # Stored health for every one of them, spread over the bands.
        cursor.execute(
            """
            INSERT INTO interactions_contacthealth (
                owner_id, created_at, updated_at, contact_id, score, band, previous_band,
                band_changed_at, computed_at, cadence_days, first_interaction_at,
                last_interaction_at, total, recent, by_me, by_them, mutual, in_person, voice,
                written, gave, received, attention)
            SELECT owner_id, now(), now(), id, id %% 100,
                   CASE WHEN id %% 100 >= 75 THEN 'thriving' WHEN id %% 100 >= 50 THEN 'healthy'
                        WHEN id %% 100 >= 25 THEN 'cooling' ELSE 'at_risk' END,
                   CASE WHEN id %% 7 = 0 THEN 'thriving' ELSE '' END,
                   CASE WHEN id %% 7 = 0 THEN now() - (id %% 30) * interval '1 day' END,
                   now(), 90, now() - interval '2 years', now() - (id %% 365) * interval '1 day',
                   5, 2, 2, 2, 1, 1, 1, 3, 1, 1,
                   -- interactions.attention.attention_value: the gap to 100, tier-weighted.
                   (100 - id %% 100) * CASE tier WHEN 'inner' THEN 4 WHEN 'close' THEN 3
                                                 WHEN 'network' THEN 2 ELSE 1 END
            FROM contacts_contact WHERE owner_id = ANY(%s)
            """,
            [owners],
        )
        # One interaction per contact over the last two years, and its participation. The
        # interaction ids are drawn first, so both rows are written from one list of pairs.
        cursor.execute(
            """
            CREATE TEMPORARY TABLE crowd_pairs AS
            SELECT nextval(pg_get_serial_sequence('interactions_interaction', 'id'))
                       AS interaction_id,
                   id AS contact_id, owner_id,
                   now() - (id %% 730) * interval '1 day' AS occurred_at,
                   CASE id %% 3 WHEN 0 THEN 'gave' WHEN 1 THEN 'received' ELSE '' END AS value
            FROM contacts_contact WHERE owner_id = ANY(%s) ORDER BY id
            """,
            [owners],
        )
        cursor.execute(
            """
            INSERT INTO interactions_interaction (
                id, owner_id, created_at, updated_at, occurred_at, kind, initiated_by, summary,
                notes, value, import_key)
            SELECT interaction_id, owner_id, now(), now(), occurred_at, 'coffee', 'mutual',
                   'Coffee', '', value, ''
            FROM crowd_pairs
            """
        )
        cursor.execute(
            """
            INSERT INTO interactions_participation (
                owner_id, created_at, updated_at, interaction_id, contact_id, occurred_at, kind,
                initiated_by, value)
            SELECT owner_id, now(), now(), interaction_id, contact_id, occurred_at, 'coffee',
                   'mutual', value
            FROM crowd_pairs
            """
        )
        cursor.execute("DROP TABLE crowd_pairs")
        # The dashboard charts' day counts, as interactions.services.activity keeps them.
        cursor.execute(
            """
            INSERT INTO interactions_activityday (
                owner_id, created_at, updated_at, day, interactions, gave, received)
            SELECT owner_id, now(), now(), (occurred_at AT TIME ZONE 'Europe/Paris')::date,
                   count(*), count(*) FILTER (WHERE value = 'gave'),
                   count(*) FILTER (WHERE value = 'received')
            FROM interactions_interaction WHERE owner_id = ANY(%s)
            GROUP BY 1, 4
            """,
            [owners],
        )
        cursor.execute(
            """
            INSERT INTO interactions_event (
                owner_id, created_at, updated_at, name, kind, starts_at, ends_at, location,
                online_url, my_role, goals, notes, ical_uid)
            SELECT o, now(), now(), 'Meetup ' || n, 'meetup',
                   now() + (n %% 400 - 200) * interval '1 day',
                   now() + (n %% 400 - 200) * interval '1 day' + interval '3 hours',
                   '', '', 'attendee', '', '', ''
            FROM unnest(%s::bigint[]) AS o, generate_series(1, %s) AS n
            """,
            [owners, OTHER_EVENTS_EACH],
        )
        print(f"  health, interactions and events in {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        for definition in dropped:
            cursor.execute(definition)
        print(f"  {len(dropped)} indexes rebuilt in {time.perf_counter() - step:.0f} s")
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(sql.SQL("CREATE TABLE {} ()").format(sql.Identifier(COMPLETE_MARKER)))


# --- The server and the timings -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on a free port of 127.0.0.1, as production runs it (DEBUG off)."""

    def __init__(self, database_url: str):
        self.port = free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--chdir",
                str(ROOT),
                "--log-level",
                "warning",
            ],
            env=environment,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _, _ = self.get("/accounts/login/")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 30 seconds")

    def request(self, method: str, path: str, *, body: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _cookies(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, content = pair.partition("=")
            jar[key.strip()] = content.strip()
    return jar


def log_in(server: Server) -> str:
    """The Cookie header of a session made by the real login form."""
    status, headers, body = server.get("/accounts/login/")
    jar = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode(
        {"username": base_seed.USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    status, headers, _ = server.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        },
    )
    jar.update(_cookies(headers))
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"logging in as {base_seed.USERNAME} failed (HTTP {status})")
    return f"sessionid={jar['sessionid']}"


def typo_of(term: str) -> str:
    """The term with its second and third letters swapped ("mend" → "mned"): a search that
    matches no name's start, so only the typo tolerance can find anyone."""
    return term[0] + term[2] + term[1] + term[3:]


def pages(term: str) -> dict[str, tuple[str, dict]]:
    query = urlencode({"q": term})
    return {
        "floor": ("/bench/floor/", {}),
        "dashboard": ("/", {}),
        "contact_list": ("/contacts/", {}),
        "contact_search": (f"/contacts/?{query}", {}),
        "contact_search_typo": (f"/contacts/?{urlencode({'q': typo_of(term)})}", {}),
        "search_page": (f"/search/?{query}", {}),
        "search_dropdown": (
            f"/search/?{query}",
            {"HX-Request": "true", "HX-Target": "nav-search-results"},
        ),
    }


def time_pages(databases: dict[str, str], term: str) -> dict[str, dict]:
    """Each page on each database's own server, all interleaved in a shuffled order round after
    round, so a neighbour's load on the machine falls on every figure alike."""
    servers = {}
    try:
        for label, database_url in databases.items():
            servers[label] = Server(database_url)
        cookies = {label: log_in(server) for label, server in servers.items()}
        targets = [(label, name) for label in servers for name in pages(term)]
        timings = {target: [] for target in targets}
        rng = random.Random(5)
        for round_number in range(WARMUP + RUNS):
            order = list(targets)
            rng.shuffle(order)
            for label, name in order:
                path, headers = pages(term)[name]
                started = time.perf_counter()
                status, _, body = servers[label].get(
                    path, headers={**headers, "Cookie": cookies[label]}
                )
                seconds = time.perf_counter() - started
                if status != 200 or (name != "search_dropdown" and b"Log out" not in body):
                    raise RuntimeError(f"{label} {name}: HTTP {status} (not the signed-in page)")
                if round_number >= WARMUP:
                    timings[(label, name)].append(seconds)
    finally:
        for server in servers.values():
            server.stop()
    result = {}
    for label in servers:
        floor = statistics.median(timings[(label, "floor")])
        result[label] = {
            name: {
                "median_ms": round(statistics.median(timings[(label, name)]) * 1000, 2),
                "ratio_to_floor": round(statistics.median(timings[(label, name)]) / floor, 2),
            }
            for name in pages(term)
        }
    return result


# --- Query plans ----------------------------------------------------------------------------------


def explain_plans(database_url: str, term: str) -> list[str]:
    """EXPLAIN ANALYZE of every query the dashboard and the search (as typed, and with a typo)
    make, on this database."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from dashboard.search import PAGE_LIMIT, quick_search
    from dashboard.selectors import dashboard

    connection.close()
    settings.DATABASES["default"].update(environ.Env.db_url_config(database_url))
    user = User.objects.get(username=base_seed.USERNAME)
    with CaptureQueriesContext(connection) as captured:
        dashboard(user=user, now=timezone.now())
        quick_search(user=user, query=term, limit=PAGE_LIMIT)
        quick_search(user=user, query=typo_of(term), limit=PAGE_LIMIT)
    report = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            report.append(f"{query['sql']}\n{plan}\n")
    connection.close()
    return report


# --- Main -----------------------------------------------------------------------------------------


def _stop_on_terminate(signum, frame):
    # SIGTERM (a Ctrl-C from make, a kill) unwinds like an exception, so gunicorn is stopped.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    os.environ["DATABASE_URL"] = url
    base_seed.ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    base_seed.seed()
    from accounts.models import User
    from contacts.models import Contact

    user = User.objects.get(username=base_seed.USERNAME)
    # Part of a common last name: a search that matches many rows, in every user's network.
    last_name = Contact.objects.filter(owner=user).order_by("pk").values_list("last_name")[0][0]
    term = last_name.lower()[:4]
    connection.close()

    crowded_url = ensure_crowded(url)
    # A reused copy may predate this branch's migrations.
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
        env={**os.environ, "DATABASE_URL": crowded_url},
        cwd=ROOT,
        check=True,
    )

    print(
        f"Timing {RUNS} rounds, the bench user alone and beside {OTHER_USERS} other users "
        f"holding {OTHER_CONTACTS:,} contacts, interleaved"
    )
    timed = time_pages({"alone": url, "crowded": crowded_url}, term)
    alone, crowded = timed["alone"], timed["crowded"]
    EXPLAIN.parent.mkdir(parents=True, exist_ok=True)
    EXPLAIN.write_text("\n".join(explain_plans(crowded_url, term)))

    growth = {
        name: round(crowded[name]["median_ms"] / alone[name]["median_ms"], 2) for name in alone
    }
    timed = [name for name in alone if name != "floor"]
    result = {
        "benchmark": "dashboard, contact list and search under gunicorn vs a base-template floor",
        "contacts": Contact.objects.filter(owner=user).count(),
        "search_term": term,
        "runs": RUNS,
        "alone": alone,
        "crowded": crowded,
        "growth_with_other_users": growth,
        "target_ratio": TARGET_RATIO,
        "target_growth": TARGET_GROWTH,
        "passed_ratio": all(alone[n]["ratio_to_floor"] <= TARGET_RATIO for n in timed)
        and all(crowded[n]["ratio_to_floor"] <= TARGET_RATIO for n in timed),
        "passed_growth": all(growth[n] <= TARGET_GROWTH for n in timed),
        "python": platform.python_version(),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")

    columns = ("alone ms", "x floor", "crowded ms", "x floor", "growth")
    print(f"{'page':<20} " + " ".join(f"{column:>10}" for column in columns))
    for name in alone:
        print(
            f"{name:<20} {alone[name]['median_ms']:>10.1f} {alone[name]['ratio_to_floor']:>10.2f}"
            f" {crowded[name]['median_ms']:>10.1f} {crowded[name]['ratio_to_floor']:>10.2f}"
            f" {growth[name]:>10.2f}"
        )
    print(
        f"Ratio to floor within {TARGET_RATIO}: {'yes' if result['passed_ratio'] else 'NO'}; "
        f"growth within {TARGET_GROWTH}: {'yes' if result['passed_growth'] else 'NO'}"
    )
    print(f"Written to {RESULTS.relative_to(ROOT)} and {EXPLAIN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
