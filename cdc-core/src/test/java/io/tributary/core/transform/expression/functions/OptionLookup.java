package io.tributary.core.transform.expression.functions;

import org.apache.flink.cdc.common.configuration.Configuration;
import org.apache.flink.cdc.common.udf.UserDefinedFunctionContext;

/** A Flink CDC style function that reads its options in open(UserDefinedFunctionContext). */
public class OptionLookup {
    private String prefix;

    public void open(UserDefinedFunctionContext context) {
        Configuration configuration = context.configuration();
        prefix = configuration.get("prefix");
    }

    public String eval(String value) {
        return prefix + value;
    }
}
