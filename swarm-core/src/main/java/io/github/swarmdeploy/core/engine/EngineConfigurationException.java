package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.SwarmDeployException;

/** The way to reach the engine is configured wrongly (a malformed host, a missing certificate). */
public class EngineConfigurationException extends SwarmDeployException {

    public EngineConfigurationException(String message) {
        super(message);
    }
}
