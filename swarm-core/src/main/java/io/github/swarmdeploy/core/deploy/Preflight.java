package io.github.swarmdeploy.core.deploy;

import io.github.swarmdeploy.core.convert.DesiredConfig;
import io.github.swarmdeploy.core.convert.DesiredNetwork;
import io.github.swarmdeploy.core.convert.DesiredSecret;
import io.github.swarmdeploy.core.convert.DesiredService;
import io.github.swarmdeploy.core.convert.DesiredStack;
import io.github.swarmdeploy.core.image.ImageReference;
import io.github.swarmdeploy.core.image.InvalidImageReferenceException;
import io.github.swarmdeploy.core.naming.StackLabels;
import io.github.swarmdeploy.core.plan.ImagePinning;
import io.github.swarmdeploy.core.plan.LiveStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything that would make a deploy fail half-way, checked before the first change: what the stack refers
 * to but does not create must exist, images must be valid references, an object with an explicit name must
 * not need to change. Pure: works on what was read from the swarm.
 */
final class Preflight {

    private final UnaryOperator<String> locate;

    /** @param locate prefixes a key path with where it is written ({@code file:line:col services.web.image}) */
    Preflight(UnaryOperator<String> locate) {
        this.locate = locate;
    }

    /** Problems with the images, found without an engine. */
    List<String> checkImages(DesiredStack desired) {
        List<String> problems = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            String image = image(service);
            try {
                ImageReference.parse(image);
            } catch (InvalidImageReferenceException e) {
                problems.add(locate.apply("services." + service.key() + ".image") + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Problems between the stack and the swarm it is to be deployed on. */
    List<String> checkAgainst(DesiredStack desired, LiveStack live, Map<String, ImagePinning.Decision> images,
                              boolean strictImages) {
        List<String> problems = new ArrayList<>();
        for (DesiredNetwork network : desired.networks()) {
            if (!network.external() || network.isPredefined()) {
                continue;
            }
            Optional<LiveStack.Network> found = live.network(network.name());
            String where = locate.apply("networks." + network.key());
            if (found.isEmpty()) {
                problems.add(where + ": network \"" + network.name() + "\" is declared as external, but could not be"
                        + " found. You need to create a swarm-scoped network before the stack is deployed"
                        + " (docker network create --driver overlay --scope swarm " + network.name() + ")");
            } else if (!found.get().scope().equals("swarm")) {
                problems.add(where + ": network \"" + network.name() + "\" is declared as external, but it is not in"
                        + " the right scope: \"" + found.get().scope() + "\" instead of \"swarm\"");
            }
        }
        for (DesiredSecret secret : desired.secrets()) {
            checkObject(problems, "secrets", secret.key(), secret.name(), secret.external(), secret.labels(),
                    live.secret(secret.name()));
        }
        for (DesiredConfig config : desired.configs()) {
            checkObject(problems, "configs", config.key(), config.name(), config.external(), config.labels(),
                    live.config(config.name()));
        }
        if (strictImages) {
            for (DesiredService service : desired.services()) {
                ImagePinning.Decision decision = images.get(service.name());
                if (decision != null && decision.failed()) {
                    problems.add(locate.apply("services." + service.key() + ".image") + ": cannot resolve the digest of "
                            + image(service) + " (swarm.resolveImage.strict=true): " + decision.problem());
                }
            }
        }
        return problems;
    }

    private void checkObject(List<String> problems, String section, String key, String name, boolean external,
                             Map<String, String> labels, Optional<LiveStack.SwarmObject> existing) {
        String kind = section.substring(0, section.length() - 1);
        String where = locate.apply(section + "." + key);
        if (external) {
            if (existing.isEmpty()) {
                problems.add(where + ": external " + kind + " \"" + name + "\" not found: create it (docker " + kind
                        + " create " + name + " …) before deploying, or drop external: to let the stack own it");
            }
            return;
        }
        String wantedHash = labels.getOrDefault(StackLabels.HASH, "");
        String existingHash = existing.map(object -> object.labels().getOrDefault(StackLabels.HASH, "")).orElse("");
        if (!wantedHash.isEmpty() && !existingHash.isEmpty() && !wantedHash.equals(existingHash)) {
            problems.add(where + ": a " + kind + " named \"" + name + "\" exists with other content, and Swarm " + section
                    + " cannot change: give it a new name, or drop name: so that every content gets its own name");
        }
    }

    static String image(DesiredService service) {
        return service.spec().getTaskTemplate().getContainerSpec().getImage();
    }
}
