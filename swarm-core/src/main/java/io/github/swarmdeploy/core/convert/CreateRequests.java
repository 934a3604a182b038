package io.github.swarmdeploy.core.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.Map;

/**
 * The Engine API bodies of the create requests {@code docker stack deploy} sends for a stack's networks,
 * secrets and configs (POST {@code /networks/create}, {@code /secrets/create}, {@code /configs/create}).
 * Service specs need none: a {@link DesiredService}'s spec serialised with docker-java's mapper is the body.
 * Pure: callers add what they want beyond docker (labels) and send them.
 */
public final class CreateRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CreateRequests() {
    }

    /**
     * docker's network create: name, driver, options, IPAM (driver and one pool per subnet), internal,
     * attachable, labels; {@code CheckDuplicate: true}, which the CLI sends to engines below API 1.44.
     *
     * @throws IllegalArgumentException for an external network, which docker never creates
     */
    public static ObjectNode network(DesiredNetwork network) {
        requireOwned(network.external(), "network", network.name());
        ObjectNode request = NODES.objectNode();
        request.put("Name", network.name());
        request.put("CheckDuplicate", true);
        request.put("Driver", network.driver());
        network.ipam().ifPresent(ipam -> {
            ObjectNode body = request.putObject("IPAM");
            body.put("Driver", ipam.driver().orElse(""));
            ArrayNode pools = body.putArray("Config");
            ipam.subnets().forEach(subnet -> pools.addObject().put("Subnet", subnet));
        });
        if (network.internal()) {
            request.put("Internal", true);
        }
        if (network.attachable()) {
            request.put("Attachable", true);
        }
        putNonEmpty(request, "Options", network.options());
        putNonEmpty(request, "Labels", network.labels());
        return request;
    }

    /** docker's secret create: name, labels, data (base64; none for a driver's secret), driver, templating. */
    public static ObjectNode secret(DesiredSecret secret) {
        requireOwned(secret.external(), "secret", secret.name());
        ObjectNode request = fileObject(secret.name(), secret.labels(), secret.data(), secret.templateDriver().orElse(""));
        secret.driver().ifPresent(driver -> {
            ObjectNode body = request.putObject("Driver");
            body.put("Name", driver);
            putNonEmpty(body, "Options", secret.driverOptions());
        });
        return request;
    }

    /** docker's config create: name, labels, data (base64), templating. */
    public static ObjectNode config(DesiredConfig config) {
        requireOwned(config.external(), "config", config.name());
        return fileObject(config.name(), config.labels(), config.data(), config.templateDriver().orElse(""));
    }

    /**
     * A config swarm-deploy keeps for itself (a stack's lock), not one of the stack's: name, labels, data, as
     * {@link #config(DesiredConfig)} writes them.
     */
    public static ObjectNode config(String name, Map<String, String> labels, byte[] data) {
        return fileObject(name, labels, data, "");
    }

    private static ObjectNode fileObject(String name, Map<String, String> labels, byte[] data, String templateDriver) {
        ObjectNode request = NODES.objectNode();
        request.put("Name", name);
        putNonEmpty(request, "Labels", labels);
        if (data.length > 0) {
            request.put("Data", Base64.getEncoder().encodeToString(data));
        }
        if (!templateDriver.isEmpty()) {
            request.putObject("Templating").put("Name", templateDriver);
        }
        return request;
    }

    private static void putNonEmpty(ObjectNode parent, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            values.forEach(parent.putObject(field)::put);
        }
    }

    private static void requireOwned(boolean external, String kind, String name) {
        if (external) {
            throw new IllegalArgumentException("external " + kind + " " + name + " is never created");
        }
    }
}
