import { eventHash, GENESIS_HASH } from './hash';
import { verifyChain, verifyCoverage, type ChainEvent } from './chain';

const CLUSTER = '0b5c4c1e-8d4e-4f53-9d3a-6f1a2b3c4d5e';
const TYPES = ['REGISTERED', 'SCORED', 'ARTEFACT_SUBMITTED', 'DECIDED', 'MILESTONE_REACHED', 'ADVANCED'];

/** Fields as a command records them (before hashing). */
function fields(seq: number, payload: unknown = { n: seq }) {
  return {
    id: `e${seq}`,
    clusterId: CLUSTER,
    seq,
    type: TYPES[(seq - 1) % TYPES.length],
    actor: 'chidi',
    role: seq % 2 ? null : 'cda',
    at: new Date(Date.UTC(2025, 2, 11, 9, 30, seq)).toISOString(),
    payload,
  };
}

/** Links and hashes events in the given order, as the command path does. */
function chain(list: ReturnType<typeof fields>[], prevHash = GENESIS_HASH): ChainEvent[] {
  const out: ChainEvent[] = [];
  for (const f of list) {
    const e = { ...f, prevHash, hash: '' };
    e.hash = eventHash(e);
    out.push(e);
    prevHash = e.hash;
  }
  return out;
}

const recorded = (n: number) => chain(Array.from({ length: n }, (_, i) => fields(i + 1)));
const headOf = (events: ChainEvent[]) => ({ version: events[events.length - 1].seq, lastHash: events[events.length - 1].hash });
/** Renumbers events in place as a tamperer editing `seq` would, leaving hashes as they were. */
const renumber = (events: ChainEvent[]) => events.map((e, i) => ({ ...e, seq: i + 1 }));

describe('verifyChain', () => {
  it('accepts an intact chain that ends where the cluster row says', () => {
    const events = recorded(6);
    expect(verifyChain(CLUSTER, events, headOf(events))).toEqual({ valid: true, eventsChecked: 6, firstBrokenEventId: null, message: null, problem: null });
    expect(verifyChain(CLUSTER, [])).toMatchObject({ valid: true, eventsChecked: 0 });
  });

  it('names an event whose payload was changed', () => {
    const events = recorded(6);
    events[2] = { ...events[2], payload: { n: 3, forged: true } };
    expect(verifyChain(CLUSTER, events, headOf(events))).toMatchObject({
      valid: false,
      eventsChecked: 3,
      firstBrokenEventId: 'e3',
      problem: 'CHANGED',
      message: expect.stringContaining('event e3 (seq 3, ARTEFACT_SUBMITTED) does not match its hash'),
    });
  });

  it('names an event whose actor, role, time or type was changed', () => {
    for (const change of [{ actor: 'mallory' }, { role: 'agency_admin' }, { at: '2025-03-11T09:30:04.001Z' }, { type: 'ADVANCED' }]) {
      const events = recorded(5);
      events[3] = { ...events[3], ...change };
      expect(verifyChain(CLUSTER, events)).toMatchObject({ valid: false, firstBrokenEventId: 'e4', problem: 'CHANGED' });
    }
  });

  it('finds a deleted event by the gap it leaves, naming the event after it', () => {
    const events = recorded(6);
    const without = [...events.slice(0, 2), ...events.slice(3)];
    expect(verifyChain(CLUSTER, without, headOf(events))).toMatchObject({
      valid: false,
      firstBrokenEventId: 'e4',
      problem: 'MISSING',
      message: 'events are missing: seq 3 is not in the log before event e4 (seq 4, DECIDED)',
    });
    expect(verifyChain(CLUSTER, events.slice(1))).toMatchObject({ firstBrokenEventId: 'e2', problem: 'MISSING', message: expect.stringContaining('seq 1 is not in the log') });
    expect(verifyChain(CLUSTER, [...events.slice(0, 1), ...events.slice(4)])).toMatchObject({ firstBrokenEventId: 'e5', message: expect.stringContaining('seq 2 to 4 are') });
  });

  it('finds a deleted event when the later ones were renumbered to close the gap', () => {
    const events = recorded(6);
    const closed = renumber([...events.slice(0, 2), ...events.slice(3)]);
    expect(verifyChain(CLUSTER, closed)).toMatchObject({
      valid: false,
      firstBrokenEventId: 'e4',
      problem: 'MISSING',
      message: expect.stringContaining('was recorded as seq 4 and renumbered'),
    });
  });

  it('finds reordered events', () => {
    const events = recorded(6);
    const swapped = renumber([events[0], events[2], events[1], ...events.slice(3)]);
    expect(verifyChain(CLUSTER, swapped, headOf(events))).toMatchObject({
      valid: false,
      eventsChecked: 2,
      firstBrokenEventId: 'e3',
      problem: 'REORDERED',
      message: expect.stringContaining('was recorded as seq 3, after event e2 (seq 3, SCORED)'),
    });
  });

  it('finds an event inserted with a correct hash by the link of the event after it', () => {
    const events = recorded(6);
    const [forged] = chain([{ ...fields(3, { forged: true }), id: 'forged' }], events[1].hash);
    const inserted = [...events.slice(0, 2), forged, ...events.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(verifyChain(CLUSTER, inserted)).toMatchObject({
      valid: false,
      eventsChecked: 4,
      firstBrokenEventId: 'forged',
      problem: 'INSERTED',
      message: expect.stringMatching(/^event forged \(seq 3, ARTEFACT_SUBMITTED\) was inserted: event e3 .* was recorded as seq 3, right after event e2/),
    });
  });

  it('finds an inserted event whose hash is not right at the event itself', () => {
    const events = recorded(4);
    const forged = { ...events[2], id: 'forged', payload: { forged: true } };
    const inserted = [...events.slice(0, 2), forged, ...events.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(verifyChain(CLUSTER, inserted)).toMatchObject({ valid: false, firstBrokenEventId: 'forged', problem: 'CHANGED' });
  });

  it('finds an event rewritten with a recomputed hash by the link that breaks after it', () => {
    const events = recorded(5);
    const [rewritten] = chain([{ ...fields(3, { forged: true }) }], events[1].hash);
    const list = [...events.slice(0, 2), rewritten, ...events.slice(3)];
    expect(verifyChain(CLUSTER, list)).toMatchObject({
      valid: false,
      eventsChecked: 4,
      firstBrokenEventId: 'e3',
      problem: 'REWRITTEN',
      message: expect.stringContaining('event e3 (seq 3, ARTEFACT_SUBMITTED) was replaced'),
    });
  });

  it('requires the first event to start the chain', () => {
    const [first] = chain([fields(1)], 'f'.repeat(64));
    expect(verifyChain(CLUSTER, [first])).toMatchObject({ valid: false, firstBrokenEventId: 'e1', problem: 'CHANGED', message: expect.stringContaining('not 64 zeros') });
  });

  it('refuses an event of another cluster and events out of seq order', () => {
    const other = chain([{ ...fields(1), clusterId: 'another' }]);
    expect(verifyChain(CLUSTER, other)).toMatchObject({ valid: false, firstBrokenEventId: 'e1', problem: 'INSERTED' });
    const events = recorded(3);
    expect(verifyChain(CLUSTER, [events[0], events[1], { ...events[1], id: 'again' }, events[2]])).toMatchObject({
      valid: false,
      firstBrokenEventId: 'again',
      problem: 'REORDERED',
      message: expect.stringContaining('comes after seq 2'),
    });
  });

  it('compares the end of the chain with the cluster row', () => {
    const events = recorded(5);
    expect(verifyChain(CLUSTER, events.slice(0, 3), headOf(events))).toMatchObject({
      valid: false,
      eventsChecked: 3,
      firstBrokenEventId: 'e3',
      problem: 'HEAD_MISMATCH',
      message: expect.stringContaining('the newest events are missing'),
    });
    expect(verifyChain(CLUSTER, events, { version: 3, lastHash: events[2].hash })).toMatchObject({ firstBrokenEventId: 'e4', problem: 'HEAD_MISMATCH' });
    expect(verifyChain(CLUSTER, events, { version: 5, lastHash: events[3].hash })).toMatchObject({ firstBrokenEventId: 'e5', problem: 'HEAD_MISMATCH' });
    expect(verifyChain(CLUSTER, [], { version: 2, lastHash: events[1].hash })).toMatchObject({ valid: false, firstBrokenEventId: null, problem: 'HEAD_MISMATCH' });
  });

  it('cannot see a consistent rewrite or cut-off on its own (that is what signed heads are for)', () => {
    const events = recorded(6);
    const rewritten = [...events.slice(0, 2), ...chain([fields(3, { forged: true }), ...[4, 5, 6].map((n) => fields(n))], events[1].hash)];
    expect(verifyChain(CLUSTER, rewritten, headOf(rewritten)).valid).toBe(true);
    expect(verifyChain(CLUSTER, events.slice(0, 4), headOf(events.slice(0, 4))).valid).toBe(true);
  });
});

describe('verifyCoverage', () => {
  const events = recorded(6);
  const at = (n: number) => ({ seq: n, hash: events[n - 1].hash });

  it('accepts a chain that still holds what the head covered, and more', () => {
    expect(verifyCoverage(events, at(4))).toMatchObject({ valid: true, eventsChecked: 4 });
    expect(verifyCoverage(events, at(6))).toMatchObject({ valid: true, eventsChecked: 6 });
  });

  it('finds a consistent rewrite, narrowed down by earlier heads', () => {
    const rewritten = [...events.slice(0, 2), ...chain([fields(3, { forged: true }), ...[4, 5, 6].map((n) => fields(n))], events[1].hash)];
    expect(verifyCoverage(rewritten, at(5))).toMatchObject({
      valid: false,
      firstBrokenEventId: 'e1',
      problem: 'NOT_COVERED',
      message: expect.stringContaining('an event in seq 1 to 5 is not what was recorded'),
    });
    expect(verifyCoverage(rewritten, at(5), [at(1), at(2), at(4)])).toMatchObject({
      valid: false,
      firstBrokenEventId: 'e3',
      message: expect.stringContaining('seq 3 to 5 (seq 2 still matches an earlier head)'),
    });
  });

  it('finds a cut-off and a cluster that is gone', () => {
    expect(verifyCoverage(events.slice(0, 3), at(5))).toMatchObject({
      valid: false,
      firstBrokenEventId: null,
      problem: 'NOT_COVERED',
      message: expect.stringContaining('seq 4 to 5 were removed'),
    });
    expect(verifyCoverage([], at(2))).toMatchObject({ valid: false, message: expect.stringContaining('the cluster is gone') });
  });
});
