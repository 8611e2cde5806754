// Reads a threadset dataset back with DuckDB, the way a researcher's
// notebook would, and checks it against its manifest and the documented
// column types (expected-types.json, kept in sync with schema/ by a Go test).
//
//   node .ci/duckdb/check.mjs DIR
//
// Prints a JSON report on stdout; exits 1 with the problems on stderr.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node check.mjs DIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const expected = JSON.parse(readFileSync(join(here, 'expected-types.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
const problems = [];
const report = { tables: {}, queries: {} };

for (const [table, columns] of Object.entries(expected.tables)) {
  const src = `read_parquet(${lit(join(dir, table, '*.parquet'))})`;
  const [{ n }] = await q(`SELECT count(*)::INTEGER AS n FROM ${src}`);
  const want = manifest.tables.find((t) => t.name === table);
  if (!want) problems.push(`${table}: not in manifest.json`);
  else if (Number(n) !== want.rows) problems.push(`${table}: DuckDB reads ${n} rows, manifest.json says ${want.rows}`);

  const got = await q(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${src})`);
  const gotNames = got.map((c) => c.column_name);
  const wantNames = columns.map((c) => c.name);
  if (JSON.stringify(gotNames) !== JSON.stringify(wantNames)) {
    problems.push(`${table}: columns ${gotNames.join(',')} != documented ${wantNames.join(',')}`);
  }
  for (const c of columns) {
    const g = got.find((x) => x.column_name === c.name);
    if (g && g.column_type !== c.duckdb_type) problems.push(`${table}.${c.name}: DuckDB type ${g.column_type}, documented ${c.duckdb_type}`);
    if (c.label) {
      const [{ filled }] = await q(`SELECT count(${JSON.stringify(c.name)})::INTEGER AS filled FROM ${src}`);
      if (Number(filled) !== 0) problems.push(`${table}.${c.name}: label column has ${filled} non-null values after a build`);
      if (g && g.column_type !== 'VARCHAR') problems.push(`${table}.${c.name}: label column is ${g.column_type}, not VARCHAR`);
    }
  }
  const kv = await q(`SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(join(dir, table, '*.parquet'))}) WHERE decode(key) = 'threadset.table'`);
  if (kv.length === 0 || kv.some((r) => r.v !== table)) problems.push(`${table}: key-value metadata threadset.table is missing or wrong`);
  report.tables[table] = { rows: Number(n), columns: got.length };
}

// The README's snippets: join comments to articles, walk a thread.
const t = (name) => `read_parquet(${lit(join(dir, name, '*.parquet'))})`;
const joined = await q(`
  SELECT count(*)::INTEGER AS n FROM ${t('comments')} c JOIN ${t('articles')} a USING (article_id)`);
report.queries.comments_joined_to_articles = Number(joined[0].n);
const walk = await q(`
  WITH RECURSIVE thread AS (
    SELECT comment_id, parent_id, depth, 0 AS hops FROM ${t('comments')} WHERE parent_id IS NULL
    UNION ALL
    SELECT c.comment_id, c.parent_id, c.depth, thread.hops + 1
    FROM ${t('comments')} c JOIN thread ON c.parent_id = thread.comment_id
  )
  SELECT count(*)::INTEGER AS reached, count(*) FILTER (WHERE depth <> hops)::INTEGER AS bad_depth FROM thread`);
report.queries.comments_reached_from_roots = Number(walk[0].reached);
if (Number(walk[0].bad_depth) !== 0) problems.push(`${walk[0].bad_depth} comments have a depth different from their distance to the root`);
const comments = report.tables.comments?.rows ?? 0;
if (report.queries.comments_joined_to_articles !== comments) problems.push(`only ${joined[0].n} of ${comments} comments join an article`);
if (report.queries.comments_reached_from_roots !== comments) problems.push(`only ${walk[0].reached} of ${comments} comments are reached by walking threads from their roots`);

// The conversation tables agree with the comments they are derived from.
const pairs = await q(`
  SELECT count(*)::INTEGER AS n,
    count(*) FILTER (WHERE c.comment_id IS NULL
      OR rp.parent_id IS DISTINCT FROM c.parent_id OR rp.reply_depth <> c.depth
      OR rp.reply_text IS DISTINCT FROM c.text OR rp.reply_author IS DISTINCT FROM c.author
      OR (rp.parent_kind = 'article') <> (c.parent_id IS NULL)
      OR (c.parent_id IS NOT NULL AND (rp.parent_text IS DISTINCT FROM p.text OR rp.parent_author IS DISTINCT FROM p.author
          OR rp.same_author IS DISTINCT FROM (c.author = p.author)))
      OR (c.parent_id IS NULL AND NOT starts_with(rp.parent_text, a.title)))::INTEGER AS bad
  FROM ${t('reply_pairs')} rp LEFT JOIN ${t('comments')} c ON rp.reply_id = c.comment_id
  LEFT JOIN ${t('comments')} p ON c.parent_id = p.comment_id
  LEFT JOIN ${t('articles')} a ON rp.article_id = a.article_id`);
report.queries.reply_pairs_checked = Number(pairs[0].n);
if (Number(pairs[0].n) !== comments) problems.push(`reply_pairs has ${pairs[0].n} rows for ${comments} comments`);
if (Number(pairs[0].bad) !== 0) problems.push(`${pairs[0].bad} reply_pairs rows disagree with their comment and its parent`);
const threads = await q(`
  WITH want AS (
    SELECT root_id, article_id, count(*)::INTEGER AS n, max(depth)::INTEGER AS d,
      count(DISTINCT author)::INTEGER AS people, count(*) FILTER (WHERE author IS NULL)::INTEGER AS anon,
      min(published_at) AS first, max(published_at) AS last
    FROM ${t('comments')} GROUP BY root_id, article_id)
  SELECT (SELECT count(*) FROM want)::INTEGER AS want, (SELECT count(*) FROM ${t('threads')})::INTEGER AS got,
    count(*) FILTER (WHERE th.thread_id IS NULL OR th.comment_count <> w.n OR th.max_depth <> w.d
      OR th.participants <> w.people OR th.anonymous_comments <> w.anon OR th.article_id <> w.article_id
      OR th.first_published_at IS DISTINCT FROM w.first OR th.last_published_at IS DISTINCT FROM w.last)::INTEGER AS bad
  FROM want w LEFT JOIN ${t('threads')} th ON th.thread_id = w.root_id`);
report.queries.threads_checked = Number(threads[0].want);
if (Number(threads[0].want) !== Number(threads[0].got)) problems.push(`threads has ${threads[0].got} rows for ${threads[0].want} threads in comments`);
if (Number(threads[0].bad) !== 0) problems.push(`${threads[0].bad} threads disagree with the comments`);

console.log(JSON.stringify(report, null, 2));
if (problems.length) {
  console.error(problems.map((p) => 'duckdb check: ' + p).join('\n'));
  process.exit(1);
}
