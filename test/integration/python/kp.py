#!/usr/bin/python3
"""kafka-python 2.0.2 driver for the integration suite.

Usage: /usr/bin/python3 kp.py '<json args>'   where args = {"cmd": "...", "bootstrap": "127.0.0.1:PORT", ...}

Every command prints exactly one JSON document on its last stdout line; diagnostics go to stderr
(set "debug": true in args for kafka-python's own DEBUG logging). Exceptions propagate, so the
process exits non-zero with a traceback on stderr, which the TypeScript side shows.
Records are exchanged as {"partition", "offset", "key", "value", "headers": [[k, v]], "timestamp"}
with keys/values/header values as UTF-8 text or null.
"""
import json
import logging
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata

ARGS = json.loads(sys.argv[1])
if ARGS.get('debug'):
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
else:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)

BOOTSTRAP = ARGS['bootstrap']
COMMON = dict(bootstrap_servers=[BOOTSTRAP], api_version_auto_timeout_ms=10000, request_timeout_ms=15000)
GROUP_TIMING = dict(session_timeout_ms=6000, heartbeat_interval_ms=500, max_poll_interval_ms=10000)


def b(text):
    return None if text is None else text.encode('utf-8')


def s(data):
    return None if data is None else data.decode('utf-8', errors='replace')


def rec(r):
    return {
        'partition': r.partition,
        'offset': r.offset,
        'key': s(r.key),
        'value': s(r.value),
        'headers': [[k, s(v)] for k, v in (r.headers or [])],
        'timestamp': r.timestamp,
        'timestampType': r.timestamp_type,
    }


def err_name(e):
    return type(e).__name__


def out(doc):
    sys.stdout.write(json.dumps(doc) + '\n')
    sys.stdout.flush()


def producer(**extra):
    conf = dict(COMMON, acks=ARGS.get('acks', 'all'), linger_ms=ARGS.get('linger_ms', 5),
                compression_type=ARGS.get('compression'), retries=ARGS.get('retries', 3))
    conf.update(extra)
    return KafkaProducer(**conf)


def cmd_produce():
    """Sends ARGS.records, waits for every ack, prints [{partition, offset, timestamp}] in send order."""
    p = producer()
    futures = []
    for r in ARGS['records']:
        headers = [(k, b(v) if v is not None else b'') for k, v in r.get('headers', [])]
        futures.append(p.send(ARGS['topic'], key=b(r.get('key')), value=b(r.get('value')), headers=headers,
                              partition=r.get('partition'), timestamp_ms=r.get('timestamp')))
    p.flush(timeout=20)
    acks = []
    for f in futures:
        md = f.get(timeout=20)
        acks.append({'partition': md.partition, 'offset': md.offset, 'timestamp': md.timestamp})
    p.close(timeout=5)
    out({'acks': acks})


def cmd_produce_stream():
    """Crash test: sends ARGS.count numbered records one after another (acks=1), printing 'ACK n partition offset'
    as each is acknowledged and 'ERR n reason' when one fails; keeps going until the count or the process is killed."""
    p = producer(acks=1, retries=0, linger_ms=0, max_in_flight_requests_per_connection=1, max_block_ms=3000,
                 request_timeout_ms=3000, reconnect_backoff_max_ms=200)

    def on_ok(n):
        def cb(md):
            sys.stdout.write('ACK %d %d %d\n' % (n, md.partition, md.offset))
            sys.stdout.flush()
        return cb

    def on_err(n):
        def cb(e):
            sys.stdout.write('ERR %d %s\n' % (n, err_name(e)))
            sys.stdout.flush()
        return cb

    for n in range(ARGS['count']):
        try:
            f = p.send(ARGS['topic'], key=b('k%d' % n), value=b('v%d' % n), partition=0)
            f.add_callback(on_ok(n))
            f.add_errback(on_err(n))
        except KafkaError as e:
            sys.stdout.write('ERR %d %s\n' % (n, err_name(e)))
            sys.stdout.flush()
        if ARGS.get('pace_ms'):
            time.sleep(ARGS['pace_ms'] / 1000.0)
    p.flush(timeout=10)
    out({'done': True})


def read_to_end(c, partitions, expect=None, idle_s=3.0, limit_s=20.0):
    """Polls until every partition reached its end offset as of the start (or `expect` records, or idle)."""
    ends = c.end_offsets(partitions)
    got = []
    deadline = time.time() + limit_s
    last = time.time()
    while time.time() < deadline:
        batch = c.poll(timeout_ms=200)
        for recs in batch.values():
            for r in recs:
                got.append(rec(r))
                last = time.time()
        if expect is not None:
            if len(got) >= expect:
                break
        elif all(c.position(tp) >= ends[tp] for tp in partitions if tp in c.assignment()) and c.assignment():
            break
        if expect is not None and time.time() - last > idle_s and ARGS.get('allow_short'):
            break
    return got


def cmd_consume():
    """Reads every partition of ARGS.topic from the beginning (manual assignment, no group)."""
    c = KafkaConsumer(**COMMON, group_id=None, enable_auto_commit=False, check_crcs=True, fetch_max_wait_ms=100,
                      auto_offset_reset='earliest')
    parts = c.partitions_for_topic(ARGS['topic'])
    if not parts:
        c.close(autocommit=False)
        out({'records': [], 'error': 'topic %s unknown to the broker (no partitions in Metadata)' % ARGS['topic']})
        return
    tps = [TopicPartition(ARGS['topic'], p) for p in sorted(parts)]
    c.assign(tps)
    c.seek_to_beginning(*tps)
    got = read_to_end(c, tps, limit_s=ARGS.get('limit_s', 20.0))
    c.close(autocommit=False)
    got.sort(key=lambda r: (r['partition'], r['offset']))
    out({'records': got})


def group_consumer(group, **extra):
    conf = dict(COMMON, group_id=group, enable_auto_commit=False, auto_offset_reset='earliest', check_crcs=True,
                fetch_max_wait_ms=100, **GROUP_TIMING)
    conf.update(extra)
    return KafkaConsumer(**conf)


def cmd_group_read():
    """Subscribes with ARGS.group, reads ARGS.expect records (or until idle when allow_short), commits if asked,
    prints the records and the committed offsets."""
    c = group_consumer(ARGS['group'])
    c.subscribe([ARGS['topic']])
    got = []
    deadline = time.time() + ARGS.get('limit_s', 20.0)
    idle_since = None
    while time.time() < deadline and len(got) < ARGS['expect']:
        batch = c.poll(timeout_ms=200)
        n = 0
        for recs in batch.values():
            for r in recs:
                got.append(rec(r))
                n += 1
        if n == 0 and c.assignment() and ARGS.get('allow_short'):
            idle_since = idle_since or time.time()
            if time.time() - idle_since > ARGS.get('idle_s', 2.0):
                break
        else:
            idle_since = None
    if ARGS.get('commit'):
        c.commit()
    committed = {}
    for tp in sorted(c.assignment(), key=lambda tp: tp.partition):
        committed[str(tp.partition)] = c.committed(tp)
    c.close(autocommit=False)
    got.sort(key=lambda r: (r['partition'], r['offset']))
    out({'records': got, 'committed': committed})


def cmd_commit():
    """Commits explicit offsets ({partition: offset}) for ARGS.group with a manually assigned consumer
    (generation -1, like a standalone tool), then reads them back."""
    c = group_consumer(ARGS['group'])
    offsets = {TopicPartition(ARGS['topic'], int(p)): OffsetAndMetadata(o, ARGS.get('metadata', ''))
               for p, o in ARGS['offsets'].items()}
    c.assign(list(offsets.keys()))
    c.commit(offsets)
    back = {str(tp.partition): c.committed(tp) for tp in offsets}
    c.close(autocommit=False)
    out({'committed': back})


def cmd_committed():
    """OffsetFetch for ARGS.group; ARGS.partitions (optional) avoids depending on the topic's Metadata."""
    c = group_consumer(ARGS['group'])
    parts = ARGS.get('partitions') or c.partitions_for_topic(ARGS['topic']) or set()
    back = {str(p): c.committed(TopicPartition(ARGS['topic'], p)) for p in sorted(parts)}
    c.close(autocommit=False)
    out({'committed': back})


def cmd_offsets():
    """beginning_offsets, end_offsets, offsets_for_times(ARGS.times) and committed for ARGS.group."""
    c = group_consumer(ARGS['group'])
    parts = c.partitions_for_topic(ARGS['topic']) or set()
    tps = [TopicPartition(ARGS['topic'], p) for p in sorted(parts)]
    begin = c.beginning_offsets(tps)
    end = c.end_offsets(tps)
    times = {}
    for ts in ARGS.get('times', []):
        found = c.offsets_for_times({tp: ts for tp in tps})
        times[str(ts)] = {str(tp.partition): (None if v is None else [v.offset, v.timestamp]) for tp, v in found.items()}
    committed = {str(tp.partition): c.committed(tp) for tp in tps}
    c.close(autocommit=False)
    out({
        'beginning': {str(tp.partition): o for tp, o in begin.items()},
        'end': {str(tp.partition): o for tp, o in end.items()},
        'times': times,
        'committed': committed,
    })


def cmd_admin_topics():
    """The admin checklist for topics: create (with configs), create again, describe_configs, create_partitions,
    list/describe topics, delete_topics."""
    a = KafkaAdminClient(**COMMON, client_id='kp-admin')
    topic = ARGS['topic']
    res = {}
    r = a.create_topics([NewTopic(topic, 3, 1, topic_configs={'cleanup.policy': 'compact', 'segment.bytes': '1048576'})])
    res['create'] = [[t[0], t[1]] for t in r.topic_errors]
    try:
        a.create_topics([NewTopic(topic, 3, 1)])
        res['createAgain'] = 'no error'
    except KafkaError as e:
        res['createAgain'] = err_name(e)
    described = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    configs = {}
    for resp in described:
        for resource in resp.resources:
            # (error_code, error_message, resource_type, resource_name, config_entries)
            res['describeError'] = resource[0]
            for entry in resource[4]:
                configs[entry[0]] = entry[1]
    res['configs'] = configs
    r = a.create_partitions({topic: NewPartitions(4)})
    res['createPartitions'] = [[t[0], t[1]] for t in r.topic_errors]
    res['partitionsAfter'] = [len(t['partitions']) for t in a.describe_topics([topic])]
    res['listed'] = topic in a.list_topics()
    r = a.delete_topics([topic])
    res['delete'] = [[t[0], t[1]] for t in r.topic_error_codes]
    deadline = time.time() + 5
    while topic in a.list_topics() and time.time() < deadline:
        time.sleep(0.1)
    res['listedAfterDelete'] = topic in a.list_topics()
    a.close()
    out(res)


def cmd_admin_groups():
    """Group admin: a live member (state Stable, protocol range), list/describe/list offsets, then the member
    closes and the empty group is deleted."""
    topic, group = ARGS['topic'], ARGS['group']
    a = KafkaAdminClient(**COMMON, client_id='kp-admin')
    c = group_consumer(group)
    c.subscribe([topic])
    deadline = time.time() + 15
    got = 0
    while time.time() < deadline and (not c.assignment() or got < ARGS.get('expect', 0)):
        for recs in c.poll(timeout_ms=200).values():
            got += len(recs)
    c.commit()
    res = {'assignment': sorted(tp.partition for tp in c.assignment()), 'read': got}
    res['listed'] = [list(g) for g in a.list_consumer_groups()]
    d = a.describe_consumer_groups([group])[0]
    res['describe'] = {
        'group': d.group, 'state': d.state, 'protocolType': d.protocol_type, 'protocol': d.protocol,
        'members': [{
            'memberId': m.member_id, 'clientId': m.client_id,
            'subscription': list(m.member_metadata.subscription) if m.member_metadata else None,
            'assignment': [[t, list(ps)] for t, ps in m.member_assignment.assignment] if m.member_assignment else None,
        } for m in d.members],
    }
    offs = a.list_consumer_group_offsets(group)
    res['offsets'] = {str(tp.partition): om.offset for tp, om in offs.items() if tp.topic == topic}
    try:
        res['deleteWhileActive'] = [[g, e.__name__] for g, e in a.delete_consumer_groups([group])]
    except KafkaError as e:
        res['deleteWhileActive'] = err_name(e)
    c.close(autocommit=False)
    deadline = time.time() + 10
    state = None
    while time.time() < deadline:
        state = a.describe_consumer_groups([group])[0].state
        if state == 'Empty':
            break
        time.sleep(0.1)
    res['stateAfterClose'] = state
    res['delete'] = [[g, e.__name__] for g, e in a.delete_consumer_groups([group])]
    res['listedAfterDelete'] = [list(g) for g in a.list_consumer_groups()]
    res['offsetsAfterDelete'] = {str(tp.partition): om.offset for tp, om in a.list_consumer_group_offsets(group).items()}
    a.close()
    out(res)


def cmd_member():
    """A group member that runs until killed: prints 'ASSIGNED p,p' on every assignment change and one JSON line per
    record; commits after each poll that returned records."""
    c = group_consumer(ARGS['group'])
    c.subscribe([ARGS['topic']])
    last = None
    deadline = time.time() + ARGS.get('limit_s', 60.0)
    while time.time() < deadline:
        batch = c.poll(timeout_ms=100)
        now = sorted(tp.partition for tp in c.assignment())
        if now != last:
            sys.stdout.write('ASSIGNED %s\n' % ','.join(str(p) for p in now))
            sys.stdout.flush()
            last = now
        n = 0
        for recs in batch.values():
            for r in recs:
                sys.stdout.write(json.dumps(rec(r)) + '\n')
                n += 1
        if n:
            sys.stdout.flush()
            c.commit()
    c.close(autocommit=False)


COMMANDS = {
    'produce': cmd_produce,
    'produce-stream': cmd_produce_stream,
    'consume': cmd_consume,
    'group-read': cmd_group_read,
    'commit': cmd_commit,
    'committed': cmd_committed,
    'offsets': cmd_offsets,
    'admin-topics': cmd_admin_topics,
    'admin-groups': cmd_admin_groups,
    'member': cmd_member,
}

if __name__ == '__main__':
    COMMANDS[ARGS['cmd']]()
