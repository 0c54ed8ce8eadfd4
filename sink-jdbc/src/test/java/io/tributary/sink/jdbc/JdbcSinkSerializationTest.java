package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineSink;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The sink travels to task managers by Java serialization. */
class JdbcSinkSerializationTest {
    @Test
    void sinkAndFlinkSinkSurviveSerialization() throws Exception {
        JdbcSinkConfig config = new JdbcSinkConfig("jdbc:postgresql://db/app", Map.of("user", "u", "password", "p"), 10, 1, true, false, false);
        PipelineSink sink = new JdbcSink(config, "orders");
        PipelineSink copy = InstantiationUtil.clone(sink);
        assertThat(((JdbcSink) copy).config()).isEqualTo(config);
        Sink<Event> flinkSink = InstantiationUtil.clone(sink.createFlinkSink());
        assertThat(flinkSink).isInstanceOf(JdbcFlinkSink.class);
    }
}
