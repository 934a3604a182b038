package io.github.swarmdeploy.core.engine;

/** The HTTP methods of raw Engine API calls ({@link EngineConnection#sendJson}). */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE
}
