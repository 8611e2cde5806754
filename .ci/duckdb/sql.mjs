// Runs SQL statements in an in-memory DuckDB, as a researcher's notebook
// would: node .ci/duckdb/sql.mjs "COPY (...) TO 'x.parquet'" ...
import { DuckDBInstance } from '@duckdb/node-api';

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const sql of process.argv.slice(2)) {
  const r = await con.runAndReadAll(sql);
  const rows = r.getRowObjectsJson();
  if (rows.length) console.log(JSON.stringify(rows));
}
