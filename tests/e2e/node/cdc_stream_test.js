#!/usr/bin/env node
// tests/e2e/node/cdc_stream_test.js HOST PORT WORKDIR
//
// End-to-end with the npm package pg-logical-replication (its
// LogicalReplicationService and a small plugin object for cdc_plugin) against a
// server that loads cdc_plugin (tests/e2e/node_pg_logical_replication_test.sh
// starts one), with the workload and expected events of
// tests/e2e/client_workload.json:
//
//   * CREATE_REPLICATION_SLOT ... LOGICAL cdc_plugin on a replication connection;
//   * phase 1: the workload runs on two other connections while the service
//     streams; each event is persisted (a line in WORKDIR/node_events.jsonl,
//     fsync) and then acknowledged with service.acknowledge(lsn);
//   * phase 2: changes made while no service runs; a new service (a restarted
//     consumer) gets exactly those: nothing acknowledged comes again;
//   * phase 3: events received but never acknowledged come again, identical,
//     to the next service;
//   * every phase: exactly the expected events in commit order (checkEvents),
//     and the slot's confirmed_flush_lsn reaches the end of the WAL.
//
// Every wait is for a condition with a deadline (TIMEOUT seconds, default 60).
// Prints "ok N - ..." per check and ends with a PASS or FAIL line.
'use strict';

const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const { LogicalReplicationService } = require('pg-logical-replication');

const SLOT = 'e2e_node';
const TIMEOUT_MS = Number(process.env.TIMEOUT || 60) * 1000;
const ENVELOPE_KEYS = ['before', 'after', 'source', 'transaction', 'op', 'ts_ms', 'ts_us', 'ts_ns'];
const SOURCE_KEYS = ['version', 'connector', 'name', 'ts_ms', 'snapshot', 'db', 'sequence', 'ts_us',
  'ts_ns', 'schema', 'table', 'txId', 'lsn', 'xmin', 'origin', 'origin_lsn'];
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'client_workload.json'), 'utf8'));

class TestFailure extends Error {}
function fail(msg) { throw new TestFailure(msg); }
let checks = 0;
function ok(what) { checks += 1; console.log(`ok ${checks} - ${what}`); }

const J = (v) => JSON.stringify(v);
const quoteIdent = (s) => `"${String(s).replace(/"/g, '""')}"`;
const quoteLiteral = (s) => `'${String(s).replace(/'/g, "''")}'`;

// "X/Y" <-> BigInt
function lsnBig(text) {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}
function lsnText(big) {
  return `${(big >> 32n).toString(16).toUpperCase()}/${(big & 0xffffffffn).toString(16).toUpperCase()}`;
}

/*
 * The output plugin for pg-logical-replication's LogicalReplicationService:
 * its plugin interface (as AbstractPlugin declares it) is a name, start()
 * issuing START_REPLICATION on the service's replication connection, and
 * parse() turning one message's payload into what the 'data' event carries.
 * cdc_plugin writes one JSON document per message.
 */
class CdcPlugin {
  constructor(options) { this.options = options || {}; }

  get name() { return 'cdc_plugin'; }

  start(client, slotName, lastLsn) {
    const options = Object.entries(this.options).map(([k, v]) => `${quoteIdent(k)} ${quoteLiteral(v)}`);
    const list = options.length ? ` (${options.join(', ')})` : '';
    return client.query(`START_REPLICATION SLOT ${quoteIdent(slotName)} LOGICAL ${lastLsn}${list}`);
  }

  parse(buffer) { return JSON.parse(buffer.toString('utf8')); }
}

function summary(doc) {
  if (doc === null || typeof doc !== 'object' || !('topic' in doc)) return J(doc).slice(0, 80);
  if (doc.value === null) return `tombstone ${doc.topic} ${J(doc.key)}`;
  return `${doc.value.op} ${doc.topic} ${J(doc.key)}`;
}
function expectedSummary(ev) {
  return ev.tombstone ? `tombstone ${ev.topic} ${J(ev.key)}` : `${ev.op} ${ev.topic} ${J(ev.key)}`;
}
function isMarker(doc, phase) {
  return doc && typeof doc.topic === 'string' && doc.topic.endsWith('.public.markers') &&
    doc.value !== null && doc.value.after && doc.value.after.phase === phase;
}

// received: [{lsn: BigInt (the message's data_start), doc}] of one session.
function checkEvents(where, received, expected, startConfirmed) {
  const got = received.map((m) => summary(m.doc));
  const want = expected.map(expectedSummary);
  if (J(got) !== J(want)) fail(`${where}: events\n  got      ${J(got)}\n  expected ${J(want)}`);
  const txIds = new Map(); const txSeq0 = new Map(); const txMaxLsn = new Map(); const order = [];
  let prev = null;
  received.forEach(({ lsn, doc }, i) => {
    const ev = expected[i];
    const at = `${where}: message ${i + 1} (${summary(doc)})`;
    if (J(Object.keys(doc)) !== J(['topic', 'key', 'value'])) fail(`${at}: record keys ${J(Object.keys(doc))}`);
    if (doc.topic !== ev.topic || J(doc.key) !== J(ev.key)) {
      fail(`${at}: topic/key ${doc.topic} ${J(doc.key)}, expected ${ev.topic} ${J(ev.key)}`);
    }
    if (ev.tombstone) {
      if (doc.value !== null) fail(`${at}: a tombstone must have value null`);
      if (!prev || prev.ev.op !== 'd' || J(prev.doc.key) !== J(doc.key)) fail(`${at}: a tombstone must follow the delete of its key`);
      if (lsn !== prev.lsn) fail(`${at}: tombstone at ${lsnText(lsn)}, its delete at ${lsnText(prev.lsn)}`);
      prev = { lsn, doc, ev };
      return;
    }
    const value = doc.value;
    if (value === null || typeof value !== 'object' || J(Object.keys(value)) !== J(ENVELOPE_KEYS)) {
      fail(`${at}: envelope keys ${value && J(Object.keys(value))}`);
    }
    for (const field of ['op', 'before', 'after']) {
      if (J(value[field]) !== J(ev[field])) fail(`${at}: ${field} = ${J(value[field])}, expected ${J(ev[field])}`);
    }
    if (value.transaction !== null) fail(`${at}: transaction = ${J(value.transaction)}, expected null`);
    const src = value.source;
    if (J(Object.keys(src)) !== J(SOURCE_KEYS)) fail(`${at}: source keys ${J(Object.keys(src))}`);
    const [, schema, table] = ev.topic.split('.');
    const wantSrc = {
      version: '3.6.1.Final', connector: 'postgresql', name: spec.topic_prefix, snapshot: 'false',
      db: 'postgres', schema, table, xmin: null, origin: null, origin_lsn: null,
    };
    for (const [k, v] of Object.entries(wantSrc)) {
      if (src[k] !== v) fail(`${at}: source.${k} = ${J(src[k])}, expected ${J(v)}`);
    }
    const srcLsn = BigInt(src.lsn);
    if (srcLsn !== lsn) fail(`${at}: source.lsn ${src.lsn} is not the message's LSN ${lsnText(lsn)} (${lsn})`);
    const seq = JSON.parse(src.sequence);
    if (!(Array.isArray(seq) && seq.length === 2 && seq[1] === String(src.lsn))) {
      fail(`${at}: source.sequence ${J(src.sequence)}, expected ["<last commit>","${src.lsn}"]`);
    }
    const seq0 = BigInt(seq[0]);
    for (const [obj, name] of [[value, 'value'], [src, 'source']]) {
      // ts_ns is beyond 2^53: JSON.parse rounds it exactly as ts_us * 1000 rounds.
      if (!(obj.ts_ms === Math.floor(obj.ts_us / 1000) && obj.ts_ns === obj.ts_us * 1000)) {
        fail(`${at}: ${name} ts_ms/ts_us/ts_ns disagree: ${obj.ts_ms} ${obj.ts_us} ${obj.ts_ns}`);
      }
    }
    if (value.ts_us < src.ts_us) fail(`${at}: processed (ts_us ${value.ts_us}) before its commit (${src.ts_us})`);
    const label = ev.tx;
    if (!txIds.has(label)) {
      for (const [other, xid] of txIds) {
        if (xid === src.txId) fail(`${at}: txId ${xid} of transaction ${label} is also that of ${other}`);
      }
      txIds.set(label, src.txId);
      txSeq0.set(label, seq0);
      if (order.length) {
        const last = order[order.length - 1];
        if (!(seq0 > txSeq0.get(last) && seq0 > txMaxLsn.get(last))) {
          fail(`${at}: sequence[0] ${seq0} is not past the previous transaction ${last} ` +
            `(last commit ${txSeq0.get(last)}, its changes up to ${txMaxLsn.get(last)})`);
        }
      } else if (seq0 !== startConfirmed) {
        fail(`${at}: the session's first sequence[0] ${seq0} is not the slot's confirmed position ${startConfirmed}`);
      }
      order.push(label);
      txMaxLsn.set(label, srcLsn);
    } else {
      if (order[order.length - 1] !== label) fail(`${at}: transaction ${label} is split by ${order[order.length - 1]}`);
      if (src.txId !== txIds.get(label) || seq0 !== txSeq0.get(label)) {
        fail(`${at}: txId/sequence[0] ${src.txId}/${seq0} differ within transaction ${label}`);
      }
      if (srcLsn < txMaxLsn.get(label)) fail(`${at}: source.lsn goes back within transaction ${label}`);
      txMaxLsn.set(label, srcLsn);
    }
    prev = { lsn, doc, ev };
  });
}

// What a redelivery must repeat: all but the processing times and the last-commit LSN.
function comparable(received) {
  return received.map(({ lsn, doc }) => {
    const d = JSON.parse(J(doc));
    if (d.value !== null) {
      delete d.value.ts_ms; delete d.value.ts_us; delete d.value.ts_ns;
      d.value.source.sequence = JSON.parse(d.value.source.sequence)[1];
    }
    return J([lsn.toString(), d]);
  });
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function waitFor(what, cond) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}

/*
 * One consumer session: a fresh LogicalReplicationService (as after a restart
 * of the consuming process) with manual acknowledgement and no timed
 * acknowledgement (that one would confirm whatever was last seen, processed
 * or not).
 */
class Session {
  constructor(harness, confirm) {
    this.h = harness;
    this.confirm = confirm;
    this.received = [];
    this.error = null;
    this.stopping = false;
    this.startConfirmed = null;
    this.service = new LogicalReplicationService(harness.config, {
      acknowledge: { auto: false, timeoutSeconds: 0 },
    });
    this.service.on('data', (lsn, doc) => {
      try {
        const big = lsnBig(lsn);
        harness.persist(lsn, doc);
        if (this.confirm) this.service.acknowledge(lsn);
        this.received.push({ lsn: big, doc });
      } catch (e) {
        this.error = this.error || e;
      }
    });
    // A keepalive carries the server's position (walEnd): once every message
    // before it is persisted (the data handler is synchronous, so it is),
    // confirming it moves the slot past the last commit record; the data
    // messages' LSNs are their changes', before the commit.  acknowledge()
    // reports lsn + 1 (the physical-replication convention), so walEnd - 1 is
    // passed to confirm exactly walEnd.  Without confirmation, a requested
    // reply repeats the session's starting position (no progress).
    this.service.on('heartbeat', (lsn, timestamp, shouldRespond) => {
      if (this.confirm) this.service.acknowledge(lsnText(lsnBig(lsn) - 1n));
      else if (shouldRespond && this.startConfirmed !== null) this.service.acknowledge(lsnText(this.startConfirmed - 1n));
    });
    this.service.on('error', (e) => { if (!this.stopping) this.error = this.error || e; });
  }

  async start() {
    await this.h.waitInactive();
    this.startConfirmed = await this.h.confirmed();
    let started = false;
    this.service.once('start', () => { started = true; });
    this.done = this.service.subscribe(new CdcPlugin(spec.options), SLOT)
      .catch((e) => { if (!this.stopping) this.error = this.error || e; });
    await waitFor('the replication to start', () => { this.throwIfError(); return started; });
    return this.startConfirmed;
  }

  throwIfError() {
    if (this.error) fail(`replication session: ${this.error.stack || this.error}`);
  }

  async untilMarker(phase) {
    await waitFor(`the ${phase.name} marker (received so far: ${J(this.received.map((m) => summary(m.doc)))})`, () => {
      this.throwIfError();
      return this.received.some((m) => isMarker(m.doc, phase.name));
    });
    const last = this.received[this.received.length - 1];
    if (!isMarker(last.doc, phase.name)) fail(`${phase.name}: messages after the marker`);
    this.atMarker = this.received.length;
    return this.received.slice();
  }

  async confirmAll(where) {
    const target = await this.h.walEnd();
    await waitFor(`confirmed_flush_lsn to reach ${lsnText(target)}`, async () => {
      this.throwIfError();
      return (await this.h.confirmed()) >= target;
    });
    if (this.received.length !== this.atMarker) {
      fail(`${where}: unexpected messages after the marker: ${J(this.received.slice(this.atMarker).map((m) => summary(m.doc)))}`);
    }
    ok(`${where}: the slot confirms up to ${lsnText(target)} (the end of the WAL after the workload)`);
  }

  async stop() {
    this.stopping = true;
    // stop() ends the connection; the START_REPLICATION query's promise
    // (this.done) may never settle after that, so it is not awaited.
    await this.service.destroy();
    await this.h.waitInactive();
  }
}

class Harness {
  constructor(host, port, workdir) {
    this.config = { host, port, user: 'postgres', database: 'postgres' };
    this.eventsFd = fs.openSync(path.join(workdir, 'node_events.jsonl'), 'a');
  }

  async connect() {
    this.sql = new Client(this.config);
    this.conns = { a: new Client(this.config), b: new Client(this.config) };
    await this.sql.connect();
    await this.conns.a.connect();
    await this.conns.b.connect();
  }

  async end() {
    await Promise.all([this.sql.end(), this.conns.a.end(), this.conns.b.end()]);
  }

  async query(sql, args) {
    const r = await this.sql.query(sql, args);
    return r.rows.length ? Object.values(r.rows[0])[0] : undefined;
  }

  async confirmed() {
    return lsnBig(await this.query('SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1', [SLOT]));
  }

  async walEnd() { return lsnBig(await this.query('SELECT pg_current_wal_lsn()::text')); }

  async waitInactive() {
    await waitFor(`slot ${SLOT} to be inactive`, async () =>
      (await this.query('SELECT NOT active FROM pg_replication_slots WHERE slot_name = $1', [SLOT])) === true);
  }

  async runSteps(phase) {
    for (const step of phase.steps) await this.conns[step.conn].query(step.sql);
  }

  persist(lsn, doc) {
    fs.writeSync(this.eventsFd, `${J({ lsn, message: doc })}\n`);
    fs.fsyncSync(this.eventsFd);
  }

  async replicationCommand(sql) {
    const c = new Client({ ...this.config, replication: 'database' });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  }
}

async function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: cdc_stream_test.js HOST PORT WORKDIR');
    return 2;
  }
  const h = new Harness(argv[0], Number(argv[1]), argv[2]);
  await h.connect();
  try {
    for (const stmt of spec.setup) await h.sql.query(stmt);
    const phases = Object.fromEntries(spec.phases.map((p) => [p.name, p]));

    const created = await h.replicationCommand(`CREATE_REPLICATION_SLOT ${quoteIdent(SLOT)} LOGICAL cdc_plugin`);
    const row = created.rows[0] || {};
    if (row.slot_name !== SLOT || row.output_plugin !== 'cdc_plugin' ||
        (await h.query('SELECT plugin FROM pg_replication_slots WHERE slot_name = $1', [SLOT])) !== 'cdc_plugin') {
      fail(`CREATE_REPLICATION_SLOT returned ${J(row)}`);
    }
    ok('CREATE_REPLICATION_SLOT ... LOGICAL cdc_plugin on a pg replication connection');

    // Phase 1: the workload runs while the service streams.
    const p1 = phases['phase 1'];
    let s = new Session(h, true);
    let start = await s.start();
    await h.runSteps(p1);
    const got1 = await s.untilMarker(p1);
    checkEvents('phase 1', got1, p1.events, start);
    ok(`phase 1: the service gets exactly the ${got1.length} expected messages (ops, topics, keys, ` +
      'before/after, tombstones, commit order, one txId per transaction, nothing rolled back)');
    await s.confirmAll('phase 1');
    await s.stop();

    // Phase 2: changes while no service runs; a new one gets only those.
    const p2 = phases['phase 2'];
    await h.runSteps(p2);
    s = new Session(h, true);
    start = await s.start();
    const got2 = await s.untilMarker(p2);
    checkEvents('phase 2', got2, p2.events, start);
    ok(`phase 2: after the restart, exactly the ${got2.length} new messages`);
    const maxLsn1 = got1.reduce((m, x) => (x.lsn > m ? x.lsn : m), 0n);
    if (got2.some((x) => x.lsn <= maxLsn1)) fail('phase 2: acknowledged phase 1 messages delivered again');
    ok('phase 2: nothing acknowledged in phase 1 comes again');
    await s.confirmAll('phase 2');
    await s.stop();

    // Phase 3: streamed, never acknowledged, delivered again.
    const p3 = phases['phase 3'];
    s = new Session(h, false);
    start = await s.start();
    await h.runSteps(p3);
    const got3 = await s.untilMarker(p3);
    checkEvents('phase 3', got3, p3.events, start);
    ok(`phase 3: ${got3.length} messages received, none acknowledged`);
    await s.stop();
    const first3 = got3.reduce((m, x) => (x.lsn < m ? x.lsn : m), got3[0].lsn);
    const conf3 = await h.confirmed();
    if (conf3 !== start || conf3 > first3) {
      fail(`phase 3: the slot's confirmed position moved from ${lsnText(start)} to ${lsnText(conf3)} without acknowledgements`);
    }
    ok("phase 3: the slot's confirmed position did not move");
    s = new Session(h, true);
    start = await s.start();
    const got3b = await s.untilMarker(p3);
    checkEvents('phase 3 again', got3b, p3.events, start);
    if (J(comparable(got3b)) !== J(comparable(got3))) {
      fail(`phase 3: the redelivery differs:\n  first ${J(comparable(got3))}\n  again ${J(comparable(got3b))}`);
    }
    ok('phase 3: after the restart the unacknowledged messages come again, the same (LSNs, txIds, data)');
    await s.confirmAll('phase 3');
    await s.stop();

    const left = await h.query('SELECT count(*)::int FROM pg_logical_slot_peek_changes($1, NULL, NULL)', [SLOT]);
    if (left !== 0) fail(`the slot still holds ${left} messages`);
    ok('the slot holds no change left');
    await h.replicationCommand(`DROP_REPLICATION_SLOT ${quoteIdent(SLOT)}`);
    if ((await h.query('SELECT count(*)::int FROM pg_replication_slots WHERE slot_name = $1', [SLOT])) !== 0) {
      fail('DROP_REPLICATION_SLOT left the slot');
    }
    ok('DROP_REPLICATION_SLOT');
    return 0;
  } finally {
    await h.end();
  }
}

main(process.argv.slice(2)).then((rc) => {
  if (rc === 0) console.log(`PASS: e2e node pg-logical-replication (${checks} checks)`);
  process.exitCode = rc;
}, (e) => {
  console.log(`FAIL: ${e instanceof TestFailure ? e.message : (e && e.stack) || e}`);
  console.log(`FAIL: e2e node pg-logical-replication after ${checks} checks passed`);
  process.exitCode = 1;
}).finally(() => {
  // A session left open by a failure must not keep the process alive.
  setTimeout(() => process.exit(), 2000).unref();
});
