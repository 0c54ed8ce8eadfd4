package io.tributary.sink.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands already-encoded records to Flink's Kafka writer unchanged: {@link KafkaSinkWriter} does
 * the encoding, because one change may become two records (a delete and its tombstone).
 */
final class EncodedRecordSerializer implements KafkaRecordSerializationSchema<ProducerRecord<byte[], byte[]>> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ProducerRecord<byte[], byte[]> record, KafkaSinkContext context, Long timestamp) {
        return record;
    }
}
