"""psycopg 3 pipeline mode through the proxy: many extended-protocol messages in flight before
one Sync. Prints key=value lines. Args: number of pipelined inserts."""
import os
import sys

import psycopg
import psycopg.errors

inserts = int(sys.argv[1])


def out(key, value):
    print(f"{key}={value}", flush=True)


out("pipeline_supported", str(psycopg.Pipeline.is_supported()).lower())
with psycopg.connect(os.environ["VETRO_DSN"], autocommit=True) as conn:
    out("client_tls", str(bool(conn.pgconn.ssl_in_use)).lower())
    out("user", conn.execute("select current_user").fetchone()[0])
    conn.execute("create temp table py_pipe (i int primary key, v text not null)")
    with conn.pipeline() as pipeline:
        cur = conn.cursor()
        for i in range(1, inserts + 1):
            cur.execute("insert into py_pipe (i, v) values (%s, %s)", (i, f"v{i}"))
        selects = [conn.execute("select %s::int * 10", (i,)) for i in range(1, 6)]
        pipeline.sync()
        out("pipeline_selects", ",".join(str(c.fetchone()[0]) for c in selects))
    count, total = conn.execute("select count(*), sum(i) from py_pipe").fetchone()
    out("pipeline_rows", count)
    out("pipeline_sum", total)

    try:
        with conn.pipeline():
            conn.execute("select 1 / 0")
            conn.execute("select 2")
        out("pipeline_error", "none")
    except psycopg.errors.DivisionByZero as e:
        out("pipeline_error", e.sqlstate)
    out("after_pipeline_error", conn.execute("select 41 + 1").fetchone()[0])
out("done", "true")
