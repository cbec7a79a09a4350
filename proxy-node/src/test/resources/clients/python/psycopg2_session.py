"""One psycopg2 (libpq) session through the proxy; prints key=value lines of what the server
answered. Args: an integer a, rows for the named cursor, rows for the COPY round trip."""
import io
import os
import sys
import threading
import time

import psycopg2
import psycopg2.errors

a, cursor_rows, copy_rows = (int(x) for x in sys.argv[1:4])


def out(key, value):
    print(f"{key}={value}", flush=True)


conn = psycopg2.connect(os.environ["VETRO_DSN"])
out("client_tls", str(bool(conn.info.ssl_in_use)).lower())
cur = conn.cursor()
cur.execute("select current_user,"
            " coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)")
user, upstream_ssl = cur.fetchone()
out("user", user)
out("upstream_ssl", str(upstream_ssl).lower())

cur.execute("select %s::int * 2, %s::text", (a, "h\u00e9llo \u20ac"))
doubled, echo = cur.fetchone()
out("doubled", doubled)
out("echo", echo)
conn.commit()

# COPY text whose rendering PostgreSQL reproduces exactly (canonical escapes, multibyte UTF-8).
cur.execute("create temp table py_copy (id int primary key, payload text not null)")
lines = [f"{i}\tpayload-{i}-" + "\u00e9\u20ac\\\\xy\\t" * (i % 97) + "\n" for i in range(1, copy_rows + 1)]
sent = "".join(lines).encode("utf-8")
cur.copy_expert("copy py_copy (id, payload) from stdin", io.BytesIO(sent))
back = io.BytesIO()
cur.copy_expert("copy (select id, payload from py_copy order by id) to stdout", back)
out("copy_rows", cur.rowcount)
out("copy_bytes_sent", len(sent))
out("copy_equal", str(back.getvalue() == sent).lower())
conn.commit()

# A named cursor is a server-side portal fetched itersize rows at a time.
total = 0
count = 0
with conn.cursor(name="py_named") as named:
    named.itersize = 1000
    named.execute("select g from generate_series(1, %s) g", (cursor_rows,))
    for (g,) in named:
        if count == 0:
            cur.execute("select count(*) from pg_cursors where name = 'py_named'")
            out("server_cursor_open", cur.fetchone()[0])
        total += g
        count += 1
out("cursor_rows", count)
out("cursor_sum", total)
conn.commit()

try:
    cur.execute("select 1 / (%s - %s)", (a, a))
    out("error_code", "none")
except psycopg2.errors.DivisionByZero as e:
    out("error_code", e.pgcode)
try:
    cur.execute("select 1")
    out("in_failed_tx_code", "none")
except psycopg2.errors.InFailedSqlTransaction as e:
    out("in_failed_tx_code", e.pgcode)
conn.rollback()
cur.execute("select %s + 1", (a,))
out("after_error", cur.fetchone()[0])
conn.commit()

# libpq's PQcancel sends a CancelRequest on a new plain connection to the proxy, once the query
# is seen running (watched over a second session, so the cancel cannot race the query).
cur.execute("select pg_backend_pid()")
pid = cur.fetchone()[0]
conn.commit()


def cancel_when_running():
    with psycopg2.connect(os.environ["VETRO_DSN"]) as watcher:
        wcur = watcher.cursor()
        for _ in range(200):
            wcur.execute("select count(*) from pg_stat_activity where pid = %s and state = 'active'"
                         " and query like 'select pg_sleep(30)%%'", (pid,))
            if wcur.fetchone()[0] == 1:
                conn.cancel()
                return
            watcher.rollback()
            time.sleep(0.05)


canceller = threading.Thread(target=cancel_when_running)
canceller.start()
try:
    cur.execute("select pg_sleep(30)")
    out("cancel_code", "none")
except psycopg2.errors.QueryCanceled as e:
    out("cancel_code", e.pgcode)
canceller.join()
conn.rollback()
cur.execute("select %s + 2", (a,))
out("after_cancel", cur.fetchone()[0])
conn.close()
out("done", "true")
