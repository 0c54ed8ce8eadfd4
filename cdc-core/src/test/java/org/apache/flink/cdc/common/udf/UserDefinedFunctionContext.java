package org.apache.flink.cdc.common.udf;

import org.apache.flink.cdc.common.configuration.Configuration;

/** A test stand-in with the shape of Flink CDC's interface (Flink CDC is not a dependency): what open() of its functions gets. */
public interface UserDefinedFunctionContext {
    Configuration configuration();
}
