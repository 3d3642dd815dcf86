# kafka-python 2.0.2 (Debian) against the embedded broker: admin create_topics, acks=all gzip producer, group consumer + commit.
# Usage: /usr/bin/python3 admin-produce-consume.py BOOTSTRAP TOPIC GROUP
import sys, json
from kafka import KafkaProducer, KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
bs, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
admin = KafkaAdminClient(bootstrap_servers=bs)
admin.create_topics([NewTopic(topic, 3, 1, topic_configs={'cleanup.policy': 'compact'})])
p = KafkaProducer(bootstrap_servers=bs, acks='all', compression_type='gzip')
offs = [p.send(topic, key=b'k%d' % i, value=b'v%d' % i, partition=0).get(timeout=10).offset for i in range(3)]
c = KafkaConsumer(topic, bootstrap_servers=bs, group_id=group, auto_offset_reset='earliest', enable_auto_commit=False, consumer_timeout_ms=3000)
vals = [m.value.decode() for m in c]
c.commit(); c.close()
print(json.dumps({'offsets': offs, 'values': vals}))
